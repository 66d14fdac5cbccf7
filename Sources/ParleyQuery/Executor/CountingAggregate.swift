import ParleyCore

/// Runs a ``CountingAggregateSpec``: the pattern steps walk with every bound node and
/// relationship as an integer handle in a flat slot array (no row of values per match), each
/// match adds to the count of the group of its key handles (a hash table keyed on at most two
/// handles packed in one integer), and only at the end are the keys evaluated, once per such
/// group, and groups with equal keys merged. When the last step is counted, each row of the
/// steps before it adds the number of its expansions; a variable-length expansion is then walked
/// without building paths, and its last level is counted from the nodes' degrees.
///
/// Rows and groups come in the order of the general operators (``MatchSource`` feeding
/// ``AggregateSource``): the same scans, the same adjacency order, the same depth-first walk.
/// - Complexity: O(matches of the steps before a counted last step + groups); each such match
///   costs a hash look-up, no allocation.
final class CountingAggregateSource: RowSource {
    let spec: CountingAggregateSpec
    let ctx: ExecutionContext
    private var output: [Row]?
    private var k = 0

    init(spec: CountingAggregateSpec, ctx: ExecutionContext) {
        self.spec = spec
        self.ctx = ctx
    }

    func next() throws -> Row? {
        if output == nil {
            let run = HandleMatchCounter(spec, ctx)
            output = try run.compute()
        }
        guard let o = output, k < o.count else { return nil }
        defer { k += 1 }
        return o[k]
    }
}

/// The state of a walk that the recursion passes down by `inout` (no copies, no exclusivity
/// checks of class properties in the inner loop).
struct HandleWalkState {
    /// Per slot: the handle bound there, -1 for none (null).
    var handles: [Int32]
    /// A row of values for filters, with the handle slots they read written in before each use.
    var scratch: Row
    /// Packed key handles → group number.
    var groupIndex: [UInt64: Int] = [:]
    var counts: [Int] = []
    /// Per group, the handles of ``HandleMatchCounter/kept`` slots of its first row.
    var firstRows: [Int32] = []
    var lastKey: UInt64 = .max
    var lastGroup = -1
}

/// One run of a counting aggregation (see ``CountingAggregateSource``).
final class HandleMatchCounter {
    /// A step prepared for the walk.
    enum Step {
        case start(slot: Int, MatchStep)
        case expand(ExpandStep)
        case varExpand(VarExpandStep)
        case filter(Expr, reads: [Int])
        case nothing
    }

    let spec: CountingAggregateSpec
    let ctx: ExecutionContext
    let graph: Graph
    let steps: [Step]
    /// Steps walked to enumerate; the one after them (if ``countsLast``) is counted.
    let enumerated: Int
    let countsLast: Bool
    /// Slots whose handles a group keeps from its first row (everything but a counted step's).
    let kept: [Int]
    let keySlot0: Int
    let keySlot1: Int
    let kinds: [HandleSlotKind?]
    private var table: RelationTable?
    private var typeIDs: [[Int32]?]
    private var startCache: [Int: [EntityHandle]] = [:]
    private var degrees: [Int: [Int32]] = [:]

    init(_ spec: CountingAggregateSpec, _ ctx: ExecutionContext) {
        self.spec = spec
        self.ctx = ctx
        graph = ctx.graph
        var prepared: [Step] = []
        var labelScanned: [Int: String] = [:]
        for s in spec.steps {
            switch s {
            case .scanAll(let slot), .lookupName(let slot, _), .lookupID(let slot, _, _):
                prepared.append(.start(slot: slot, s))
            case .scanLabel(let slot, let label):
                labelScanned[slot] = label
                prepared.append(.start(slot: slot, s))
            case .expand(let e): prepared.append(.expand(e))
            case .varExpand(let e): prepared.append(.varExpand(e))
            case .filter(let e):
                // The label check of a node that the label index produced is true already.
                if case .hasLabels(.variable(let v), let labels) = e, labels.count == 1, labelScanned[v.slot] == labels[0] { continue }
                let reads = Planner.slotsRead(e).filter { spec.slotKinds[$0] != nil }.sorted()
                prepared.append(.filter(e, reads: reads))
            case .nothing: prepared.append(.nothing)
            case .shortestPath, .bindPath: prepared.append(.nothing)  // excluded by the planner
            }
        }
        steps = prepared
        countsLast = spec.countsLastStep
        enumerated = countsLast ? prepared.count - 1 : prepared.count
        var tail = Set<Int>()
        if countsLast, let last = spec.steps.last {
            switch last {
            case .expand(let e):
                tail.insert(e.relationship)
                if !e.toBound { tail.insert(e.to) }
            case .varExpand(let e):
                tail.insert(e.relationship)
                if !e.toBound { tail.insert(e.to) }
            default: break
            }
        }
        kept = spec.slotKinds.keys.filter { !tail.contains($0) && spec.slotKinds[$0] != .unbuiltList }.sorted()
        keySlot0 = spec.keySlots.count > 0 ? spec.keySlots[0] : -1
        keySlot1 = spec.keySlots.count > 1 ? spec.keySlots[1] : -1
        var kinds = [HandleSlotKind?](repeating: nil, count: ctx.slotCount)
        for (s, k) in spec.slotKinds where s < kinds.count { kinds[s] = k }
        self.kinds = kinds
        typeIDs = Array(repeating: nil, count: prepared.count)
    }

    func compute() throws -> [Row] {
        var st = HandleWalkState(handles: [Int32](repeating: -1, count: ctx.slotCount), scratch: ctx.emptyRow)
        try walk(0, &st)
        return try finish(st)
    }

    // MARK: Groups

    /// Adds `n` matches to the group of the current key handles.
    @inline(__always)
    private func record(_ n: Int, _ st: inout HandleWalkState) {
        var key: UInt64 = 0
        if keySlot0 >= 0 { key = UInt64(UInt32(bitPattern: st.handles[keySlot0])) }
        if keySlot1 >= 0 { key = key << 32 | UInt64(UInt32(bitPattern: st.handles[keySlot1])) }
        if key == st.lastKey, st.lastGroup >= 0 {
            st.counts[st.lastGroup] += n
            return
        }
        let g: Int
        if let existing = st.groupIndex[key] {
            g = existing
        } else {
            g = st.counts.count
            st.groupIndex[key] = g
            st.counts.append(0)
            for s in kept { st.firstRows.append(st.handles[s]) }
        }
        st.counts[g] += n
        st.lastKey = key
        st.lastGroup = g
    }

    private func value(_ h: Int32, _ slot: Int) -> QueryValue {
        guard h >= 0 else { return .null }
        return kinds[slot] == .relationship ? .relationship(RelationHandle(Int(h))) : .node(EntityHandle(Int(h)))
    }

    /// Evaluates the keys once per handle group and merges the groups whose keys are equal,
    /// in the order their first rows came.
    private func finish(_ st: HandleWalkState) throws -> [Row] {
        var out: [Row] = []
        var counts: [Int] = []
        var index: [[QueryValue]: Int] = [:]
        let m = kept.count
        for g in 0..<st.counts.count {
            var row = ctx.emptyRow
            for (j, s) in kept.enumerated() { row[s] = value(st.firstRows[g * m + j], s) }
            let keyValues = try spec.keys.map { try ctx.eval($0.expr, row) }
            let gk = keyValues.map(\.groupingKey)
            if let existing = index[gk] {
                counts[existing] += st.counts[g]
                continue
            }
            index[gk] = out.count
            for (k, v) in zip(spec.keys, keyValues) { row[k.slot] = v }
            out.append(row)
            counts.append(st.counts[g])
        }
        if out.isEmpty, spec.keys.isEmpty {
            out.append(ctx.emptyRow)
            counts.append(0)
        }
        for i in out.indices {
            for a in spec.aggregates { out[i][a.slot] = .int(counts[i]) }
        }
        return out
    }

    // MARK: Walking the steps

    private func walk(_ i: Int, _ st: inout HandleWalkState) throws {
        if i == enumerated {
            if countsLast {
                let n = try count(i, &st)
                if n > 0 { record(n, &st) }
            } else {
                try ctx.checkDeadline()
                record(1, &st)
            }
            return
        }
        switch steps[i] {
        case .nothing:
            return
        case .start(let slot, let step):
            let handles = try startHandles(i, step, &st)
            for h in handles {
                st.handles[slot] = h.index
                try walk(i + 1, &st)
            }
            st.handles[slot] = -1
        case .filter(let e, let reads):
            for s in reads { st.scratch[s] = value(st.handles[s], s) }
            if try ctx.isTrue(e, st.scratch) { try walk(i + 1, &st) }
        case .expand(let e):
            try expand(i, e, &st)
        case .varExpand(let e):
            try varExpand(i, e, &st)
        }
    }

    /// The nodes a scan or look-up step yields (what ``ExecutionContext/run(_:_:)`` yields).
    private func startHandles(_ i: Int, _ step: MatchStep, _ st: inout HandleWalkState) throws -> [EntityHandle] {
        switch step {
        case .scanAll, .scanLabel:
            if let c = startCache[i] { return c }
            let handles: [EntityHandle]
            if case .scanLabel(_, let label) = step { handles = graph.entities(ofType: label) } else { handles = Array(graph.entityHandles) }
            startCache[i] = handles
            return handles
        case .lookupID(_, let key, let fallback):
            let k = try ctx.eval(key, st.scratch)
            guard let id = k.stringValue else { return k.isNull ? [] : try startHandles(i, fallback, &st) }
            guard let h = graph.handle(forID: id), !PropertyMapping.isGeneratedID(id) else { return [] }
            return [h]
        case .lookupName(_, let key):
            guard let text = try ctx.eval(key, st.scratch).stringValue else { return [] }
            return graph.handle(forID: text) == nil ? graph.resolve(text) : graph.resolve(text + " ")
        default:
            return []
        }
    }

    /// The relation table once the query has expanded from enough nodes (as the row operators
    /// decide), with the interned types of step `i`.
    private func tableTypes(_ i: Int, _ types: [String], wide: Bool) -> (RelationTable, [Int32]?)? {
        if table == nil {
            guard wide else { return nil }
            table = ctx.relationTable
        }
        guard let t = table else { return nil }
        if typeIDs[i] == nil, !types.isEmpty { typeIDs[i] = t.ids(types) }
        return (t, typeIDs[i])
    }

    /// The next hop from a cursor: from the relation table when there is one, else from the graph.
    @inline(__always)
    private func nextHop(_ c: inout AdjacencyCursor, _ tt: (RelationTable, [Int32]?)?, _ types: [String], _ direction: Graph.Direction, _ symmetric: Set<String>) -> Hop? {
        if let tt { return c.next(tt.0, types: tt.1, direction: direction) }
        return c.next(graph, types: types, direction: direction, symmetric: symmetric)
    }

    @inline(__always)
    private func distinct(_ r: RelationHandle, _ slots: [Int], _ st: inout HandleWalkState) -> Bool {
        for s in slots where st.handles[s] == r.index { return false }
        return true
    }

    private func expand(_ i: Int, _ e: ExpandStep, _ st: inout HandleWalkState) throws {
        let from = st.handles[e.from]
        guard from >= 0 else { return }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return }
        let fixed = e.relationshipBound ? st.handles[e.relationship] : -1
        if e.relationshipBound, fixed < 0 { return }
        ctx.expandCalls += 1
        let tt = tableTypes(i, e.types, wide: ctx.expandCalls > 512)
        var cursor = AdjacencyCursor(EntityHandle(Int(from)), graph)
        let symmetric = graph.symmetricTypes
        while true {
            let hop = nextHop(&cursor, tt, e.types, e.direction, symmetric)
            guard let s = hop else { break }
            if e.toBound, s.neighbor.index != target { continue }
            if e.relationshipBound, s.relation.index != fixed { continue }
            if !e.distinctFrom.isEmpty, !distinct(s.relation, e.distinctFrom, &st) { continue }
            st.handles[e.relationship] = s.relation.index
            st.handles[e.to] = s.neighbor.index
            try walk(i + 1, &st)
        }
        if !e.relationshipBound { st.handles[e.relationship] = -1 }
        if !e.toBound { st.handles[e.to] = -1 }
    }

    /// Depth-first walk of the paths of `min...max` relationships, each used once, as
    /// ``ExecutionContext`` walks them; each path's end node is bound and the next step walked.
    private func varExpand(_ i: Int, _ e: VarExpandStep, _ st: inout HandleWalkState) throws {
        let from = st.handles[e.from]
        guard from >= 0 else { return }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return }
        ctx.varExpandCalls += 1
        let tt = tableTypes(i, e.types, wide: ctx.varExpandCalls > 64)
        let symmetric = graph.symmetricTypes
        let start = EntityHandle(Int(from))
        var stack: [AdjacencyCursor] = []
        var path: [RelationHandle] = []
        var used = Set<RelationHandle>()
        if e.max >= 1 { stack.append(AdjacencyCursor(start, graph)) }
        if e.min == 0, !e.toBound || target == from {
            st.handles[e.to] = from
            try walk(i + 1, &st)
        }
        while !stack.isEmpty {
            try ctx.checkDeadline()
            let top = stack.count - 1
            let hop = nextHop(&stack[top], tt, e.types, e.direction, symmetric)
            guard let s = hop else {
                stack.removeLast()
                if let last = path.popLast(), path.count >= 8 { used.remove(last) }
                continue
            }
            if path.count < 8 ? path.contains(s.relation) : used.contains(s.relation) { continue }
            if !e.distinctFrom.isEmpty, !distinct(s.relation, e.distinctFrom, &st) { continue }
            path.append(s.relation)
            if path.count > 8 { used.insert(s.relation) } else if path.count == 8 { used = Set(path) }
            let depth = path.count
            if depth >= e.min, !e.toBound || target == s.neighbor.index {
                st.handles[e.to] = s.neighbor.index
                try walk(i + 1, &st)
            }
            if depth < e.max {
                stack.append(AdjacencyCursor(s.neighbor, graph))
            } else {
                if path.count >= 8 { used.remove(s.relation) }
                path.removeLast()
            }
        }
        if !e.toBound { st.handles[e.to] = -1 }
    }

    // MARK: Counting the last step

    /// How many matches the last step has for the current handles.
    private func count(_ i: Int, _ st: inout HandleWalkState) throws -> Int {
        switch steps[i] {
        case .expand(let e): return try countExpand(i, e, &st)
        case .varExpand(let e): return try countVarExpand(i, e, &st)
        default: return 0
        }
    }

    private func countExpand(_ i: Int, _ e: ExpandStep, _ st: inout HandleWalkState) throws -> Int {
        let from = st.handles[e.from]
        guard from >= 0 else { return 0 }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return 0 }
        let fixed = e.relationshipBound ? st.handles[e.relationship] : -1
        if e.relationshipBound, fixed < 0 { return 0 }
        try ctx.checkDeadline()
        ctx.expandCalls += 1
        let tt = tableTypes(i, e.types, wide: ctx.expandCalls > 512)
        var cursor = AdjacencyCursor(EntityHandle(Int(from)), graph)
        let symmetric = graph.symmetricTypes
        var n = 0
        while true {
            let hop = nextHop(&cursor, tt, e.types, e.direction, symmetric)
            guard let s = hop else { break }
            if e.toBound, s.neighbor.index != target { continue }
            if e.relationshipBound, s.relation.index != fixed { continue }
            if !e.distinctFrom.isEmpty, !distinct(s.relation, e.distinctFrom, &st) { continue }
            n += 1
        }
        return n
    }

    /// The number of paths of `min...max` relationships from the bound node, each relationship
    /// used once, without building them. The walk stops one level short of `max`: the paths
    /// of the last level are counted at their second-to-last node, from its degree less the
    /// path's own relationships that leave it (when no end node or other relationship is given
    /// to compare with), else by reading its adjacency.
    /// - Complexity: O(paths of up to `max - 1` relationships × `max`).
    private func countVarExpand(_ i: Int, _ e: VarExpandStep, _ st: inout HandleWalkState) throws -> Int {
        let from = st.handles[e.from]
        guard from >= 0 else { return 0 }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return 0 }
        ctx.varExpandCalls += 1
        let tt = tableTypes(i, e.types, wide: ctx.varExpandCalls > 64)
        let symmetric = graph.symmetricTypes
        let start = EntityHandle(Int(from))
        var n = 0
        if e.min == 0, !e.toBound || target == from { n += 1 }
        guard e.max >= 1 else { return n }
        // The degree shortcut: plain one-way walks over the table with nothing to compare ends with.
        let degree: [Int32]? = {
            guard let (t, types) = tt, !e.toBound, e.distinctFrom.isEmpty, e.direction != .both, !t.hasSymmetric else { return nil }
            return degrees(i, t, types, e.direction)
        }()
        var stack: [AdjacencyCursor] = [AdjacencyCursor(start, graph)]
        var path: [RelationHandle] = []
        var used = Set<RelationHandle>()
        while !stack.isEmpty {
            try ctx.checkDeadline()
            let top = stack.count - 1
            let hop = nextHop(&stack[top], tt, e.types, e.direction, symmetric)
            guard let s = hop else {
                stack.removeLast()
                if let last = path.popLast(), path.count >= 8 { used.remove(last) }
                continue
            }
            if path.count < 8 ? path.contains(s.relation) : used.contains(s.relation) { continue }
            if !e.distinctFrom.isEmpty, !distinct(s.relation, e.distinctFrom, &st) { continue }
            path.append(s.relation)
            if path.count > 8 { used.insert(s.relation) } else if path.count == 8 { used = Set(path) }
            let depth = path.count
            if depth >= e.min, !e.toBound || target == s.neighbor.index { n += 1 }
            if depth + 1 == e.max {
                // Every further step ends a path of max relationships (max ≥ min).
                if let degree, let (t, types) = tt {
                    n += leaves(s.neighbor, degree, path, t, types, e.direction)
                } else {
                    var cursor = AdjacencyCursor(s.neighbor, graph)
                    while true {
                        let next = nextHop(&cursor, tt, e.types, e.direction, symmetric)
                        guard let c = next else { break }
                        if path.count < 8 ? path.contains(c.relation) : used.contains(c.relation) { continue }
                        if !e.distinctFrom.isEmpty, !distinct(c.relation, e.distinctFrom, &st) { continue }
                        if e.toBound, c.neighbor.index != target { continue }
                        n += 1
                    }
                }
            }
            if depth + 1 < e.max {
                stack.append(AdjacencyCursor(s.neighbor, graph))
            } else {
                if path.count >= 8 { used.remove(s.relation) }
                path.removeLast()
            }
        }
        return n
    }

    /// The steps from `node` that a path may still take: its degree along the walked types and
    /// direction, less the path's relationships that are among those steps.
    @inline(__always)
    private func leaves(_ node: EntityHandle, _ degree: [Int32], _ path: [RelationHandle], _ t: RelationTable, _ types: [Int32]?, _ direction: Graph.Direction) -> Int {
        var n = Int(degree[node.int])
        guard n > 0 else { return 0 }
        let x = node.index
        for r in path {
            let end = direction == .outgoing ? t.from[r.int] : t.to[r.int]
            guard end == x else { continue }
            if let types {
                let ty = t.type[r.int]
                guard types.count == 1 ? types[0] == ty : types.contains(ty) else { continue }
            }
            n -= 1
        }
        return n
    }

    /// Per node, how many relationships of the given types leave it in `direction` (outgoing:
    /// it is their start; incoming: their end, self-loops once): the steps a one-way walk over
    /// the table takes from it. Built once per step.
    /// - Complexity: O(relations).
    private func degrees(_ i: Int, _ t: RelationTable, _ types: [Int32]?, _ direction: Graph.Direction) -> [Int32] {
        if let d = degrees[i] { return d }
        var d = [Int32](repeating: 0, count: graph.entityCapacity)
        let ends = direction == .outgoing ? t.from : t.to
        for r in 0..<ends.count {
            let x = ends[r]
            guard x >= 0 else { continue }
            if let types {
                let ty = t.type[r]
                guard types.count == 1 ? types[0] == ty : types.contains(ty) else { continue }
            }
            d[Int(x)] += 1
        }
        degrees[i] = d
        return d
    }
}
