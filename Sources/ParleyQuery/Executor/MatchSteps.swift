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
        expandCalls += 1
        if expandCalls > 512 {
            // A wide query: read the relation table instead of whole relations.
            let table = relationTable
            let typeIDs = table.ids(e.types)
            var cursor = AdjacencyCursor(from, graph)
            return RowIterator { [self] in
                while let s = cursor.next(table, types: typeIDs, direction: e.direction) {
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
        var stack: [AdjacencyCursor] = []
        var path: [RelationHandle] = []
        var used = Set<RelationHandle>()
        var emittedStart = false
        let start = from
        let g = graph
        let symmetric = g.symmetricTypes
        // Many start nodes: read the flat relation table; a few: read the graph directly.
        varExpandCalls += 1
        let table: RelationTable? = varExpandCalls > 64 ? relationTable : nil
        let typeIDs = table?.ids(e.types)
        return RowIterator { [self] in
            if !emittedStart {
                emittedStart = true
                if e.max >= 1 { stack.append(AdjacencyCursor(start, g)) }
                if e.min == 0, target == nil || target == start {
                    var r = row
                    if e.bindList { r[e.relationship] = .list([]) }
                    r[e.to] = .node(start)
                    return r
                }
            }
            while !stack.isEmpty {
                try checkDeadline()
                let top = stack.count - 1
                let hop = table.map { stack[top].next($0, types: typeIDs, direction: e.direction) }
                    ?? stack[top].next(g, types: e.types, direction: e.direction, symmetric: symmetric)
                guard let s = hop else {
                    stack.removeLast()
                    if let last = path.popLast(), path.count >= 8 { used.remove(last) }
                    continue
                }
                // Relationship uniqueness along the path: a linear scan while it is short.
                if path.count < 8 ? path.contains(s.relation) : used.contains(s.relation) { continue }
                if !e.distinctFrom.isEmpty, !isDistinct(s.relation, from: e.distinctFrom, row) { continue }
                if e.properties != nil, try !relationshipMatches(s.relation, e.properties, row) { continue }
                if e.capped { try countUnboundedStep() }
                path.append(s.relation)
                if path.count > 8 { used.insert(s.relation) } else if path.count == 8 { used = Set(path) }
                let depth = path.count
                var result: Row?
                if depth >= e.min, target == nil || target == s.neighbor {
                    var r = row
                    if e.bindList {
                        let rels = e.reversed ? path.reversed() : path
                        r[e.relationship] = .list(rels.map { .relationship($0) })
                    }
                    r[e.to] = .node(s.neighbor)
                    result = r
                }
                if depth < e.max {
                    stack.append(AdjacencyCursor(s.neighbor, g))
                } else {
                    if e.capped, !cappedWarningGiven, !steps(from: s.neighbor, types: e.types, direction: e.direction).allSatisfy({ path.contains($0.relation) }) {
                        cappedWarningGiven = true
                        warn("a variable-length pattern without an upper bound was cut at \(e.max) relationships (raise the cap with --max-length)")
                    }
                    if path.count >= 8 { used.remove(s.relation) }
                    path.removeLast()
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
}

/// Relation endpoints and types in flat arrays indexed by handle, with types interned: what
/// long walks (variable length, shortest path) read instead of whole ``Relation`` values.
/// Built once per query run, on first use.
/// - Complexity: O(relations) to build.
final class RelationTable {
    let from: [Int32]
    let to: [Int32]
    let type: [Int32]
    let typeIDs: [String: Int32]
    /// Per interned type: whether it is symmetric.
    let symmetric: [Bool]

    init(_ graph: Graph) {
        let n = graph.relationCapacity
        var from = [Int32](repeating: -1, count: n)
        var to = [Int32](repeating: -1, count: n)
        var type = [Int32](repeating: -1, count: n)
        var ids: [String: Int32] = [:]
        // Types from the type index and endpoints from the adjacency lists: no relation is copied.
        for name in graph.relationTypeCounts.keys.sorted() {
            let t = Int32(ids.count)
            ids[name] = t
            for h in graph.relations(ofType: name) { type[h.int] = t }
        }
        for e in 0..<graph.entityCapacity {
            let h = EntityHandle(e)
            guard graph.isLive(h) else { continue }
            for r in graph.outgoing(h) { from[r.int] = Int32(e) }
            for r in graph.incoming(h) { to[r.int] = Int32(e) }
        }
        var sym = [Bool](repeating: false, count: ids.count)
        for (name, id) in ids where graph.symmetricTypes.contains(name) { sym[Int(id)] = true }
        self.from = from
        self.to = to
        self.type = type
        self.typeIDs = ids
        self.symmetric = sym
    }

    /// Interned ids of the given type names (nil: every type). A name not in the graph gets -2,
    /// which matches nothing.
    func ids(_ names: [String]) -> [Int32]? {
        names.isEmpty ? nil : names.map { typeIDs[$0] ?? -2 }
    }

    var hasSymmetric: Bool { symmetric.contains(true) }
}

/// A position in a node's adjacency lists (outgoing, then incoming): walks them without building
/// an array of steps, with the rules of ``ExecutionContext/steps(from:types:direction:)``.
struct AdjacencyCursor {
    let node: EntityHandle
    let outgoing: ContiguousArray<RelationHandle>
    let incoming: ContiguousArray<RelationHandle>
    var k = 0

    init(_ node: EntityHandle, _ graph: Graph) {
        self.node = node
        outgoing = graph.outgoing(node)
        incoming = graph.incoming(node)
    }

    /// The next hop, reading relations from the graph itself: no table to build, dearer per hop;
    /// for walks that touch little of the graph.
    mutating func next(_ graph: Graph, types: [String], direction: Graph.Direction, symmetric: Set<String>) -> Hop? {
        while k < outgoing.count {
            let r = outgoing[k]
            k += 1
            let rel = graph[r]
            if !types.isEmpty, !(types.count == 1 ? types[0] == rel.type : types.contains(rel.type)) { continue }
            if direction == .incoming && rel.from != rel.to && !symmetric.contains(rel.type) { continue }
            return Hop(relation: r, neighbor: rel.to, forward: true)
        }
        if direction == .outgoing && symmetric.isEmpty { return nil }
        while k - outgoing.count < incoming.count {
            let r = incoming[k - outgoing.count]
            k += 1
            let rel = graph[r]
            if rel.from == rel.to { continue }
            if !types.isEmpty, !(types.count == 1 ? types[0] == rel.type : types.contains(rel.type)) { continue }
            if direction == .outgoing && !symmetric.contains(rel.type) { continue }
            return Hop(relation: r, neighbor: rel.from, forward: false)
        }
        return nil
    }

    /// The next hop along relationships of `types` (every type when nil) in `direction`.
    /// - Complexity: amortised O(1) per relationship of the node.
    mutating func next(_ t: RelationTable, types: [Int32]?, direction: Graph.Direction) -> Hop? {
        while k < outgoing.count {
            let r = outgoing[k]
            k += 1
            let ty = t.type[r.int]
            if let types, !(types.count == 1 ? types[0] == ty : types.contains(ty)) { continue }
            let to = t.to[r.int]
            if direction == .incoming && t.from[r.int] != to && !t.symmetric[Int(ty)] { continue }
            return Hop(relation: r, neighbor: EntityHandle(Int(to)), forward: true)
        }
        if direction == .outgoing && !t.hasSymmetric { return nil }
        while k - outgoing.count < incoming.count {
            let r = incoming[k - outgoing.count]
            k += 1
            let f = t.from[r.int]
            if f == t.to[r.int] { continue }
            let ty = t.type[r.int]
            if let types, !(types.count == 1 ? types[0] == ty : types.contains(ty)) { continue }
            if direction == .outgoing && !t.symmetric[Int(ty)] { continue }
            return Hop(relation: r, neighbor: EntityHandle(Int(f)), forward: false)
        }
        return nil
    }
}

/// One step from a node: the relationship taken and the node reached.
struct Hop {
    var relation: RelationHandle
    var neighbor: EntityHandle
    var forward: Bool
}
