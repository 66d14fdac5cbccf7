import ParleyCore

extension Planner {
    /// The AND-ed parts of a predicate.
    static func conjuncts(_ e: Expr?) -> [Expr] {
        guard let e else { return [] }
        if case .binary(.and, let a, let b, _) = e { return conjuncts(a) + conjuncts(b) }
        return [e]
    }

    /// Slots an expression reads (including those inside nested patterns and comprehensions).
    static func slotsRead(_ e: Expr) -> Set<Int> {
        var out = Set<Int>()
        func walk(_ e: Expr) {
            switch e {
            case .variable(let v): out.insert(v.slot)
            case .exists(let x), .patternComprehension(let x, _):
                for p in x.parts {
                    for n in p.nodes { if let v = n.variable { out.insert(v.slot) }; if let q = n.properties { walk(q) } }
                    for r in p.relationships { if let v = r.variable { out.insert(v.slot) }; if let q = r.properties { walk(q) } }
                }
                if let q = x.predicate { walk(q) }
                if case .patternComprehension(_, let proj) = e { walk(proj) }
            default:
                for c in e.children { walk(c) }
            }
        }
        walk(e)
        return out
    }

    static func isConstant(_ e: Expr) -> Bool {
        switch e {
        case .literal, .parameter: return true
        default: return false
        }
    }

    /// Turns a property map of a pattern element into equality conjuncts on the variable.
    static func propertyConjuncts(_ slotVar: Variable, _ props: Expr?) -> [Expr] {
        guard let props else { return [] }
        let z = QueryPosition(line: 0, column: 0, offset: 0)
        if case .map(let entries) = props {
            return entries.map { .binary(.equal, .property(.variable(slotVar), $0.key), $0.value, z) }
        }
        // A parameter map: every key must match.
        return [.function(name: "  propertiesMatch", args: [.variable(slotVar), props], distinct: false, position: z)]
    }

    /// How many rows starting at a node would produce, and the step that starts there.
    func startOptions(_ n: NodePattern, conjuncts: [Expr]) -> (cost: Int, step: MatchStep?) {
        guard let v = n.variable else { return (Int.max, nil) }
        // id = constant
        for c in conjuncts {
            if case .binary(.equal, let a, let b, _) = c {
                for (lhs, rhs) in [(a, b), (b, a)] {
                    if case .property(.variable(let x), let key) = lhs, x.slot == v.slot, Planner.isConstant(rhs) {
                        if key == "id" {
                            var fallback = n
                            fallback.properties = nil
                            let f = startOptions(fallback, conjuncts: []).step ?? .scanAll(slot: v.slot)
                            return (1, .lookupID(slot: v.slot, key: rhs, fallback: f))
                        }
                    }
                }
            }
        }
        for c in conjuncts {
            if case .binary(.equal, let a, let b, _) = c {
                for (lhs, rhs) in [(a, b), (b, a)] {
                    if case .property(.variable(let x), let key) = lhs, x.slot == v.slot, key == "name", Planner.isConstant(rhs) {
                        return (2, .lookupName(slot: v.slot, key: rhs))
                    }
                }
            }
        }
        if !n.labels.isEmpty {
            var best: (Int, String)?
            for l in n.labels {
                let c = graph.count(ofType: l)
                if best == nil || c < best!.0 { best = (c, l) }
            }
            if let best { return (3 + best.0, .scanLabel(slot: v.slot, label: best.1)) }
        }
        return (4 + graph.entityCount * 2, .scanAll(slot: v.slot))
    }

    /// Plans the parts of one MATCH (or a pattern predicate) given the slots already bound.
    mutating func planPattern(_ written: [PatternPart], predicate: Expr?, bound initial: Set<Int>) -> [MatchStep] {
        var bound = initial
        var parts = written
        // Schema spellings (aliases, other case) become canonical names.
        for p in parts.indices {
            for n in parts[p].nodes.indices { parts[p].nodes[n].labels = parts[p].nodes[n].labels.map(canonical(label:)) }
            for r in parts[p].relationships.indices { parts[p].relationships[r].types = parts[p].relationships[r].types.map(canonical(type:)) }
        }
        var steps: [MatchStep] = []
        var pending = Planner.conjuncts(predicate)
        var clauseRelationships: [Int] = []

        // Labels, property maps and schema checks become conjuncts or warnings.
        for part in parts {
            for n in part.nodes {
                guard let v = n.variable else { continue }
                if !n.labels.isEmpty {
                    for l in n.labels { checkKnown(label: l, &steps) }
                    pending.append(.hasLabels(.variable(v), n.labels))
                }
                pending += Planner.propertyConjuncts(v, n.properties)
            }
            for r in part.relationships {
                for t in r.types { checkKnown(type: t, &steps) }
                if r.length == nil, let v = r.variable { pending += Planner.propertyConjuncts(v, r.properties) }
            }
        }
        let patternSlots: Set<Int> = {
            var s = initial
            for part in parts {
                for n in part.nodes { if let v = n.variable { s.insert(v.slot) } }
                for r in part.relationships { if let v = r.variable { s.insert(v.slot) } }
                if let v = part.pathVariable { s.insert(v.slot) }
            }
            return s
        }()

        func flushFilters() {
            var keep: [Expr] = []
            for c in pending {
                if Planner.slotsRead(c).intersection(patternSlots).isSubset(of: bound) {
                    steps.append(.filter(c))
                } else {
                    keep.append(c)
                }
            }
            pending = keep
        }
        flushFilters()

        let totalRelationships = parts.reduce(0) { $0 + $1.relationships.count }
        var remaining = parts.filter { $0.shortest == nil }
        while !remaining.isEmpty {
            // Choose the part and node to start from.
            var best: (cost: Int, part: Int, node: Int, step: MatchStep?) = (Int.max, 0, 0, nil)
            for (pi, part) in remaining.enumerated() {
                for (ni, n) in part.nodes.enumerated() {
                    let slot = n.variable?.slot ?? -1
                    if bound.contains(slot) {
                        if best.cost > 0 { best = (0, pi, ni, nil) }
                        continue
                    }
                    let o = startOptions(n, conjuncts: pending)
                    if o.cost < best.cost { best = (o.cost, pi, ni, o.step) }
                }
            }
            let part = remaining.remove(at: best.part)
            if let s = best.step {
                steps.append(s)
                if let v = part.nodes[best.node].variable { bound.insert(v.slot) }
                flushFilters()
            }
            // Expand to the right, then to the left.
            for k in best.node..<part.relationships.count {
                expand(part, k, leftToRight: true, totalRelationships: totalRelationships, &bound, &steps, &clauseRelationships)
                flushFilters()
            }
            for k in stride(from: best.node - 1, through: 0, by: -1) {
                expand(part, k, leftToRight: false, totalRelationships: totalRelationships, &bound, &steps, &clauseRelationships)
                flushFilters()
            }
            if let pv = part.pathVariable {
                steps.append(.bindPath(
                    slot: pv.slot, nodes: part.nodes.map { $0.variable?.slot ?? -1 },
                    relationships: part.relationships.map { $0.variable?.slot ?? -1 },
                    variableLength: part.relationships.map { $0.length != nil }))
                bound.insert(pv.slot)
                flushFilters()
            }
        }
        for part in parts where part.shortest != nil {
            for n in [part.nodes[0], part.nodes[1]] {
                guard let v = n.variable, !bound.contains(v.slot) else { continue }
                if let s = startOptions(n, conjuncts: pending).step { steps.append(s) }
                bound.insert(v.slot)
                flushFilters()
            }
            let r = part.relationships[0]
            let a = part.nodes[0].variable?.slot ?? -1
            let b = part.nodes[1].variable?.slot ?? -1
            let maxLen = r.length?.max ?? Int.max
            steps.append(.shortestPath(ShortestPathStep(
                from: a, to: b, relationship: r.variable?.slot ?? -1, path: part.pathVariable?.slot, types: r.types,
                direction: Planner.direction(r.direction, leftToRight: true), min: r.length?.min ?? 1,
                max: maxLen, all: part.shortest == .all)))
            if let v = r.variable { bound.insert(v.slot) }
            if let v = part.pathVariable { bound.insert(v.slot) }
            flushFilters()
        }
        bound.formUnion(patternSlots)
        flushFilters()
        return steps
    }

    static func direction(_ d: RelationshipDirection, leftToRight: Bool) -> Graph.Direction {
        switch d {
        case .both: return .both
        case .right: return leftToRight ? .outgoing : .incoming
        case .left: return leftToRight ? .incoming : .outgoing
        }
    }

    private mutating func expand(_ part: PatternPart, _ k: Int, leftToRight: Bool, totalRelationships: Int, _ bound: inout Set<Int>, _ steps: inout [MatchStep], _ clauseRelationships: inout [Int]) {
        let r = part.relationships[k]
        let a = part.nodes[k].variable?.slot ?? -1
        let b = part.nodes[k + 1].variable?.slot ?? -1
        let (from, to) = leftToRight ? (a, b) : (b, a)
        let rel = r.variable?.slot ?? -1
        let dir = Planner.direction(r.direction, leftToRight: leftToRight)
        if let len = r.length {
            var maxLen = len.max ?? options.maxUnboundedLength
            let capped = len.max == nil
            if capped { maxLen = options.maxUnboundedLength }
            let anonymous = r.variable.map { $0.name.hasPrefix(" ") } ?? true
            let alone = totalRelationships <= 1 && part.pathVariable == nil
            steps.append(.varExpand(VarExpandStep(
                from: from, relationship: rel, to: to, types: r.types, direction: dir, min: len.min ?? 1, max: maxLen,
                capped: capped, toBound: bound.contains(to), relationshipBound: bound.contains(rel), reversed: !leftToRight, bindList: !(anonymous && alone),
                properties: r.properties, distinctFrom: clauseRelationships)))
        } else {
            steps.append(.expand(ExpandStep(
                from: from, relationship: rel, to: to, types: r.types, direction: dir, toBound: bound.contains(to),
                relationshipBound: bound.contains(rel), distinctFrom: clauseRelationships)))
        }
        clauseRelationships.append(rel)
        bound.insert(to)
        bound.insert(rel)
    }

    func canonical(label: String) -> String {
        guard let known = options.knownLabels else { return label }
        return known[label] ?? options.canonicalLabel?(label) ?? label
    }

    func canonical(type: String) -> String {
        guard let known = options.knownRelationshipTypes else { return type }
        return known[type] ?? options.canonicalRelationshipType?(type) ?? type
    }

    private mutating func checkKnown(label: String, _ steps: inout [MatchStep]) {
        guard let known = options.knownLabels, known[label] == nil else { return }
        var msg = "unknown label '\(label)'"
        if let m = closestMatch(to: label, among: Set(known.values)) { msg += " (did you mean '\(m)'?)" }
        let d = Diagnostic.warning(msg + "; it matches nothing")
        if !warnings.contains(d) { warnings.append(d) }
        steps.append(.nothing(reason: msg))
    }

    private mutating func checkKnown(type: String, _ steps: inout [MatchStep]) {
        guard let known = options.knownRelationshipTypes, known[type] == nil else { return }
        var msg = "unknown relationship type '\(type)'"
        if let m = closestMatch(to: type, among: Set(known.values)) { msg += " (did you mean '\(m)'?)" }
        let d = Diagnostic.warning(msg + "; it matches nothing")
        if !warnings.contains(d) { warnings.append(d) }
        steps.append(.nothing(reason: msg))
    }
}
