import ParleyCore

/// The relationships of some types around every node, one way, in flat arrays (compressed
/// sparse rows): node `x`'s steps are `relations[offsets[x]..<offsets[x + 1]]`, with the node
/// each reaches in `neighbors`. Built from the type index, reading each relation of those types
/// once in handle order (sequential memory), for walks that expand from many nodes: a step is
/// then a contiguous slice, with no per-relation type test and no look-up of whole relations.
///
/// A node's slice is in relation-handle order, which is the order of its adjacency lists unless
/// relations were moved to other endpoints after being added. Incoming slices list self-loops
/// first, as ``AdjacencyCursor`` does. Only for graphs without symmetric relation types.
/// - Complexity: O(entities + relations of the types) to build.
final class TypedAdjacency: Sendable {
    let offsets: [Int32]
    let relations: [Int32]
    let neighbors: [Int32]

    /// The key of the adjacency of `types` in `direction` in an ``EngineCache``.
    static func key(types: [String], direction: Graph.Direction) -> String {
        (direction == .outgoing ? "out:" : "in:") + Set(types).sorted().joined(separator: "|")
    }

    init(_ graph: Graph, types: [String], direction: Graph.Direction) {
        let outgoing = direction == .outgoing
        var handles: [Int32] = []
        if types.isEmpty {
            handles.reserveCapacity(graph.relationCount)
            for r in graph.relationHandles { handles.append(r.index) }
        } else {
            for t in Set(types) { for r in graph.relations(ofType: t) { handles.append(r.index) } }
            var sorted = true
            for k in handles.indices.dropFirst() where handles[k - 1] > handles[k] { sorted = false; break }
            if !sorted { handles.sort() }
        }
        // Each relation's node (the end the walk leaves from) and neighbor, read once.
        var node = [Int32](repeating: 0, count: handles.count)
        var other = [Int32](repeating: 0, count: handles.count)
        let n = graph.entityCapacity
        var counts = [Int32](repeating: 0, count: n + 1)
        for (k, h) in handles.enumerated() {
            let rel = graph[RelationHandle(Int(h))]
            let (a, b) = outgoing ? (rel.from.index, rel.to.index) : (rel.to.index, rel.from.index)
            node[k] = a
            other[k] = b
            counts[Int(a) + 1] += 1
        }
        for x in 0..<n { counts[x + 1] += counts[x] }
        var fill = counts
        var rels = [Int32](repeating: 0, count: handles.count)
        var nbrs = [Int32](repeating: 0, count: handles.count)
        // Incoming: self-loops first (the outgoing list reports them), then the others.
        for pass in outgoing ? [0] : [1, 2] {
            for k in handles.indices {
                if pass == 1, node[k] != other[k] { continue }
                if pass == 2, node[k] == other[k] { continue }
                let x = Int(node[k])
                let at = Int(fill[x])
                rels[at] = handles[k]
                nbrs[at] = other[k]
                fill[x] += 1
            }
        }
        offsets = counts
        relations = rels
        neighbors = nbrs
    }
}
