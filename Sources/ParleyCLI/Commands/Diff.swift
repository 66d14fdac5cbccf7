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
            MappedInputGuard.install()
            let status: Int32
            let results: Results
            do {
                (status, results) = try diff()
            } catch {
                printDiagnostics(error.diagnostics)
                throw ExitCode(2)
            }
            // Exit with the graphs and their diff still alive: freeing two large graphs and
            // their diff one object at a time costs a noticeable share of a big diff, and the
            // process ends anyway. Everything has been written by now.
            withExtendedLifetime(results) { Foundation.exit(status) }
        }

        /// What a diff made: kept alive until the process exits.
        private struct Results {
            var before: Graph
            var after: Graph
            var diff: GraphDiff
            var summary: DiffSummary?
        }

        /// Loads both sides, renders the diff, writes it; returns 0 when equal, 1 when not, and
        /// what was made.
        private func diff() throws(DiffTrouble) -> (Int32, Results) {
            guard let kind = DiffOutputFormat(rawValue: format) else {
                throw DiffTrouble("--format must be text, json, patch or dot, not '\(format)'")
            }
            if let context, context < 0 { throw DiffTrouble("--context must be 0 or more") }
            if context != nil && kind != .dot { throw DiffTrouble("--context applies to --format dot only") }
            let progress = ProgressIndicator()
            let given = try schema.map { path throws(DiffTrouble) in try loadSchema(path) }
            let (a, b) = try progress.phase("reading \(before) and \(after)") { () throws(DiffTrouble) in
                do throws(Diagnostics) {
                    // A drawing shows the unchanged graph around the changes too: read it whole.
                    return try DiffInput.loadPair(DiffInput(before), DiffInput(after), schema: given, omittingUnchanged: kind != .dot)
                } catch {
                    throw DiffTrouble(error.items)
                }
            }
            printDiagnostics(a.warnings + b.warnings)
            if a.schema == nil && b.schema == nil {
                // Without a schema the diff still matches entities and relations, but knows no
                // stances, identifying attributes or symmetric types: say so rather than report
                // a shift as a removal and an addition without a word.
                printDiagnostics([.warning(Self.noSchemaWarning(before, after))])
            }
            let rules = (a.schema ?? b.schema).map(DiffRules.init(schema:)) ?? DiffRules()
            if kind == .json {
                // Large: its summary is made while the changes are written, and it is written
                // as its pieces are made, never held whole.
                let d = progress.phase("comparing") { GraphDiff(from: a.graph, to: b.graph, rules: rules) }
                try progress.phase("summarising, rendering and writing") { () throws(DiffTrouble) in
                    let out = try DiffOutput(output)
                    try JSONRenderer.write(d, from: a.graph, to: b.graph, rules: rules) { piece throws(DiffTrouble) in try out.write(piece) }
                    try out.commit()
                }
                return (d.isEmpty ? 0 : 1, Results(before: a.graph, after: b.graph, diff: d))
            }
            let report = progress.phase("comparing") { DiffReport(before: a.graph, after: b.graph, rules: rules) }
            let bytes = progress.phase("rendering") { render(report, as: kind) }
            try progress.phase("writing") { () throws(DiffTrouble) in try writeOutput(bytes, to: output) }
            return (report.diff.isEmpty ? 0 : 1, Results(before: report.before, after: report.after, diff: report.diff, summary: report.summary))
        }

        /// What `parley diff` says when neither side has a schema.
        static func noSchemaWarning(_ before: String, _ after: String) -> String {
            "no schema for \(before) and \(after): neither names one that is found, --schema was not given, " +
                "and no schema/negotiation.yaml is above them or the current folder; the diff matches entities and " +
                "relations but reports no stance shifts, no summaries by party or proposal, and no identifying " +
                "attributes (give --schema FILE)"
        }

        /// The report in the chosen format.
        private func render(_ report: DiffReport, as kind: DiffOutputFormat) -> [UInt8] {
            switch kind {
            case .text:
                let color = output == nil && isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil
                return Array(TextRenderer.render(report, color: color).utf8)
            case .json: return JSONRenderer.renderBytes(report)
            case .patch: return Array(PatchFile.encode(report.diff).utf8)
            case .dot: return Array(DOTRenderer.render(report, context: context).utf8)
            }
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

/// Reads a schema given with `--schema`.
func loadSchema(_ path: String) throws(DiffTrouble) -> Schema {
    do {
        return try Schema.cachedLoad(path: path)
    } catch {
        throw DiffTrouble((error as? Diagnostics)?.items ?? [.error("\(path): \(error)")])
    }
}

/// Writes bytes to a file atomically, or to standard output when `path` is nil or `-`.
func writeOutput(_ bytes: [UInt8], to path: String?) throws(DiffTrouble) {
    let out = try DiffOutput(path)
    var failure: DiffTrouble?
    bytes.withUnsafeBytes { raw in
        do throws(DiffTrouble) { try out.write(raw) } catch { failure = error }
    }
    if let failure { throw failure }
    try out.commit()
}

/// Where a diff goes, written piece by piece: a file that appears whole when committed (see
/// ``AtomicFile/Stream``), or standard output when the path is nil or `-`.
final class DiffOutput {
    private let file: AtomicFile.Stream?
    private let path: String

    init(_ path: String?) throws(DiffTrouble) {
        self.path = path ?? "-"
        guard let path, path != "-" else {
            file = nil
            return
        }
        do {
            file = try AtomicFile.Stream(path: path)
        } catch {
            throw DiffTrouble("\(path): cannot be written: \(error)")
        }
    }

    func write(_ bytes: UnsafeRawBufferPointer) throws(DiffTrouble) {
        guard let file else {
            FileHandle.standardOutput.write(Data(bytes))
            return
        }
        do {
            try file.write(bytes)
        } catch {
            throw DiffTrouble("\(path): cannot be written: \(error)")
        }
    }

    /// Puts the file in place (nothing to do for standard output).
    func commit() throws(DiffTrouble) {
        do {
            try file?.commit()
        } catch {
            throw DiffTrouble("\(path): cannot be written: \(error)")
        }
    }
}
