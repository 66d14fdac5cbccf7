import ParleyCore
import ParleyQuery

extension Analyst {
    /// Every stance of `party` and of those who speak for it, grouped by stance type in the
    /// schema's order, each with its citations; stances voiced by an official name the official.
    public func positions(of party: EntityHandle) throws(QueryError) -> AnalystReport {
        let p = graph[party]
        let query = AnalystQueries.positions(party: p.id, stances: stances)
        let rows = stances.all.isEmpty ? [] : Rows(try run(query)).all
        var items: [(Int, ReportItem)] = []
        for (k, row) in rows.enumerated() {
            guard let stance = row.string("stance"), let target = row.string("target"), let h = row.relation("relation")
            else { continue }
            let r = graph[h]
            let voice = row.string("voiced_by")
            var fields = stanceFields(r)
            fields["stance"] = .string(stance)
            fields["target"] = .string(target)
            fields["target_name"] = .string(name(target))
            fields["target_type"] = row.store("target_type")
            fields["voiced_by"] = voice.map(Value.string) ?? .null
            let item = ReportItem(
                group: stance, headline: label(target), details: stanceDetails(r, voice: voice), fields: fields,
                citations: r.citations)
            items.append((stanceRank(stance) * rows.count + k, item))
        }
        return AnalystReport(
            title: "Positions of \(p.displayName) (\(p.id)), \(graphDescription)",
            columns: ["stance", "target", "target_name", "target_type", "voiced_by", "said_by", "disputed", "note", "date"],
            items: items.sorted { $0.0 < $1.0 }.map(\.1),
            emptyMessage: "No stance of \(p.displayName) or of anyone who represents it is recorded.",
            query: query)
    }

    /// Every party (or the named ones) against everything it takes a stance on: one row per
    /// item, one column per party, cells such as `demands`, `supports, rejects` or `—`.
    public func positionMatrix(parties: [EntityHandle] = []) throws(QueryError) -> AnalystReport {
        let ids = parties.map { graph[$0].id }
        let query = AnalystQueries.positionMatrix(parties: ids, stances: stances)
        let rows = stances.all.isEmpty ? [] : Rows(try run(query)).all
        var partyOrder = ids
        var cells: [String: [String: [String]]] = [:]  // target → party → stances
        var targets: [String] = []
        for row in rows {
            guard let target = row.string("target"), let party = row.string("party") else { continue }
            if cells[target] == nil { targets.append(target) }
            let kinds = row.strings("stances").sorted { stanceRank($0) < stanceRank($1) }
            cells[target, default: [:]][party] = kinds
            if !partyOrder.contains(party) { partyOrder.append(party) }
        }
        if ids.isEmpty { partyOrder.sort() }
        let items = targets.map { target -> ReportItem in
            var fields: [String: Value] = ["item": .string(name(target)), "type": .string(graph.entity(withID: target)?.type ?? "")]
            for party in partyOrder {
                let kinds = cells[target]?[party] ?? []
                fields[party] = .string(kinds.isEmpty ? "—" : kinds.map { $0.lowercased() }.joined(separator: ", "))
            }
            return ReportItem(headline: name(target), fields: fields)
        }
        return AnalystReport(
            title: "Position matrix, \(graphDescription) (columns: \(partyOrder.map { "\($0) = \(name($0))" }.joined(separator: ", ")))",
            columns: ["item", "type"] + partyOrder, items: items, layout: .grid, showsCitations: false,
            emptyMessage: "No stances recorded.", query: query)
    }
}
