import ParleyCore

/// A graph read from a file, with where each element was written and what was wrong with it.
public struct LoadedGraph: Sendable {
    /// The graph as read.
    public var graph: Graph
    /// Where each entity, relation, source and citation (and their important fields) stand.
    public var sourceMap: SourceMap
    /// Problems found while reading (reading goes on after each, so all are listed).
    public var diagnostics: [Diagnostic]
    /// The path as the user gave it (`-` for standard input).
    public var path: String
    /// The format the file was read as.
    public var format: GraphFormat

    public init(graph: Graph, sourceMap: SourceMap, diagnostics: [Diagnostic], path: String, format: GraphFormat) {
        self.graph = graph
        self.sourceMap = sourceMap
        self.diagnostics = diagnostics
        self.path = path
        self.format = format
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
