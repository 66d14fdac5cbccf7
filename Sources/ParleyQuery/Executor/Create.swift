import ParleyCore

/// CREATE: reads all its input first (so that what it creates is not matched again), then
/// creates the nodes, relationships and paths for each row and yields the extended rows.
final class CreateSource: RowSource {
    let input: RowSource
    let parts: [CreatePartSpec]
    let ctx: ExecutionContext
    private var output: [Row]?
    private var k = 0

    init(input: RowSource, parts: [CreatePartSpec], ctx: ExecutionContext) {
        self.input = input
        self.parts = parts
        self.ctx = ctx
        ctx.writers.append(self)
    }

    /// Performs the creation if nothing has pulled from this operator yet (a LIMIT 0 above it
    /// does not undo side effects).
    func finish() throws {
        if output == nil {
            var rows: [Row] = []
            while let r = try input.next() { rows.append(r) }
            output = try rows.map(create)
        }
    }

    func next() throws -> Row? {
        try finish()
        guard let o = output, k < o.count else { return nil }
        defer { k += 1 }
        return o[k]
    }

    private func storeValues(_ v: QueryValue, what: String) throws -> [String: Value] {
        guard case .map(let m) = v else {
            if v.isNull { return [:] }
            throw QueryError.runtime(.type, "properties of \(what) must be a map, not \(v.typeName)", code: "InvalidArgumentType")
        }
        var out: [String: Value] = [:]
        for (k, x) in m {
            if x.isNull { continue }
            guard let sv = x.storeValue else {
                throw QueryError.runtime(.type, "property '\(k)' cannot hold a \(x.typeName)", code: "InvalidPropertyType")
            }
            if case .map = sv {
                throw QueryError.runtime(.type, "property '\(k)' cannot hold a map", code: "InvalidPropertyType")
            }
            out[k] = sv
        }
        return out
    }

    private func create(_ input: Row) throws -> Row {
        var row = input
        for part in parts {
            for n in part.nodes where n.isNew {
                var props = try n.properties.map { try storeValues(try ctx.eval($0, row), what: "a node") } ?? [:]
                var id: String?
                if case .string(let s)? = props["id"], ctx.graph.handle(forID: s) == nil, !PropertyMapping.isGeneratedID(s) {
                    id = s
                    props["id"] = nil
                }
                var name: String?
                if case .string(let s)? = props["name"] { name = s; props["name"] = nil }
                var aliases: [String] = []
                if case .list(let l)? = props["aliases"], !l.isEmpty, l.allSatisfy({ $0.stringValue != nil }) {
                    aliases = l.compactMap(\.stringValue)
                    props["aliases"] = nil
                }
                let entity = Entity(
                    id: id ?? ctx.nextGeneratedID(), type: n.labels.first ?? "", name: name, aliases: aliases,
                    labels: Array(n.labels.dropFirst()), attributes: props)
                let h = try ctx.graph.addEntity(entity)
                row[n.slot] = .node(h)
            }
            for n in part.nodes where !n.isNew {
                guard case .node = row[n.slot] else {
                    throw QueryError.runtime(.semantic, "cannot create a relationship from or to null", code: "CreateOnNull")
                }
            }
            for r in part.relationships {
                guard case .node(let f) = row[r.from], case .node(let t) = row[r.to] else {
                    throw QueryError.runtime(.semantic, "cannot create a relationship from or to null", code: "CreateOnNull")
                }
                let props = try r.properties.map { try storeValues(try ctx.eval($0, row), what: "a relationship") } ?? [:]
                let h = try ctx.graph.addRelation(Relation(from: f, type: r.type, to: t, attributes: props))
                row[r.slot] = .relationship(h)
            }
            if let p = part.path {
                let nodes = part.nodeSlots.compactMap { s -> EntityHandle? in if case .node(let h) = row[s] { h } else { nil } }
                let rels = part.relationshipSlots.compactMap { s -> RelationHandle? in if case .relationship(let h) = row[s] { h } else { nil } }
                row[p] = .path(PathValue(nodes: nodes, relationships: rels))
            }
        }
        return row
    }
}

extension ExecutionContext {
    /// A fresh id for a node created without one: `_n0`, `_n1` … skipping ids in use.
    func nextGeneratedID() -> String {
        while true {
            let id = "_n\(generatedCounter)"
            generatedCounter += 1
            if graph.handle(forID: id) == nil { return id }
        }
    }
}
