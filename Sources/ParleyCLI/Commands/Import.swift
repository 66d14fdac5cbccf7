import ArgumentParser
import Foundation
import ParleyCore
import ParleyExport
import ParleyGraphML
import ParleyIO
import ParleySchema

extension Parley {
    /// `parley import`: GraphML or node-link JSON from another tool into a snapshot.
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read GraphML (Gephi, yEd, NetworkX, igraph, Neo4j APOC) or node-link JSON (NetworkX, D3) into a snapshot.",
            discussion: """
                Entity types, names and relation types are taken from the keys (GraphML) or fields
                (JSON) that the mapping options name; by default from 'type' or 'labels' (APOC's
                ':Party:Leader'), from 'label' or 'name', and from 'label', 'type', 'relation' or
                'relationship'. Without one, entities are typed Node and relations RELATED.
                Files Parley exported read back exactly, whatever the mapping. With --schema, type
                spellings are mapped to the schema's names (party → Party, meets-with → MEETS_WITH).

                Warnings (an edge to an undeclared node, an unknown key) go to standard error; the
                snapshot is written atomically all the same. Errors exit 1 and write nothing.

                Examples:
                  parley import karate.graphml -o graphs/karate.yaml
                  parley import gephi-export.graphml --type-key category --label-key label -o graphs/g.yaml
                  parley import d3.json --relation-key kind -o - | parley stats -
                """)

        @Argument(help: "The file to read: .graphml or .xml (GraphML), .json (node-link), or '-' for standard input.")
        var file: String

        @Option(name: .customLong("type-key"), help: ArgumentHelp("The key (attr.name or id) or field holding the entity type.", valueName: "K"))
        var typeKey: String?

        @Option(name: .customLong("label-key"), help: ArgumentHelp("The key or field holding the entity's name.", valueName: "K"))
        var labelKey: String?

        @Option(name: .customLong("relation-key"), help: ArgumentHelp("The key or field holding the relation type.", valueName: "K"))
        var relationKey: String?

        @Option(help: ArgumentHelp("Map type spellings to this schema's names.", valueName: "FILE"))
        var schema: String?

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The snapshot to write (.yaml, .yml or .json), or '-' for YAML on standard output.", valueName: "SNAPSHOT"))
        var output: String

        func run() throws {
            let progress = ProgressIndicator()
            var (graph, diagnostics) = try progress.phase("reading \(file)") { try read() }
            printDiagnostics(diagnostics)
            if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode.failure }
            if let schema {
                do {
                    try Schema.load(path: schema).canonicalize(&graph)
                } catch let error as Diagnostics {
                    printDiagnostics(error.items)
                    throw ExitCode.failure
                }
            }
            try progress.phase("writing \(output)") {
                do {
                    try GraphLoader.save(graph, to: output, format: output == "-" ? .yaml : nil)
                } catch let error as Diagnostics {
                    printDiagnostics(error.items)
                    throw ExitCode.failure
                }
            }
        }

        /// Reads the input with the mapping options, by extension or by content.
        func read() throws -> (Graph, [Diagnostic]) {
            let name = file == "-" ? GraphLoader.standardInputName : file
            let lower = file.lowercased()
            do {
                if file != "-" && (lower.hasSuffix(".graphml") || lower.hasSuffix(".xml")) {
                    let r = try GraphMLReader.read(path: file, options: graphMLOptions)
                    return (r.graph, r.diagnostics)
                }
                let bytes: [UInt8]
                if file == "-" {
                    bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
                } else {
                    guard FileManager.default.fileExists(atPath: file) else { throw fail("\(file): no such file") }
                    guard let data = FileManager.default.contents(atPath: file) else { throw fail("\(file): cannot be read") }
                    bytes = [UInt8](data)
                }
                if GraphMLReader.looksLikeGraphML(prefix: bytes.prefix(512)) {
                    let r = try GraphMLReader.read(bytes: bytes, name: name, options: graphMLOptions)
                    return (r.graph, r.diagnostics)
                }
                let r = try NodeLinkReader.read(bytes: bytes, name: name, options: nodeLinkOptions)
                return (r.graph, r.diagnostics)
            } catch let error as Diagnostics {
                printDiagnostics(error.items)
                throw ExitCode.failure
            }
        }

        var graphMLOptions: GraphMLImportOptions {
            GraphMLImportOptions(typeKey: typeKey, labelKey: labelKey, relationKey: relationKey)
        }

        var nodeLinkOptions: NodeLinkImportOptions {
            NodeLinkImportOptions(typeKey: typeKey, labelKey: labelKey, relationKey: relationKey)
        }
    }
}
