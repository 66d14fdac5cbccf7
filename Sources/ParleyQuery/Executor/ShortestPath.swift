import ParleyCore

/// What path searches keep between searches (the engine lends it to one search at a time and
/// drops it with its plans when its graph changes), all indexed by entity handle:
///
/// - visit marks: a node counts as reached only when its stamp equals the current search's, so
///   starting a search costs nothing however large the graph is, where clearing or allocating
///   arrays of every entity would cost more than a short search itself;
/// - adjacency rows, filled the first time a search expands a node (``SearchRows``): its
///   relationships as neighbours, relationships and interned types in flat arrays, so that a
///   later search reads one short contiguous slice per node instead of one whole ``Relation``
///   per relationship. Only what searches touch is ever filled: no index of the whole graph is
///   built, and a one-off search costs no more than reading the relationships it walks;
/// - the frontiers of the search: three regions of one buffer of a node each (a level reaches
///   each node at most once), so that a search allocates nothing and appends with no capacity
///   or uniqueness check.
///
/// The scratch describes one graph: the engine drops its scratches with its cache whenever its
/// graph changes, and a run that has created something searches with a fresh scratch.
final class PathSearchScratch {
    /// How a node was reached by one side of a search: at which depth, from which node, along
    /// which relationship (-1 for the side's start node).
    struct Visit {
        var stamp: UInt32 = 0
        var depth: Int32 = 0
        var viaNode: Int32 = -1
        /// The position of the hop in ``SearchRows`` (its relationship is
        /// `searchRows.relations[viaHop]`), read only when a path is materialised.
        var viaHop: Int32 = -1
    }

    /// Marks of the search from the start node (at `2 * node`) and of the search from the end
    /// node (at `2 * node + 1`): side by side, so that checking whether the other side has
    /// reached a node reads the cache line just read.
    @exclusivity(unchecked) var marks: [Visit] = []
    private(set) var stamp: UInt32 = 0
    /// The state of a handle walk (``HandleMatchCounter``), kept for the next walk: its graph the
    /// engine's (the scratch's) once ``walkStateHasGraph``, every handle -1, every value slot
    /// null. It holds the adjacency rows (``rows``), which a walk reads there in place.
    @exclusivity(unchecked) var walkState = HandleWalkState(graph: Graph(), handles: [], scratch: [])
    /// Whether ``walkState`` holds the scratch's graph (set by the first handle walk).
    @exclusivity(unchecked) var walkStateHasGraph = false
    /// Adjacency rows of the nodes searches expanded so far.
    @exclusivity(unchecked) var searchRows = SearchRows()
    /// Frontiers of the bidirectional search (from the start, from the end, the next level):
    /// three regions of `entityCapacity` nodes each, made by the first search that needs them.
    @exclusivity(unchecked) var frontiers: [Int32] = []

    /// Adjacency rows of the nodes expanded so far (kept in ``walkState``).
    var rows: AdjacencyRows {
        get { walkState.adjacency }
        _modify { yield &walkState.adjacency }
    }

    /// Makes the adjacency rows those of `graph` (empty when they were of another size), without
    /// starting a search: for walks that read rows and no visit marks.
    func prepareRows(_ graph: Graph) {
        if rows.nodeCapacity != graph.entityCapacity || rows.relationCapacity != graph.relationCapacity {
            rows = AdjacencyRows(graph)
        }
    }

    /// Starts a new search over `graph`; returns its stamp.
    func begin(_ graph: Graph) -> UInt32 {
        let capacity = graph.entityCapacity
        if marks.count != 2 * capacity {
            marks = [Visit](repeating: Visit(), count: 2 * capacity)
            stamp = 0
        }
        if searchRows.nodeCapacity != capacity || searchRows.relationCapacity != graph.relationCapacity {
            searchRows = SearchRows(graph)
        }
        stamp &+= 1
        if stamp == 0 {
            // The stamp wrapped around after 2³² searches: old marks could look current.
            for k in marks.indices { marks[k].stamp = 0 }
            stamp = 1
        }
        return stamp
    }
}

/// Per-node adjacency rows of handle walks (``HandleMatchCounter``), filled on demand from a
/// graph and kept between walks in a ``PathSearchScratch``: each row a short array of hops.
struct AdjacencyRows {
    struct Hop {
        var neighbor: Int32
        var relation: Int32
        var type: Int32
    }
    /// Per node, where its outgoing (incoming) row is in `filled`; -1 until it is filled. Flat
    /// integers, so that making them for a large graph is one fill of memory (an array of
    /// optional rows is initialised element by element).
    var outgoingAt: [Int32] = []
    var incomingAt: [Int32] = []
    var filled: [ContiguousArray<Hop>] = []
    var relationCapacity = 0
    /// Interned relationship types.
    var interned = InternedRelationTypes()

    init() {}

    /// Empty rows for `graph`, with its relationship types interned in name order (so that the
    /// ids of its types are known without the rows: ``typeIDs(_:)``).
    init(_ graph: Graph) {
        outgoingAt = Array(repeating: -1, count: graph.entityCapacity)
        incomingAt = Array(repeating: -1, count: graph.entityCapacity)
        relationCapacity = graph.relationCapacity
        for t in graph.relationTypeCounts.keys.sorted() { _ = interned.intern(t, graph) }
    }

    /// The ids that rows made for `graph` give its relationship types.
    static func typeIDs(_ graph: Graph) -> [String: Int32] {
        var ids: [String: Int32] = [:]
        for t in graph.relationTypeCounts.keys.sorted() { ids[t] = Int32(ids.count) }
        return ids
    }

    /// The outgoing (`incoming == false`) or incoming row of `u`, filled from the graph on
    /// first use: each hop's neighbour is the relationship's other end.
    @inline(__always)
    mutating func row(_ u: EntityHandle, incoming: Bool, _ graph: Graph) -> ContiguousArray<Hop> {
        if let row = filledRow(u, incoming: incoming) { return row }
        var row = ContiguousArray<Hop>()
        for r in incoming ? graph.incoming(u) : graph.outgoing(u) {
            let rel = graph[r]
            row.append(Hop(neighbor: (incoming ? rel.from : rel.to).index, relation: r.index, type: interned.intern(rel.type, graph)))
        }
        if incoming { incomingAt[u.int] = Int32(filled.count) } else { outgoingAt[u.int] = Int32(filled.count) }
        filled.append(row)
        return row
    }

    /// How many nodes the rows are for.
    var nodeCapacity: Int { outgoingAt.count }

    /// The row of `u` if it has been filled.
    @inline(__always)
    func filledRow(_ u: EntityHandle, incoming: Bool) -> ContiguousArray<Hop>? {
        let k = incoming ? incomingAt[u.int] : outgoingAt[u.int]
        return k >= 0 ? filled[Int(k)] : nil
    }
}

/// Relationship types interned as small integers in the order they are first met, and whether
/// each is symmetric in the graph they were met in: what adjacency rows store per hop instead of
/// a type name.
struct InternedRelationTypes {
    private(set) var ids: [String: Int32] = [:]
    /// Per interned id, whether the type is symmetric.
    private(set) var symmetric: [Bool] = []

    /// The id of `type`, interned now if it is new.
    mutating func intern(_ type: String, _ graph: Graph) -> Int32 {
        if let t = ids[type] { return t }
        let t = Int32(ids.count)
        ids[type] = t
        symmetric.append(graph.symmetricTypes.contains(type))
        return t
    }
}

/// Per-node adjacency rows for searches, filled on demand from a graph (see
/// ``PathSearchScratch``): the hops of all filled rows in three flat arrays (neighbour,
/// relationship, interned type), each node's row a contiguous slice of them. A hop is known by
/// its position in the arrays, so a search reads only the neighbours of the hops it walks, the
/// types only when the pattern names types or the graph has symmetric types, and the
/// relationships only of the hops on the path it returns.
struct SearchRows {
    /// Where a node's row is in the flat arrays; `start` -1 until it is filled.
    struct Span {
        var start: Int32 = -1
        var count: Int32 = 0
    }
    /// Per node, its outgoing and incoming rows (at `2 * node` and `2 * node + 1`).
    var spans: [Span] = []
    var neighbors: [Int32] = []
    var relations: [Int32] = []
    var types: [Int32] = []
    var relationCapacity = 0
    /// Interned relationship types.
    var interned = InternedRelationTypes()
    var hasSymmetric = false

    init() {}

    /// Empty rows for `graph`.
    init(_ graph: Graph) {
        spans = Array(repeating: Span(), count: 2 * graph.entityCapacity)
        relationCapacity = graph.relationCapacity
        hasSymmetric = !graph.symmetricTypes.isEmpty
    }

    /// How many nodes the rows are for.
    var nodeCapacity: Int { spans.count / 2 }

    /// Interned ids of the given type names (nil: every type).
    mutating func ids(_ names: [String], _ graph: Graph) -> [Int32]? {
        names.isEmpty ? nil : names.map { interned.intern($0, graph) }
    }

    /// The outgoing (`incoming == false`) or incoming row of `u` as a range of hop positions,
    /// filled from the graph on first use: each hop's neighbour is the relationship's other end.
    /// - Complexity: O(1) once filled, else O(degree of `u`).
    @inline(__always)
    mutating func row(_ u: Int, incoming: Bool, _ graph: Graph) -> Range<Int> {
        let span = spans[2 * u + (incoming ? 1 : 0)]
        if span.start >= 0 { return Int(span.start)..<Int(span.start + span.count) }
        return fill(u, incoming: incoming, graph)
    }

    @inline(never)
    private mutating func fill(_ u: Int, incoming: Bool, _ graph: Graph) -> Range<Int> {
        let start = neighbors.count
        let list = incoming ? graph.incoming(EntityHandle(u)) : graph.outgoing(EntityHandle(u))
        for r in list {
            let rel = graph[r]
            neighbors.append((incoming ? rel.from : rel.to).index)
            relations.append(r.index)
            types.append(interned.intern(rel.type, graph))
        }
        spans[2 * u + (incoming ? 1 : 0)] = Span(start: Int32(start), count: Int32(list.count))
        return start..<neighbors.count
    }

    /// Calls `body(neighbour, hop position)` for each hop from `u` along `types` (nil: all) in
    /// `direction`, with the rules and in the order of ``Graph/neighbors(of:types:direction:)``:
    /// a symmetric type is walked from either end, a self-loop is reported once.
    @inline(__always)
    mutating func forEachHop(
        _ u: Int, _ graph: Graph, _ types: [Int32]?, _ direction: Graph.Direction, _ body: (Int, Int) throws -> Void
    ) rethrows {
        @inline(__always) func wanted(_ k: Int) -> Bool {
            guard let types else { return true }
            let t = self.types[k]
            return types.count == 1 ? types[0] == t : types.contains(t)
        }
        if direction != .incoming || hasSymmetric {
            let row = row(u, incoming: false, graph)
            if types == nil, direction == .outgoing {
                try neighbors.withUnsafeBufferPointer { nb in
                    for k in row { try body(Int(nb[k]), k) }
                }
            } else {
                for k in row {
                    if !wanted(k) { continue }
                    if direction == .incoming && !interned.symmetric[Int(self.types[k])] { continue }
                    try body(Int(neighbors[k]), k)
                }
            }
        }
        if direction != .outgoing || hasSymmetric {
            let row = row(u, incoming: true, graph)
            if types == nil, direction == .incoming, !hasSymmetric {
                try neighbors.withUnsafeBufferPointer { nb in
                    for k in row { try body(Int(nb[k]), k) }
                }
            } else {
                for k in row {
                    let v = Int(neighbors[k])
                    // A self-loop was reported by the outgoing pass when that pass took it.
                    if v == u, direction != .incoming || interned.symmetric[Int(self.types[k])] { continue }
                    if !wanted(k) { continue }
                    if direction == .outgoing && !interned.symmetric[Int(self.types[k])] { continue }
                    try body(v, k)
                }
            }
        }
    }
}

extension ExecutionContext {
    /// Breadth-first search for the shortest path(s) between two bound nodes: from both ends at
    /// once for one path, level by level from the start for all of them.
    /// - Complexity: O(nodes + relationships reached); nothing proportional to the graph's size.
    func shortestPath(_ s: ShortestPathStep, _ row: Row) throws -> RowIterator {
        guard case .node(let a) = row[s.from], case .node(let b) = row[s.to] else { return .empty }
        var paths: [PathValue] = []
        if a == b {
            if s.min == 0 { paths = [PathValue(nodes: [a], relationships: [])] }
        } else if s.all {
            paths = try allShortestPaths(a, b, s)
        } else if let p = try oneShortestPath(a, b, s) {
            paths = [p]
        }
        if s.min > 1 { paths = paths.filter { $0.length >= s.min } }
        let rows: [Row] = paths.map { p in
            var r = row
            r[s.relationship] = .list(p.relationships.map { .relationship($0) })
            if let ps = s.path { r[ps] = .path(p) }
            return r
        }
        return .of(rows)
    }

    /// A scratch for one search: the engine's while this run has created nothing (its rows
    /// describe the engine's graph), else a fresh one for this run's graph.
    private func takeScratch() -> (PathSearchScratch, shared: Bool) {
        if let s = takeSharedScratch() { return (s, true) }
        return (PathSearchScratch(), false)
    }

    /// Runs one search with a scratch (see ``takeScratch()``) stamped for it: its visit marks,
    /// adjacency rows and frontiers are taken out of the scratch while `body` runs, so that
    /// writes to them need no uniqueness check, and put back afterwards, whether `body` returned
    /// or threw.
    private func withSearchScratch<T>(
        _ body: (
            _ marks: inout [PathSearchScratch.Visit], _ rows: inout SearchRows, _ frontiers: inout [Int32], _ stamp: UInt32
        ) throws -> T
    ) rethrows -> T {
        let (sc, shared) = takeScratch()
        defer { if shared { returnSharedScratch(sc) } }
        let stamp = sc.begin(graph)
        var marks = sc.marks
        var rows = sc.searchRows
        var frontiers = sc.frontiers
        sc.marks = []
        sc.searchRows = SearchRows()
        sc.frontiers = []
        defer {
            sc.marks = marks
            sc.searchRows = rows
            sc.frontiers = frontiers
        }
        return try body(&marks, &rows, &frontiers, stamp)
    }

    private static func reversed(_ d: Graph.Direction) -> Graph.Direction {
        switch d {
        case .outgoing: .incoming
        case .incoming: .outgoing
        case .both: .both
        }
    }

    /// One level of one side of the bidirectional search: marks the unreached neighbours of
    /// `frontier` on `side` (0: from the start, 1: from the end) and puts them in `next` (from
    /// `nextCount` on); returns the first node the other side has reached too (nil: none), at once.
    ///
    /// The first such node is on a shortest path, and it is the one a search that completed the
    /// level and kept the first of its shortest meetings would return: with `la` and `lb` the
    /// levels of the two sides, every node the other side reached at a depth `d < lb` has been
    /// expanded, so its neighbours of this level's frontier were reached by the other side at
    /// `d + 1 <= lb`, which an earlier level would have found as a meeting. A node the other
    /// side has reached is so at depth `lb`, and every meeting of this level totals `la + 1 + lb`.
    @inline(__always)
    private func expandLevel(
        _ frontier: UnsafeMutableBufferPointer<Int32>, level: Int, side: Int, _ marks: UnsafeMutableBufferPointer<PathSearchScratch.Visit>,
        _ rows: inout SearchRows, stamp: UInt32, _ next: UnsafeMutablePointer<Int32>, _ nextCount: inout Int, _ g: Graph,
        types: [Int32]?, direction: Graph.Direction
    ) throws -> (total: Int, node: Int)? {
        let depth = Int32(level + 1)
        var count = nextCount
        defer { nextCount = count }
        for u32 in frontier {
            try checkDeadline()
            let u = Int(u32)
            var meet: (total: Int, node: Int)?
            rows.forEachHop(u, g, types, direction) { v, k in
                if meet != nil { return }
                let mine = 2 * v + side
                if marks[mine].stamp == stamp { return }
                marks[mine] = PathSearchScratch.Visit(stamp: stamp, depth: depth, viaNode: u32, viaHop: Int32(k))
                next[count] = Int32(v)
                count += 1
                let other = marks[2 * v + 1 - side]
                if other.stamp == stamp { meet = (level + 1 + Int(other.depth), v) }
            }
            if let meet { return meet }
        }
        return nil
    }

    /// One shortest path from `a` to `b`: a breadth-first search from both ends that always
    /// widens the smaller frontier, and stops at the first node both sides reach.
    /// - Complexity: O(nodes + relationships reached); nothing proportional to the graph's size
    ///   once the scratch has served a search on the graph.
    private func oneShortestPath(_ a: EntityHandle, _ b: EntityHandle, _ s: ShortestPathStep) throws -> PathValue? {
        let g = graph
        let n = g.entityCapacity
        return try withSearchScratch { marks, rows, frontiers, stamp in
            let types = rows.ids(s.types, g)
            let backwardDirection = Self.reversed(s.direction)
            if frontiers.count != 3 * n { frontiers = [Int32](repeating: 0, count: 3 * n) }
            // Marks and frontiers are read and written through pointers (no uniqueness or bounds
            // checks): node handles come from the graph, below `n`, and a level adds each node once.
            return try marks.withUnsafeMutableBufferPointer { m in
                try frontiers.withUnsafeMutableBufferPointer { f in
                    guard let base = f.baseAddress, m.count == 2 * n, f.count == 3 * n else { return nil }
                    m[2 * a.int] = .init(stamp: stamp, depth: 0, viaNode: -1, viaHop: -1)
                    m[2 * b.int + 1] = .init(stamp: stamp, depth: 0, viaNode: -1, viaHop: -1)
                    // The regions of the frontier from a, the one from b, and the next level.
                    var atA = base, atB = base + n, atNext = base + 2 * n
                    atA[0] = a.index
                    atB[0] = b.index
                    var countA = 1, countB = 1
                    var levelA = 0, levelB = 0
                    while countA > 0, countB > 0, levelA + levelB < s.max {
                        var countNext = 0
                        let meet: (total: Int, node: Int)?
                        if countA <= countB {
                            meet = try expandLevel(
                                UnsafeMutableBufferPointer(start: atA, count: countA), level: levelA, side: 0, m, &rows,
                                stamp: stamp, atNext, &countNext, g, types: types, direction: s.direction)
                            levelA += 1
                            swap(&atA, &atNext)
                            countA = countNext
                        } else {
                            meet = try expandLevel(
                                UnsafeMutableBufferPointer(start: atB, count: countB), level: levelB, side: 1, m, &rows,
                                stamp: stamp, atNext, &countNext, g, types: types, direction: backwardDirection)
                            levelB += 1
                            swap(&atB, &atNext)
                            countB = countNext
                        }
                        if let meet, meet.total <= s.max {
                            return Self.meetingPath(a, b, meet.node, length: meet.total, m, rows)
                        }
                    }
                    return nil
                }
            }
        }
    }

    /// The path through `meet` of a bidirectional search: back to `a` along the marks of the
    /// search from `a`, then on to `b` along those of the search from `b`.
    private static func meetingPath(
        _ a: EntityHandle, _ b: EntityHandle, _ meet: Int, length: Int, _ marks: UnsafeMutableBufferPointer<PathSearchScratch.Visit>,
        _ rows: SearchRows
    ) -> PathValue {
        var nodes: [EntityHandle] = []
        var rels: [RelationHandle] = []
        nodes.reserveCapacity(length + 1)
        rels.reserveCapacity(length)
        nodes.append(EntityHandle(meet))
        var cur = meet
        while cur != a.int {
            let m = marks[2 * cur]
            rels.append(RelationHandle(Int(rows.relations[Int(m.viaHop)])))
            cur = Int(m.viaNode)
            nodes.append(EntityHandle(cur))
        }
        nodes.reverse()
        rels.reverse()
        cur = meet
        while cur != b.int {
            let m = marks[2 * cur + 1]
            rels.append(RelationHandle(Int(rows.relations[Int(m.viaHop)])))
            cur = Int(m.viaNode)
            nodes.append(EntityHandle(cur))
        }
        return PathValue(nodes: nodes, relationships: rels)
    }

    /// Every shortest path from `a` to `b`: a breadth-first search from `a` that records every
    /// parent at the previous level, stopping after the level that reaches `b`.
    private func allShortestPaths(_ a: EntityHandle, _ b: EntityHandle, _ s: ShortestPathStep) throws -> [PathValue] {
        let g = graph
        return try withSearchScratch { marks, rows, _, stamp in
            let types = rows.ids(s.types, g)
            // Each reached node's parents at the previous level, with the hop (its position in
            // the rows) from each.
            var parents: [Int: [(EntityHandle, Int32)]] = [:]
            marks[2 * a.int] = .init(stamp: stamp, depth: 0, viaNode: -1, viaHop: -1)
            var frontier = [a]
            var d: Int32 = 0
            var found = false
            while !found, !frontier.isEmpty, Int(d) < s.max {
                d += 1
                var next: [EntityHandle] = []
                for u in frontier {
                    try checkDeadline()
                    rows.forEachHop(u.int, g, types, s.direction) { v, k in
                        let hop = Int32(k)
                        if marks[2 * v].stamp == stamp {
                            if marks[2 * v].depth == d { parents[v, default: []].append((u, hop)) }
                            return
                        }
                        marks[2 * v] = .init(stamp: stamp, depth: d, viaNode: u.index, viaHop: Int32(k))
                        parents[v] = [(u, hop)]
                        next.append(EntityHandle(v))
                        if v == b.int { found = true }
                    }
                }
                frontier = next
            }
            guard found else { return [] }
            var paths: [PathValue] = []
            func walk(_ n: EntityHandle, _ nodes: [EntityHandle], _ rels: [RelationHandle]) {
                if n == a {
                    paths.append(PathValue(nodes: nodes.reversed(), relationships: rels.reversed()))
                    return
                }
                for (p, k) in parents[n.int] ?? [] {
                    walk(p, nodes + [p], rels + [RelationHandle(Int(rows.relations[Int(k)]))])
                }
            }
            walk(b, [b], [])
            return paths
        }
    }
}

