import ArgumentParser
import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyIO
import ParleyQuery
import ParleySchema

extension ReportFormat: ExpressibleByArgument {}

/// The flags every analyst command (positions, contested, common, path, neighbors, show,
/// timeline) shares: the schema, `--at DATE`, `--format` and `--show-query`.
///
/// The graph itself is each command's last positional argument (optional: by default the
/// latest snapshot in `graphs/ukraine-2025/`, see ``DefaultGraph``); ``analyst(graphPath:)``
/// loads it and makes the ``Analyst``.
struct AnalystOptions: ParsableArguments {
    @Option(
        name: .customLong("schema"),
        help: ArgumentHelp("The schema for a graph that names none, or whose named schema is not found (a snapshot's own `snapshot.schema` comes first; else schema/negotiation.yaml).", valueName: "FILE"))
    var schemaPath: String?

    @Option(
        name: .customLong("at"),
        help: ArgumentHelp("Answer on the graph as it stood on this date: relations not valid then are left out (YYYY-MM-DD).", valueName: "DATE"),
        transform: GraphInput.parseDate)
    var at: LocalDate?

    @Option(help: "Output format: table, markdown, json or csv.")
    var format: ReportFormat = .table

    @Flag(
        name: .customLong("show-query"),
        help: "Print the openCypher query behind the answer (parameters written in, ready for Neo4j, FalkorDB or `parley query`) instead of the answer.")
    var showQuery = false

    /// Loads the graph (the given path, or the latest dataset snapshot) and prints the reader's
    /// diagnostics to standard error.
    /// - Throws: `ExitCode.failure` when the graph cannot be read at all.
    func analyst(graphPath: String?) throws -> (Analyst, LoadedGraph) {
        let path = try graphPath ?? DefaultGraph.latestSnapshot()
        let loaded = try loadGraph(path, schemaPath: schemaPath, at: at)
        let effective = loaded.schema ?? (path == "-" ? nil : Schema.default(near: path))
        return (Analyst(graph: loaded.graph, schema: effective), loaded)
    }

    /// Runs a report and prints it, or prints its query with `--show-query`. Resolution errors
    /// exit 2, query errors 1; a graph with reader errors exits 1 after the answer.
    func answer(_ loaded: LoadedGraph, query: AnalystQuery, _ report: () throws -> AnalystReport) throws {
        if showQuery {
            print(query.portableText)
            return
        }
        do {
            print(try report().render(format), terminator: "")
        } catch let error as QueryError {
            printAnalystError("query: \(error)")
            throw ExitCode.failure
        }
        if loaded.hasErrors { throw ExitCode.failure }
    }
}

/// Resolves an entity argument, printing the candidates or a did-you-mean and exiting 2 when
/// it names no single entity.
func resolveOrExit(_ text: String, in analyst: Analyst) throws -> EntityHandle {
    do {
        return try analyst.resolver.resolve(text)
    } catch {
        printAnalystError(error.description)
        throw ExitCode(ResolutionError.exitCode)
    }
}

/// Writes `parley: error: TEXT` to standard error.
func printAnalystError(_ text: String) {
    FileHandle.standardError.write(Data("error: \(text)\n".utf8))
}

/// Positional arguments that may end with the graph: `A B [GRAPH]`.
enum GraphArgument {
    /// Extensions of files Parley reads as graphs.
    static let extensions: Set<String> = ["yaml", "yml", "json", "graphml", "xml"]

    /// Whether an argument names a graph file rather than an entity: `-`, a path with a folder
    /// part, or a name ending in a graph extension.
    static func looksLikeGraph(_ text: String) -> Bool {
        if text == "-" || text.contains("/") { return true }
        guard let dot = text.lastIndex(of: "."), dot != text.startIndex else { return false }
        return extensions.contains(text[text.index(after: dot)...].lowercased())
    }

    /// Splits arguments into entity arguments and a trailing graph path.
    static func split(_ arguments: [String]) -> (entities: [String], graph: String?) {
        guard let last = arguments.last, looksLikeGraph(last) else { return (arguments, nil) }
        return (Array(arguments.dropLast()), last)
    }
}

/// The canonical relation types a `--via` list names, exiting 2 with a did-you-mean on an
/// unknown one.
func relationTypesOrExit(_ list: String?, in analyst: Analyst) throws -> [String] {
    let (relations, entities) = try typeFilterOrExit(list, in: analyst)
    if let e = entities.first {
        printAnalystError("'\(e)' is an entity type; --via takes relation types")
        throw ExitCode(ResolutionError.exitCode)
    }
    return relations
}

/// Splits a `--type` list into canonical relation types and entity types (by the schema, or by
/// what the graph uses when it has none), exiting 2 with a did-you-mean on an unknown name.
func typeFilterOrExit(_ list: String?, in analyst: Analyst) throws -> (relations: [String], entities: [String]) {
    guard let list else { return ([], []) }
    var relations: [String] = []
    var entities: [String] = []
    let names = list.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    let usedRelations = Set(analyst.graph.relationTypeCounts.keys)
    let usedLabels = Set(analyst.graph.labelCounts.keys)
    for name in names {
        if let t = analyst.schema?.relationType(named: name)?.name ?? usedRelations.first(where: { TypeName.key($0) == TypeName.key(name) }) {
            if !relations.contains(t) { relations.append(t) }
        } else if let t = analyst.schema?.entityType(named: name)?.name ?? usedLabels.first(where: { TypeName.key($0) == TypeName.key(name) }) {
            if !entities.contains(t) { entities.append(t) }
        } else {
            let spellings = (analyst.schema.map { $0.relationTypeSpellings + $0.entityTypeSpellings } ?? [])
                + usedRelations.sorted() + usedLabels.sorted()
            let hint = closestMatch(to: name, among: spellings).map { " (did you mean '\($0)'?)" } ?? ""
            printAnalystError("no relation or entity type '\(name)'\(hint)")
            throw ExitCode(ResolutionError.exitCode)
        }
    }
    return (relations, entities)
}
