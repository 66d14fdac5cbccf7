import ParleyCore
import ParleySchema

/// Which part of a graph an export writes: `--at DATE`, `--types T,…`, `--focus ENTITY --depth N`.
///
/// Applied in that order: the graph as it stood on the date, then the types, then the
/// neighbourhood of the focus entity within the types kept.
///
/// ```swift
/// let slice = ExportSlice(focus: "witkoff", depth: 2, types: ["Official", "MEETS_WITH"])
/// let part = try slice.apply(to: graph, schema: schema)
/// ```
public struct ExportSlice: Sendable, Hashable {
    /// An entity id, name or alias (``Graph/resolve(_:)``).
    public var focus: String?
    /// Steps from the focus entity (any direction).
    public var depth: Int
    /// Entity types (or labels) and relation types to keep; schema aliases are accepted. When it
    /// names no entity type, every entity stays; when it names no relation type, every relation
    /// between kept entities stays.
    public var types: [String]
    /// Keep only relations valid on this date (``Graph/restricted(to:)``).
    public var at: LocalDate?

    public init(focus: String? = nil, depth: Int = 1, types: [String] = [], at: LocalDate? = nil) {
        self.focus = focus
        self.depth = depth
        self.types = types
        self.at = at
    }

    /// Whether the slice keeps the whole graph.
    public var isEverything: Bool { focus == nil && types.isEmpty && at == nil }

    /// The part of `graph` this slice keeps.
    /// - Throws: ``ExportError`` for an unknown type or an unknown or ambiguous focus entity.
    /// - Complexity: O(entities + relations).
    public func apply(to graph: Graph, schema: Schema? = nil) throws(ExportError) -> Graph {
        if isEverything { return graph }
        guard depth >= 0 else { throw ExportError("--depth must be 0 or more, not \(depth)") }
        var g = graph
        if let at { g = g.restricted(to: at) }
        var entityTypes = Set<String>()
        var relationTypes = Set<String>()
        let labels = g.labelCounts
        let rels = g.relationTypeCounts
        for raw in types {
            let name = raw.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { continue }
            let entityName = labels[name] != nil ? name : schema?.entityType(named: name)?.name
            let relationName = rels[name] != nil ? name : schema?.relationType(named: name)?.name
            if let entityName { entityTypes.insert(entityName) }
            if let relationName { relationTypes.insert(relationName) }
            if entityName == nil && relationName == nil {
                var known = Array(labels.keys) + Array(rels.keys)
                if let schema { known += schema.entityTypes.map(\.name) + schema.relationTypes.map(\.name) }
                let hint = closestMatch(to: name, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                throw ExportError("--types: no entity or relation type '\(name)'\(hint)")
            }
        }
        if !entityTypes.isEmpty || !relationTypes.isEmpty {
            let source = g
            g = source.filtered(
                keepEntity: { h in entityTypes.isEmpty || source[h].allLabels.contains { entityTypes.contains($0) } },
                keepRelation: { h in relationTypes.isEmpty || relationTypes.contains(source[h].type) })
        }
        if let focus {
            let hits = g.resolve(focus)
            if hits.isEmpty {
                let candidates = g.entityHandles.flatMap { h in [g[h].id] + (g[h].name.map { [$0] } ?? []) }
                let hint = closestMatch(to: focus, among: candidates.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                let whereNote = types.isEmpty ? "" : " among the types kept"
                throw ExportError("--focus: no entity '\(focus)'\(whereNote)\(hint)")
            }
            if hits.count > 1 {
                let ids = hits.map { g[$0].id }.sorted().joined(separator: ", ")
                throw ExportError("--focus: '\(focus)' names several entities (\(ids)); give an id")
            }
            g = g.neighborhood(of: hits[0], depth: depth, types: relationTypes.isEmpty ? nil : relationTypes)
        }
        return g
    }
}

/// Why an export could not be made: a bad slice, an unwritable file, a missing tool.
public struct ExportError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The order exports write things in, so that the same graph gives byte-identical output.
public enum ExportOrder {
    /// Live entities sorted by id.
    /// - Complexity: O(n log n).
    public static func entities(of graph: Graph) -> [EntityHandle] {
        graph.entityHandles.sorted { graph[$0].id < graph[$1].id }
    }

    /// Live relations sorted by (from id, type, to id), parallel ones by the rest of the relation.
    /// - Complexity: O(n log n).
    public static func relations(of graph: Graph) -> [RelationHandle] {
        graph.relationHandles.sorted { a, b in
            let ra = graph[a]
            let rb = graph[b]
            let fa = graph[ra.from].id
            let fb = graph[rb.from].id
            if fa != fb { return fa < fb }
            if ra.type != rb.type { return ra.type < rb.type }
            let ta = graph[ra.to].id
            let tb = graph[rb.to].id
            if ta != tb { return ta < tb }
            return tieKey(ra) < tieKey(rb)
        }
    }

    /// Everything but the endpoints and type as text, to order parallel relations.
    static func tieKey(_ r: Relation) -> String {
        var s = "\(r.validFrom?.description ?? "")|\(r.validUntil?.description ?? "")|\(r.confidence?.rawValue ?? "")|"
        NodeLinkJSON.write(.map(r.attributes), into: &s)
        for c in r.citations { s += "|\(c.source)|\(c.quote ?? "")" }
        return s
    }
}
