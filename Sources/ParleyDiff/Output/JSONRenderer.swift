import ParleyCore

/// The diff for programs: one JSON document with the counts, the summaries by party and by
/// proposal, and a flat list of atomic changes. Its schema is documented in README.md
/// ("Diff: JSON output and patch format"). Values are plain JSON (dates as `YYYY-MM-DD` strings).
public enum JSONRenderer {
    public static let version = 1

    /// - Complexity: O(changes).
    public static func render(_ report: DiffReport) -> String {
        let d = report.diff
        let counted = Dictionary(uniqueKeysWithValues: report.counts)
        let countKeys = [
            "entities_added", "entities_removed", "entities_renamed", "entities_changed", "relations_added",
            "relations_removed", "relations_changed", "stance_shifts", "sources_added", "sources_removed",
            "sources_changed", "metadata_changed",
        ]
        let doc = JSONValue.object([
            ("format", .string("parley-diff")),
            ("version", .int(version)),
            ("before", ModelJSON.metadata(report.before.metadata, .plain)),
            ("after", ModelJSON.metadata(report.after.metadata, .plain)),
            ("equal", .bool(d.isEmpty)),
            ("counts", .object(countKeys.map { ($0, .int(counted[$0] ?? 0)) })),
            ("parties", .array(report.summary.parties.map(party))),
            ("proposals", .array(report.summary.proposals.map(proposal))),
            ("changes", .array(changes(d, report.rules))),
        ])
        return doc.rendered()
    }

    private static func ref(_ e: Entity) -> JSONValue {
        var o: [(String, JSONValue)] = [("id", .string(e.id)), ("type", .string(e.type))]
        if let n = e.name { o.append(("name", .string(n))) }
        return .object(o)
    }

    private static func optionalRef(_ e: Entity?) -> JSONValue { e.map(ref) ?? .null }

    private static func attributeChange(_ c: AttributeChange) -> JSONValue {
        var o: [(String, JSONValue)] = [("attribute", .string(c.name))]
        if let b = c.before { o.append(("before", ModelJSON.value(b, .plain))) }
        if let a = c.after { o.append(("after", ModelJSON.value(a, .plain))) }
        return .object(o)
    }

    private static func party(_ p: DiffSummary.PartyChanges) -> JSONValue {
        func stance(_ s: DiffSummary.Stance) -> JSONValue {
            .object([
                ("type", .string(s.relation.type)), ("target", ref(s.target)), ("voiced_by", optionalRef(s.voicedBy)),
                ("relation", ModelJSON.relation(s.relation, .plain)),
            ])
        }
        return .object([
            ("party", ref(p.party)),
            ("gained", .array(p.gained.map(stance))),
            ("lost", .array(p.lost.map(stance))),
            ("shifted", .array(p.shifted.map { s in
                .object([
                    ("before", .string(s.shift.before.type)), ("after", .string(s.shift.after.type)),
                    ("target", ref(s.target)), ("voiced_by", optionalRef(s.voicedBy)),
                ])
            })),
        ])
    }

    private static func proposal(_ p: DiffSummary.ProposalChanges) -> JSONValue {
        .object([
            ("proposal", ref(p.proposal)),
            ("added", .array(p.added.map(ref))),
            ("dropped", .array(p.dropped.map(ref))),
            ("changed", .array(p.changed.map { c in
                .object([
                    ("before", ref(c.before)), ("after", ref(c.after)), ("revision", .bool(c.isRevision)),
                    ("attributes", .array(c.attributeChanges.map(attributeChange))),
                    ("membership", .array(c.membershipChanges.map(attributeChange))),
                ])
            })),
        ])
    }

    /// The atomic changes, in the diff's canonical order.
    static func changes(_ d: GraphDiff, _ rules: DiffRules) -> [JSONValue] {
        var out: [JSONValue] = []
        func add(_ kind: String, _ fields: [(String, JSONValue)]) { out.append(.object([("kind", .string(kind))] + fields)) }
        if let m = d.metadata {
            add("metadata.changed", [("before", ModelJSON.metadata(m.before, .plain)), ("after", ModelJSON.metadata(m.after, .plain))])
        }
        for s in d.sourcesAdded { add("source.added", [("source", ModelJSON.source(s, .plain))]) }
        for s in d.sourcesRemoved { add("source.removed", [("source", ModelJSON.source(s, .plain))]) }
        for s in d.sourcesChanged {
            add("source.changed", [("before", ModelJSON.source(s.before, .plain)), ("after", ModelJSON.source(s.after, .plain))])
        }
        for e in d.entitiesAdded { add("entity.added", [("entity", ModelJSON.entity(e, .plain))]) }
        for e in d.entitiesRemoved { add("entity.removed", [("entity", ModelJSON.entity(e, .plain))]) }
        for c in d.entitiesChanged where !c.isOrderOnly {
            let id = JSONValue.string(c.after.id)
            if c.isRename { add("entity.renamed", [("id", id), ("before", .string(c.before.id)), ("after", id)]) }
            if c.isRetype { add("entity.retyped", [("id", id), ("before", .string(c.before.type)), ("after", .string(c.after.type))]) }
            if c.nameChanged {
                add("entity.name_changed", [("id", id), ("before", c.before.name.map(JSONValue.string) ?? .null),
                                            ("after", c.after.name.map(JSONValue.string) ?? .null)])
            }
            for a in c.attributeChanges {
                guard case .object(let f) = attributeChange(a) else { continue }
                add("entity.attribute_changed", [("id", id)] + f)
            }
            for x in c.aliasesAdded { add("entity.alias_added", [("id", id), ("alias", .string(x))]) }
            for x in c.aliasesRemoved { add("entity.alias_removed", [("id", id), ("alias", .string(x))]) }
            for x in c.labelsAdded { add("entity.label_added", [("id", id), ("label", .string(x))]) }
            for x in c.labelsRemoved { add("entity.label_removed", [("id", id), ("label", .string(x))]) }
            for x in c.citationsAdded { add("entity.citation_added", [("id", id), ("citation", ModelJSON.citation(x))]) }
            for x in c.citationsRemoved { add("entity.citation_removed", [("id", id), ("citation", ModelJSON.citation(x))]) }
        }
        for r in d.relationsAdded { add("relation.added", [("relation", ModelJSON.relation(r, .plain))]) }
        for r in d.relationsRemoved { add("relation.removed", [("relation", ModelJSON.relation(r, .plain))]) }
        for s in d.stanceShifts {
            add("stance.shifted", [
                ("subject", .string(s.after.from)), ("target", .string(s.after.to)),
                ("before", .string(s.before.type)), ("after", .string(s.after.type)),
                ("polarity_before", rules.stanceTypes[s.before.type].map { .string($0.rawValue) } ?? .null),
                ("polarity_after", rules.stanceTypes[s.after.type].map { .string($0.rawValue) } ?? .null),
                ("before_relation", ModelJSON.relation(s.before, .plain)), ("after_relation", ModelJSON.relation(s.after, .plain)),
            ])
        }
        for c in d.relationsChanged where !c.isOrderOnly {
            let rel = ModelJSON.relation(c.after, .plain)
            for a in c.attributeChanges {
                guard case .object(let f) = attributeChange(a) else { continue }
                add("relation.attribute_changed", [("relation", rel)] + f)
            }
            for x in c.citationsAdded { add("relation.citation_added", [("relation", rel), ("citation", ModelJSON.citation(x))]) }
            for x in c.citationsRemoved { add("relation.citation_removed", [("relation", rel), ("citation", ModelJSON.citation(x))]) }
            if c.validityChanged {
                func range(_ r: PortableRelation) -> JSONValue {
                    .object([("valid_from", r.validFrom.map { .string($0.description) } ?? .null),
                             ("valid_until", r.validUntil.map { .string($0.description) } ?? .null)])
                }
                add("relation.validity_changed", [("relation", rel), ("before", range(c.before)), ("after", range(c.after))])
            }
            if c.confidenceChanged {
                add("relation.confidence_changed", [
                    ("relation", rel), ("before", c.before.confidence.map { .string($0.rawValue) } ?? .null),
                    ("after", c.after.confidence.map { .string($0.rawValue) } ?? .null),
                ])
            }
        }
        return out
    }
}
