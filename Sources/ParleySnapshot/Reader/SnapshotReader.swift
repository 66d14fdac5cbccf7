import Foundation
import ParleyCore
import Yams

/// Reads snapshot files (YAML or JSON) into a ``Graph`` with a ``SourceMap`` and diagnostics.
///
/// Structural problems (a missing id or type, a key that does not belong, a duplicate id, a
/// relation whose endpoint is not an entity of the file, a malformed date) are returned as
/// diagnostics at the right line and column, and reading goes on, so that every problem is
/// listed. A file that is not YAML or JSON at all throws one diagnostic with its position.
///
/// ```swift
/// let result = try SnapshotReader.read(contentsOf: "graphs/ukraine-2025/geneva.yaml")
/// for d in result.diagnostics { print(d) }   // graphs/…/geneva.yaml:41:7: error: …
/// result.graph.entityCount
/// ```
///
/// Type names are kept as written; the schema layer canonicalises aliases.
public enum SnapshotReader {
    /// Reads the file at `path`; the format comes from the extension, or from the content when
    /// the extension is neither YAML nor JSON.
    /// - Parameter displayName: the name diagnostics use (defaults to `path`).
    /// - Throws: ``Diagnostics`` when the file cannot be read or parsed at all.
    public static func read(contentsOf path: String, displayName: String? = nil, format: SnapshotFormat? = nil) throws(Diagnostics) -> SnapshotReadResult {
        let name = displayName ?? path
        let bytes = try FileBytes.contents(ofFile: path)
        return try read(bytes, file: name, format: format ?? SnapshotFormat(path: path) ?? SnapshotFormat(sniffing: bytes))
    }

    /// Reads a snapshot from its bytes.
    /// - Parameters:
    ///   - file: the name diagnostics and the source map use (a path, or `<stdin>`).
    /// - Throws: ``Diagnostics`` holding one error with its position when the text is not
    ///   well-formed YAML or JSON.
    /// - Complexity: O(size of the file). JSON is decoded one element at a time; YAML is
    ///   composed by libyaml first, so it takes more memory.
    ///   - options: what to record beside the graph (by default, every position).
    public static func read(
        _ bytes: [UInt8], file: String, format: SnapshotFormat, options: SnapshotReadOptions = SnapshotReadOptions()
    ) throws(Diagnostics) -> SnapshotReadResult {
        switch format {
        case .json: return try readJSON(bytes, file: file, options: options)
        case .yaml: return try readYAML(bytes, file: file, options: options)
        }
    }

    /// ``read(_:file:format:options:)`` for bytes that are not an array (a file mapped into
    /// memory, ``MappedFile``): JSON is read in place; YAML from a copy.
    public static func read(
        buffer bytes: UnsafeBufferPointer<UInt8>, file: String, format: SnapshotFormat, options: SnapshotReadOptions = SnapshotReadOptions()
    ) throws(Diagnostics) -> SnapshotReadResult {
        switch format {
        case .json: return try readJSON(buffer: bytes, file: file, options: options)
        case .yaml: return try readYAML(Array(bytes), file: file, options: options)
        }
    }

    /// Reads a snapshot from text.
    public static func read(text: String, file: String, format: SnapshotFormat) throws(Diagnostics) -> SnapshotReadResult {
        try read(Array(text.utf8), file: file, format: format)
    }

    // MARK: YAML

    private static func readYAML(_ bytes: [UInt8], file: String, options: SnapshotReadOptions) throws(Diagnostics) -> SnapshotReadResult {
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Diagnostics([invalidUTF8(bytes, file: file)])
        }
        var decoder = SnapshotDecoder(file: file, options: options)
        decoder.reserveCapacity(forFileSize: bytes.count)
        let root: Node?
        do {
            root = try YAMLDocumentReader.compose(text, file: file)
        } catch {
            throw Diagnostics([error])
        }
        guard let root else { return decoder.finish() }  // an empty file is an empty graph
        guard case .mapping(let map) = root else {
            let node = YAMLDocumentReader.convert(root, into: &decoder.tree)
            decoder.rootIsNotAMapping(node)
            return decoder.finish()
        }
        decoder.sourceMap.record(.document, at: YAMLDocumentReader.mark(map.mark).location(in: file))
        var sections: [SnapshotSection: Node] = [:]
        for (key, value) in map {
            decoder.tree.removeAll()
            let keyNode = YAMLDocumentReader.convertKey(key, into: &decoder.tree)
            if let section = decoder.beginSection(keyNode) { sections[section] = value }
        }
        // Sections in dependency order, whatever order the file uses.
        for section in SnapshotSection.allCases {
            if section == .relations { decoder.markEntitiesComplete() }
            guard let value = sections[section] else { continue }
            if section != .snapshot, case .sequence(let items) = value {
                for item in items {
                    decoder.tree.removeAll()
                    let node = YAMLDocumentReader.convert(item, into: &decoder.tree)
                    decoder.decodeElement(node, of: section)
                }
                decoder.endSection(section)
            } else {
                decoder.tree.removeAll()
                let node = YAMLDocumentReader.convert(value, into: &decoder.tree)
                decoder.decodeSection(section, node)
            }
        }
        return decoder.finish()
    }

    // MARK: JSON

    private static func readJSON(_ bytes: [UInt8], file: String, options: SnapshotReadOptions) throws(Diagnostics) -> SnapshotReadResult {
        try bytes.withUnsafeBufferPointer { buffer in Result { () throws(Diagnostics) in try readJSON(buffer: buffer, file: file, options: options) } }.get()
    }

    private static func readJSON(buffer: UnsafeBufferPointer<UInt8>, file: String, options: SnapshotReadOptions) throws(Diagnostics) -> SnapshotReadResult {
        let outcome: Result<SnapshotReadResult, JSONSyntaxError> = { () -> Result<SnapshotReadResult, JSONSyntaxError> in
            var parser = JSONDocumentParser(buffer)
            // The tree's scalars point into `buffer`; the decoder and its tree end in this closure.
            var decoder = SnapshotDecoder(file: file, options: options, tree: DocTree(source: buffer))
            decoder.reserveCapacity(forFileSize: buffer.count)
            do throws(JSONSyntaxError) {
                guard let first = parser.peek() else {
                    throw parser.error("the file is empty (expected a JSON object)")
                }
                guard first == UInt8(ascii: "{") else {
                    let root = try parser.parseValue(into: &decoder.tree)
                    try parser.expectEnd()
                    decoder.rootIsNotAMapping(root)
                    return .success(decoder.finish())
                }
                var skips = SkipCursor(options.omittedRelations?.skipped ?? [])
                let rootMark = try parser.beginObject()
                decoder.sourceMap.record(.document, at: rootMark.location(in: file))
                var firstKey = true
                while true {
                    decoder.tree.removeAll()
                    guard let key = try parser.nextKey(first: firstKey, into: &decoder.tree) else { break }
                    firstKey = false
                    guard let section = decoder.beginSection(key) else {
                        try parser.parseValue(into: &decoder.tree, depth: 1)
                        continue
                    }
                    if section != .snapshot, parser.peek() == UInt8(ascii: "[") {
                        // Stream the list: each element is decoded and dropped before the next.
                        _ = try parser.beginArray()
                        var firstItem = true
                        while try parser.nextItem(first: firstItem) {
                            firstItem = false
                            _ = parser.peek()
                            let start = parser.index
                            // A record the other file of a comparison reads for both.
                            if section == .relations, let end = skips.end(ofRecordAt: start) {
                                parser.skip(to: end)
                                decoder.skippedRelations += 1
                                continue
                            }
                            // A plain record checked for both files, straight from its bytes.
                            if section == .relations, options.quickChecks, let end = decoder.quickCheck(at: start) {
                                parser.skip(to: end)
                                continue
                            }
                            decoder.tree.removeAll()
                            let node = try parser.parseValue(into: &decoder.tree, depth: 2)
                            decoder.decodeElement(node, of: section, start: start)
                        }
                        decoder.endSection(section)
                    } else {
                        decoder.tree.removeAll()
                        let node = try parser.parseValue(into: &decoder.tree, depth: 1)
                        decoder.decodeSection(section, node)
                    }
                }
                try parser.expectEnd()
                return .success(decoder.finish())
            } catch {
                return .failure(error)
            }
        }()
        switch outcome {
        case .success(let result): return result
        case .failure(let e):
            throw Diagnostics([.error("malformed JSON: \(e.message)", at: e.mark.location(in: file))])
        }
    }

    // MARK: Errors

    /// Where the first byte that is not UTF-8 stands.
    private static func invalidUTF8(_ bytes: [UInt8], file: String) -> Diagnostic {
        var line = 1, column = 1, i = 0
        while i < bytes.count {
            let b = bytes[i]
            let length = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            let valid = length > 0 && i + length <= bytes.count
                && (1..<max(length, 1)).allSatisfy { bytes[i + $0] & 0xC0 == 0x80 }
                && (length > 1 ? String(validating: bytes[i..<i + length], as: UTF8.self) != nil : true)
            if !valid { break }
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += length
        }
        return .error("the file is not UTF-8 text", at: SourceLocation(file: file, line: line, column: column))
    }

    static func reason(_ error: Error) -> String {
        let ns = error as NSError
        if ns.domain == NSCocoaErrorDomain, ns.code == NSFileReadNoSuchFileError { return "no such file" }
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain,
            let code = POSIXErrorCode(rawValue: Int32(underlying.code))
        {
            return String(cString: strerror(code.rawValue)).lowercased()
        }
        return ns.localizedDescription
    }
}

/// The records a reader skips (``RelationOmission/skipped``), met in file order: each look-up
/// moves a cursor forward instead of searching.
private struct SkipCursor {
    let ranges: [Range<Int>]
    var next = 0

    init(_ ranges: [Range<Int>]) { self.ranges = ranges }

    /// Where the record to skip that starts at `offset` ends, or nil when none starts there.
    mutating func end(ofRecordAt offset: Int) -> Int? {
        while next < ranges.count, ranges[next].lowerBound < offset { next += 1 }
        guard next < ranges.count, ranges[next].lowerBound == offset else { return nil }
        next += 1
        return ranges[next - 1].upperBound
    }
}
