import ArgumentParser
import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleySnapshot

/// The graph a command works on: a file in any format Parley reads (by extension, or by content
/// for `-`, standard input), read against a schema (`--schema FILE`), optionally cut to the
/// relations valid on a date (`--at DATE`).
///
/// Every graph-taking command embeds it with `@OptionGroup var input: GraphInput` and calls
/// ``load()``, which prints the reader's diagnostics to standard error as `file:line:col: …`.
struct GraphInput: ParsableArguments {
    @Argument(help: "The graph: a snapshot (.yaml, .yml, .json) or another format Parley reads; '-' for standard input.")
    var path: String

    @Option(
        name: .customLong("schema"),
        help: ArgumentHelp("The schema for a graph that names none, or whose named schema is not found (a snapshot's own `snapshot.schema` comes first).", valueName: "FILE"))
    var schemaPath: String?

    @Option(
        name: .customLong("at"),
        help: ArgumentHelp("Keep only relations valid on this date (YYYY-MM-DD).", valueName: "DATE"),
        transform: GraphInput.parseDate)
    var at: LocalDate?

    /// Parses `--at`.
    static func parseDate(_ text: String) throws -> LocalDate {
        guard let d = LocalDate(iso: text) else {
            throw ValidationError("--at expects a date as YYYY-MM-DD, not '\(text)'")
        }
        return d
    }

    /// Loads the graph, prints the reader's diagnostics to standard error, and applies `--at`.
    /// With `--at`, relations are renumbered, so the source map's relation positions no longer
    /// apply (entity positions do).
    /// - Throws: `ExitCode.failure` after printing the error when the file cannot be read at all.
    func load() throws -> LoadedGraph {
        try loadGraph(path, schemaPath: schemaPath, at: at)
    }
}

/// Loads a graph for a command: reads `--schema FILE` when given, prints the reader's
/// diagnostics to standard error and keeps only what is valid on `at`.
/// - Throws: `ExitCode.failure` after printing the error when the schema or the file cannot be
///   read at all.
func loadGraph(_ path: String, schemaPath: String?, at: LocalDate?) throws -> LoadedGraph {
    var schema: Schema?
    if let schemaPath {
        do {
            schema = try Schema.load(path: schemaPath)
        } catch let error as Diagnostics {
            printDiagnostics(error.items)
            throw ExitCode.failure
        }
    }
    var loaded: LoadedGraph
    do {
        // No command that loads through here points at positions in the file (validation
        // reads its own), so the snapshot reader skips recording them.
        loaded = try GraphLoader.load(path, schema: schema, options: SnapshotReadOptions(recordsPositions: false))
    } catch {
        printDiagnostics(error.items)
        throw ExitCode.failure
    }
    printDiagnostics(loaded.diagnostics)
    if let at { loaded.graph = loaded.graph.restricted(to: at) }
    return loaded
}

/// Writes diagnostics to standard error, one per line, sorted by position.
func printDiagnostics(_ items: [Diagnostic]) {
    guard !items.isEmpty else { return }
    let text = Diagnostics(items).sorted.map(\.description).joined(separator: "\n") + "\n"
    FileHandle.standardError.write(Data(text.utf8))
}
