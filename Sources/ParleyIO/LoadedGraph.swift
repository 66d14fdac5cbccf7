import ParleyCore
import ParleySchema
import ParleySnapshot

/// A graph read from a file, with where each element was written and what was wrong with it.
public struct LoadedGraph: Sendable {
    /// The graph as read.
    public var graph: Graph
    /// Where each entity, relation, source and citation (and their important fields) stand.
    public var sourceMap: SourceMap
    /// Problems found while reading (reading goes on after each, so all are listed).
    public var diagnostics: [Diagnostic]
    /// The schema the graph is read against, when one was given or the snapshot names one.
    public var schema: Schema?
    /// The path as the user gave it (`-` for standard input).
    public var path: String
    /// The format the file was read as.
    public var format: GraphFormat
    /// Relation records shared with the other file of a comparison, checked here and left out
    /// of ``graph`` (``GraphLoader/loadForComparison(_:_:schema:options:keepsType:)``).
    public var checkedRelations: [CheckedRelation] = []
    /// Relation records shared with the other file of a comparison and skipped here (the other
    /// file's reader checked them).
    public var skippedRelations = 0

    public init(
        graph: Graph, sourceMap: SourceMap, diagnostics: [Diagnostic], schema: Schema? = nil, path: String,
        format: GraphFormat
    ) {
        self.graph = graph
        self.sourceMap = sourceMap
        self.diagnostics = diagnostics
        self.schema = schema
        self.path = path
        self.format = format
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
