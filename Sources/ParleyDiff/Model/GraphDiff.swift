import ParleyCore

/// The differences between two graphs (snapshot A, "before", and snapshot B, "after"), as
/// matched pairs and unmatched elements. Computed by ``init(from:to:rules:)``; replayed by
/// ``Graph/applying(_:)``; shown by the renderers (text, JSON, patch, DOT).
///
/// Each list is sorted canonically (by id, or by from, type, to and the rest), so the same two
/// graphs always give the same diff whatever order their files list things in.
public struct GraphDiff: Sendable, Hashable {
    /// Snapshot metadata before and after, when it differs.
    public var metadata: MetadataChange?
    public var sourcesAdded: [Source] = []
    public var sourcesRemoved: [Source] = []
    public var sourcesChanged: [SourceChange] = []
    /// Entities of B with no counterpart in A (neither the same id nor a rename).
    public var entitiesAdded: [Entity] = []
    /// Entities of A with no counterpart in B.
    public var entitiesRemoved: [Entity] = []
    /// Entities present on both sides (same id, or renamed) that differ in any field.
    public var entitiesChanged: [EntityChange] = []
    /// Relations of B with no counterpart in A (endpoints written with B's ids).
    public var relationsAdded: [PortableRelation] = []
    /// Relations of A with no counterpart in B (endpoints written with A's ids).
    public var relationsRemoved: [PortableRelation] = []
    /// Relations matched by ends, type and identifying attributes that differ otherwise.
    public var relationsChanged: [RelationChange] = []
    /// A stance of A replaced by a stance of another type, same subject and target, in B. The two
    /// relations are not repeated in ``relationsAdded`` / ``relationsRemoved``.
    public var stanceShifts: [StanceShift] = []

    public init() {}

    /// True when the two graphs hold the same things. Differences of order alone (aliases, labels
    /// or citations listed in another order, a symmetric relation written the other way round)
    /// do not count, though a patch still carries them so that replaying it is exact.
    public var isEmpty: Bool {
        metadata == nil && sourcesAdded.isEmpty && sourcesRemoved.isEmpty && sourcesChanged.isEmpty
            && entitiesAdded.isEmpty && entitiesRemoved.isEmpty && entitiesChanged.allSatisfy(\.isOrderOnly)
            && relationsAdded.isEmpty && relationsRemoved.isEmpty && relationsChanged.allSatisfy(\.isOrderOnly)
            && stanceShifts.isEmpty
    }

    /// True when replaying the diff changes nothing at all, order included.
    public var isExactlyEmpty: Bool {
        isEmpty && entitiesChanged.isEmpty && relationsChanged.isEmpty
    }
}

/// Snapshot metadata before and after.
public struct MetadataChange: Sendable, Hashable {
    public var before: SnapshotMetadata
    public var after: SnapshotMetadata
    public init(before: SnapshotMetadata, after: SnapshotMetadata) {
        self.before = before
        self.after = after
    }
}

/// A source (by id) whose fields changed.
public struct SourceChange: Sendable, Hashable {
    public var before: Source
    public var after: Source
    public init(before: Source, after: Source) {
        self.before = before
        self.after = after
    }
}

/// One attribute that differs: absent on one side is `nil`.
public struct AttributeChange: Sendable, Hashable {
    public var name: String
    public var before: Value?
    public var after: Value?
    public init(name: String, before: Value?, after: Value?) {
        self.name = name
        self.before = before
        self.after = after
    }

    /// The attributes that differ between two maps, sorted by name.
    /// - Complexity: O(a + b) plus sorting the differing names.
    public static func between(_ a: [String: Value], _ b: [String: Value]) -> [AttributeChange] {
        if a == b { return [] }
        var out: [AttributeChange] = []
        for (k, v) in a where b[k] != v { out.append(AttributeChange(name: k, before: v, after: b[k])) }
        for (k, v) in b where a[k] == nil { out.append(AttributeChange(name: k, before: nil, after: v)) }
        return out.sorted { $0.name < $1.name }
    }
}

/// An entity present on both sides that differs: its version in A and its version in B.
/// The kinds of change (rename, retype, attributes, aliases …) are read off the pair.
public struct EntityChange: Sendable, Hashable {
    public var before: Entity
    public var after: Entity
    public init(before: Entity, after: Entity) {
        self.before = before
        self.after = after
    }

    /// The id changed and the two were matched by name or alias.
    public var isRename: Bool { before.id != after.id }
    public var isRetype: Bool { before.type != after.type }
    public var nameChanged: Bool { before.name != after.name }
    public var attributeChanges: [AttributeChange] { AttributeChange.between(before.attributes, after.attributes) }
    public var aliasesAdded: [String] { added(before.aliases, after.aliases) }
    public var aliasesRemoved: [String] { added(after.aliases, before.aliases) }
    public var labelsAdded: [String] { added(before.labels, after.labels) }
    public var labelsRemoved: [String] { added(after.labels, before.labels) }
    public var citationsAdded: [Citation] { addedCitations(before.citations, after.citations) }
    public var citationsRemoved: [Citation] { addedCitations(after.citations, before.citations) }

    /// Only the order of aliases, labels or citations differs.
    public var isOrderOnly: Bool {
        !isRename && !isRetype && !nameChanged && before.attributes == after.attributes
            && aliasesAdded.isEmpty && aliasesRemoved.isEmpty && labelsAdded.isEmpty && labelsRemoved.isEmpty
            && citationsAdded.isEmpty && citationsRemoved.isEmpty
    }
}

/// A relation matched on both sides (same ends, type and identifying attributes) that differs.
/// `before` is written with A's entity ids, `after` with B's (they differ when an end was renamed).
public struct RelationChange: Sendable, Hashable {
    public var before: PortableRelation
    public var after: PortableRelation
    public init(before: PortableRelation, after: PortableRelation) {
        self.before = before
        self.after = after
    }

    public var attributeChanges: [AttributeChange] { AttributeChange.between(before.attributes, after.attributes) }
    public var citationsAdded: [Citation] { addedCitations(before.citations, after.citations) }
    public var citationsRemoved: [Citation] { addedCitations(after.citations, before.citations) }
    public var validityChanged: Bool { before.validFrom != after.validFrom || before.validUntil != after.validUntil }
    public var confidenceChanged: Bool { before.confidence != after.confidence }

    /// Only the order of citations or, for a symmetric type, the order of the ends differs.
    public var isOrderOnly: Bool {
        before.attributes == after.attributes && !validityChanged && !confidenceChanged
            && citationsAdded.isEmpty && citationsRemoved.isEmpty
    }
}

/// One party's (or official's) change of stance on one target: DEMANDS → SUPPORTS.
public struct StanceShift: Sendable, Hashable {
    /// The stance in A (A's ids).
    public var before: PortableRelation
    /// The stance in B (B's ids).
    public var after: PortableRelation
    public init(before: PortableRelation, after: PortableRelation) {
        self.before = before
        self.after = after
    }
}

/// Elements of `b` not in `a`, counting repeats (a multiset difference), in `b`'s order.
func added<T: Hashable>(_ a: [T], _ b: [T]) -> [T] {
    if a == b { return [] }
    var counts: [T: Int] = [:]
    for x in a { counts[x, default: 0] += 1 }
    var out: [T] = []
    for x in b {
        if let n = counts[x], n > 0 { counts[x] = n - 1 } else { out.append(x) }
    }
    return out
}

func addedCitations(_ a: [Citation], _ b: [Citation]) -> [Citation] { added(a, b) }
