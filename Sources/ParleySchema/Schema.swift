import ParleyCore

/// A graph schema read from a YAML file at run time (`schema/negotiation.yaml`): the entity and
/// relation types a snapshot may use, their aliases, domains and ranges, attributes and styles.
///
/// The store does not depend on it: a schema validates a graph on top (``Validator``) and
/// rewrites alias spellings to canonical names (``canonicalize(_:)``).
///
/// ```swift
/// let schema = try Schema.load(path: "schema/negotiation.yaml")
/// schema.relationType(named: "meets-with")?.name   // "MEETS_WITH"
/// schema.entityType(named: "envoy")?.name          // "Official"
/// ```
public struct Schema: Sendable {
    /// The schema's name (`negotiation`).
    public var name: String
    /// The schema's version number, when it gives one.
    public var version: Int?
    /// The file the schema was read from, as given (nil for a schema built in code).
    public var path: String?
    /// Attributes every entity may carry, whatever its type.
    public var entityAttributes: [String: AttributeSpec]
    /// Attributes every relation may carry, whatever its type.
    public var relationAttributes: [String: AttributeSpec]
    /// Entity types in file order.
    public private(set) var entityTypes: [EntityTypeSpec]
    /// Relation types in file order.
    public private(set) var relationTypes: [RelationTypeSpec]

    private var entityIndex: [String: Int] = [:]
    private var relationIndex: [String: Int] = [:]

    /// Builds a schema from its parts. Names and aliases are indexed by ``TypeName/key(_:)``;
    /// when two types claim the same spelling the first one keeps it (``Schema/load(yaml:file:)``
    /// reports such clashes as errors).
    public init(
        name: String, version: Int? = nil, path: String? = nil, entityAttributes: [String: AttributeSpec] = [:],
        relationAttributes: [String: AttributeSpec] = [:], entityTypes: [EntityTypeSpec], relationTypes: [RelationTypeSpec]
    ) {
        self.name = name
        self.version = version
        self.path = path
        self.entityAttributes = entityAttributes
        self.relationAttributes = relationAttributes
        self.entityTypes = entityTypes
        self.relationTypes = relationTypes
        for (i, t) in entityTypes.enumerated() {
            for spelling in [t.name] + t.aliases where entityIndex[TypeName.key(spelling)] == nil {
                entityIndex[TypeName.key(spelling)] = i
            }
        }
        for (i, t) in relationTypes.enumerated() {
            for spelling in [t.name] + t.aliases where relationIndex[TypeName.key(spelling)] == nil {
                relationIndex[TypeName.key(spelling)] = i
            }
        }
    }

    /// The entity type with this name or alias, ignoring case and treating `-`, `_` and spaces alike.
    /// - Complexity: O(length of the name).
    public func entityType(named name: String) -> EntityTypeSpec? {
        entityIndex[TypeName.key(name)].map { entityTypes[$0] }
    }

    /// The relation type with this name or alias (`demands`, `meets-with`, `Meets_With` → MEETS_WITH).
    /// - Complexity: O(length of the name).
    public func relationType(named name: String) -> RelationTypeSpec? {
        relationIndex[TypeName.key(name)].map { relationTypes[$0] }
    }

    /// Relation types stored once and traversable from either end (MEETS_WITH).
    public var symmetricTypes: Set<String> { Set(relationTypes.filter(\.symmetric).map(\.name)) }

    /// Relation types that count as a position, with their sign (DEMANDS: positive, REJECTS: negative).
    public var stanceTypes: [String: Stance] {
        var out: [String: Stance] = [:]
        for t in relationTypes { if let s = t.stance { out[t.name] = s } }
        return out
    }

    /// Every spelling of an entity type (names, then aliases), for did-you-mean suggestions.
    public var entityTypeSpellings: [String] { entityTypes.map(\.name) + entityTypes.flatMap(\.aliases) }

    /// Every spelling of a relation type (names, then aliases), for did-you-mean suggestions.
    public var relationTypeSpellings: [String] { relationTypes.map(\.name) + relationTypes.flatMap(\.aliases) }

    /// The attributes an entity of this type may carry: the type's own and the common ones.
    public func attributes(ofEntityType type: EntityTypeSpec) -> [String: AttributeSpec] {
        entityAttributes.merging(type.attributes) { _, own in own }
    }

    /// The attributes a relation of this type may carry: the type's own and the common ones.
    public func attributes(ofRelationType type: RelationTypeSpec) -> [String: AttributeSpec] {
        relationAttributes.merging(type.attributes) { _, own in own }
    }
}

/// An entity type: `Party`, `Official`, `Provision` …
public struct EntityTypeSpec: Sendable, Hashable {
    /// The canonical name (`Official`).
    public var name: String
    /// Other spellings accepted in snapshots and queries (`envoy`, `person`).
    public var aliases: [String]
    public var description: String?
    /// Attributes of this type (the schema's common entity attributes come on top).
    public var attributes: [String: AttributeSpec]
    /// How the type is drawn (Graphviz node attributes).
    public var style: NodeStyle?

    public init(
        name: String, aliases: [String] = [], description: String? = nil, attributes: [String: AttributeSpec] = [:],
        style: NodeStyle? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.description = description
        self.attributes = attributes
        self.style = style
    }
}

/// A relation type: `DEMANDS`, `MEETS_WITH` …, with its domain and range.
public struct RelationTypeSpec: Sendable, Hashable {
    /// The canonical name (`MEETS_WITH`).
    public var name: String
    /// Other spellings accepted in snapshots and queries (`meets-with`, `met`).
    public var aliases: [String]
    public var description: String?
    /// Domain: canonical entity type names allowed at the start.
    public var from: [String]
    /// Range: canonical entity type names allowed at the end.
    public var to: [String]
    /// Traversable from either end and drawn without arrowheads.
    public var symmetric: Bool
    /// Whether the relation states a position, and which way.
    public var stance: Stance?
    /// Attributes that tell two relations with the same ends and type apart (diff).
    public var identifying: [String]
    /// Attributes of this type (the schema's common relation attributes come on top).
    public var attributes: [String: AttributeSpec]
    /// How the type is drawn (Graphviz edge attributes).
    public var style: EdgeStyle?

    public init(
        name: String, aliases: [String] = [], description: String? = nil, from: [String] = [], to: [String] = [],
        symmetric: Bool = false, stance: Stance? = nil, identifying: [String] = [],
        attributes: [String: AttributeSpec] = [:], style: EdgeStyle? = nil
    ) {
        self.name = name
        self.aliases = aliases
        self.description = description
        self.from = from
        self.to = to
        self.symmetric = symmetric
        self.stance = stance
        self.identifying = identifying
        self.attributes = attributes
        self.style = style
    }
}

/// The value type an attribute declares.
public enum ValueType: String, Sendable, Hashable, CaseIterable {
    case string, integer, float, boolean, date, list, map
    /// A string out of a fixed list (``AttributeSpec/values``).
    case `enum`
    /// A string that must be the id of an entity in the snapshot.
    case entity
}

/// What an attribute may hold.
public struct AttributeSpec: Sendable, Hashable {
    public var type: ValueType
    public var required: Bool
    /// The allowed values of an `enum`.
    public var values: [String]
    /// The type of a list's items, when the list declares one.
    public var items: ValueType?
    public var description: String?

    public init(
        type: ValueType, required: Bool = false, values: [String] = [], items: ValueType? = nil,
        description: String? = nil
    ) {
        self.type = type
        self.required = required
        self.values = values
        self.items = items
        self.description = description
    }
}

/// Graphviz node style of an entity type.
public struct NodeStyle: Sendable, Hashable {
    public var shape: String?
    public var color: String?
    public var fill: String?
    public init(shape: String? = nil, color: String? = nil, fill: String? = nil) {
        self.shape = shape
        self.color = color
        self.fill = fill
    }
}

/// Graphviz edge style of a relation type.
public struct EdgeStyle: Sendable, Hashable {
    public var color: String?
    public var style: String?
    public init(color: String? = nil, style: String? = nil) {
        self.color = color
        self.style = style
    }
}

/// Whether a relation type states a position for (DEMANDS, SUPPORTS, PROPOSES) or against (REJECTS).
public enum Stance: String, Sendable, Hashable, CaseIterable {
    case positive, negative
}

/// How type names are compared.
public enum TypeName {
    /// The look-up key of a type name or alias: case, diacritics and the separators `-`, `_` and
    /// space do not matter (`Meets_With`, `meets-with` and `MEETS WITH` give `meets_with`).
    public static func key(_ name: String) -> String {
        var out = ""
        out.reserveCapacity(name.utf8.count)
        for ch in TextKey.fold(name) {
            out.append(ch == "-" || ch == " " ? "_" : ch)
        }
        return out
    }
}
