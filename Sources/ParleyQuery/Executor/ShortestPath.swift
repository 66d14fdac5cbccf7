import ParleyCore

/// Scratch arrays of path searches, indexed by entity handle and kept between searches (by the
/// engine, across runs): a node counts as reached only when its stamp equals the current
/// search's, so starting a search costs nothing however large the graph is, where clearing or
/// allocating arrays of every entity would cost more than a short search itself.
final class PathSearchScratch {
    /// How a node was reached by one side of a search: at which depth, from which node, along
    /// which relationship (-1 for the side's start node).
    struct Visit {
        var stamp: UInt32 = 0
        var depth: Int32 = 0
        var viaNode: Int32 = -1
        var viaRelation: Int32 = -1
    }

    /// Marks of the search from the start node and of the search from the end node.
    var forward: [Visit] = []
    var backward: [Visit] = []
    private(set) var stamp: UInt32 = 0

    /// Starts a new search over entity handles below `capacity`; returns its stamp.
    func begin(capacity: Int) -> UInt32 {
        if forward.count < capacity {
            forward = [Visit](repeating: Visit(), count: capacity)
            backward = forward
            stamp = 0
        }
        stamp &+= 1
        if stamp == 0 {
            // The stamp wrapped around after 2³² searches: old marks could look current.
            for k in forward.indices { forward[k].stamp = 0 }
            for k in backward.indices { backward[k].stamp = 0 }
            stamp = 1
        }
        return stamp
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

    /// What this search walks: the engine's adjacency index when the engine has one for this
    /// graph or has run path searches before (the index pays for itself from the second search
    /// on), else the graph's own adjacency lists, so that a single search (`parley query` runs
    /// one) does not wait for an index of the whole graph.
    private func pathAdjacency(_ types: [String]) -> PathAdjacency {
        if writers.isEmpty, let c = engineCache, let x = c.adjacencyForSearch(of: graph) {
            return .index(x, x.ids(types))
        }
        return .graph(graph, types.isEmpty ? nil : Set(types))
    }

    /// Calls `body(neighbour, relationship)` for each hop from `u` in `direction`, with the rules
    /// of ``Graph/neighbors(of:types:direction:)``: a symmetric type is walked from either end.
    @inline(__always)
    private static func forEachHop(
        _ u: EntityHandle, _ adjacency: PathAdjacency, _ direction: Graph.Direction, _ body: (Int32, Int32) throws -> Void
    ) rethrows {
        switch adjacency {
        case .graph(let g, let types):
            for hop in g.neighbors(of: u, types: types, direction: direction) {
                try body(hop.neighbor.index, hop.relation.index)
            }
        case .index(let x, let types):
            try forEachHop(u.int, x, types, direction, body)
        }
    }

    @inline(__always)
    private static func forEachHop(
        _ u: Int, _ x: AdjacencyIndex, _ types: [Int32]?, _ direction: Graph.Direction, _ body: (Int32, Int32) throws -> Void
    ) rethrows {
        @inline(__always) func symmetric(_ t: Int32) -> Bool { t >= 0 && x.symmetric[Int(t)] }
        @inline(__always) func wanted(_ t: Int32) -> Bool {
            guard let types else { return true }
            return types.count == 1 ? types[0] == t : types.contains(t)
        }
        if direction != .incoming || x.hasSymmetric {
            for k in Int(x.outStart[u])..<Int(x.outStart[u + 1]) {
                let t = x.outType[k]
                if !wanted(t) { continue }
                if direction == .incoming && !symmetric(t) { continue }
                try body(x.outNeighbor[k], x.outRelation[k])
            }
        }
        if direction != .outgoing || x.hasSymmetric {
            for k in Int(x.inStart[u])..<Int(x.inStart[u + 1]) {
                let v = x.inNeighbor[k]
                let t = x.inType[k]
                // A self-loop was reported by the outgoing pass when that pass took it.
                if v == Int32(u), direction != .incoming || symmetric(t) { continue }
                if !wanted(t) { continue }
                if direction == .outgoing && !symmetric(t) { continue }
                try body(v, x.inRelation[k])
            }
        }
    }

    private static func reversed(_ d: Graph.Direction) -> Graph.Direction {
        switch d {
        case .outgoing: .incoming
        case .incoming: .outgoing
        case .both: .both
        }
    }

    /// One level of one side of the bidirectional search: marks the unreached neighbours of
    /// `frontier` in `mine` and returns them, with the shortest meeting with the other side.
    private func expandLevel(
        _ frontier: [EntityHandle], level: Int, _ mine: inout [PathSearchScratch.Visit], _ other: [PathSearchScratch.Visit],
        stamp: UInt32, _ adjacency: PathAdjacency, direction: Graph.Direction
    ) throws -> (next: [EntityHandle], meet: (total: Int, node: EntityHandle)?) {
        var next: [EntityHandle] = []
        var best: (total: Int, node: EntityHandle)?
        let depth = Int32(level + 1)
        for u in frontier {
            try checkDeadline()
            Self.forEachHop(u, adjacency, direction) { v32, r in
                let v = Int(v32)
                if mine[v].stamp == stamp { return }
                mine[v] = PathSearchScratch.Visit(stamp: stamp, depth: depth, viaNode: u.index, viaRelation: r)
                next.append(EntityHandle(v))
                if other[v].stamp == stamp {
                    let total = level + 1 + Int(other[v].depth)
                    if best == nil || total < best!.total { best = (total, EntityHandle(v)) }
                }
            }
        }
        return (next, best)
    }

    /// One shortest path from `a` to `b`: a breadth-first search from both ends that always
    /// widens the smaller frontier, and stops at the first level where the two meet.
    private func oneShortestPath(_ a: EntityHandle, _ b: EntityHandle, _ s: ShortestPathStep) throws -> PathValue? {
        let adjacency = pathAdjacency(s.types)
        let sc = engineCache?.takeScratch() ?? PathSearchScratch()
        defer { engineCache?.returnScratch(sc) }
        let stamp = sc.begin(capacity: graph.entityCapacity)
        // Taken out of the scratch for the search so that writes need no uniqueness check.
        var fwd = sc.forward
        var bwd = sc.backward
        sc.forward = []
        sc.backward = []
        defer {
            sc.forward = fwd
            sc.backward = bwd
        }
        fwd[a.int] = .init(stamp: stamp, depth: 0, viaNode: -1, viaRelation: -1)
        bwd[b.int] = .init(stamp: stamp, depth: 0, viaNode: -1, viaRelation: -1)
        let backwardDirection = Self.reversed(s.direction)
        var frontierA = [a], frontierB = [b]
        var levelA = 0, levelB = 0
        while !frontierA.isEmpty, !frontierB.isEmpty, levelA + levelB < s.max {
            let meet: (total: Int, node: EntityHandle)?
            if frontierA.count <= frontierB.count {
                let r = try expandLevel(frontierA, level: levelA, &fwd, bwd, stamp: stamp, adjacency, direction: s.direction)
                levelA += 1
                frontierA = r.next
                meet = r.meet
            } else {
                let r = try expandLevel(frontierB, level: levelB, &bwd, fwd, stamp: stamp, adjacency, direction: backwardDirection)
                levelB += 1
                frontierB = r.next
                meet = r.meet
            }
            if let meet, meet.total <= s.max {
                // Walk back to a from the meeting node, then on to b.
                var nodes: [EntityHandle] = [meet.node]
                var rels: [RelationHandle] = []
                var cur = meet.node.int
                while cur != a.int {
                    rels.append(RelationHandle(Int(fwd[cur].viaRelation)))
                    cur = Int(fwd[cur].viaNode)
                    nodes.append(EntityHandle(cur))
                }
                nodes.reverse()
                rels.reverse()
                cur = meet.node.int
                while cur != b.int {
                    rels.append(RelationHandle(Int(bwd[cur].viaRelation)))
                    cur = Int(bwd[cur].viaNode)
                    nodes.append(EntityHandle(cur))
                }
                return PathValue(nodes: nodes, relationships: rels)
            }
        }
        return nil
    }

    /// Every shortest path from `a` to `b`: a breadth-first search from `a` that records every
    /// parent at the previous level, stopping after the level that reaches `b`.
    private func allShortestPaths(_ a: EntityHandle, _ b: EntityHandle, _ s: ShortestPathStep) throws -> [PathValue] {
        let adjacency = pathAdjacency(s.types)
        let sc = engineCache?.takeScratch() ?? PathSearchScratch()
        defer { engineCache?.returnScratch(sc) }
        let stamp = sc.begin(capacity: graph.entityCapacity)
        var marks = sc.forward
        sc.forward = []
        defer { sc.forward = marks }
        var parents: [Int: [(EntityHandle, RelationHandle)]] = [:]
        marks[a.int] = .init(stamp: stamp, depth: 0, viaNode: -1, viaRelation: -1)
        var frontier = [a]
        var d: Int32 = 0
        var found = false
        while !found, !frontier.isEmpty, Int(d) < s.max {
            d += 1
            var next: [EntityHandle] = []
            for u in frontier {
                try checkDeadline()
                Self.forEachHop(u, adjacency, s.direction) { v32, r32 in
                    let v = Int(v32)
                    let rel = RelationHandle(Int(r32))
                    if marks[v].stamp == stamp {
                        if marks[v].depth == d { parents[v, default: []].append((u, rel)) }
                        return
                    }
                    marks[v] = .init(stamp: stamp, depth: d, viaNode: u.index, viaRelation: r32)
                    parents[v] = [(u, rel)]
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
            for (p, r) in parents[n.int] ?? [] { walk(p, nodes + [p], rels + [r]) }
        }
        walk(b, [b], [])
        return paths
    }
}

/// The adjacency a path search walks, with its type filter resolved for it.
enum PathAdjacency {
    /// The graph's own lists, filtered by type name (nil: every type).
    case graph(Graph, Set<String>?)
    /// The engine's index, filtered by interned type (nil: every type).
    case index(AdjacencyIndex, [Int32]?)
}
