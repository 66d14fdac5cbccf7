/// A relation written with entity ids instead of handles, so that relations of two graphs can
/// be compared, hashed and sorted.
public struct PortableRelation: Sendable, Hashable {
    public var from: String
    public var type: String
    public var to: String
    public var attributes: [String: Value]
    public var citations: [Citation]
    public var validFrom: LocalDate?
    public var validUntil: LocalDate?
    public var confidence: Confidence?

    public init(
        from: String, type: String, to: String, attributes: [String: Value] = [:], citations: [Citation] = [],
        validFrom: LocalDate? = nil, validUntil: LocalDate? = nil, confidence: Confidence? = nil
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
}

extension Graph {
    /// The relation at `handle` with ids for endpoints.
    /// - Complexity: O(1); the relation is read in place (its fields are copied, not the whole
    ///   relation first).
    public func portable(_ handle: RelationHandle) -> PortableRelation {
        relationSlots.withUnsafeBufferPointer { slots in
            let i = handle.int
            return PortableRelation(
                from: id(of: slots[i].from), type: slots[i].type, to: id(of: slots[i].to), attributes: slots[i].attributes,
                citations: slots[i].citations, validFrom: slots[i].validFrom, validUntil: slots[i].validUntil,
                confidence: slots[i].confidence)
        }
    }

    /// Adds a relation given with ids. - Throws: ``GraphError/unknownEntity(_:)``.
    @discardableResult
    public mutating func addRelation(_ p: PortableRelation) throws(GraphError) -> RelationHandle {
        guard let f = handle(forID: p.from) else { throw .unknownEntity(p.from) }
        guard let t = handle(forID: p.to) else { throw .unknownEntity(p.to) }
        return try addRelation(
            Relation(
                from: f, type: p.type, to: t, attributes: p.attributes, citations: p.citations,
                validFrom: p.validFrom, validUntil: p.validUntil, confidence: p.confidence))
    }

    /// The relations as a multiset of portable relations.
    public var relationMultiset: [PortableRelation: Int] {
        var bag: [PortableRelation: Int] = [:]
        bag.reserveCapacity(relationCount)
        for h in relationHandles { bag[portable(h), default: 0] += 1 }
        return bag
    }

    /// Human-readable differences between two graphs, for test failure messages; empty when equal.
    public func differences(from other: Graph, limit: Int = 20) -> [String] {
        var out: [String] = []
        if metadata != other.metadata { out.append("metadata: \(metadata) ≠ \(other.metadata)") }
        let sa = Dictionary(sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        let sb = Dictionary(other.sources.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        for (id, s) in sa.sorted(by: { $0.key < $1.key }) where sb[id] != s {
            out.append("source \(id): \(s) ≠ \(sb[id].map { "\($0)" } ?? "absent")")
        }
        for id in sb.keys.sorted() where sa[id] == nil { out.append("source \(id) only on the right") }
        for h in entityHandles {
            let e = self[h]
            let o = other.entity(withID: e.id)
            if o != e { out.append("entity \(e.id): \(e) ≠ \(o.map { "\($0)" } ?? "absent")") }
            if out.count >= limit { return out }
        }
        for h in other.entityHandles where entity(withID: other[h].id) == nil {
            out.append("entity \(other[h].id) only on the right")
            if out.count >= limit { return out }
        }
        let ra = relationMultiset
        let rb = other.relationMultiset
        for (r, n) in ra where rb[r] != n {
            out.append("relation \(r.from) \(r.type) \(r.to): \(n)× on the left, \(rb[r] ?? 0)× on the right (\(r))")
            if out.count >= limit { return out }
        }
        for (r, n) in rb where ra[r] == nil {
            out.append("relation \(r.from) \(r.type) \(r.to): only on the right, \(n)× (\(r))")
            if out.count >= limit { return out }
        }
        return out
    }
}

extension Graph: Equatable {
    /// Two graphs are equal when they hold the same metadata, the same sources (by id), the same
    /// entities (by id) and the same multiset of relations, whatever order they were added in.
    /// Handles and the symmetric-type setting do not take part.
    public static func == (a: Graph, b: Graph) -> Bool {
        guard a.metadata == b.metadata, a.entityCount == b.entityCount, a.relationCount == b.relationCount,
            a.sources.count == b.sources.count
        else { return false }
        for s in a.sources where b.source(withID: s.id) != s { return false }
        for h in a.entityHandles where b.entity(withID: a[h].id) != a[h] { return false }
        return a.relationMultiset == b.relationMultiset
    }
}
