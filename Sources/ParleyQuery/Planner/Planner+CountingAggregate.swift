import ParleyCore

extension Planner {
    /// The counting aggregation over `input`, when the aggregation is only `count(*)` (or
    /// `count(v)` of a node or relationship variable) and `input` is MATCH clauses from the start
    /// of the query whose steps bind only nodes and relationships; nil otherwise (the general
    /// Aggregation runs then, and on a graph with symmetric relation types).
    ///
    /// `readAfter` are the slots that expressions after the aggregation read from a group's
    /// first row (the aggregating projection's other items, ORDER BY, the WHERE of a WITH): the
    /// last expansion is counted instead of enumerated only when neither they nor the keys read
    /// what it binds.
    func countingAggregate(input: PlanNode, keys: [AssignSpec], aggregates: [AggregateSpec], readAfter: Set<Int>) -> CountingAggregateSpec? {
        // Its walks read typed adjacency from the store, which walks symmetric types both ways.
        guard graph.symmetricTypes.isEmpty else { return nil }
        guard !aggregates.isEmpty, let (steps, kinds, builtList) = handleSteps(input, listsOnLastStep: true) else { return nil }

        // Keys read only handle slots, and are the same for the same handles.
        var keySlots = Set<Int>()
        var deterministic = true
        for k in keys {
            keySlots.formUnion(Planner.slotsRead(k.expr))
            k.expr.visit { if case .function(let n, _, _, _) = $0, n.lowercased() == "rand" { deterministic = false } }
        }
        guard deterministic, keySlots.count <= 2,
              keySlots.allSatisfy({ kinds[$0] == .node || kinds[$0] == .relationship }) else { return nil }
        // Only counts of rows.
        for a in aggregates {
            switch a.function {
            case "countstar": continue
            case "count":
                guard !a.distinct, a.extra == nil, case .variable(let v)? = a.argument,
                      kinds[v.slot] == .node || kinds[v.slot] == .relationship else { return nil }
            default: return nil
            }
        }

        // The last expansion is counted when nothing reads what it binds.
        var countsLast = false
        switch steps[steps.count - 1] {
        case .expand(let e):
            var fresh: Set<Int> = [e.relationship]
            if !e.toBound { fresh.insert(e.to) }
            countsLast = fresh.isDisjoint(with: keySlots.union(readAfter))
        case .varExpand(let e):
            var fresh: Set<Int> = [e.relationship]
            if !e.toBound { fresh.insert(e.to) }
            countsLast = fresh.isDisjoint(with: keySlots.union(readAfter))
        default:
            break
        }
        if builtList != nil, !countsLast { return nil }
        let sortedKeys = keySlots.sorted()
        return CountingAggregateSpec(
            steps: steps, keys: keys, aggregates: aggregates, slotKinds: kinds,
            keySlots: sortedKeys, countsLastStep: countsLast,
            program: HandleWalkProgram(steps: steps, slotKinds: kinds, keySlots: sortedKeys, countsLast: countsLast, graph: graph))
    }

    /// The RETURN of every match of `input` evaluated straight from the matches' handles, when
    /// `input` is MATCH clauses from the start of the query whose steps bind only nodes and
    /// relationships (fixed-length expansions, or variable-length ones whose relationship list
    /// nothing reads); nil otherwise (Match and Projection run then, and on a graph with
    /// symmetric relation types).
    func handleProjection(input: PlanNode, items: [AssignSpec]) -> HandleProjectionSpec? {
        guard graph.symmetricTypes.isEmpty, !items.isEmpty,
              let (steps, kinds, _) = handleSteps(input, listsOnLastStep: false) else { return nil }
        let projected = items.map { item -> ProjectedItem in
            switch item.expr {
            case .variable(let v) where kinds[v.slot] == .node || kinds[v.slot] == .relationship:
                return .handle(v.slot)
            case .property(.variable(let v), let key) where kinds[v.slot] == .node:
                return key == "id" ? .nodeID(v.slot) : .nodeProperty(v.slot, key)
            case .property(.variable(let v), let key) where kinds[v.slot] == .relationship:
                return .relationshipProperty(v.slot, key)
            default:
                return .expression(item.expr)
            }
        }
        return HandleProjectionSpec(
            steps: steps, items: items, itemSlots: items.map(\.slot), projected: projected,
            evaluatesExpressions: projected.contains { if case .expression = $0 { true } else { false } },
            program: HandleWalkProgram(steps: steps, slotKinds: kinds, keySlots: [], countsLast: false, graph: graph))
    }

    /// The steps of `input` as one list, with what each slot they bind holds, when `input` is
    /// MATCH clauses from the start of the query whose steps bind only nodes and relationships,
    /// on a graph without symmetric relation types (the handle walks read typed adjacency from
    /// the store, which walks symmetric types both ways). A variable-length step must leave its
    /// relationship list unread, except on the last step when `listsOnLastStep` (a count that
    /// never builds it); the slot of that list is returned as `builtList`.
    func handleSteps(_ input: PlanNode, listsOnLastStep: Bool) -> (steps: [MatchStep], kinds: [Int: HandleSlotKind], builtList: Int?)? {
        guard graph.symmetricTypes.isEmpty else { return nil }
        // MATCH clauses one after another run as one list of steps (a MATCH over a MATCH yields
        // the rows of the first extended by the second, in the same order).
        var clauses: [[MatchStep]] = []
        var node = input
        while case .match(let inner, let steps) = node {
            clauses.append(steps)
            node = inner
        }
        guard case .start = node, !clauses.isEmpty else { return nil }
        let steps = Array(clauses.reversed().joined())
        guard !steps.isEmpty else { return nil }

        var kinds: [Int: HandleSlotKind] = [:]
        var builtList: Int?
        func bindsNode(_ s: Int, bound: Bool) -> Bool {
            guard s >= 0 else { return false }
            return bound ? kinds[s] == .node : kinds[s] == nil
        }
        func relationshipSlotsOK(_ slots: [Int]) -> Bool {
            slots.allSatisfy { kinds[$0] == .relationship || kinds[$0] == .unbuiltList }
        }
        for (i, step) in steps.enumerated() {
            let isLast = i == steps.count - 1
            switch step {
            case .scanAll(let s), .scanLabel(let s, _), .lookupName(let s, _):
                guard bindsNode(s, bound: false) else { return nil }
                kinds[s] = .node
            case .lookupID(let s, _, let fallback):
                switch fallback {
                case .scanAll(let f), .scanLabel(let f, _), .lookupName(let f, _): guard f == s else { return nil }
                default: return nil
                }
                guard bindsNode(s, bound: false) else { return nil }
                kinds[s] = .node
            case .expand(let e):
                guard bindsNode(e.from, bound: true), bindsNode(e.to, bound: e.toBound), e.relationship >= 0,
                      e.relationshipBound ? kinds[e.relationship] == .relationship : kinds[e.relationship] == nil,
                      relationshipSlotsOK(e.distinctFrom) else { return nil }
                kinds[e.to] = .node
                kinds[e.relationship] = .relationship
            case .varExpand(let e):
                guard !e.capped, !e.relationshipBound, e.properties == nil, e.relationship >= 0, kinds[e.relationship] == nil,
                      bindsNode(e.from, bound: true), bindsNode(e.to, bound: e.toBound),
                      relationshipSlotsOK(e.distinctFrom) else { return nil }
                if e.bindList {
                    // The list is only ever counted, never built: last step only.
                    guard listsOnLastStep, isLast else { return nil }
                    builtList = e.relationship
                }
                kinds[e.to] = .node
                kinds[e.relationship] = .unbuiltList
            case .filter, .nothing:
                break
            case .shortestPath, .bindPath:
                return nil
            }
        }
        return (steps, kinds, builtList)
    }
}
