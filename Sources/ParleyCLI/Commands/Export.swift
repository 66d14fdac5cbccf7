import ArgumentParser
import Foundation
import ParleyCore
import ParleyExport
import ParleyGraphML
import ParleyIO
import ParleySchema
import ParleySnapshot

extension Parley {
    /// `parley export`: a graph for other tools — GraphML, DOT, node-link JSON.
    struct Export: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "export",
            abstract: "Write a graph for other tools: GraphML (Gephi, yEd, NetworkX, igraph, Neo4j), DOT (Graphviz), node-link JSON (NetworkX, D3), a Cypher script or neo4j-admin CSV (Neo4j, FalkorDB, Memgraph).",
            discussion: """
                Output is deterministic: the same graph gives byte-identical files. A file is written
                atomically; '-o -' (the default) writes to standard output.

                Examples:
                  parley export graphs/ukraine-2025/geneva.yaml --to graphml -o geneva.graphml
                  parley export graphs/ukraine-2025/geneva.yaml --to dot --focus witkoff --depth 2 --clusters
                  parley export graphs/ukraine-2025/geneva.yaml --to json --types Party,Provision,DEMANDS,REJECTS
                  parley export graphs/ukraine-2025/geneva.yaml --to cypher --dialect memgraph -o geneva.cypher
                  parley export graphs/ukraine-2025/geneva.yaml --to neo4j-csv --unstorable json -o geneva-csv/
                """)

        @OptionGroup var input: GraphInput

        @Option(name: .customLong("to"), help: ArgumentHelp("The format: \(Format.allCases.map(\.rawValue).joined(separator: ", ")).", valueName: "FORMAT"))
        var format: Format

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The file to write, or '-' for standard output.", valueName: "FILE"))
        var output: String = "-"

        @OptionGroup var slice: SliceOptions

        @OptionGroup var drawing: DrawingOptions

        @OptionGroup var database: GraphDatabaseOptions

        @Flag(help: "GraphML: leave out per-edge directed=\"false\" on symmetric relations (NetworkX's read_graphml refuses it).")
        var networkx = false

        /// The formats `--to` takes. Adding one is one case here and one in ``write(_:context:)``.
        enum Format: String, ExpressibleByArgument, CaseIterable {
            case graphml, dot, json, cypher
            case neo4jCSV = "neo4j-csv"
        }

        /// What a format's writer may need besides the graph.
        struct Context {
            var schema: Schema?
            var output: String
            var command: Export
        }

        func run() throws {
            let progress = ProgressIndicator()
            let loaded = try progress.phase("reading \(input.path)") { try input.load() }
            let schema = Export.schema(of: loaded)
            let graph: Graph
            do {
                graph = try slice.slice.apply(to: loaded.graph, schema: schema)
            } catch {
                throw fail(error.message)
            }
            try progress.phase("writing \(format.rawValue)") {
                try write(graph, context: Context(schema: schema, output: output, command: self))
            }
        }

        /// Writes the graph in `--to`'s format.
        func write(_ graph: Graph, context: Context) throws {
            switch format {
            case .graphml:
                let options = GraphMLWriteOptions(perEdgeDirection: !networkx)
                do {
                    if context.output == "-" {
                        FileHandle.standardOutput.write(try GraphMLWriter.data(for: graph, options: options))
                    } else {
                        try GraphMLWriter.write(graph, to: context.output, options: options)
                    }
                } catch {
                    throw fail(error.message)
                }
            case .dot:
                try Export.emit(DOTWriter.dot(for: graph, options: drawing.options(schema: context.schema)), to: context.output)
            case .json:
                try Export.emit(NodeLinkWriter.json(for: graph), to: context.output)
            case .cypher:
                try Export.emit(database.cypherScript(for: graph), to: context.output)
            case .neo4jCSV:
                try database.writeNeo4jCSV(graph, to: context.output)
            }
        }

        /// The schema to style and slice with: the one the graph was read against, else the one
        /// its snapshot metadata names (when that file is found).
        static func schema(of loaded: LoadedGraph) -> Schema? {
            if let s = loaded.schema { return s }
            guard let reference = loaded.graph.metadata.schema,
                let path = Schema.resolve(reference: reference, relativeTo: loaded.path == "-" ? nil : loaded.path)
            else { return nil }
            return try? Schema.cachedLoad(path: path)
        }

        /// Writes text to a file atomically, or to standard output for `-`.
        static func emit(_ text: String, to output: String) throws {
            if output == "-" {
                FileHandle.standardOutput.write(Data(text.utf8))
                return
            }
            do {
                try AtomicFile.write(Array(text.utf8), to: output)
            } catch {
                printDiagnostics(error.items)
                throw ExitCode.failure
            }
        }
    }
}

/// Prints `error: message` to standard error and exits 1.
func fail(_ message: String) -> ExitCode {
    FileHandle.standardError.write(Data("error: \(message)\n".utf8))
    return ExitCode.failure
}
