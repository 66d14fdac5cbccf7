import ParleyCore

/// Counts and summaries of a graph: what `parley stats` prints.
///
/// ```swift
/// let stats = GraphStatistics(loaded.graph)
/// print(stats.text(file: loaded.path))
/// ```
public struct GraphStatistics: Sendable, Equatable {
    /// The snapshot's id and as-of date, when it gives them.
    public var snapshotID: String?
    public var asOf: LocalDate?
    public var entityCount: Int
    /// Entities per primary type, most frequent first (ties by name).
    public var entitiesByType: [(type: String, count: Int)]
    public var relationCount: Int
    /// Relations per type, most frequent first (ties by name).
    public var relationsByType: [(type: String, count: Int)]
    public var sourceCount: Int
    /// Citations on relations and entities together.
    public var citationCount: Int
    /// Relations with at least one citation.
    public var citedRelationCount: Int
    /// The earliest and latest date the graph mentions: as-of, valid-from and valid-until, and
    /// date attributes (nested ones too) of the snapshot, entities and relations.
    public var dateSpan: ClosedRange<LocalDate>?
    public var degree: DegreeSummary

    /// How connected the entities are. An entity's degree counts the relations that touch it
    /// (a relation from an entity to itself counts twice).
    public struct DegreeSummary: Sendable, Equatable {
        public var minimum: Int
        public var median: Double
        public var mean: Double
        public var maximum: Int
        /// The five entities with the highest degree (ties by id).
        public var top: [(id: String, degree: Int)]

        public static func == (a: Self, b: Self) -> Bool {
            a.minimum == b.minimum && a.median == b.median && a.mean == b.mean && a.maximum == b.maximum
                && a.top.elementsEqual(b.top, by: { $0 == $1 })
        }
    }

    /// Computes the statistics of `graph`.
    /// - Complexity: O(entities log entities + relations + attribute values).
    public init(_ graph: Graph) {
        snapshotID = graph.metadata.id
        asOf = graph.metadata.asOf
        entityCount = graph.entityCount
        relationCount = graph.relationCount
        sourceCount = graph.sources.count

        var types: [String: Int] = [:]
        var first: LocalDate?
        var last: LocalDate?
        func see(_ d: LocalDate?) {
            guard let d else { return }
            if first.map({ d < $0 }) ?? true { first = d }
            if last.map({ $0 < d }) ?? true { last = d }
        }
        func seeDates(in v: Value) {
            switch v {
            case .date(let d): see(d)
            case .list(let items): items.forEach(seeDates)
            case .map(let m): m.values.forEach(seeDates)
            default: break
            }
        }
        see(graph.metadata.asOf)
        graph.metadata.attributes.values.forEach(seeDates)

        var citations = 0
        var degrees: [(id: String, degree: Int)] = []
        degrees.reserveCapacity(graph.entityCount)
        for h in graph.entityHandles {
            let e = graph[h]
            types[e.type, default: 0] += 1
            citations += e.citations.count
            e.attributes.values.forEach(seeDates)
            degrees.append((e.id, graph.outgoing(h).count + graph.incoming(h).count))
        }
        entitiesByType = Self.ranked(types)

        var cited = 0
        for h in graph.relationHandles {
            let r = graph[h]
            citations += r.citations.count
            if !r.citations.isEmpty { cited += 1 }
            see(r.validFrom)
            see(r.validUntil)
            r.attributes.values.forEach(seeDates)
        }
        relationsByType = Self.ranked(graph.relationTypeCounts)
        citationCount = citations
        citedRelationCount = cited
        if let first, let last { dateSpan = first...last }

        degrees.sort { $0.degree != $1.degree ? $0.degree > $1.degree : $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }
        let values = degrees.map(\.degree).sorted()
        let n = values.count
        degree = DegreeSummary(
            minimum: values.first ?? 0,
            median: n == 0 ? 0 : n % 2 == 1 ? Double(values[n / 2]) : Double(values[n / 2 - 1] + values[n / 2]) / 2,
            mean: n == 0 ? 0 : Double(values.reduce(0, +)) / Double(n),
            maximum: values.last ?? 0,
            top: Array(degrees.prefix(5)))
    }

    private static func ranked(_ counts: [String: Int]) -> [(type: String, count: Int)] {
        counts.map { (type: $0.key, count: $0.value) }
            .sorted { $0.count != $1.count ? $0.count > $1.count : $0.type.utf8.lexicographicallyPrecedes($1.type.utf8) }
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.snapshotID == b.snapshotID && a.asOf == b.asOf && a.entityCount == b.entityCount
            && a.entitiesByType.elementsEqual(b.entitiesByType, by: { $0 == $1 })
            && a.relationCount == b.relationCount && a.relationsByType.elementsEqual(b.relationsByType, by: { $0 == $1 })
            && a.sourceCount == b.sourceCount && a.citationCount == b.citationCount
            && a.citedRelationCount == b.citedRelationCount && a.dateSpan == b.dateSpan && a.degree == b.degree
    }
}
