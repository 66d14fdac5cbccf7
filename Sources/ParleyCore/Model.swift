/// A stable integer address of an entity in a ``Graph``. Handles stay valid until the entity is
/// removed; they are not ids and are not written to files.
public struct EntityHandle: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }
    public var int: Int { Int(index) }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
    public var description: String { "e\(index)" }
}

/// A stable integer address of a relation in a ``Graph``.
public struct RelationHandle: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let index: Int32
    public init(_ index: Int) { self.index = Int32(truncatingIfNeeded: index) }
    public var int: Int { Int(index) }
    public static func < (a: Self, b: Self) -> Bool { a.index < b.index }
    public var description: String { "r\(index)" }
}

/// A party, official, region, provision … (or, in a graph with no schema, any node).
///
/// `type` is the primary label (`Party`); `labels` holds further labels a node may carry
/// (Cypher's `(:A:B)`). `id`, `name` and `aliases` are first-class because look-up, display and
/// diff rely on them; everything else is in `attributes`.
public struct Entity: Sendable, Hashable {
    public var id: String
    public var type: String
    public var labels: [String]
    public var name: String?
    public var aliases: [String]
    public var attributes: [String: Value]
    /// Where the entity is mentioned (optional: relations carry the evidence that matters).
    public var citations: [Citation]

    public init(
        id: String, type: String, name: String? = nil, aliases: [String] = [], labels: [String] = [],
        attributes: [String: Value] = [:], citations: [Citation] = []
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.aliases = aliases
        self.labels = labels
        self.attributes = attributes
        self.citations = citations
    }

    /// The primary type followed by the further labels (empty strings left out).
    public var allLabels: [String] { (type.isEmpty ? [] : [type]) + labels }

    /// The name if there is one, else the id.
    public var displayName: String { name ?? id }
}

/// Evidence for a relation: a source (by id) and a short verbatim quote from it.
public struct Citation: Sendable, Hashable {
    public var source: String
    public var quote: String?
    public init(source: String, quote: String? = nil) {
        self.source = source
        self.quote = quote
    }
}

/// How sure the dataset's authors are of a relation.
public enum Confidence: String, Sendable, Hashable, CaseIterable {
    case high, medium, low
}

/// A typed, directed, sourced tie between two entities: `russia DEMANDS donbas-withdrawal`.
///
/// Endpoints are handles into the owning graph. Symmetric types (MEETS_WITH) are stored once
/// and traversed from either end.
public struct Relation: Sendable, Hashable {
    public var from: EntityHandle
    public var type: String
    public var to: EntityHandle
    public var attributes: [String: Value]
    public var citations: [Citation]
    public var validFrom: LocalDate?
    public var validUntil: LocalDate?
    public var confidence: Confidence?

    public init(
        from: EntityHandle, type: String, to: EntityHandle, attributes: [String: Value] = [:],
        citations: [Citation] = [], validFrom: LocalDate? = nil, validUntil: LocalDate? = nil,
        confidence: Confidence? = nil
    ) {
        self.from = from
        self.type = type
        self.to = to
        self.attributes = attributes
        self.citations = citations
        self.validFrom = validFrom
        self.validUntil = validUntil
        self.confidence = confidence
    }

    /// Whether the relation holds on `date`: valid-from and valid-until are inclusive, and a
    /// missing bound is open.
    public func isValid(on date: LocalDate) -> Bool {
        if let f = validFrom, date < f { return false }
        if let u = validUntil, u < date { return false }
        return true
    }
}

/// A document the graph's claims rest on: an article, a transcript, a statement.
public struct Source: Sendable, Hashable {
    public var id: String
    public var outlet: String?
    public var title: String?
    public var date: LocalDate?
    /// A local text file, as written in the snapshot (relative to the snapshot's folder).
    public var file: String?
    public var url: String?
    public var attributes: [String: Value]

    public init(
        id: String, outlet: String? = nil, title: String? = nil, date: LocalDate? = nil, file: String? = nil,
        url: String? = nil, attributes: [String: Value] = [:]
    ) {
        self.id = id
        self.outlet = outlet
        self.title = title
        self.date = date
        self.file = file
        self.url = url
        self.attributes = attributes
    }
}

/// What a snapshot says about itself: which graph, as of when, under which schema.
public struct SnapshotMetadata: Sendable, Hashable {
    public var id: String?
    public var asOf: LocalDate?
    public var title: String?
    /// The schema the snapshot is written against: a path relative to the snapshot, or a name.
    public var schema: String?
    public var description: String?
    public var attributes: [String: Value]

    public init(
        id: String? = nil, asOf: LocalDate? = nil, title: String? = nil, schema: String? = nil,
        description: String? = nil, attributes: [String: Value] = [:]
    ) {
        self.id = id
        self.asOf = asOf
        self.title = title
        self.schema = schema
        self.description = description
        self.attributes = attributes
    }
}
