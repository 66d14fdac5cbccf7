import ParleyCore

extension QueryPlan {
    /// The plan as an indented tree, the operator that produces results at the top.
    func explain(slotNames: [Int: String]) -> String {
        var lines: [String] = []
        func name(_ s: Int) -> String {
            guard let n = slotNames[s], !n.hasPrefix(" ") else { return "_" }
            return n
        }
        func types(_ t: [String]) -> String { t.isEmpty ? "" : ":" + t.joined(separator: "|") }
        func arrow(_ d: Graph.Direction, _ inner: String) -> String {
            switch d {
            case .outgoing: return "-[\(inner)]->"
            case .incoming: return "<-[\(inner)]-"
            case .both: return "-[\(inner)]-"
            }
        }
        func step(_ s: MatchStep) -> String {
            switch s {
            case .scanAll(let slot): return "AllNodesScan (\(name(slot)))"
            case .scanLabel(let slot, let label): return "NodeByLabelScan (\(name(slot)):\(label))"
            case .lookupID(let slot, let key, _): return "NodeByIdLookup (\(name(slot))) id = \(key)"
            case .lookupName(let slot, let key): return "NodeByNameOrAliasLookup (\(name(slot))) name = \(key)"
            case .expand(let e):
                return "Expand\(e.toBound ? "Into" : "") (\(name(e.from)))\(arrow(e.direction, name(e.relationship) + types(e.types)))(\(name(e.to)))"
            case .varExpand(let e):
                return "VarLengthExpand\(e.toBound ? "Into" : "") (\(name(e.from)))\(arrow(e.direction, name(e.relationship) + types(e.types) + "*\(e.min)..\(e.max)"))(\(name(e.to)))\(e.capped ? " [capped]" : "")"
            case .shortestPath(let p):
                return "\(p.all ? "AllShortestPaths" : "ShortestPath") (\(name(p.from)))\(arrow(p.direction, types(p.types) + "*"))(\(name(p.to)))"
            case .filter(let e): return "Filter \(e)"
            case .bindPath(let slot, _, _, _): return "ProjectPath \(name(slot))"
            case .nothing(let reason): return "Empty (\(reason))"
            }
        }
        func walk(_ n: PlanNode, _ depth: Int) {
            let pad = String(repeating: "  ", count: depth)
            func add(_ s: String) { lines.append(pad + s) }
            switch n {
            case .start: add("Start")
            case .match(let input, let steps):
                for (k, s) in steps.reversed().enumerated() { lines.append(pad + String(repeating: "  ", count: k) + step(s)) }
                walk(input, depth + steps.count)
            case .optionalMatch(let input, let steps, _):
                add("Optional")
                for (k, s) in steps.reversed().enumerated() { lines.append(pad + "  " + String(repeating: "  ", count: k) + "| " + step(s)) }
                walk(input, depth + 1)
            case .filter(let input, let e): add("Filter \(e)"); walk(input, depth + 1)
            case .unwind(let input, let e, let slot): add("Unwind \(e) AS \(name(slot))"); walk(input, depth + 1)
            case .project(let input, let items):
                add("Projection " + items.map { "\($0.expr) AS \($0.name)" }.joined(separator: ", "))
                walk(input, depth + 1)
            case .aggregate(let input, let keys, let aggs):
                let a = aggs.map { ($0.function == "countstar" ? "count(*)" : "\($0.function)(\($0.distinct ? "DISTINCT " : "")\($0.argument.map { "\($0)" } ?? ""))") }
                add("Aggregation keys: [\(keys.map(\.name).joined(separator: ", "))] aggregates: [\(a.joined(separator: ", "))]")
                walk(input, depth + 1)
            case .countingAggregate(let c):
                let a = c.aggregates.map { $0.function == "countstar" ? "count(*)" : "count(\($0.argument.map { "\($0)" } ?? ""))" }
                let on = c.keySlots.isEmpty ? "" : " grouped on handles of \(c.keySlots.map(name).joined(separator: ", "))"
                add("CountingAggregation keys: [\(c.keys.map(\.name).joined(separator: ", "))] aggregates: [\(a.joined(separator: ", "))]\(on)\(c.countsLastStep ? ", last expansion counted" : "")")
                for (k, s) in c.steps.reversed().enumerated() { lines.append(pad + "  " + String(repeating: "  ", count: k) + step(s)) }
                lines.append(pad + "  " + String(repeating: "  ", count: c.steps.count) + "Start")
            case .handleProjection(let h):
                add("HandleProjection " + h.items.map { "\($0.expr) AS \($0.name)" }.joined(separator: ", "))
                for (k, s) in h.steps.reversed().enumerated() { lines.append(pad + "  " + String(repeating: "  ", count: k) + step(s)) }
                lines.append(pad + "  " + String(repeating: "  ", count: h.steps.count) + "Start")
            case .distinct(let input, _): add("Distinct"); walk(input, depth + 1)
            case .sort(let input, let keys, let limit):
                add("\(limit == nil ? "Sort" : "Top \(limit!)") " + keys.map { "\($0.expr) \($0.ascending ? "ASC" : "DESC")" }.joined(separator: ", "))
                walk(input, depth + 1)
            case .skip(let input, let e): add("Skip \(e)"); walk(input, depth + 1)
            case .limit(let input, let e): add("Limit \(e)"); walk(input, depth + 1)
            case .create(let input, let parts):
                add("Create \(parts.reduce(0) { $0 + $1.nodes.filter(\.isNew).count }) node(s), \(parts.reduce(0) { $0 + $1.relationships.count }) relationship(s)")
                walk(input, depth + 1)
            }
        }
        for (k, part) in parts.enumerated() {
            if k > 0 { lines.append(unionAll[k - 1] ? "UNION ALL" : "UNION") }
            if !columnSlots[k].isEmpty { lines.append("ProduceResults " + columns.joined(separator: ", ")) }
            walk(part, columnSlots[k].isEmpty ? 0 : 1)
        }
        return lines.joined(separator: "\n")
    }
}
