import ArgumentParser
import Foundation
import ParleyCore
import ParleyDiff
import ParleyIO
import ParleySchema
import ParleySnapshot

extension Parley {
    /// `parley diff A B`: what changed between two snapshots.
    struct Diff: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what changed between two snapshots: entities, relations, stance shifts, by party and by proposal.",
            discussion: """
                A and B are graph files in any format Parley reads, or one file sliced at a date: \
                GRAPH@2025-11-21 keeps the relations valid on that day. Entities match by id (or by \
                name or alias when the id changed: a rename), relations by ends, type and the \
                schema's identifying attributes.

                Exit status, as diff(1): 0 when equal, 1 when different, 2 on trouble.
                """)

        @Argument(help: ArgumentHelp("The earlier snapshot: FILE, or FILE@YYYY-MM-DD.", valueName: "A"))
        var before: String

        @Argument(help: ArgumentHelp("The later snapshot: FILE, or FILE@YYYY-MM-DD.", valueName: "B"))
        var after: String

        @Option(help: ArgumentHelp("text (for people), json (for programs), patch (for parley apply) or dot (Graphviz).", valueName: "FORMAT"))
        var format: String = "text"

        @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (atomically) instead of standard output.", valueName: "FILE"))
        var output: String?

        @Option(help: ArgumentHelp("With --format dot: keep only entities within N steps of a change.", valueName: "N"))
        var context: Int?

        @Option(help: ArgumentHelp("The schema for snapshots that name none (default: schema/negotiation.yaml above them).", valueName: "FILE"))
        var schema: String?

        mutating func run() throws {
            let status: Int32
            let report: DiffReport
            do {
                (status, report) = try diff()
            } catch {
                printDiagnostics(error.diagnostics)
                throw ExitCode(2)
            }
            // Exit with the report (and the two graphs it holds) still alive: freeing two large
            // graphs and their diff one object at a time costs a noticeable share of a big diff,
            // and the process ends anyway. Everything has been written by now.
            withExtendedLifetime(report) { Foundation.exit(status) }
        }

        /// Loads both sides, renders the diff, writes it; returns 0 when equal, 1 when not, and
        /// the report.
        private func diff() throws(DiffTrouble) -> (Int32, DiffReport) {
            guard let kind = DiffOutputFormat(rawValue: format) else {
                throw DiffTrouble("--format must be text, json, patch or dot, not '\(format)'")
            }
            if let context, context < 0 { throw DiffTrouble("--context must be 0 or more") }
            if context != nil && kind != .dot { throw DiffTrouble("--context applies to --format dot only") }
            let (a, b) = try DiffSide.loadBoth(DiffSide(before), DiffSide(after), schemaPath: schema)
            let rules = (a.schema ?? b.schema).map(DiffRules.init(schema:)) ?? DiffRules()
            let report = DiffReport(before: a.graph, after: b.graph, rules: rules)
            let bytes: [UInt8]
            switch kind {
            case .text:
                let color = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                bytes = Array(TextRenderer.render(report, color: color).utf8)
            case .json: bytes = JSONRenderer.renderBytes(report)
            case .patch: bytes = Array(PatchFile.encode(report.diff).utf8)
            case .dot: bytes = Array(DOTRenderer.render(report, context: context).utf8)
            }
            try writeOutput(bytes, to: output)
            return (report.diff.isEmpty ? 0 : 1, report)
        }
    }
}

/// The output formats of `parley diff`.
enum DiffOutputFormat: String, CaseIterable {
    case text, json, patch, dot
}

/// Something that stops a diff or an apply: printed to standard error, exit status 2.
struct DiffTrouble: Error {
    var diagnostics: [Diagnostic]
    init(_ message: String) { diagnostics = [.error(message)] }
    init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
}

/// One side of a diff as the user wrote it: a path, optionally sliced at a date (`FILE@DATE`).
struct DiffSide {
    var path: String
    var date: LocalDate?

    /// Splits `FILE@YYYY-MM-DD`; an `@` not followed by something date-like is part of the path.
    init(_ text: String) throws(DiffTrouble) {
        path = text
        guard let at = text.lastIndex(of: "@") else { return }
        let suffix = text[text.index(after: at)...]
        let looksLikeDate = suffix.count == 10 && suffix.allSatisfy { $0.isNumber || $0 == "-" }
        guard looksLikeDate, !FileManager.default.fileExists(atPath: text) else { return }
        guard let d = LocalDate(iso: suffix) else { throw DiffTrouble("'\(suffix)' in '\(text)' is not a date (YYYY-MM-DD)") }
        path = String(text[..<at])
        date = d
    }

    /// A loaded side: the graph (canonicalized by its schema, sliced at the date), the schema,
    /// and the reader's warnings.
    struct Loaded: Sendable {
        var graph: Graph
        var schema: Schema?
        var warnings: [Diagnostic]
    }

    /// Reads the file against its schema (the one it names, else `--schema`, else
    /// schema/negotiation.yaml above it: GraphLoader canonicalises type spellings) and cuts it to
    /// the date. Reader errors are trouble; warnings are returned.
    func load(schemaPath: String?) throws(DiffTrouble) -> Loaded {
        let given = try schemaPath.map { path throws(DiffTrouble) -> Schema in try DiffSide.loadSchema(path) }
        var loaded: LoadedGraph
        do {
            // A diff points at no position in the files: skip recording them.
            loaded = try GraphLoader.load(path, schema: given, options: SnapshotReadOptions(recordsPositions: false))
        } catch {
            throw DiffTrouble(error.items)
        }
        if loaded.hasErrors { throw DiffTrouble(loaded.diagnostics) }
        if loaded.schema == nil, let found = Schema.default(near: path == "-" ? nil : path) {
            found.canonicalize(&loaded.graph)
            loaded.schema = found
        }
        var graph = loaded.graph
        if let date { graph = graph.restricted(to: date) }
        return Loaded(graph: graph, schema: loaded.schema, warnings: loaded.diagnostics)
    }

    static func loadSchema(_ path: String) throws(DiffTrouble) -> Schema {
        do {
            return try Schema.cachedLoad(path: path)
        } catch {
            throw DiffTrouble((error as? Diagnostics)?.items ?? [.error("\(path): \(error)")])
        }
    }

    /// Loads both sides at once, the second on another thread (reading is most of a diff's
    /// time and the two files are independent), then prints their warnings in order. A side
    /// without a schema of its own is read against the other side's.
    static func loadBoth(_ a: DiffSide, _ b: DiffSide, schemaPath: String?) throws(DiffTrouble) -> (Loaded, Loaded) {
        final class Box: @unchecked Sendable {
            var result: Result<Loaded, DiffTrouble>?
        }
        let box = Box()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            box.result = Result { () throws(DiffTrouble) -> Loaded in try b.load(schemaPath: schemaPath) }
            group.leave()
        }
        let left = Result { () throws(DiffTrouble) -> Loaded in try a.load(schemaPath: schemaPath) }
        group.wait()
        var x = try left.get()
        guard let right = box.result else { throw DiffTrouble("\(b.path): not read") }
        var y = try right.get()
        printDiagnostics(x.warnings + y.warnings)
        if x.schema == nil, let s = y.schema {
            s.canonicalize(&x.graph)
            x.schema = s
        }
        if y.schema == nil, let s = x.schema {
            s.canonicalize(&y.graph)
            y.schema = s
        }
        return (x, y)
    }
}

/// Writes bytes to a file atomically, or to standard output when `path` is nil or `-`.
func writeOutput(_ bytes: [UInt8], to path: String?) throws(DiffTrouble) {
    guard let path, path != "-" else {
        FileHandle.standardOutput.write(Data(bytes))
        return
    }
    do {
        try AtomicFile.write(bytes, to: path)
    } catch {
        throw DiffTrouble("\(path): cannot be written: \(error)")
    }
}
