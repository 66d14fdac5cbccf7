import ParleyCore

/// Every entity's relationships in compressed rows (CSR), out and in: for each entity, a
/// contiguous run of (neighbour, relationship, interned type), in the order of the graph's own
/// adjacency lists. A search reads one short run per node instead of one whole ``Relation`` per
/// relationship, which keeps a breadth-first search over a large graph in cache.
///
/// Immutable once built; the engine keeps it with its cached plans and drops both when its
/// graph changes.
/// - Complexity: O(entities + relations) time and memory to build.
final class AdjacencyIndex: Sendable {
    /// Interned relationship types.
    let typeIDs: [String: Int32]
    /// Per interned type: whether it is walked from either end (``Graph/symmetricTypes``).
    let symmetric: [Bool]
    let hasSymmetric: Bool
    let entityCapacity: Int
    let relationCapacity: Int
    /// Entity `e`'s outgoing relationships are `outNeighbor[outStart[e]..<outStart[e + 1]]` (and
    /// the same range of `outRelation` and `outType`); likewise incoming.
    let outStart: [Int32]
    let outNeighbor: [Int32]
    let outRelation: [Int32]
    let outType: [Int32]
    let inStart: [Int32]
    let inNeighbor: [Int32]
    let inRelation: [Int32]
    let inType: [Int32]

    init(_ graph: Graph) {
        let n = graph.entityCapacity
        let m = graph.relationCapacity
        var ids: [String: Int32] = [:]
        var relType = [Int32](repeating: -1, count: m)
        // Types from the type index and endpoints from the adjacency lists: no relation is copied.
        for name in graph.relationTypeCounts.keys.sorted() {
            let t = Int32(ids.count)
            ids[name] = t
            for h in graph.relations(ofType: name) { relType[h.int] = t }
        }
        // One pass over the adjacency lists (each list is a separate allocation: reading them is
        // what costs) records the rows' relationships and types and each relationship's ends;
        // the neighbours are filled in from the ends afterwards.
        var relFrom = [Int32](repeating: -1, count: m)
        var relTo = [Int32](repeating: -1, count: m)
        var outStart = [Int32](repeating: 0, count: n + 1)
        var inStart = [Int32](repeating: 0, count: n + 1)
        var outRelation: [Int32] = [], outType: [Int32] = []
        var inRelation: [Int32] = [], inType: [Int32] = []
        outRelation.reserveCapacity(graph.relationCount)
        outType.reserveCapacity(graph.relationCount)
        inRelation.reserveCapacity(graph.relationCount)
        inType.reserveCapacity(graph.relationCount)
        for e in 0..<n {
            outStart[e] = Int32(outRelation.count)
            inStart[e] = Int32(inRelation.count)
            let h = EntityHandle(e)
            guard graph.isLive(h) else { continue }
            for r in graph.outgoing(h) {
                relFrom[r.int] = Int32(e)
                outRelation.append(r.index)
                outType.append(relType[r.int])
            }
            for r in graph.incoming(h) {
                relTo[r.int] = Int32(e)
                inRelation.append(r.index)
                inType.append(relType[r.int])
            }
        }
        outStart[n] = Int32(outRelation.count)
        inStart[n] = Int32(inRelation.count)
        let outNeighbor = outRelation.map { relTo[Int($0)] }
        let inNeighbor = inRelation.map { relFrom[Int($0)] }
        var sym = [Bool](repeating: false, count: ids.count)
        for (name, id) in ids where graph.symmetricTypes.contains(name) { sym[Int(id)] = true }
        self.typeIDs = ids
        self.symmetric = sym
        self.hasSymmetric = sym.contains(true)
        self.entityCapacity = n
        self.relationCapacity = m
        self.outStart = outStart
        self.outNeighbor = outNeighbor
        self.outRelation = outRelation
        self.outType = outType
        self.inStart = inStart
        self.inNeighbor = inNeighbor
        self.inRelation = inRelation
        self.inType = inType
    }

    /// Whether this index can stand for `graph` (built from it: the engine drops the index with
    /// its cache whenever its graph changes, and CREATE, the only change a query makes, adds).
    func describes(_ graph: Graph) -> Bool {
        graph.entityCapacity == entityCapacity && graph.relationCapacity == relationCapacity
    }

    /// Interned ids of the given type names (nil: every type). A name not in the graph gets -2,
    /// which matches nothing.
    func ids(_ names: [String]) -> [Int32]? {
        names.isEmpty ? nil : names.map { typeIDs[$0] ?? -2 }
    }
}
