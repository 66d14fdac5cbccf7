import ParleyCore

/// Writes a graph as a canonical YAML snapshot (see `schema/README.md`, "Canonical layout"):
/// sections in a fixed order, sources and entities by id, relations by (from, type, to, rest),
/// keys in a fixed order, attribute keys sorted, compact `rel:` and `{source: quote}` forms,
/// strings quoted only where YAML needs it.
struct YAMLSnapshotWriter {
    private(set) var out = ""

    mutating func write(_ graph: Graph, order: CanonicalOrder, comments: SnapshotComments = SnapshotComments()) {
        for line in comments.header { out += line + "\n" }
        var sections = 0
        func begin(_ name: String, _ out: inout String) {
            if sections > 0 { out += "\n" }
            sections += 1
            for line in comments.sections[name] ?? [] { out += line + "\n" }
            out += name + ":\n"
        }
        func itemComments(_ lines: [String]?, _ out: inout String) {
            for line in lines ?? [] { out += "  " + line + "\n" }
        }
        if !CanonicalOrder.isEmpty(graph.metadata) {
            begin("snapshot", &out)
            writeMetadata(graph.metadata)
        }
        if !order.sources.isEmpty {
            begin("sources", &out)
            for s in order.sources {
                itemComments(comments.sources[s.id], &out)
                writeSource(s)
            }
        }
        if !order.entities.isEmpty {
            begin("entities", &out)
            for h in order.entities {
                itemComments(comments.entities[h], &out)
                writeEntity(graph[h])
            }
        }
        if !order.relations.isEmpty {
            begin("relations", &out)
            for h in order.relations {
                itemComments(comments.relations[h], &out)
                out += Self.relationText(graph, h)
            }
        }
        if sections == 0 { out += "{}\n" }
    }

    private mutating func writeMetadata(_ m: SnapshotMetadata) {
        field("id", m.id, indent: 2)
        if let d = m.asOf { out += "  as_of: \(d)\n" }
        field("title", m.title, indent: 2)
        field("schema", m.schema, indent: 2)
        field("description", m.description, indent: 2)
        if !m.attributes.isEmpty { Self.keyValue("attributes", .map(m.attributes), indent: 2, into: &out) }
    }

    private mutating func writeSource(_ s: Source) {
        out += "  - id: \(YAMLScalarStyle.string(s.id))\n"
        field("outlet", s.outlet, indent: 4)
        field("title", s.title, indent: 4)
        if let d = s.date { out += "    date: \(d)\n" }
        field("file", s.file, indent: 4)
        field("url", s.url, indent: 4)
        if !s.attributes.isEmpty { Self.keyValue("attributes", .map(s.attributes), indent: 4, into: &out) }
    }

    private mutating func writeEntity(_ e: Entity) {
        out += "  - id: \(YAMLScalarStyle.string(e.id))\n"
        out += "    type: \(YAMLScalarStyle.string(e.type))\n"
        if !e.labels.isEmpty { Self.keyValue("labels", .list(e.labels.map(Value.string)), indent: 4, into: &out) }
        field("name", e.name, indent: 4)
        if !e.aliases.isEmpty { Self.keyValue("aliases", .list(e.aliases.map(Value.string)), indent: 4, into: &out) }
        if !e.attributes.isEmpty { Self.keyValue("attributes", .map(e.attributes), indent: 4, into: &out) }
        Self.citations(e.citations, indent: 4, into: &out)
    }

    private mutating func field(_ key: String, _ value: String?, indent: Int) {
        guard let value else { return }
        out += String(repeating: " ", count: indent) + key + ": " + YAMLScalarStyle.string(value) + "\n"
    }

    // MARK: Relations

    /// The text of one relation item, `  - …` with its fields: a bare string when the relation
    /// carries nothing but its ends and type, else `rel:` (or `from`/`type`/`to` when an id has
    /// white space in it) and the fields that are set.
    static func relationText(_ graph: Graph, _ h: RelationHandle) -> String {
        let r = graph[h]
        let from = graph[r.from].id, to = graph[r.to].id
        let bare = r.attributes.isEmpty && r.citations.isEmpty && r.validFrom == nil && r.validUntil == nil && r.confidence == nil
        var out = ""
        if CanonicalOrder.canBeCompact(from, r.type, to) {
            let rel = YAMLScalarStyle.string("\(from) \(r.type) \(to)")
            out += bare ? "  - \(rel)\n" : "  - rel: \(rel)\n"
        } else {
            out += "  - from: \(YAMLScalarStyle.string(from))\n"
            out += "    type: \(YAMLScalarStyle.string(r.type))\n"
            out += "    to: \(YAMLScalarStyle.string(to))\n"
        }
        if !r.attributes.isEmpty { keyValue("attributes", .map(r.attributes), indent: 4, into: &out) }
        if let d = r.validFrom { out += "    valid_from: \(d)\n" }
        if let d = r.validUntil { out += "    valid_until: \(d)\n" }
        if let c = r.confidence { out += "    confidence: \(c.rawValue)\n" }
        citations(r.citations, indent: 4, into: &out)
        return out
    }

    /// `cite:` with one `- SOURCE: quote` (or `- SOURCE`) line per citation.
    static func citations(_ list: [Citation], indent: Int, into out: inout String) {
        guard !list.isEmpty else { return }
        let pad = String(repeating: " ", count: indent)
        out += pad + "cite:\n"
        for c in list {
            out += pad + "  - " + YAMLScalarStyle.string(c.source)
            if let q = c.quote { out += ": " + YAMLScalarStyle.string(q) }
            out += "\n"
        }
    }

    // MARK: Values

    /// `key: value` at `indent`, with lists and maps in block style below the key (short lists
    /// of scalars in flow style, `[a, b]`).
    static func keyValue(_ key: String, _ value: Value, indent: Int, into out: inout String) {
        out += String(repeating: " ", count: indent) + YAMLScalarStyle.string(key) + ":"
        valueAfterKey(value, indent: indent, into: &out)
    }

    /// The rest of a line after `key:` (or `- `), and the block below it.
    private static func valueAfterKey(_ value: Value, indent: Int, into out: inout String) {
        switch value {
        case .list(let items):
            if let flow = flowList(items) {
                out += " " + flow + "\n"
            } else {
                out += "\n"
                for item in items { listItem(item, indent: indent + 2, into: &out) }
            }
        case .map(let m):
            if m.isEmpty {
                out += " {}\n"
            } else {
                out += "\n"
                for k in m.keys.sorted(by: CanonicalOrder.less) {
                    keyValue(k, m[k] ?? .null, indent: indent + 2, into: &out)
                }
            }
        default:
            out += " " + YAMLScalarStyle.scalar(value) + "\n"
        }
    }

    /// One `- item` of a block list, the dash at `indent`.
    private static func listItem(_ value: Value, indent: Int, into out: inout String) {
        out += String(repeating: " ", count: indent) + "-"
        switch value {
        case .map(let m) where !m.isEmpty:
            // The first key on the dash's line, the others aligned under it.
            let keys = m.keys.sorted(by: CanonicalOrder.less)
            out += " " + YAMLScalarStyle.string(keys[0]) + ":"
            valueAfterKey(m[keys[0]] ?? .null, indent: indent + 2, into: &out)
            for k in keys.dropFirst() { keyValue(k, m[k] ?? .null, indent: indent + 2, into: &out) }
        case .list(let items) where flowList(items) == nil:
            out += "\n"
            for item in items { listItem(item, indent: indent + 2, into: &out) }
        default:
            valueAfterKey(value, indent: indent, into: &out)
        }
    }

    /// `[a, b, c]` when every item is a scalar and the whole is short; nil otherwise.
    private static func flowList(_ items: [Value]) -> String? {
        if items.isEmpty { return "[]" }
        var parts: [String] = []
        var width = 2
        for item in items {
            switch item {
            case .list, .map: return nil
            default:
                let s = YAMLScalarStyle.scalar(item, flow: true)
                width += s.count + 2
                if width > 80 { return nil }
                parts.append(s)
            }
        }
        return "[" + parts.joined(separator: ", ") + "]"
    }
}
