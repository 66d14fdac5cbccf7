import Foundation
import ParleyCore

/// What `parley validate` found in a set of files, and how it prints.
public struct ValidationReport: Sendable {
    /// The files checked, in order.
    public var files: [String] = []
    /// Every problem, file by file, each file's sorted by position.
    public var diagnostics: [Diagnostic] = []

    public init(files: [String] = [], diagnostics: [Diagnostic] = []) {
        self.files = files
        self.diagnostics = diagnostics
    }

    public var errorCount: Int { diagnostics.count { $0.severity == .error } }
    public var warningCount: Int { diagnostics.count { $0.severity == .warning } }
    /// True when no error was found (warnings allowed).
    public var passed: Bool { errorCount == 0 }

    /// Adds one file's problems, leaving out exact repeats (a broken schema that several
    /// snapshots name is reported once).
    public mutating func add(file: String?, _ items: [Diagnostic]) {
        if let file { files.append(file) }
        var seen = Set(diagnostics)
        for d in items where seen.insert(d).inserted { diagnostics.append(d) }
    }

    /// `3 files, 2 errors, 1 warning`.
    public var summary: String {
        func count(_ n: Int, _ word: String) -> String { "\(n) \(word)\(n == 1 ? "" : "s")" }
        return "\(count(files.count, "file")), \(count(errorCount, "error")), \(count(warningCount, "warning"))"
    }

    /// One line per problem (`file:line:col: error: message`), then the summary line.
    public func text() -> String {
        (diagnostics.map(\.description) + [summary]).joined(separator: "\n") + "\n"
    }

    /// `{"files": [...], "errors": N, "warnings": N, "diagnostics": [{file, line, column, severity, message}]}`,
    /// keys sorted, so the output is byte-stable.
    public func json() -> String {
        let items: [[String: Any]] = diagnostics.map { d in
            var item: [String: Any] = ["severity": d.severity.rawValue, "message": d.message]
            if let l = d.location {
                item["file"] = l.file
                item["line"] = l.line
                item["column"] = l.column
            }
            return item
        }
        let object: [String: Any] = ["files": files, "errors": errorCount, "warnings": warningCount, "diagnostics": items]
        guard
            let data = try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
