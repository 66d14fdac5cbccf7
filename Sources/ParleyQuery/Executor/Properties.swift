import ParleyCore

/// How entities and relations look as Cypher nodes and relationships (CONTRACTS.md): an entity's
/// `id`, `name`, `aliases` and attributes are properties and its type and labels are labels; a
/// relation's attributes are properties, plus `sources` and `quotes` from its citations and
/// `valid_from`, `valid_until`, `confidence` when set.
///
/// An id that CREATE generated for a node written without one (`_n0`, `_n1` …) is not shown
/// as a property, so that `CREATE ({name: 'A'})` reads back as `({name: 'A'})`.
enum PropertyMapping {
    static func isGeneratedID(_ id: String) -> Bool {
        let u = id.utf8
        // Most ids do not start with `_`: one byte read answers.
        guard u.first == 0x5F, u.count > 2 else { return false }
        var k = 0
        for b in u {
            if k == 1, b != 0x6E { return false }
            if k >= 2, b < 48 || b > 57 { return false }
            k += 1
        }
        return true
    }

    static func nodeProperty(_ e: Entity, _ key: String) -> QueryValue {
        if let v = e.attributes[key] { return QueryValue(v) }
        switch key {
        case "id": return isGeneratedID(e.id) ? .null : .string(e.id)
        case "name": return e.name.map { .string($0) } ?? .null
        case "aliases": return e.aliases.isEmpty ? .null : .list(e.aliases.map { .string($0) })
        default: return .null
        }
    }

    /// ``nodeProperty(_:_:)`` of the node at `h` of `graph`, reading only the fields it needs
    /// (no copy of the whole entity for an attribute or the id).
    static func nodeProperty(_ graph: Graph, _ h: EntityHandle, _ key: String) -> QueryValue {
        if let v = graph.attribute(key, of: h) { return QueryValue(v) }
        switch key {
        case "id":
            let id = graph.id(of: h)
            return isGeneratedID(id) ? .null : .string(id)
        case "name", "aliases": return nodeProperty(graph[h], key)
        default: return .null
        }
    }

    static func nodeProperties(_ e: Entity) -> [String: QueryValue] {
        var m: [String: QueryValue] = [:]
        if !isGeneratedID(e.id) { m["id"] = .string(e.id) }
        if let n = e.name { m["name"] = .string(n) }
        if !e.aliases.isEmpty { m["aliases"] = .list(e.aliases.map { .string($0) }) }
        for (k, v) in e.attributes { m[k] = QueryValue(v) }
        return m
    }

    static func relationshipProperty(_ r: Relation, _ key: String) -> QueryValue {
        if let v = r.attributes[key] { return QueryValue(v) }
        switch key {
        case "sources": return r.citations.isEmpty ? .null : .list(r.citations.map { .string($0.source) })
        case "quotes":
            let q = r.citations.compactMap(\.quote)
            return q.isEmpty ? .null : .list(q.map { .string($0) })
        case "valid_from": return r.validFrom.map { .value(.date($0)) } ?? .null
        case "valid_until": return r.validUntil.map { .value(.date($0)) } ?? .null
        case "confidence": return r.confidence.map { .string($0.rawValue) } ?? .null
        default: return .null
        }
    }

    static func relationshipProperties(_ r: Relation) -> [String: QueryValue] {
        var m: [String: QueryValue] = [:]
        for k in ["sources", "quotes", "valid_from", "valid_until", "confidence"] {
            let v = relationshipProperty(r, k)
            if !v.isNull { m[k] = v }
        }
        for (k, v) in r.attributes { m[k] = QueryValue(v) }
        return m
    }

    /// The property keys in a stable order: the first-class ones, then attributes sorted.
    static func orderedKeys(_ m: [String: QueryValue], first: [String]) -> [String] {
        first.filter { m[$0] != nil } + m.keys.filter { !first.contains($0) }.sorted()
    }
    static let nodeFirstKeys = ["id", "name", "aliases"]
    static let relationshipFirstKeys = ["sources", "quotes", "valid_from", "valid_until", "confidence"]
}

extension ExecutionContext {
    func nodeProperty(_ h: EntityHandle, _ key: String) -> QueryValue {
        PropertyMapping.nodeProperty(graph, h, key)
    }
    func relationshipProperty(_ h: RelationHandle, _ key: String) -> QueryValue {
        PropertyMapping.relationshipProperty(graph[h], key)
    }
}
