import ArgumentParser
import Foundation
import ParleyCore
import ParleyIO
import ParleyQuery
import ParleySchema

extension Parley {
    /// `parley query`: runs an openCypher query on a graph and prints the rows.
    struct Query: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "query",
            abstract: "Run an openCypher query on a graph.",
            discussion: """
                The query comes from the argument, from -f FILE, or from standard input. Entity types are
                labels, relation types are relationship types, and id, name, aliases and attributes are
                properties; a relationship also has sources, quotes, valid_from, valid_until and confidence.
                Prefix the query with EXPLAIN (or pass --explain) to print the plan instead of running it.

                Exits 1 on a query error (printed with line, column and a caret), 0 otherwise.

                Examples:
                  parley query graphs/example/minimal.yaml 'MATCH (p:Party {id: "russia"})-[:DEMANDS]->(x) RETURN x.name'
                  parley query g.yaml 'MATCH (p:Party {id: $who})-[r]->(x) RETURN type(r), x.id' --param who='"ukraine"'
                  parley query g.yaml -f contested.cypher --format csv --at 2025-11-20
                """)

        @OptionGroup var input: GraphInput

        @Argument(help: "The query (omit it to use -f FILE or standard input).")
        var query: String?

        @Option(name: [.customShort("f"), .customLong("file")], help: ArgumentHelp("Read the query from a file.", valueName: "FILE"))
        var file: String?

        @Option(name: .customLong("param"), help: ArgumentHelp("A parameter, as name=value with the value in Cypher literal syntax (repeatable).", valueName: "NAME=VALUE"))
        var parameters: [String] = []

        @Option(help: "Output format: table, json, jsonl, csv or markdown.")
        var format: OutputFormat = .table

        @Flag(help: "Print the plan instead of running the query.")
        var explain = false

        @Option(help: ArgumentHelp("Stop the query after this many seconds.", valueName: "SECONDS"))
        var timeout: Double?

        @Option(name: .customLong("max-length"), help: ArgumentHelp("Cap for variable-length patterns written without an upper bound.", valueName: "N"))
        var maxLength: Int = 32

        func validate() throws {
            if query != nil && file != nil { throw ValidationError("give the query as an argument or with -f, not both") }
            if query == nil && file == nil && input.path == "-" {
                throw ValidationError("the graph is read from standard input, so give the query as an argument or with -f")
            }
            if let timeout, timeout <= 0 { throw ValidationError("--timeout must be a positive number of seconds") }
            if maxLength < 1 { throw ValidationError("--max-length must be at least 1") }
        }

        func run() throws {
            let (text, origin) = try readQuery()
            var values: [String: QueryValue] = [:]
            for p in parameters {
                do {
                    let (name, value) = try QueryEngine.parseParameter(p)
                    values[name] = value
                } catch {
                    printError("--param: \(error)")
                    throw ExitCode.failure
                }
            }
            let loaded = try input.load()
            let schema = loaded.schema ?? (loaded.path == "-" ? nil : Schema.default(near: loaded.path))
            var graph = loaded.graph
            // Alias spellings (demands, meets-with) become canonical names and symmetric types are
            // set, whether or not the loader already did it (canonicalising twice changes nothing).
            schema?.canonicalize(&graph)
            var engine = QueryEngine(
                graph: graph, schema: schema, options: QueryOptions(maxUnboundedLength: maxLength, timeout: timeout))
            do {
                if explain {
                    print(try engine.explain(text))
                    return
                }
                let result = try engine.run(text, queryParameters: values)
                printDiagnostics(result.warnings)
                if result.columns == ["plan"], result.rows.count == 1, let plan = result.rows[0][0].stringValue {
                    print(plan)
                    return
                }
                print(engine.render(result, as: format), terminator: "")
            } catch {
                if error.position != nil {
                    printError("\(origin):\(error)")
                } else {
                    printError("\(origin): error: \(error.message)")
                }
                throw ExitCode.failure
            }
        }

        /// The query text and what to call it in messages.
        func readQuery() throws -> (String, String) {
            if let query { return (query, "<query>") }
            if let file {
                guard let data = FileManager.default.contents(atPath: file) else {
                    printError("\(file): cannot be read")
                    throw ExitCode.failure
                }
                return (String(decoding: data, as: UTF8.self), file)
            }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return (String(decoding: data, as: UTF8.self), "<stdin>")
        }

        func printError(_ text: String) {
            FileHandle.standardError.write(Data((text + "\n").utf8))
        }
    }
}

extension OutputFormat: ExpressibleByArgument {}
