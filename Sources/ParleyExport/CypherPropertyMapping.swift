import ParleyCore

/// How Parley's entities and relations become property-graph nodes and relationships, the same
/// way the embedded query engine shows them (CONTRACTS.md, "Property mapping"):
///
/// - a node carries the entity's type and further labels as labels, and `id`, `name`, `aliases`
///   and every attribute as properties;
/// - a relationship carries the relation's type, its attributes, and `sources` (the source id of
///   each citation, in order), `quotes` (the quote of each citation that has one, in order),
///   `valid_from` and `valid_until` (dates) and `confidence` (`high`, `medium`, `low`) when set.
///
/// A property whose value is null, or a list that would be empty (`aliases` of an entity with no
/// alias, `sources` of an uncited relation), is left out: graph databases do not store null, and
/// Cypher reads an absent property as null. An attribute spelt like one of the first-class keys
/// above gives way to it and is reported by ``CypherFit``.
public enum CypherPropertyMapping {
    /// The property keys a node always derives from the entity itself.
    public static let nodeKeys: [String] = ["id", "name", "aliases"]
    /// The property keys a relationship derives from the relation itself.
    public static let relationshipKeys: [String] = ["sources", "quotes", "valid_from", "valid_until", "confidence"]

    /// The node properties of `entity`, keys sorted (first-class keys win over attributes).
    public static func nodeProperties(of entity: Entity) -> [(key: String, value: Value)] {
        var props: [String: Value] = [:]
        for (k, v) in entity.attributes where !v.isNull { props[k] = v }
        props["id"] = .string(entity.id)
        props["name"] = entity.name.map(Value.string)
        props["aliases"] = entity.aliases.isEmpty ? nil : .list(entity.aliases.map(Value.string))
        return props.keys.sorted().map { ($0, props[$0]!) }
    }

    /// The relationship properties of `relation`, keys sorted (first-class keys win over attributes).
    public static func relationshipProperties(of relation: Relation) -> [(key: String, value: Value)] {
        var props: [String: Value] = [:]
        for (k, v) in relation.attributes where !v.isNull { props[k] = v }
        for k in relationshipKeys { props[k] = nil }
        if !relation.citations.isEmpty {
            props["sources"] = .list(relation.citations.map { .string($0.source) })
            let quotes = relation.citations.compactMap(\.quote)
            if !quotes.isEmpty { props["quotes"] = .list(quotes.map(Value.string)) }
        }
        props["valid_from"] = relation.validFrom.map(Value.date)
        props["valid_until"] = relation.validUntil.map(Value.date)
        props["confidence"] = relation.confidence.map { .string($0.rawValue) }
        return props.keys.sorted().map { ($0, props[$0]!) }
    }

    /// Attribute keys of `entity` hidden by a first-class key.
    static func shadowedKeys(of entity: Entity) -> [String] {
        nodeKeys.filter { entity.attributes[$0].map { !$0.isNull } ?? false }
    }

    /// Attribute keys of `relation` hidden by a first-class key.
    static func shadowedKeys(of relation: Relation) -> [String] {
        relationshipKeys.filter { relation.attributes[$0].map { !$0.isNull } ?? false }
    }
}
