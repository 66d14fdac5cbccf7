import ParleyCore

/// A diff with what it needs to be shown: both graphs (for names), the rules and the summary.
/// Every output (text, JSON, DOT) is rendered from one of these.
///
/// ```swift
/// let report = DiffReport(before: a, after: b, rules: DiffRules(schema: schema))
/// print(TextRenderer.render(report, color: false))
/// ```
public struct DiffReport: Sendable {
    public var before: Graph
    public var after: Graph
    public var rules: DiffRules
    public var diff: GraphDiff
    public var summary: DiffSummary

    /// Computes the diff and its summary. - Complexity: that of ``GraphDiff/init(from:to:rules:)``.
    public init(before: Graph, after: Graph, rules: DiffRules = DiffRules()) {
        self.before = before
        self.after = after
        self.rules = rules
        self.diff = GraphDiff(from: before, to: after, rules: rules)
        self.summary = DiffSummary(diff, before: before, after: after, rules: rules)
    }

    /// How many changes of each kind, in a fixed order, leaving out kinds with none.
    public var counts: [(String, Int)] { diff.counts }
}

extension GraphDiff {
    /// How many changes of each kind, in a fixed order, leaving out kinds with none.
    public var counts: [(String, Int)] {
        let d = self
        // Counted in place (a filter would copy every element it keeps).
        var renamed = 0, changedEntities = 0, changedRelations = 0
        for i in d.entitiesChanged.indices {
            if d.entitiesChanged[i].isRename {
                renamed += 1
            } else if !d.entitiesChanged[i].isOrderOnly {
                changedEntities += 1
            }
        }
        for i in d.relationsChanged.indices where !d.relationsChanged[i].isOrderOnly { changedRelations += 1 }
        let all: [(String, Int)] = [
            ("entities_added", d.entitiesAdded.count), ("entities_removed", d.entitiesRemoved.count),
            ("entities_renamed", renamed), ("entities_changed", changedEntities),
            ("relations_added", d.relationsAdded.count), ("relations_removed", d.relationsRemoved.count),
            ("relations_changed", changedRelations), ("stance_shifts", d.stanceShifts.count),
            ("sources_added", d.sourcesAdded.count), ("sources_removed", d.sourcesRemoved.count),
            ("sources_changed", d.sourcesChanged.count), ("metadata_changed", d.metadata == nil ? 0 : 1),
        ]
        return all.filter { $0.1 > 0 }
    }
}

/// Short human renderings shared by the text and DOT outputs.
enum Describe {
    /// `Name (id)`, or the id alone when the entity has no name.
    static func entity(_ e: Entity) -> String {
        if let n = e.name, n != e.id { return "\(n) (\(e.id))" }
        return e.id
    }

    static func entity(id: String, in g: Graph, else other: Graph) -> String {
        if let e = g.entity(withID: id) ?? other.entity(withID: id) { return entity(e) }
        return id
    }

    /// A value for people: strings quoted when they hold spaces or are empty, else plain; long
    /// values cut to `limit` characters with `…` (the JSON output and the patch keep them whole).
    static func value(_ v: Value?, limit: Int = 100) -> String {
        guard let v else { return "(none)" }
        var text = v.description
        if text.count > limit { text = String(text.prefix(limit - 1)) + "…" }
        if case .string(let s) = v, s.isEmpty || s.contains(" ") { return "\"\(text)\"" }
        return text
    }

    /// `from TYPE to`, with the identifying attributes in brackets when the type has some.
    static func relation(_ r: PortableRelation, rules: DiffRules) -> String {
        var s = "\(r.from) \(r.type) \(r.to)"
        let ident = (rules.identifyingAttributes[r.type] ?? []).compactMap { k in r.attributes[k].map { "\(k) \(value($0))" } }
        if !ident.isEmpty { s += " [" + ident.joined(separator: ", ") + "]" }
        return s
    }

    /// `before → after` for an attribute; when two long strings share a beginning, both are shown
    /// from a little before the first difference (`…authored by the US" → …authored by Moscow"`).
    static func change(_ c: AttributeChange) -> String {
        if case .string(let x)? = c.before, case .string(let y)? = c.after {
            let common = zip(x, y).prefix { $0 == $1 }.count
            if common > 60 {
                let skip = common - 30
                let cut = { (s: String) in Value.string("…" + s.dropFirst(skip)) }
                return "\(c.name) \(value(cut(x))) → \(value(cut(y)))"
            }
        }
        return "\(c.name) \(value(c.before)) → \(value(c.after))"
    }

    /// `{date: 2025-11-30, status: planned}` for the non-identifying attributes, or "".
    static func attributes(_ m: [String: Value], except: [String] = []) -> String {
        let keys = m.keys.filter { !except.contains($0) }.sorted()
        if keys.isEmpty { return "" }
        return " {" + keys.map { "\($0): \(value(m[$0]))" }.joined(separator: ", ") + "}"
    }

    static func citation(_ c: Citation) -> String {
        c.quote.map { "\(c.source) \"\($0)\"" } ?? c.source
    }

    static func date(_ d: LocalDate?) -> String { d?.description ?? "open" }

    /// Every change of an entity pair, as short phrases.
    static func changes(_ c: EntityChange) -> [String] {
        var out: [String] = []
        if c.isRetype { out.append("type \(c.before.type) → \(c.after.type)") }
        if c.nameChanged { out.append("name \(value(c.before.name.map(Value.string))) → \(value(c.after.name.map(Value.string)))") }
        for a in c.attributeChanges { out.append(change(a)) }
        for x in c.aliasesAdded { out.append("alias added \"\(x)\"") }
        for x in c.aliasesRemoved { out.append("alias removed \"\(x)\"") }
        for x in c.labelsAdded { out.append("label added \(x)") }
        for x in c.labelsRemoved { out.append("label removed \(x)") }
        for x in c.citationsAdded { out.append("citation added \(citation(x))") }
        for x in c.citationsRemoved { out.append("citation removed \(citation(x))") }
        return out
    }

    /// Every change of a relation pair, as short phrases.
    static func changes(_ c: RelationChange) -> [String] {
        var out: [String] = []
        for a in c.attributeChanges { out.append(change(a)) }
        for x in c.citationsAdded { out.append("citation added \(citation(x))") }
        for x in c.citationsRemoved { out.append("citation removed \(citation(x))") }
        if c.validityChanged {
            out.append("valid \(date(c.before.validFrom))…\(date(c.before.validUntil)) → \(date(c.after.validFrom))…\(date(c.after.validUntil))")
        }
        if c.confidenceChanged {
            out.append("confidence \(c.before.confidence?.rawValue ?? "(none)") → \(c.after.confidence?.rawValue ?? "(none)")")
        }
        return out
    }
}
