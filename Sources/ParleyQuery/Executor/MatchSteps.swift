import ParleyCore

extension ExecutionContext {
    /// The rows one pattern step yields for an input row.
    func run(_ step: MatchStep, _ row: Row) throws -> RowIterator {
        switch step {
        case .nothing:
            return .empty
        case .filter(let e):
            return try isTrue(e, row) ? .of([row]) : .empty
        case .scanAll(let slot):
            let handles = Array(graph.entityHandles)
            return nodes(handles, slot, row)
        case .scanLabel(let slot, let label):
            return nodes(graph.entities(ofType: label), slot, row)
        case .lookupID(let slot, let key, let fallback):
            let k = try eval(key, row)
            guard let id = k.stringValue else { return k.isNull ? .empty : try run(fallback, row) }
            guard let h = graph.handle(forID: id), !PropertyMapping.isGeneratedID(id) else { return .empty }
            return nodes([h], slot, row)
        case .lookupName(let slot, let key):
            guard let text = try eval(key, row).stringValue else { return .empty }
            // `resolve` returns an exact id match alone; a trailing space (folded away) asks
            // for every id, name and alias match instead.
            let hits = graph.handle(forID: text) == nil ? graph.resolve(text) : graph.resolve(text + " ")
            return nodes(hits, slot, row)
        case .expand(let e):
            return try expand(e, row)
        case .varExpand(let e):
            return try varExpand(e, row)
        case .shortestPath(let s):
            return try shortestPath(s, row)
        case .bindPath(let slot, let nodeSlots, let relSlots, let varLength):
            guard case .node(let start) = row[nodeSlots[0]] else { return .empty }
            var nodes = [start]
            var rels: [RelationHandle] = []
            var cur = start
            for (k, rs) in relSlots.enumerated() {
                var list: [RelationHandle] = []
                if varLength[k] {
                    guard case .list(let l) = row[rs] else { return .empty }
                    for x in l { if case .relationship(let h) = x { list.append(h) } }
                } else {
                    guard case .relationship(let h) = row[rs] else { return .empty }
                    list = [h]
                }
                for h in list {
                    let r = graph[h]
                    cur = r.from == cur ? r.to : r.from
                    nodes.append(cur)
                    rels.append(h)
                }
            }
            var out = row
            out[slot] = .path(PathValue(nodes: nodes, relationships: rels))
            return .of([out])
        }
    }

    private func nodes(_ handles: [EntityHandle], _ slot: Int, _ row: Row) -> RowIterator {
        var k = 0
        return RowIterator {
            guard k < handles.count else { return nil }
            var r = row
            r[slot] = .node(handles[k])
            k += 1
            return r
        }
    }

    /// Whether relationship `h` differs from every relationship bound in `slots` of `row`.
    func isDistinct(_ h: RelationHandle, from slots: [Int], _ row: Row) -> Bool {
        for s in slots {
            switch row[s] {
            case .relationship(let x): if x == h { return false }
            case .list(let l): if l.contains(.relationship(h)) { return false }
            default: break
            }
        }
        return true
    }

    /// The hops from a node along relationships of the given types (all when empty). A symmetric
    /// type is walked from either end; a self-loop is reported once, whichever way is asked.
    /// - Complexity: O(degree of the node).
    func steps(from node: EntityHandle, types: [String], direction: Graph.Direction) -> [Hop] {
        var out: [Hop] = []
        let symmetric = graph.symmetricTypes
        @inline(__always) func wanted(_ t: String) -> Bool {
            if types.isEmpty { return true }
            if types.count == 1 { return types[0] == t }
            return types.contains(t)
        }
        for r in graph.outgoing(node) {
            let rel = graph[r]
            guard wanted(rel.type) else { continue }
            if direction == .incoming && !symmetric.contains(rel.type) && rel.from != rel.to { continue }
            out.append(Hop(relation: r, neighbor: rel.to, forward: true))
        }
        if direction == .outgoing && symmetric.isEmpty { return out }
        for r in graph.incoming(node) {
            let rel = graph[r]
            if rel.from == rel.to { continue }  // reported from the outgoing side
            guard wanted(rel.type) else { continue }
            if direction == .outgoing && !symmetric.contains(rel.type) { continue }
            out.append(Hop(relation: r, neighbor: rel.from, forward: false))
        }
        return out
    }

    private func expand(_ e: ExpandStep, _ row: Row) throws -> RowIterator {
        guard case .node(let from) = row[e.from] else { return .empty }
        var target: EntityHandle?
        if e.toBound {
            guard case .node(let t) = row[e.to] else { return .empty }
            target = t
        }
        var fixed: RelationHandle?
        if e.relationshipBound {
            guard case .relationship(let r) = row[e.relationship] else { return .empty }
            fixed = r
        }
        let candidates = steps(from: from, types: e.types, direction: e.direction)
        var k = 0
        return RowIterator { [self] in
            while k < candidates.count {
                let s = candidates[k]
                k += 1
                if let target, s.neighbor != target { continue }
                if let fixed, s.relation != fixed { continue }
                if !e.distinctFrom.isEmpty, !isDistinct(s.relation, from: e.distinctFrom, row) { continue }
                var r = row
                r[e.relationship] = .relationship(s.relation)
                r[e.to] = .node(s.neighbor)
                return r
            }
            return nil
        }
    }

    private func relationshipMatches(_ h: RelationHandle, _ props: Expr?, _ row: Row) throws -> Bool {
        guard let props else { return true }
        let want = try eval(props, row)
        guard case .map(let m) = want else { return true }
        let rel = graph[h]
        for (k, v) in m where QueryValue.cypherEquals(PropertyMapping.relationshipProperty(rel, k), v) != true { return false }
        return true
    }

    /// Depth-first walk of every path of `min...max` relationships, each relationship used once.
    private func varExpand(_ e: VarExpandStep, _ row: Row) throws -> RowIterator {
        guard case .node(let from) = row[e.from] else { return .empty }
        var target: EntityHandle?
        if e.toBound {
            guard case .node(let t) = row[e.to] else { return .empty }
            target = t
        }
        // Explicit stack of (node, candidate steps, next index).
        if e.relationshipBound {
            return try followBoundList(e, from: from, target: target, row)
        }
        var stack: [(node: EntityHandle, steps: [Hop], k: Int)] = []
        var path: [RelationHandle] = []
        var used = Set<RelationHandle>()
        var emittedStart = false
        let start = from
        return RowIterator { [self] in
            if !emittedStart {
                emittedStart = true
                if e.max >= 1 { stack.append((start, steps(from: start, types: e.types, direction: e.direction), 0)) }
                if e.min == 0, target == nil || target == start {
                    var r = row
                    r[e.relationship] = .list([])
                    r[e.to] = .node(start)
                    return r
                }
            }
            while !stack.isEmpty {
                try checkDeadline()
                let top = stack.count - 1
                if stack[top].k >= stack[top].steps.count {
                    stack.removeLast()
                    if let last = path.popLast() { used.remove(last) }
                    continue
                }
                let s = stack[top].steps[stack[top].k]
                stack[top].k += 1
                if used.contains(s.relation) { continue }
                if !e.distinctFrom.isEmpty, !isDistinct(s.relation, from: e.distinctFrom, row) { continue }
                if try !relationshipMatches(s.relation, e.properties, row) { continue }
                if e.capped { try countUnboundedStep() }
                path.append(s.relation)
                used.insert(s.relation)
                let depth = path.count
                var result: Row?
                if depth >= e.min, target == nil || target == s.neighbor {
                    var r = row
                    let rels = e.reversed ? path.reversed() : path
                    r[e.relationship] = .list(rels.map { .relationship($0) })
                    r[e.to] = .node(s.neighbor)
                    result = r
                }
                if depth < e.max {
                    stack.append((s.neighbor, steps(from: s.neighbor, types: e.types, direction: e.direction), 0))
                } else {
                    if e.capped, !cappedWarningGiven, !steps(from: s.neighbor, types: e.types, direction: e.direction).allSatisfy({ used.contains($0.relation) }) {
                        cappedWarningGiven = true
                        warn("a variable-length pattern without an upper bound was cut at \(e.max) relationships (raise the cap with --max-length)")
                    }
                    path.removeLast()
                    used.remove(s.relation)
                }
                if let result { return result }
            }
            return nil
        }
    }

    /// `MATCH ()-[rs*]->()` with `rs` bound to a list: the walk along exactly that list.
    private func followBoundList(_ e: VarExpandStep, from: EntityHandle, target: EntityHandle?, _ row: Row) throws -> RowIterator {
        guard case .list(let l) = row[e.relationship] else { return .empty }
        var rels: [RelationHandle] = []
        for x in l { guard case .relationship(let h) = x else { return .empty }; rels.append(h) }
        if e.reversed { rels.reverse() }
        guard rels.count >= e.min, rels.count <= e.max, Set(rels).count == rels.count else { return .empty }
        var cur = from
        for h in rels {
            guard let hop = steps(from: cur, types: e.types, direction: e.direction).first(where: { $0.relation == h }) else { return .empty }
            cur = hop.neighbor
        }
        if let target, target != cur { return .empty }
        var r = row
        r[e.to] = .node(cur)
        return .of([r])
    }

    /// Breadth-first search for the shortest path(s) between two bound nodes.
    private func shortestPath(_ s: ShortestPathStep, _ row: Row) throws -> RowIterator {
        guard case .node(let a) = row[s.from], case .node(let b) = row[s.to] else { return .empty }
        if a == b && s.min > 0 { return .empty }
        var parents: [EntityHandle: [(EntityHandle, RelationHandle)]] = [a: []]
        var depth: [EntityHandle: Int] = [a: 0]
        var frontier = [a]
        var d = 0
        var found = a == b
        while !found, !frontier.isEmpty, d < s.max {
            d += 1
            var next: [EntityHandle] = []
            for n in frontier {
                try checkDeadline()
                for st in steps(from: n, types: s.types, direction: s.direction) {
                    if let dn = depth[st.neighbor] {
                        if dn == d && s.all { parents[st.neighbor, default: []].append((n, st.relation)) }
                        continue
                    }
                    depth[st.neighbor] = d
                    parents[st.neighbor] = [(n, st.relation)]
                    next.append(st.neighbor)
                    if st.neighbor == b { found = true }
                }
            }
            frontier = next
        }
        guard found else { return .empty }
        // Enumerate paths back from b.
        var paths: [PathValue] = []
        func walk(_ n: EntityHandle, _ nodes: [EntityHandle], _ rels: [RelationHandle]) {
            if n == a {
                paths.append(PathValue(nodes: nodes.reversed(), relationships: rels.reversed()))
                return
            }
            for (p, r) in parents[n] ?? [] {
                walk(p, nodes + [p], rels + [r])
                if !s.all && !paths.isEmpty { return }
            }
        }
        walk(b, [b], [])
        if s.min > 0 { paths = paths.filter { $0.length >= s.min } }
        let rows: [Row] = paths.map { p in
            var r = row
            r[s.relationship] = .list(p.relationships.map { .relationship($0) })
            if let ps = s.path { r[ps] = .path(p) }
            return r
        }
        return .of(rows)
    }
}

/// One step from a node: the relationship taken and the node reached.
struct Hop {
    var relation: RelationHandle
    var neighbor: EntityHandle
    var forward: Bool
}
