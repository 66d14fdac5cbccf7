import ParleyCore
import ParleyQuery

extension Analyst {
    /// The shortest connections between two entities, walking relations either way, at most
    /// `maxHops` long, along `via` relation types only when given; one path, or all of the
    /// shortest with `all`. Each step carries its relation's citations.
    public func path(
        from a: EntityHandle, to b: EntityHandle, via: [String] = [], maxHops: Int = 4, all: Bool = false
    ) throws(QueryError) -> AnalystReport {
        let query = AnalystQueries.path(from: graph[a].id, to: graph[b].id, via: via, maxHops: maxHops, all: all)
        // Iterative deepening: the query bounded at the shortest length gives the same rows as
        // the one bounded at maxHops, and enumerates far fewer paths on the way.
        var rows: [Rows.Row] = []
        for bound in 1...max(1, maxHops) {
            rows = Rows(try run(AnalystQueries.path(from: graph[a].id, to: graph[b].id, via: via, maxHops: bound, all: all))).all
            if !rows.isEmpty { break }
        }
        var items: [ReportItem] = []
        for (k, row) in rows.enumerated() {
            guard let p = row.path("path") else { continue }
            let group = "Path \(k + 1) (\(p.length) hop\(p.length == 1 ? "" : "s"))"
            for (step, h) in p.relationships.enumerated() {
                let r = graph[h]
                let here = p.nodes[step], next = p.nodes[step + 1]
                let forward = r.from == here
                let arrow = forward ? "—\(r.type)→" : "←\(r.type)—"
                let facts = relationFacts(r)
                items.append(ReportItem(
                    group: group,
                    headline: "\(graph[here].displayName) \(arrow) \(graph[next].displayName)",
                    details: facts.isEmpty ? [] : [facts],
                    fields: [
                        "path": .int(k + 1), "hops": .int(p.length), "step": .int(step + 1),
                        "from": .string(graph[r.from].id), "type": .string(r.type), "to": .string(graph[r.to].id),
                        "walked": .string(forward ? "forward" : "backward"),
                    ],
                    citations: r.citations))
            }
        }
        let via = via.isEmpty ? "" : " via \(via.joined(separator: ", "))"
        return AnalystReport(
            title: "\(all ? "Shortest paths" : "Shortest path") from \(graph[a].displayName) to \(graph[b].displayName)\(via), \(graphDescription)",
            columns: ["path", "hops", "step", "from", "type", "to", "walked"],
            items: items, countsInGroups: false,
            emptyMessage: "No connection of at most \(maxHops) relation\(maxHops == 1 ? "" : "s")\(via) (try a larger --max).",
            query: query)
    }

    /// The entities within `depth` relations of `center`, nearest first, each with the relation
    /// that reaches it from one step closer. `relationTypes` limits the relations walked,
    /// `neighborTypes` the entities listed.
    public func neighbors(
        of center: EntityHandle, depth: Int = 1, relationTypes: [String] = [], neighborTypes: [String] = []
    ) throws(QueryError) -> AnalystReport {
        let c = graph[center]
        let query = AnalystQueries.neighbors(
            of: c.id, depth: depth, relationTypes: relationTypes, neighborTypes: neighborTypes)
        let rows = Rows(try run(query)).all
        let items = rows.compactMap { row -> ReportItem? in
            guard let n = row.string("neighbor"), let h = row.relation("rel"), let distance = row.int("distance") else { return nil }
            let r = graph[h]
            let link = "\(graph[r.from].id) -[\(r.type)]-> \(graph[r.to].id)"
            return ReportItem(
                headline: "\(name(n)) \(link)",
                fields: [
                    "distance": .int(distance), "neighbor": .string(n), "name": .string(name(n)),
                    "type": .string(graph.entity(withID: n)?.type ?? ""), "relation": .string(link),
                    "details": .string(relationFacts(r)),
                ],
                citations: r.citations)
        }
        var scope: [String] = []
        if !relationTypes.isEmpty { scope.append("along \(relationTypes.joined(separator: ", "))") }
        if !neighborTypes.isEmpty { scope.append("of type \(neighborTypes.joined(separator: ", "))") }
        let count = Set(rows.compactMap { $0.string("neighbor") }).count
        return AnalystReport(
            title: "Neighbours of \(c.displayName) (\(c.id)) within \(depth) hop\(depth == 1 ? "" : "s")\(scope.isEmpty ? "" : " " + scope.joined(separator: ", ")), \(graphDescription): \(count)",
            columns: ["distance", "neighbor", "name", "type", "relation", "details"],
            items: items, layout: .grid, showsCitations: false,
            emptyMessage: "No neighbours.", query: query)
    }
}
