import Foundation
import ParleyCore
import ParleySchema
import ParleySnapshot

/// One entry point to load and save a graph in any format Parley knows.
///
/// ```swift
/// let loaded = try GraphLoader.load("graphs/ukraine-2025/geneva.yaml")
/// loaded.diagnostics.forEach { print($0) }
/// try GraphLoader.save(loaded.graph, to: "out.json")
/// ```
public enum GraphLoader {
    /// The name standard input goes by in diagnostics.
    public static let standardInputName = "<stdin>"

    /// Reads a graph in any format Parley knows: by extension, or by content for `-`
    /// (standard input) and unknown extensions.
    /// - Parameters:
    ///   - schema: the schema to read the graph against (see ``applySchema(_:to:)``).
    ///   - options: what a snapshot reader records beside the graph; a command that never
    ///     points at positions (diff, stats, query) reads faster without them. GraphML and
    ///     node-link JSON always record their positions.
    /// - Throws: ``Diagnostics`` when the file cannot be read at all (missing, not YAML/JSON);
    ///   otherwise returns what was read plus diagnostics.
    public static func load(
        _ path: String, schema: Schema? = nil, options: SnapshotReadOptions = SnapshotReadOptions()
    ) throws(Diagnostics) -> LoadedGraph {
        let bytes: [UInt8]
        let name: String
        if path == "-" {
            bytes = try FileBytes.standardInput()
            name = standardInputName
        } else {
            // GraphML streams from the file itself (memory grows with the graph, not the document).
            var isDirectory: ObjCBool = false
            if GraphFormat(path: path) == .graphml,
                FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue
            {
                return try loadGraphML(path: path, schema: schema)
            }
            bytes = try FileBytes.contents(ofFile: path)
            name = path
        }
        let format = path == "-" ? detectFormat(bytes) : detectFormat(path: path, bytes)
        return try load(bytes, name: name, path: path, format: format, schema: schema, options: options)
    }

    /// Reads a graph from bytes already in memory.
    /// - Parameters:
    ///   - name: what diagnostics call the file.
    ///   - path: the path as the user gave it (kept in ``LoadedGraph/path``).
    ///   - options: what a snapshot reader records beside the graph.
    public static func load(
        _ bytes: [UInt8], name: String, path: String, format: GraphFormat, schema: Schema? = nil,
        options: SnapshotReadOptions = SnapshotReadOptions()
    ) throws(Diagnostics) -> LoadedGraph {
        switch format {
        case .yaml, .json:
            let result = try SnapshotReader.read(bytes, file: name, format: format == .json ? .json : .yaml, options: options)
            return loaded(result, path: path, format: format, schema: schema)
        case .graphml, .nodeLinkJSON:
            return try loadOther(bytes, name: name, path: path, format: format, schema: schema)
        }
    }

    /// ``load(_:name:path:format:schema:options:)`` for bytes that are not an array (a file
    /// mapped into memory): snapshots are read in place, other formats from a copy.
    static func load(
        buffer bytes: UnsafeBufferPointer<UInt8>, name: String, path: String, format: GraphFormat, schema: Schema? = nil,
        options: SnapshotReadOptions = SnapshotReadOptions()
    ) throws(Diagnostics) -> LoadedGraph {
        switch format {
        case .yaml, .json:
            let result = try SnapshotReader.read(buffer: bytes, file: name, format: format == .json ? .json : .yaml, options: options)
            return loaded(result, path: path, format: format, schema: schema)
        case .graphml, .nodeLinkJSON:
            return try loadOther(Array(bytes), name: name, path: path, format: format, schema: schema)
        }
    }

    /// A snapshot as read, with the schema applied.
    private static func loaded(_ result: SnapshotReadResult, path: String, format: GraphFormat, schema: Schema?) -> LoadedGraph {
        var loaded = LoadedGraph(
            graph: result.graph, sourceMap: result.sourceMap, diagnostics: result.diagnostics, path: path, format: format)
        loaded.checkedRelations = result.checkedRelations
        loaded.skippedRelations = result.skippedRelations
        applySchema(schema, to: &loaded)
        return loaded
    }

    /// The format of a file read from `path`: by extension, refined by content, or by content
    /// alone for an unknown extension.
    static func detectFormat<Bytes: RandomAccessCollection<UInt8>>(path: String, _ bytes: Bytes) -> GraphFormat where Bytes.Index == Int {
        GraphFormat(path: path).map { refine($0, bytes) } ?? detectFormat(bytes)
    }

    /// Guesses a format from content: GraphML, node-link JSON, JSON for `{`/`[`, else YAML.
    public static func detectFormat<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> GraphFormat where Bytes.Index == Int {
        if let other = detectOtherFormat(bytes) { return other }
        return SnapshotFormat(sniffing: bytes) == .json ? .json : .yaml
    }

    /// Writes a graph atomically (temporary file beside the target, then rename); the format
    /// comes from the extension unless given. `-` writes to standard output.
    /// - Throws: ``Diagnostics`` when the format is unknown or the file cannot be written; the
    ///   target is then untouched.
    public static func save(_ graph: Graph, to path: String, format: GraphFormat? = nil) throws(Diagnostics) {
        guard let format = format ?? GraphFormat(path: path) else {
            throw Diagnostics([.error("\(path): cannot tell the format from the extension (use .yaml, .json or .graphml)")])
        }
        let bytes = try render(graph, as: format)
        if path == "-" {
            FileHandle.standardOutput.write(Data(bytes))
        } else {
            try AtomicFile.write(bytes, to: path)
        }
    }

    /// The bytes of a graph in a format.
    public static func render(_ graph: Graph, as format: GraphFormat) throws(Diagnostics) -> [UInt8] {
        switch format {
        case .yaml: return Array(SnapshotWriter.yaml(graph).utf8)
        case .json: return Array(SnapshotWriter.json(graph).utf8)
        case .graphml, .nodeLinkJSON: return try renderOther(graph, as: format)
        }
    }
}
