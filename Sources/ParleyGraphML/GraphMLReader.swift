import Foundation
import ParleyCore

/// Reads GraphML with libxml2's SAX2 push parser, fed the file in chunks: memory grows with the
/// graph, not with the document, and no XML tree is built. Parley's own files (``GraphMLFormat``) read back losslessly; files from NetworkX,
/// igraph, Gephi, yEd and APOC are mapped by ``GraphMLImportOptions``.
///
/// Untrusted input is safe to read: entities are never substituted, DTDs never loaded, the
/// network never used, and a document type declaration that declares entities is refused before
/// any is referenced. Malformed XML is reported with line and column from libxml2's structured
/// error handler.
///
/// ```swift
/// let result = try GraphMLReader.read(path: "export.graphml")
/// result.graph.entityCount
/// ```
public enum GraphMLReader {
    /// Reads the GraphML file at `path`; `displayName` is how diagnostics name it (default: the path).
    /// - Throws: ``Diagnostics`` when the file cannot be read at all: missing, not XML, not
    ///   GraphML, or using what Parley does not support (nested graphs, hyperedges, ports).
    /// - Complexity: O(document size), plus O(n log n) nowhere: one pass.
    public static func read(
        path: String, displayName: String? = nil, options: GraphMLImportOptions = .init()
    ) throws(Diagnostics) -> GraphMLReadResult {
        let name = displayName ?? path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw Diagnostics([.error("no such file", at: SourceLocation(file: name, line: 1, column: 1))])
        }
        guard !isDirectory.boolValue else {
            throw Diagnostics([.error("is a directory, not a GraphML file", at: SourceLocation(file: name, line: 1, column: 1))])
        }
        var doctype: SourceLocation?
        if let handle = FileHandle(forReadingAtPath: path) {
            let prefix = (try? handle.read(upToCount: 4096)) ?? Data()
            try? handle.close()
            try checkStart(prefix.prefix(512), name: name)
            doctype = doctypeLocation(prefix, name: name)
        }
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            throw Diagnostics([.error("cannot open: \(String(cString: strerror(errno)))", at: SourceLocation(file: name, line: 1, column: 1))])
        }
        defer { close(fd) }
        let parser = GraphMLParser(file: name, options: options)
        parser.doctypeLocation = doctype
        return try parser.run { $0.parse(fileDescriptor: fd) }
    }

    /// Reads GraphML held in memory; `name` is how diagnostics name it.
    public static func read(
        bytes: some Collection<UInt8>, name: String = "<stdin>", options: GraphMLImportOptions = .init()
    ) throws(Diagnostics) -> GraphMLReadResult {
        let prefix = Data(bytes.prefix(4096))
        try checkStart(prefix.prefix(512), name: name)
        let parser = GraphMLParser(file: name, options: options)
        parser.doctypeLocation = doctypeLocation(prefix, name: name)
        let copy = Array(bytes)
        return try parser.run { sax in copy.withUnsafeBufferPointer { sax.parse(bytes: $0) } }
    }

    /// Where `<!DOCTYPE` stands in the start of a file, for messages about the declaration.
    static func doctypeLocation(_ prefix: Data, name: String) -> SourceLocation? {
        let bytes = [UInt8](prefix)
        let needle = Array("<!DOCTYPE".utf8)
        guard bytes.count >= needle.count else { return nil }
        var line = 1
        var lineStart = 0
        for i in 0...(bytes.count - needle.count) {
            if bytes[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle {
                return SourceLocation(file: name, line: line, column: i - lineStart + 1)
            }
        }
        return nil
    }

    /// Refuses, with a plain message, a file that is empty or does not start like XML at all
    /// (libxml2 would say "Document is empty" for both).
    static func checkStart(_ prefix: Data, name: String) throws(Diagnostics) {
        var bytes = prefix[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        var line = 1
        var column = 1
        for b in bytes {
            if b == 0x0A {
                line += 1
                column = 1
            } else if b == 0x20 || b == 0x09 || b == 0x0D {
                column += 1
            } else if b == UInt8(ascii: "<") {
                return
            } else {
                throw Diagnostics([
                    .error("not XML: GraphML starts with '<?xml' or '<graphml'", at: SourceLocation(file: name, line: line, column: column))
                ])
            }
        }
        if bytes.count == prefix.count - (prefix.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0), bytes.count < 512 {
            throw Diagnostics([.error("empty file: no GraphML in it", at: SourceLocation(file: name, line: line, column: column))])
        }
    }

    /// Whether the start of a file looks like GraphML (or at least XML): `<?xml` or `<graphml`,
    /// after an optional byte-order mark and white space.
    public static func looksLikeGraphML(prefix: some Collection<UInt8>) -> Bool {
        var bytes = Array(prefix.prefix(512))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        let text = String(decoding: bytes, as: UTF8.self).drop { $0.isWhitespace }
        return text.hasPrefix("<?xml") || text.hasPrefix("<graphml") || (text.hasPrefix("<!--") && text.contains("<graphml"))
    }
}
