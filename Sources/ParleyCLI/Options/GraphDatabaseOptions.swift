import ArgumentParser
import ParleyCore
import ParleyExport

/// Flags of `parley export --to cypher` and `--to neo4j-csv`: which database the output is for,
/// what to do with values it cannot store, and how many rows go in one statement.
struct GraphDatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "cypher: the database the script is for: portable (Neo4j 4.4/5 and FalkorDB), neo4j (uniqueness constraints), falkordb, memgraph.",
        valueName: "DB"))
    var dialect: CypherDialect = .portable

    @Option(help: ArgumentHelp(
        "cypher, neo4j-csv: what to do with a property value the database cannot store (a map in Neo4j or FalkorDB): reject, json (store its JSON text), omit.",
        valueName: "POLICY"))
    var unstorable: UnstorablePolicy = .reject

    @Option(help: ArgumentHelp("cypher: rows per UNWIND statement.", valueName: "N"))
    var batchSize: Int = 500

    @Flag(help: "cypher: write relations of symmetric types (MEETS_WITH) in both directions, so that directed patterns match either way as in Parley (undirected patterns then see each twice).")
    var symmetricBothWays = false

    func validate() throws {
        guard batchSize >= 1 else { throw ValidationError("--batch-size must be at least 1") }
    }

    var cypherOptions: CypherExporter.Options {
        CypherExporter.Options(
            dialect: dialect, batchSize: batchSize, unstorable: unstorable, symmetricBothWays: symmetricBothWays)
    }
}

extension CypherDialect: ExpressibleByArgument {}
extension UnstorablePolicy: ExpressibleByArgument {}

extension GraphDatabaseOptions {
    /// The Cypher script for `graph`; what does not fit the database is printed to standard error
    /// first (warnings), and under `--unstorable reject` stops the export.
    func cypherScript(for graph: Graph) throws -> String {
        let exporter = CypherExporter(options: cypherOptions)
        do {
            let script = try exporter.export(graph)
            printDiagnostics(exporter.check(graph))
            return script
        } catch {
            printDiagnostics(error.items + hint(for: error.items))
            throw ExitCode.failure
        }
    }

    /// A note on how to export anyway, when values were refused.
    private func hint(for problems: [Diagnostic]) -> [Diagnostic] {
        guard problems.contains(where: { $0.severity == .error && $0.message.contains("cannot store") }) else { return [] }
        return [Diagnostic(.note, "--unstorable json stores such values as JSON text, --unstorable omit leaves them out")]
    }

    /// Writes the neo4j-admin CSV folder for `graph` into `directory` (`-o DIR`).
    func writeNeo4jCSV(_ graph: Graph, to directory: String) throws {
        guard directory != "-" else {
            throw ValidationError("--to neo4j-csv writes a folder of files: give it with -o DIR")
        }
        do {
            let output = try Neo4jCSVExporter(unstorable: unstorable).write(graph, to: directory)
            printDiagnostics(output.diagnostics)
        } catch let error as Diagnostics {
            printDiagnostics(error.items + hint(for: error.items))
            throw ExitCode.failure
        }
    }
}
