import ParleyCore

/// The canonical snapshot writer: the same graph always gives the same bytes, and reading them
/// back gives an equal graph (`read(write(g)) == g`).
///
/// ```swift
/// let text = SnapshotWriter.yaml(graph)
/// try AtomicFile.write(Array(text.utf8), to: "graphs/x.yaml")
/// ```
///
/// Comments of a YAML file are not part of the graph; `parley fmt` carries over the ones
/// ``SnapshotComments`` describes.
public enum SnapshotWriter {
    /// The graph as a canonical YAML snapshot, with `comments` (taken from the file the graph
    /// was read from) put back in their places.
    /// - Complexity: O(n log n) in the number of elements (sorting).
    public static func yaml(_ graph: Graph, comments: SnapshotComments = SnapshotComments()) -> String {
        var w = YAMLSnapshotWriter()
        w.write(graph, order: CanonicalOrder(graph), comments: comments)
        return w.out
    }

    /// The graph as a canonical JSON snapshot.
    /// - Complexity: O(n log n) in the number of elements (sorting).
    public static func json(_ graph: Graph) -> String {
        var w = JSONSnapshotWriter()
        w.write(graph, order: CanonicalOrder(graph))
        return w.out
    }

    /// The graph in `format`.
    public static func render(_ graph: Graph, as format: SnapshotFormat) -> String {
        switch format {
        case .yaml: yaml(graph)
        case .json: json(graph)
        }
    }
}
