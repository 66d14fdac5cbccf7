import ParleyCore
import ParleyQuery

extension Analyst {
    /// An entity's card: type, labels, name, aliases and attributes, then every relation out of
    /// and into it with its facts and citations.
    public func card(of entity: EntityHandle) throws(QueryError) -> AnalystReport {
        let e = graph[entity]
        let query = AnalystQueries.entityCard(id: e.id)
        let rows = Rows(try run(query)).all
        var header: [(String, Value)] = [("id", .string(e.id)), ("type", .string(e.type))]
        if !e.labels.isEmpty { header.append(("labels", .list(e.labels.map(Value.string)))) }
        if let n = e.name { header.append(("name", .string(n))) }
        if !e.aliases.isEmpty { header.append(("aliases", .list(e.aliases.map(Value.string)))) }
        for k in e.attributes.keys.sorted() { header.append((k, e.attributes[k] ?? .null)) }
        if !e.citations.isEmpty {
            header.append(("mentioned in", .list(e.citations.map { .string(ReportRenderer.citationLine($0)) })))
        }
        var items: [ReportItem] = []
        for row in rows {
            guard let h = row.relation("relation"), let direction = row.string("direction"), let other = row.string("other")
            else { continue }
            let r = graph[h]
            let out = direction == "out"
            var details: [String] = []
            let facts = relationFacts(r)
            if !facts.isEmpty { details.append(facts) }
            details += stanceDetails(r, voice: nil).filter { !$0.hasPrefix("on ") }
            var fields: [String: Value] = [
                "direction": .string(direction), "type": .string(r.type), "other": .string(other),
                "other_name": .string(name(other)),
            ]
            for (k, v) in r.attributes { fields["attr." + k] = v }
            let symmetric = graph.symmetricTypes.contains(r.type)
            items.append(ReportItem(
                group: symmetric ? "Either way" : out ? "Outgoing" : "Incoming",
                headline: symmetric ? "—\(r.type)— \(label(other))" : out ? "—\(r.type)→ \(label(other))" : "←\(r.type)— \(label(other))",
                details: details, fields: fields, citations: r.citations))
        }
        return AnalystReport(
            title: "\(e.displayName) [\(e.type)], \(graphDescription)", header: header,
            columns: ["direction", "type", "other", "other_name"], items: items,
            emptyMessage: "No relations.", query: query)
    }

    /// Dated entities (meetings, events) and dated relations in date order, only those
    /// touching `entity` when given.
    public func timeline(touching entity: EntityHandle? = nil) throws(QueryError) -> AnalystReport {
        let x = entity.map { graph[$0].id }
        let query = AnalystQueries.timeline(touching: x)
        let rows = Rows(try run(query)).all
        struct Entry { var date: LocalDate; var kind: Int; var text: String; var item: ReportItem }
        var entries: [Entry] = []
        for row in rows {
            guard case .value(.date(let date)) = row.value("date") else { continue }
            let until: LocalDate? = if case .value(.date(let u)) = row.value("until"), u != date { u } else { nil }
            let span = until.map { "\(date) – \($0)" } ?? date.description
            if let h = row.node("entity") {
                let e = graph[h]
                var facts: [String] = []
                for k in ["status", "mode", "place", "kind"] {
                    if let v = e.attributes[k], !v.isNull { facts.append(v.description) }
                }
                let headline = "\(e.displayName) [\(e.type)]" + (facts.isEmpty ? "" : " — " + facts.joined(separator: ", "))
                entries.append(Entry(date: date, kind: 0, text: e.displayName, item: ReportItem(
                    group: span, headline: headline,
                    fields: [
                        "date": .date(date), "until": until.map(Value.date) ?? .null, "kind": .string("entity"),
                        "type": .string(e.type), "id": .string(e.id), "what": .string(e.displayName),
                        "status": e.attributes["status"] ?? .null,
                    ],
                    citations: e.citations)))
            } else if let h = row.relation("relation") {
                let r = graph[h]
                let text = "\(graph[r.from].displayName) \(r.type) \(graph[r.to].displayName)"
                var facts = [String]()
                for k in ["mode", "status"] { if let v = r.attributes[k], !v.isNull { facts.append(v.description) } }
                var details: [String] = []
                if let s = r.attributes["said_by"]?.stringValue { details.append("said by \(name(s))") }
                if r.attributes["disputed"]?.boolValue == true { details.append("DISPUTED") }
                entries.append(Entry(date: date, kind: 1, text: text, item: ReportItem(
                    group: span, headline: text + (facts.isEmpty ? "" : " — " + facts.joined(separator: ", ")),
                    details: details,
                    fields: [
                        "date": .date(date), "until": until.map(Value.date) ?? .null, "kind": .string("relation"),
                        "type": .string(r.type), "id": .null,
                        "what": .string("\(graph[r.from].id) \(r.type) \(graph[r.to].id)"),
                        "status": r.attributes["status"] ?? .null,
                    ],
                    citations: r.citations)))
            }
        }
        entries.sort { a, b in
            if a.date != b.date { return a.date < b.date }
            if a.kind != b.kind { return a.kind < b.kind }
            return a.text < b.text
        }
        let scope = entity.map { " touching \(graph[$0].displayName)" } ?? ""
        return AnalystReport(
            title: "Timeline\(scope), \(graphDescription): \(entries.count) dated item\(entries.count == 1 ? "" : "s")",
            columns: ["date", "until", "kind", "type", "id", "what", "status"],
            items: entries.map(\.item), showsCitations: false,
            emptyMessage: "Nothing dated\(scope).", query: query)
    }
}
