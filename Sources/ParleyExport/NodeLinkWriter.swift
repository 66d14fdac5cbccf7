import ParleyCore

/// Writes a graph as node-link JSON, the layout NetworkX's `node_link_graph` and D3 read:
///
/// ```json
/// {
///   "directed": true,
///   "multigraph": true,
///   "graph": {"parley": {"format": "parley/1", "symmetric_types": ["MEETS_WITH"], "date_attributes": {"nodes": [], "links": ["date"]}},
///             "id": "…", "as_of": "2025-11-24", "title": "…", "schema": "…", "description": "…", "attributes": {…}, "sources": [{…}]},
///   "nodes": [{"id": "russia", "type": "Party", "label": "Russia", "name": "Russia", "labels": [], "aliases": ["RF"], "citations": [], "kind": "state"}],
///   "links": [{"source": "russia", "target": "cede-donetsk", "key": 0, "type": "DEMANDS", "valid_from": "2025-11-20", "confidence": "high", "citations": [{"source": "…", "quote": "…"}], "date": "2025-11-21"}]
/// }
/// ```
///
/// Nodes are sorted by id and links by (source, type, target, rest); `key` numbers parallel
/// links between the same two nodes, as in a NetworkX multigraph. Attributes stand beside the
/// fields above; one whose name is a field's (or starts with `attr.`) is written `attr.NAME`.
/// An attribute whose values are all dates is written as plain `YYYY-MM-DD` strings and named in
/// `date_attributes`; any other date is `{"$date": "YYYY-MM-DD"}`. `label` is the display name
/// (name, else id) for D3. Everything else is plain JSON, so ``NodeLinkReader`` reads the file
/// back to an equal graph.
public enum NodeLinkWriter {
    static let nodeFields: Set<String> = ["id", "type", "label", "name", "labels", "aliases", "citations"]
    static let linkFields: Set<String> = ["source", "target", "key", "type", "valid_from", "valid_until", "confidence", "citations"]

    /// The node-link JSON text of a graph, ending with a newline.
    /// - Complexity: O(n log n) in the number of entities and relations.
    public static func json(for graph: Graph) -> String {
        let entities = ExportOrder.entities(of: graph)
        let relations = ExportOrder.relations(of: graph)
        let nodeDates = uniformDateAttributes(entities.map { graph[$0].attributes })
        let linkDates = uniformDateAttributes(relations.map { graph[$0].attributes })
        let symmetric = graph.symmetricTypes.intersection(graph.relationTypeCounts.keys).sorted()

        var out = "{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": "
        var meta: [(String, Value)] = []
        var parley: [String: Value] = ["format": "parley/1"]
        if !symmetric.isEmpty { parley["symmetric_types"] = .list(symmetric.map { .string($0) }) }
        if !nodeDates.isEmpty || !linkDates.isEmpty {
            parley["date_attributes"] = .map([
                "nodes": .list(nodeDates.sorted().map { .string($0) }), "links": .list(linkDates.sorted().map { .string($0) }),
            ])
        }
        meta.append(("parley", .map(parley)))
        let m = graph.metadata
        if let v = m.id { meta.append(("id", .string(v))) }
        if let v = m.asOf { meta.append(("as_of", .string(v.description))) }
        if let v = m.title { meta.append(("title", .string(v))) }
        if let v = m.schema { meta.append(("schema", .string(v))) }
        if let v = m.description { meta.append(("description", .string(v))) }
        if !m.attributes.isEmpty { meta.append(("attributes", .map(m.attributes))) }
        if !graph.sources.isEmpty {
            meta.append(("sources", .list(graph.sources.sorted { $0.id < $1.id }.map(sourceValue))))
        }
        writeObject(meta, plainDates: [], into: &out)
        out += ",\n  \"nodes\": ["
        for (i, h) in entities.enumerated() {
            let e = graph[h]
            var fields: [(String, Value)] = [("id", .string(e.id)), ("type", .string(e.type)), ("label", .string(e.displayName))]
            if let n = e.name { fields.append(("name", .string(n))) }
            if !e.labels.isEmpty { fields.append(("labels", .list(e.labels.map { .string($0) }))) }
            if !e.aliases.isEmpty { fields.append(("aliases", .list(e.aliases.map { .string($0) }))) }
            if !e.citations.isEmpty { fields.append(("citations", citationsValue(e.citations))) }
            var plain = Set<String>()
            appendAttributes(e.attributes, reserved: nodeFields, dates: nodeDates, to: &fields, plain: &plain)
            out += i == 0 ? "\n    " : ",\n    "
            writeObject(fields, plainDates: plain, into: &out)
        }
        out += entities.isEmpty ? "],\n  \"links\": [" : "\n  ],\n  \"links\": ["
        var lastPair: (EntityHandle, EntityHandle)?
        var key = 0
        for (i, h) in relations.enumerated() {
            let r = graph[h]
            if let lastPair, lastPair == (r.from, r.to) { key += 1 } else { key = 0 }
            lastPair = (r.from, r.to)
            var fields: [(String, Value)] = [
                ("source", .string(graph[r.from].id)), ("target", .string(graph[r.to].id)), ("key", .int(key)), ("type", .string(r.type)),
            ]
            if let d = r.validFrom { fields.append(("valid_from", .string(d.description))) }
            if let d = r.validUntil { fields.append(("valid_until", .string(d.description))) }
            if let c = r.confidence { fields.append(("confidence", .string(c.rawValue))) }
            if !r.citations.isEmpty { fields.append(("citations", citationsValue(r.citations))) }
            var plain = Set<String>()
            appendAttributes(r.attributes, reserved: linkFields, dates: linkDates, to: &fields, plain: &plain)
            out += i == 0 ? "\n    " : ",\n    "
            writeObject(fields, plainDates: plain, into: &out)
        }
        out += relations.isEmpty ? "]\n}\n" : "\n  ]\n}\n"
        return out
    }

    /// Names of attributes that are dates wherever they occur.
    static func uniformDateAttributes(_ all: [[String: Value]]) -> Set<String> {
        var dates = Set<String>()
        var other = Set<String>()
        for attributes in all {
            for (k, v) in attributes {
                if case .date = v { dates.insert(k) } else { other.insert(k) }
            }
        }
        return dates.subtracting(other)
    }

    static func appendAttributes(
        _ attributes: [String: Value], reserved: Set<String>, dates: Set<String>, to fields: inout [(String, Value)], plain: inout Set<String>
    ) {
        for name in attributes.keys.sorted() {
            guard let v = attributes[name] else { continue }
            let written = reserved.contains(name) || name.hasPrefix("attr.") ? "attr." + name : name
            if dates.contains(name) { plain.insert(written) }
            fields.append((written, v))
        }
    }

    static func writeObject(_ fields: [(String, Value)], plainDates: Set<String>, into out: inout String) {
        out += "{"
        for (i, (k, v)) in fields.enumerated() {
            if i > 0 { out += ", " }
            NodeLinkJSON.writeString(k, into: &out)
            out += ": "
            NodeLinkJSON.write(v, into: &out, plainDates: plainDates.contains(k))
        }
        out += "}"
    }

    static func citationsValue(_ citations: [Citation]) -> Value {
        .list(
            citations.map { c in
                var m: [String: Value] = ["source": .string(c.source)]
                if let q = c.quote { m["quote"] = .string(q) }
                return .map(m)
            })
    }

    static func sourceValue(_ s: Source) -> Value {
        var m: [String: Value] = ["id": .string(s.id)]
        if let v = s.outlet { m["outlet"] = .string(v) }
        if let v = s.title { m["title"] = .string(v) }
        if let v = s.date { m["date"] = .date(v) }
        if let v = s.file { m["file"] = .string(v) }
        if let v = s.url { m["url"] = .string(v) }
        if !s.attributes.isEmpty { m["attributes"] = .map(s.attributes) }
        return .map(m)
    }
}
