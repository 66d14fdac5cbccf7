import ParleyCore
import ParleyExport
import ParleyGraphML
import ParleySchema

/// GraphML and node-link JSON in ``GraphLoader``'s dispatch (the readers and writers live in
/// ParleyGraphML and ParleyExport; this file only plugs them in).
extension GraphLoader {
    /// Reads a GraphML file by path with the streaming reader (memory grows with the graph,
    /// not with the file).
    static func loadGraphML(path: String, schema: Schema?) throws(Diagnostics) -> LoadedGraph {
        let r = try GraphMLReader.read(path: path)
        return finish(r.graph, r.sourceMap, r.diagnostics, path: path, format: .graphml, schema: schema)
    }

    /// Reads GraphML or node-link JSON held in memory.
    static func loadOther(
        _ bytes: [UInt8], name: String, path: String, format: GraphFormat, schema: Schema?
    ) throws(Diagnostics) -> LoadedGraph {
        if format == .graphml {
            let r = try GraphMLReader.read(bytes: bytes, name: name)
            return finish(r.graph, r.sourceMap, r.diagnostics, path: path, format: .graphml, schema: schema)
        }
        let r = try NodeLinkReader.read(bytes: bytes, name: name)
        return finish(r.graph, r.sourceMap, r.diagnostics, path: path, format: .nodeLinkJSON, schema: schema)
    }

    private static func finish(
        _ graph: Graph, _ sourceMap: SourceMap, _ diagnostics: [Diagnostic], path: String, format: GraphFormat, schema: Schema?
    ) -> LoadedGraph {
        var loaded = LoadedGraph(graph: graph, sourceMap: sourceMap, diagnostics: diagnostics, path: path, format: format)
        applySchema(schema, to: &loaded)
        return loaded
    }

    /// GraphML (content starting `<?xml` or `<graphml`) or node-link JSON (`nodes` and `links`
    /// or `edges` at the top level), when the content is one of them.
    static func detectOtherFormat<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> GraphFormat? where Bytes.Index == Int {
        if GraphMLReader.looksLikeGraphML(prefix: bytes.prefix(512)) { return .graphml }
        if NodeLinkReader.hasNodeLinkKeys(bytes) { return .nodeLinkJSON }
        return nil
    }

    /// A `.json` file is a snapshot unless its content is node-link JSON.
    static func refine<Bytes: RandomAccessCollection<UInt8>>(_ format: GraphFormat, _ bytes: Bytes) -> GraphFormat where Bytes.Index == Int {
        format == .json && NodeLinkReader.hasNodeLinkKeys(bytes) ? .nodeLinkJSON : format
    }

    /// The bytes of a graph as GraphML or node-link JSON.
    static func renderOther(_ graph: Graph, as format: GraphFormat) throws(Diagnostics) -> [UInt8] {
        if format == .graphml {
            do {
                return [UInt8](try GraphMLWriter.data(for: graph))
            } catch {
                throw Diagnostics([.error(error.message)])
            }
        }
        return Array(NodeLinkWriter.json(for: graph).utf8)
    }
}
