import ParleyCore
import ParleyQuery

extension Analyst {
    /// The sticking points: each thing one party demands, supports or proposes and another
    /// rejects, with both sides' stances and evidence. `between` narrows to two entities.
    public func contested(between: (EntityHandle, EntityHandle)? = nil) throws(QueryError) -> AnalystReport {
        let pair = between.map { (graph[$0.0].id, graph[$0.1].id) }
        let query = AnalystQueries.contested(between: pair, stances: stances)
        // A schema with no positive or no negative stance type has no sticking points.
        let rows = stances.positive.isEmpty || stances.negative.isEmpty ? [] : Rows(try run(query)).all
        struct Side: Hashable { var item: String; var against: Bool; var party: String; var relation: RelationHandle; var voice: String? }
        var sides: [Side] = []
        var seen = Set<Side>()
        for row in rows {
            guard let item = row.string("item") else { continue }
            for (prefix, against) in [("backer", false), ("opponent", true)] {
                guard let party = row.string(prefix), let h = row.relation("\(prefix)_relation") else { continue }
                let s = Side(item: item, against: against, party: party, relation: h, voice: row.string("\(prefix)_voice"))
                if seen.insert(s).inserted { sides.append(s) }
            }
        }
        var itemOrder: [String] = []
        var itemRank: [String: Int] = [:]
        for s in sides where itemRank[s.item] == nil {
            itemRank[s.item] = itemOrder.count
            itemOrder.append(s.item)
        }
        let ordered = sides.sorted { a, b in
            let ia = itemRank[a.item] ?? 0, ib = itemRank[b.item] ?? 0
            if ia != ib { return ia < ib }
            if a.against != b.against { return !a.against }
            if a.party != b.party { return a.party < b.party }
            let ta = graph[a.relation].type, tb = graph[b.relation].type
            if ta != tb { return stanceRank(ta) < stanceRank(tb) }
            return (a.voice ?? "") < (b.voice ?? "")
        }
        let items = ordered.map { s -> ReportItem in
            let r = graph[s.relation]
            var fields = stanceFields(r)
            fields["item"] = .string(s.item)
            fields["item_name"] = .string(name(s.item))
            fields["side"] = .string(s.against ? "against" : "for")
            fields["party"] = .string(s.party)
            fields["stance"] = .string(r.type)
            fields["voiced_by"] = s.voice.map(Value.string) ?? .null
            return ReportItem(
                group: label(s.item), headline: "\(s.against ? "against" : "for"): \(name(s.party)) \(r.type)",
                details: stanceDetails(r, voice: s.voice), fields: fields, citations: r.citations)
        }
        let scope = pair.map { " between \(name($0.0)) and \(name($0.1))" } ?? ""
        return AnalystReport(
            title: "Sticking points\(scope), \(graphDescription): \(itemOrder.count) item\(itemOrder.count == 1 ? "" : "s")",
            columns: ["item", "item_name", "side", "party", "stance", "voiced_by", "said_by", "disputed", "note", "date"],
            items: items,
            emptyMessage: "Nothing that one side backs is rejected by the other\(scope.isEmpty ? "" : " in this pair").",
            query: query)
    }

    /// What every one of `parties` (or those who speak for each) demands, supports or proposes;
    /// with `against`, what they all reject.
    public func common(_ parties: [EntityHandle], against: Bool = false) throws(QueryError) -> AnalystReport {
        var ids: [String] = []
        for p in parties where !ids.contains(graph[p].id) { ids.append(graph[p].id) }
        let query = AnalystQueries.common(parties: ids, against: against, stances: stances)
        let rows = (against ? stances.negative : stances.positive).isEmpty ? [] : Rows(try run(query)).all
        var items: [ReportItem] = []
        var count = Set<String>()
        for row in rows {
            guard let item = row.string("item"), let party = row.string("party"), let h = row.relation("relation") else { continue }
            count.insert(item)
            let r = graph[h]
            let voice = row.string("voiced_by")
            var fields = stanceFields(r)
            fields["item"] = .string(item)
            fields["item_name"] = .string(name(item))
            fields["party"] = .string(party)
            fields["stance"] = .string(r.type)
            fields["voiced_by"] = voice.map(Value.string) ?? .null
            items.append(ReportItem(
                group: label(item), headline: "\(name(party)) \(r.type)", details: stanceDetails(r, voice: voice),
                fields: fields, citations: r.citations))
        }
        let names = ids.map { name($0) }.joined(separator: ", ")
        return AnalystReport(
            title: "What \(names) all \(against ? "reject" : "back"), \(graphDescription): \(count.count) item\(count.count == 1 ? "" : "s")",
            columns: ["item", "item_name", "party", "stance", "voiced_by", "said_by", "disputed", "note", "date"],
            items: items,
            emptyMessage: "Nothing that \(names) all \(against ? "reject" : "demand, support or propose") is recorded.",
            query: query)
    }
}
