import Foundation
import ParleyCore

/// `parley fmt` as a library: rewrites snapshot files in the canonical layout.
///
/// A file that cannot be read, or that has reader errors, is never rewritten.
///
/// ```swift
/// let outcome = try SnapshotFormatter.formatFile(at: "graphs/x.yaml", check: false)
/// ```
public enum SnapshotFormatter {
    /// What formatting did to a file.
    public enum Outcome: Sendable, Hashable {
        /// Already in the canonical layout.
        case unchanged
        /// Rewritten in the canonical layout.
        case reformatted
        /// Not in the canonical layout (and left as it is, because only checking was asked for).
        case needsFormatting
    }

    /// The canonical text of a snapshot given as bytes, and the reader's warnings.
    /// YAML keeps the comments ``SnapshotComments`` describes.
    /// - Throws: ``Diagnostics`` when the text cannot be read or has reader errors (all of them).
    public static func format(_ bytes: [UInt8], file: String, format: SnapshotFormat) throws(Diagnostics) -> (text: String, warnings: [Diagnostic]) {
        let read = try SnapshotReader.read(bytes, file: file, format: format)
        if read.hasErrors { throw Diagnostics(read.diagnostics) }
        switch format {
        case .json:
            return (SnapshotWriter.json(read.graph), read.diagnostics)
        case .yaml:
            let comments = SnapshotComments.extract(from: String(decoding: bytes, as: UTF8.self), read: read)
            return (SnapshotWriter.yaml(read.graph, comments: comments), read.diagnostics)
        }
    }

    /// Formats one file in place (atomically), or only checks it when `check` is true.
    /// - Throws: ``Diagnostics`` when the file cannot be read, has reader errors or cannot be
    ///   written; the file is then untouched.
    public static func formatFile(at path: String, check: Bool) throws(Diagnostics) -> (outcome: Outcome, warnings: [Diagnostic]) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostics([.error("\(path): cannot be read")])
        }
        let bytes = [UInt8](data)
        let format = SnapshotFormat(path: path) ?? SnapshotFormat(sniffing: bytes)
        let (text, warnings) = try self.format(bytes, file: path, format: format)
        let formatted = Array(text.utf8)
        if formatted == bytes { return (.unchanged, warnings) }
        if check { return (.needsFormatting, warnings) }
        try AtomicFile.write(formatted, to: path)
        return (.reformatted, warnings)
    }
}
