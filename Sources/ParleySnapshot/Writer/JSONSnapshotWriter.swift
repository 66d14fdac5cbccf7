import ParleyCore

/// Writes a graph as a canonical JSON snapshot: the structure and order of the YAML form, one
/// element per line. Dates are written as `"YYYY-MM-DD"` strings (the reader takes such strings
/// back as dates); floats that JSON cannot hold (NaN, infinities) are written as the strings
/// `"NaN"`, `"Infinity"` and `"-Infinity"`.
struct JSONSnapshotWriter {
    private(set) var out = ""

    mutating func write(_ graph: Graph, order: CanonicalOrder) {
        var sections: [String] = []
        if !CanonicalOrder.isEmpty(graph.metadata) {
            let m = graph.metadata
            var fields: [(String, String)] = []
            if let v = m.id { fields.append(("id", Self.string(v))) }
            if let v = m.asOf { fields.append(("as_of", Self.string(v.description))) }
            if let v = m.title { fields.append(("title", Self.string(v))) }
            if let v = m.schema { fields.append(("schema", Self.string(v))) }
            if let v = m.description { fields.append(("description", Self.string(v))) }
            if !m.attributes.isEmpty { fields.append(("attributes", Self.value(.map(m.attributes)))) }
            sections.append("  \"snapshot\": " + Self.object(fields))
        }
        if !order.sources.isEmpty {
            sections.append(Self.list("sources", order.sources.map(Self.source)))
        }
        if !order.entities.isEmpty {
            sections.append(Self.list("entities", order.entities.map { Self.entity(graph[$0]) }))
        }
        if !order.relations.isEmpty {
            sections.append(Self.list("relations", order.relations.map { Self.relation(graph, $0) }))
        }
        out = sections.isEmpty ? "{}\n" : "{\n" + sections.joined(separator: ",\n") + "\n}\n"
    }

    private static func list(_ key: String, _ items: [String]) -> String {
        "  \"\(key)\": [\n    " + items.joined(separator: ",\n    ") + "\n  ]"
    }

    private static func source(_ s: Source) -> String {
        var fields: [(String, String)] = [("id", string(s.id))]
        if let v = s.outlet { fields.append(("outlet", string(v))) }
        if let v = s.title { fields.append(("title", string(v))) }
        if let v = s.date { fields.append(("date", string(v.description))) }
        if let v = s.file { fields.append(("file", string(v))) }
        if let v = s.url { fields.append(("url", string(v))) }
        if !s.attributes.isEmpty { fields.append(("attributes", value(.map(s.attributes)))) }
        return object(fields)
    }

    private static func entity(_ e: Entity) -> String {
        var fields: [(String, String)] = [("id", string(e.id)), ("type", string(e.type))]
        if !e.labels.isEmpty { fields.append(("labels", value(.list(e.labels.map(Value.string))))) }
        if let v = e.name { fields.append(("name", string(v))) }
        if !e.aliases.isEmpty { fields.append(("aliases", value(.list(e.aliases.map(Value.string))))) }
        if !e.attributes.isEmpty { fields.append(("attributes", value(.map(e.attributes)))) }
        if !e.citations.isEmpty { fields.append(("cite", citations(e.citations))) }
        return object(fields)
    }

    private static func relation(_ graph: Graph, _ h: RelationHandle) -> String {
        let r = graph[h]
        let from = graph[r.from].id, to = graph[r.to].id
        var fields: [(String, String)] = []
        let compact = CanonicalOrder.canBeCompact(from, r.type, to)
        if compact {
            fields.append(("rel", string("\(from) \(r.type) \(to)")))
        } else {
            fields += [("from", string(from)), ("type", string(r.type)), ("to", string(to))]
        }
        if !r.attributes.isEmpty { fields.append(("attributes", value(.map(r.attributes)))) }
        if let d = r.validFrom { fields.append(("valid_from", string(d.description))) }
        if let d = r.validUntil { fields.append(("valid_until", string(d.description))) }
        if let c = r.confidence { fields.append(("confidence", string(c.rawValue))) }
        if !r.citations.isEmpty { fields.append(("cite", citations(r.citations))) }
        if compact && fields.count == 1 { return fields[0].1 }  // a bare "FROM TYPE TO"
        return object(fields)
    }

    private static func citations(_ list: [Citation]) -> String {
        "[" + list.map { c in c.quote.map { "{\(string(c.source)): \(string($0))}" } ?? string(c.source) }
            .joined(separator: ", ") + "]"
    }

    private static func object(_ fields: [(String, String)]) -> String {
        "{" + fields.map { "\(string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
    }

    /// A value in JSON; map keys sorted.
    static func value(_ v: Value) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let f):
            f.isNaN ? "\"NaN\"" : f.isInfinite ? (f < 0 ? "\"-Infinity\"" : "\"Infinity\"") : Value.formatFloat(f)
        case .string(let s): string(s)
        case .date(let d): string(d.description)
        case .list(let items): "[" + items.map(value).joined(separator: ", ") + "]"
        case .map(let m):
            "{" + m.keys.sorted(by: CanonicalOrder.less).map { "\(string($0)): \(value(m[$0] ?? .null))" }
                .joined(separator: ", ") + "}"
        }
    }

    /// A JSON string literal: `"`, `\` and control characters escaped (and U+2028, U+2029, so
    /// that the text is also valid JavaScript); everything else as UTF-8.
    static func string(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 || c.value == 0x2028 || c.value == 0x2029 {
                    let hex = String(c.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
        return out
    }
}
