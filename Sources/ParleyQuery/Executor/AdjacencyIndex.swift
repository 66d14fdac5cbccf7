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
        var relFrom = [Int32](repeating: -1, count: m)
        var relTo = [Int32](repeating: -1, count: m)
        var outCount = 0
        var inCount = 0
        for e in 0..<n where graph.isLive(EntityHandle(e)) {
            let out = graph.outgoing(EntityHandle(e))
            for r in out { relFrom[r.int] = Int32(e) }
            let inc = graph.incoming(EntityHandle(e))
            for r in inc { relTo[r.int] = Int32(e) }
            outCount += out.count
            inCount += inc.count
        }
        var outStart = [Int32](repeating: 0, count: n + 1)
        var outNeighbor: [Int32] = [], outRelation: [Int32] = [], outType: [Int32] = []
        var inStart = [Int32](repeating: 0, count: n + 1)
        var inNeighbor: [Int32] = [], inRelation: [Int32] = [], inType: [Int32] = []
        outNeighbor.reserveCapacity(outCount)
        outRelation.reserveCapacity(outCount)
        outType.reserveCapacity(outCount)
        inNeighbor.reserveCapacity(inCount)
        inRelation.reserveCapacity(inCount)
        inType.reserveCapacity(inCount)
        for e in 0..<n {
            outStart[e] = Int32(outNeighbor.count)
            inStart[e] = Int32(inNeighbor.count)
            guard graph.isLive(EntityHandle(e)) else { continue }
            for r in graph.outgoing(EntityHandle(e)) {
                outNeighbor.append(relTo[r.int])
                outRelation.append(r.index)
                outType.append(relType[r.int])
            }
            for r in graph.incoming(EntityHandle(e)) {
                inNeighbor.append(relFrom[r.int])
                inRelation.append(r.index)
                inType.append(relType[r.int])
            }
        }
        outStart[n] = Int32(outNeighbor.count)
        inStart[n] = Int32(inNeighbor.count)
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
