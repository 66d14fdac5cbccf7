import ParleyCore

/// Turns a bound statement into operator trees. Each MATCH starts from its most selective node
/// (a bound variable, an id lookup, a name or alias lookup, the smallest label) and expands
/// through typed adjacency; WHERE conjuncts run as soon as the slots they read are bound.
struct Planner {
    let options: QueryOptions
    let graph: Graph
    var slotCount = 0
    var warnings: [Diagnostic] = []

    init(options: QueryOptions, graph: Graph, slotCount: Int = 0) {
        self.options = options
        self.graph = graph
        self.slotCount = slotCount
    }

    mutating func newSlot() -> Int {
        defer { slotCount += 1 }
        return slotCount
    }

    static func plan(_ bound: BoundStatement, graph: Graph, options: QueryOptions) -> QueryPlan {
        var p = Planner(options: options, graph: graph, slotCount: bound.slotCount)
        var parts: [PlanNode] = []
        var columnSlots: [[Int]] = []
        for q in bound.ast.parts {
            let (node, cols) = p.plan(q)
            parts.append(node)
            columnSlots.append(cols)
        }
        let writes = bound.ast.parts.contains { q in q.clauses.contains { if case .create = $0 { true } else { false } } }
        return QueryPlan(
            parts: parts, columnSlots: columnSlots, unionAll: bound.ast.unionAll, columns: bound.columns,
            slotCount: p.slotCount, warnings: p.warnings, writes: writes)
    }

    mutating func plan(_ q: SingleQuery) -> (PlanNode, [Int]) {
        var node = PlanNode.start
        var columns: [Int] = []
        for clause in q.clauses {
            switch clause {
            case .match(let m):
                let steps = planPattern(m.parts, predicate: m.predicate, bound: m.boundBefore)
                if m.optional {
                    var introduced = Set<Int>()
                    for part in m.parts {
                        for n in part.nodes { if let v = n.variable { introduced.insert(v.slot) } }
                        for r in part.relationships { if let v = r.variable { introduced.insert(v.slot) } }
                        if let v = part.pathVariable { introduced.insert(v.slot) }
                    }
                    node = .optionalMatch(node, steps, nullSlots: introduced.subtracting(m.boundBefore).sorted())
                } else {
                    node = .match(node, steps)
                }
            case .unwind(let e, let v):
                node = .unwind(node, e, slot: v.slot)
            case .create(let c):
                node = .create(node, planCreate(c))
            case .with(let p):
                node = planProjection(p, input: node)
            case .return(let p):
                node = planProjection(p, input: node, isReturn: true)
                columns = p.items.map { $0.alias?.slot ?? -1 }
            }
        }
        return (node, columns)
    }

    // MARK: Projections

    /// The operators of a WITH or RETURN (`isReturn`) over `input`.
    mutating func planProjection(_ p: Projection, input: PlanNode, isReturn: Bool = false) -> PlanNode {
        var node = input
        let aggregating = p.items.contains { Binder.containsAggregate($0.expr) }
        var orderBy = p.orderBy
        if aggregating {
            var keys: [AssignSpec] = []
            var aggs: [AggregateSpec] = []
            var post: [AssignSpec] = []
            for item in p.items {
                let slot = item.alias?.slot ?? -1
                if Binder.containsAggregate(item.expr) {
                    let rewritten = extractAggregates(item.expr, into: &aggs)
                    post.append(AssignSpec(expr: rewritten, slot: slot, name: item.name))
                } else {
                    keys.append(AssignSpec(expr: item.expr, slot: slot, name: item.name))
                }
            }
            for k in orderBy.indices where Binder.containsAggregate(orderBy[k].expr) {
                orderBy[k].expr = extractAggregates(orderBy[k].expr, into: &aggs)
            }
            // What is read from a group's first row after the aggregation.
            var readAfter = Set<Int>()
            for e in post.map(\.expr) + orderBy.map(\.expr) + [p.predicate].compactMap({ $0 }) {
                readAfter.formUnion(Planner.slotsRead(e))
            }
            if let counting = countingAggregate(input: node, keys: keys, aggregates: aggs, readAfter: readAfter) {
                node = .countingAggregate(counting)
            } else {
                node = .aggregate(node, keys: keys, aggregates: aggs)
            }
            if !post.isEmpty { node = .project(node, post) }
        } else {
            let items = p.items.map { AssignSpec(expr: $0.expr, slot: $0.alias?.slot ?? -1, name: $0.name) }
            // A RETURN's rows are all read (a LIMIT would stop the general operators early: the
            // handle walk runs to the end).
            if isReturn, p.limit == nil, let h = handleProjection(input: node, items: items) {
                node = .handleProjection(h)
            } else {
                node = .project(node, items)
            }
        }
        if p.distinct { node = .distinct(node, slots: p.items.map { $0.alias?.slot ?? -1 }) }
        if !orderBy.isEmpty {
            // ORDER BY may repeat a projected expression: reuse the projected slot.
            let keys = orderBy.map { s -> SortKey in
                if let item = p.items.first(where: { $0.expr.normalized == s.expr.normalized }), let slot = item.alias?.slot {
                    return SortKey(expr: .aggregateSlot(slot), ascending: s.ascending)
                }
                return SortKey(expr: s.expr, ascending: s.ascending)
            }
            var topK: Expr?
            if let l = p.limit {
                topK = p.skip.map { .binary(.add, $0, l, QueryPosition(line: 0, column: 0, offset: 0)) } ?? l
            }
            node = .sort(node, keys, limit: topK)
        }
        if let s = p.skip { node = .skip(node, s) }
        if let l = p.limit { node = .limit(node, l) }
        if let w = p.predicate { node = .filter(node, w) }
        return node
    }

    /// Replaces each aggregate call in `e` with a slot that the Aggregate operator fills.
    mutating func extractAggregates(_ e: Expr, into aggs: inout [AggregateSpec]) -> Expr {
        switch e {
        case .countStar:
            let s = newSlot()
            aggs.append(AggregateSpec(function: "countstar", argument: nil, extra: nil, distinct: false, slot: s))
            return .aggregateSlot(s)
        case .function(let name, let args, let distinct, let pos):
            let lower = name.lowercased()
            if Binder.aggregateNames.contains(lower) {
                let s = newSlot()
                aggs.append(AggregateSpec(function: lower, argument: args.first, extra: args.count > 1 ? args[1] : nil, distinct: distinct, slot: s))
                return .aggregateSlot(s)
            }
            return .function(name: name, args: args.map { extractAggregates($0, into: &aggs) }, distinct: distinct, position: pos)
        case .binary(let o, let a, let b, let p):
            return .binary(o, extractAggregates(a, into: &aggs), extractAggregates(b, into: &aggs), p)
        case .unary(let o, let a, let p): return .unary(o, extractAggregates(a, into: &aggs), p)
        case .list(let l): return .list(l.map { extractAggregates($0, into: &aggs) })
        case .map(let m): return .map(m.map { MapEntry(key: $0.key, value: extractAggregates($0.value, into: &aggs)) })
        case .property(let a, let k): return .property(extractAggregates(a, into: &aggs), k)
        case .index(let a, let b, let p): return .index(extractAggregates(a, into: &aggs), extractAggregates(b, into: &aggs), p)
        case .slice(let a, let b, let c):
            return .slice(extractAggregates(a, into: &aggs), b.map { extractAggregates($0, into: &aggs) }, c.map { extractAggregates($0, into: &aggs) })
        case .isNull(let a, let n): return .isNull(extractAggregates(a, into: &aggs), negated: n)
        case .comparisonChain(let l, let o, let p): return .comparisonChain(l.map { extractAggregates($0, into: &aggs) }, o, p)
        case .caseExpr(let s, let b, let o):
            return .caseExpr(
                subject: s.map { extractAggregates($0, into: &aggs) },
                branches: b.map { CaseBranch(when: extractAggregates($0.when, into: &aggs), then: extractAggregates($0.then, into: &aggs)) },
                otherwise: o.map { extractAggregates($0, into: &aggs) })
        default: return e
        }
    }

    // MARK: CREATE

    func planCreate(_ c: CreateClause) -> [CreatePartSpec] {
        var bound = c.boundBefore
        var out: [CreatePartSpec] = []
        for part in c.parts {
            var nodes: [CreateNodeSpec] = []
            for n in part.nodes {
                let slot = n.variable?.slot ?? -1
                let isNew = !bound.contains(slot)
                nodes.append(CreateNodeSpec(slot: slot, labels: n.labels, properties: n.properties, isNew: isNew))
                bound.insert(slot)
            }
            var rels: [CreateRelationshipSpec] = []
            for (k, r) in part.relationships.enumerated() {
                let a = part.nodes[k].variable?.slot ?? -1
                let b = part.nodes[k + 1].variable?.slot ?? -1
                let (f, t) = r.direction == .left ? (b, a) : (a, b)
                rels.append(CreateRelationshipSpec(slot: r.variable?.slot ?? -1, from: f, to: t, type: r.types.first ?? "", properties: r.properties))
            }
            out.append(CreatePartSpec(
                nodes: nodes, relationships: rels, path: part.pathVariable?.slot,
                nodeSlots: part.nodes.map { $0.variable?.slot ?? -1 },
                relationshipSlots: part.relationships.map { $0.variable?.slot ?? -1 }))
        }
        return out
    }
}
