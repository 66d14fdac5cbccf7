import Foundation
import ParleyCore

/// Why a GraphML file could not be written.
public struct GraphMLWriteError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How ``GraphMLWriter`` writes.
public struct GraphMLWriteOptions: Sendable, Hashable {
    /// Mark each relation of a symmetric type `directed="false"` (GraphML's per-edge direction).
    /// NetworkX's `read_graphml` (3.6) refuses a directed graph with such edges ("directed=false
    /// edge found in directed graph"); set this to false to leave the mark out for NetworkX.
    /// Parley reads the symmetric types from `g.symmetric_types` either way.
    public var perEdgeDirection: Bool

    public init(perEdgeDirection: Bool = true) {
        self.perEdgeDirection = perEdgeDirection
    }
}

/// Writes a graph as GraphML with libxml2's text writer, in the layout ``GraphMLFormat``
/// describes: deterministic (the same graph gives byte-identical output) and lossless for
/// Parley's own reader.
///
/// ```swift
/// let data = try GraphMLWriter.data(for: graph)
/// try GraphMLWriter.write(graph, to: "out.graphml")   // atomic
/// ```
public enum GraphMLWriter {
    /// The GraphML text of a graph.
    /// - Complexity: O(n log n) in the number of entities and relations (they are sorted).
    public static func data(for graph: Graph, options: GraphMLWriteOptions = .init()) throws(GraphMLWriteError) -> Data {
        guard let w = XMLTextWriter() else { throw GraphMLWriteError("libxml2 could not create a text writer") }
        write(graph, options: options, with: w)
        guard !w.failed else { throw GraphMLWriteError("libxml2 failed while writing GraphML") }
        return w.contents
    }

    /// Writes the graph to `path` atomically: into a temporary file beside it, then renamed.
    public static func write(_ graph: Graph, to path: String, options: GraphMLWriteOptions = .init()) throws(GraphMLWriteError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent()
        let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        let errors = XMLErrorCollector()
        guard let w = XMLTextWriter(path: tmp.path, errors: errors) else {
            let reason = errors.entries.last?.message ?? String(cString: strerror(errno))
            throw GraphMLWriteError("cannot write \(path): \(reason)")
        }
        write(graph, options: options, with: w)
        let failed = w.failed
        w.close()
        if failed {
            try? FileManager.default.removeItem(at: tmp)
            throw GraphMLWriteError("libxml2 failed while writing \(path)")
        }
        if rename(tmp.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: tmp)
            throw GraphMLWriteError("cannot write \(path): \(reason)")
        }
    }

    // MARK: Layout

    /// A declared key: id, domain, attr.name, attr.type.
    struct Key {
        var id: String
        var domain: String
        var name: String
        var type: String
    }

    /// One attribute key: name and kind.
    struct AttributeKey: Hashable, Comparable {
        var name: String
        var kind: GraphMLFormat.Kind
        static func < (a: Self, b: Self) -> Bool { (a.name, a.kind) < (b.name, b.kind) }
    }

    /// The `attr.name` of an attribute's key: its name as an XML name token (the schema asks for
    /// one), prefixed `attr.` when it collides with one of Parley's own keys.
    static func attrName(_ name: String, reserved: Set<String>) -> String {
        let token = GraphMLFormat.nameToken(name)
        return reserved.contains(token) || token.hasPrefix("attr.") ? "attr." + token : token
    }

    /// The `attr.name`s of a domain's attribute keys (sorted by name, then kind), unique as
    /// igraph requires: an attribute held with several kinds keeps its name for the first kind
    /// and gets `NAME.KIND` for the others (`NAME.KIND.2` … should that be taken too).
    static func attrNames(_ keys: [AttributeKey], reserved: Set<String>) -> [AttributeKey: String] {
        var used = Set<String>()
        var out: [AttributeKey: String] = [:]
        for k in keys {
            var name = attrName(k.name, reserved: reserved)
            if used.contains(name) { name += "." + k.kind.rawValue }
            var n = 2
            let base = name
            while used.contains(name) {
                name = "\(base).\(n)"
                n += 1
            }
            used.insert(name)
            out[k] = name
        }
        return out
    }

    static func attributeKeyID(prefix: String, _ k: AttributeKey) -> String {
        "\(prefix).\(k.kind.rawValue).\(GraphMLFormat.nameToken(k.name))"
    }

    static func write(_ graph: Graph, options: GraphMLWriteOptions, with w: XMLTextWriter) {
        let entities = sortedEntities(graph)
        let relations = sortedRelations(graph)

        // Which keys are in use.
        var nodeAttributes = Set<AttributeKey>()
        var edgeAttributes = Set<AttributeKey>()
        var anyName = false, anyLabels = false, anyAliases = false, anyEntityCitations = false, anyEncodedID = false
        var anyTypeOrLabel = false
        var anyNodeExact = false
        for h in entities {
            let e = graph[h]
            anyNodeExact = anyNodeExact || !GraphMLFormat.isXMLSafe(e.type) || !GraphMLFormat.isXMLSafe(e.name ?? "")
            for (k, v) in e.attributes { nodeAttributes.insert(AttributeKey(name: k, kind: .init(of: v))) }
            anyName = anyName || e.name != nil
            anyLabels = anyLabels || !e.labels.isEmpty
            anyTypeOrLabel = anyTypeOrLabel || !e.allLabels.isEmpty
            anyAliases = anyAliases || !e.aliases.isEmpty
            anyEntityCitations = anyEntityCitations || !e.citations.isEmpty
            anyEncodedID = anyEncodedID || GraphMLFormat.nameToken(e.id) != e.id
        }
        var anyFrom = false, anyUntil = false, anyConfidence = false, anyCitations = false
        var anyEdgeExact = false
        for h in relations {
            let r = graph[h]
            anyEdgeExact = anyEdgeExact || !GraphMLFormat.isXMLSafe(r.type)
            for (k, v) in r.attributes { edgeAttributes.insert(AttributeKey(name: k, kind: .init(of: v))) }
            anyFrom = anyFrom || r.validFrom != nil
            anyUntil = anyUntil || r.validUntil != nil
            anyConfidence = anyConfidence || r.confidence != nil
            anyCitations = anyCitations || !r.citations.isEmpty
        }
        let m = graph.metadata

        var keys: [Key] = []
        keys.append(Key(id: "g.format", domain: "graph", name: "parley.format", type: "string"))
        if m.id != nil { keys.append(Key(id: "g.id", domain: "graph", name: "snapshot.id", type: "string")) }
        if m.asOf != nil { keys.append(Key(id: "g.as_of", domain: "graph", name: "snapshot.as_of", type: "string")) }
        if m.title != nil { keys.append(Key(id: "g.title", domain: "graph", name: "snapshot.title", type: "string")) }
        if m.schema != nil { keys.append(Key(id: "g.schema", domain: "graph", name: "snapshot.schema", type: "string")) }
        if m.description != nil {
            keys.append(Key(id: "g.description", domain: "graph", name: "snapshot.description", type: "string"))
        }
        if !m.attributes.isEmpty {
            keys.append(Key(id: "g.attributes", domain: "graph", name: "snapshot.attributes", type: "string"))
        }
        if !graph.sources.isEmpty { keys.append(Key(id: "g.sources", domain: "graph", name: "sources", type: "string")) }
        let symmetric = graph.symmetricTypes.intersection(graph.relationTypeCounts.keys).sorted()
        if !symmetric.isEmpty {
            keys.append(Key(id: "g.symmetric_types", domain: "graph", name: "parley.symmetric_types", type: "string"))
        }
        let graphExact = exactFields([("id", m.id), ("title", m.title), ("schema", m.schema), ("description", m.description)])
        if graphExact != nil { keys.append(Key(id: "g.exact", domain: "graph", name: "parley.exact", type: "string")) }
        if anyTypeOrLabel { keys.append(Key(id: "labels", domain: "node", name: "labels", type: "string")) }
        keys.append(Key(id: "n.label", domain: "node", name: "label", type: "string"))
        keys.append(Key(id: "n.type", domain: "node", name: "type", type: "string"))
        if anyName { keys.append(Key(id: "n.name", domain: "node", name: "name", type: "string")) }
        if anyEncodedID { keys.append(Key(id: "n.id", domain: "node", name: "parley.id", type: "string")) }
        if anyLabels { keys.append(Key(id: "n.labels", domain: "node", name: "parley.labels", type: "string")) }
        if anyAliases { keys.append(Key(id: "n.aliases", domain: "node", name: "aliases", type: "string")) }
        if anyEntityCitations { keys.append(Key(id: "n.citations", domain: "node", name: "citations", type: "string")) }
        if anyNodeExact { keys.append(Key(id: "n.exact", domain: "node", name: "parley.exact", type: "string")) }
        let nodeAttributeKeys = nodeAttributes.sorted()
        let nodeNames = attrNames(nodeAttributeKeys, reserved: GraphMLFormat.reservedNodeNames)
        for k in nodeAttributeKeys {
            keys.append(Key(id: attributeKeyID(prefix: "na", k), domain: "node", name: nodeNames[k] ?? k.name, type: k.kind.attrType))
        }
        keys.append(Key(id: "label", domain: "edge", name: "label", type: "string"))
        if anyFrom { keys.append(Key(id: "e.valid_from", domain: "edge", name: "valid_from", type: "string")) }
        if anyUntil { keys.append(Key(id: "e.valid_until", domain: "edge", name: "valid_until", type: "string")) }
        if anyConfidence { keys.append(Key(id: "e.confidence", domain: "edge", name: "confidence", type: "string")) }
        if anyCitations { keys.append(Key(id: "e.citations", domain: "edge", name: "citations", type: "string")) }
        if anyEdgeExact { keys.append(Key(id: "e.exact", domain: "edge", name: "parley.exact", type: "string")) }
        let edgeAttributeKeys = edgeAttributes.sorted()
        let edgeNames = attrNames(edgeAttributeKeys, reserved: GraphMLFormat.reservedEdgeNames)
        for k in edgeAttributeKeys {
            keys.append(Key(id: attributeKeyID(prefix: "ea", k), domain: "edge", name: edgeNames[k] ?? k.name, type: k.kind.attrType))
        }
        var nodeKeyIDs: [AttributeKey: String] = [:]
        for k in nodeAttributeKeys { nodeKeyIDs[k] = attributeKeyID(prefix: "na", k) }
        var edgeKeyIDs: [AttributeKey: String] = [:]
        for k in edgeAttributeKeys { edgeKeyIDs[k] = attributeKeyID(prefix: "ea", k) }

        w.startDocument()
        w.startElement("graphml")
        w.attribute("xmlns", GraphMLFormat.namespace)
        w.attribute("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance")
        w.attribute(
            "xsi:schemaLocation", "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd")
        for k in keys {
            w.startElement("key")
            w.attribute("id", k.id)
            w.attribute("for", k.domain)
            w.attribute("attr.name", k.name)
            w.attribute("attr.type", k.type)
            w.endElement()
        }
        w.startElement("graph")
        w.attribute("id", "G")
        w.attribute("edgedefault", "directed")
        func data(_ key: String, _ text: String) { w.element("data", attribute: "key", key, text: text) }
        data("g.format", GraphMLFormat.formatMarker)
        if let v = m.id { data("g.id", GraphMLFormat.xmlSafe(v)) }
        if let v = m.asOf { data("g.as_of", v.description) }
        if let v = m.title { data("g.title", GraphMLFormat.xmlSafe(v)) }
        if let v = m.schema { data("g.schema", GraphMLFormat.xmlSafe(v)) }
        if let v = m.description { data("g.description", GraphMLFormat.xmlSafe(v)) }
        if !m.attributes.isEmpty { data("g.attributes", TypedJSON.encode(.map(m.attributes))) }
        if !symmetric.isEmpty { data("g.symmetric_types", TypedJSON.encode(.list(symmetric.map { .string($0) }))) }
        if let graphExact { data("g.exact", graphExact) }
        if !graph.sources.isEmpty {
            data("g.sources", TypedJSON.encode(.list(graph.sources.sorted { $0.id < $1.id }.map(sourceValue))))
        }

        var tokens = [String](repeating: "", count: graph.entityCapacity)
        for h in entities {
            let e = graph[h]
            let token = GraphMLFormat.nameToken(e.id)
            tokens[h.int] = token
            w.startElement("node")
            w.attribute("id", token)
            if !e.allLabels.isEmpty {
                data("labels", GraphMLFormat.xmlSafe(e.allLabels.map { ":" + $0 }.joined()))
            }
            data("n.label", GraphMLFormat.xmlSafe(e.displayName))
            data("n.type", GraphMLFormat.xmlSafe(e.type))
            if let n = e.name { data("n.name", GraphMLFormat.xmlSafe(n)) }
            if token != e.id { data("n.id", TypedJSON.encode(.string(e.id))) }
            if !e.labels.isEmpty { data("n.labels", TypedJSON.encode(.list(e.labels.map { .string($0) }))) }
            if !e.aliases.isEmpty { data("n.aliases", TypedJSON.encode(.list(e.aliases.map { .string($0) }))) }
            if !e.citations.isEmpty { data("n.citations", citationsJSON(e.citations)) }
            if let exact = exactFields([("type", e.type), ("name", e.name)]) { data("n.exact", exact) }
            writeAttributes(e.attributes, ids: nodeKeyIDs, with: w)
            w.endElement()
        }
        for (i, h) in relations.enumerated() {
            let r = graph[h]
            w.startElement("edge")
            w.attribute("id", "e\(i)")
            w.attribute("source", tokens[r.from.int])
            w.attribute("target", tokens[r.to.int])
            if options.perEdgeDirection && graph.symmetricTypes.contains(r.type) { w.attribute("directed", "false") }
            data("label", GraphMLFormat.xmlSafe(r.type))
            if let d = r.validFrom { data("e.valid_from", d.description) }
            if let d = r.validUntil { data("e.valid_until", d.description) }
            if let c = r.confidence { data("e.confidence", c.rawValue) }
            if !r.citations.isEmpty { data("e.citations", citationsJSON(r.citations)) }
            if let exact = exactFields([("type", r.type)]) { data("e.exact", exact) }
            writeAttributes(r.attributes, ids: edgeKeyIDs, with: w)
            w.endElement()
        }
        w.endElement()  // graph
        w.endElement()  // graphml
        w.endDocument()
    }

    static func writeAttributes(_ attributes: [String: Value], ids: [AttributeKey: String], with w: XMLTextWriter) {
        guard !attributes.isEmpty else { return }
        for name in attributes.keys.sorted() {
            guard let v = attributes[name] else { continue }
            let kind = GraphMLFormat.Kind(of: v)
            guard let id = ids[AttributeKey(name: name, kind: kind)] else { continue }
            w.element("data", attribute: "key", id, text: text(of: v, kind: kind))
        }
    }

    /// The text of an attribute value in a `<data>` element of its kind's key.
    static func text(of v: Value, kind: GraphMLFormat.Kind) -> String {
        switch (kind, v) {
        case (.null, _): ""
        case (.bool, .bool(let b)): b ? "true" : "false"
        case (.int, .int(let i)): String(i)
        case (.float, .float(let f)): Value.formatFloat(f)
        case (.string, .string(let s)): s
        case (.date, .date(let d)): d.description
        default: TypedJSON.encode(v)
        }
    }

    /// The JSON map of the plain-text fields that XML cannot carry as they are (control
    /// characters), or nil when all can; the reader takes these over the plain keys.
    static func exactFields(_ fields: [(String, String?)]) -> String? {
        var m: [String: Value] = [:]
        for (name, value) in fields {
            if let value, !GraphMLFormat.isXMLSafe(value) { m[name] = .string(value) }
        }
        return m.isEmpty ? nil : TypedJSON.encode(.map(m))
    }

    static func citationsJSON(_ citations: [Citation]) -> String {
        TypedJSON.encode(
            .list(citations.map { c in
                var m: [String: Value] = ["source": .string(c.source)]
                if let q = c.quote { m["quote"] = .string(q) }
                return .map(m)
            }))
    }

    static func sourceValue(_ s: Source) -> Value {
        var m: [String: Value] = ["id": .string(s.id)]
        if let v = s.outlet { m["outlet"] = .string(v) }
        if let v = s.title { m["title"] = .string(v) }
        if let v = s.date { m["date"] = .date(v) }
        if let v = s.file { m["file"] = .string(v) }
        if let v = s.url { m["url"] = .string(v) }
        if !s.attributes.isEmpty { m["attributes"] = .map(s.attributes) }
        return .map(m)
    }

    // MARK: Order

    /// Live entities sorted by id.
    static func sortedEntities(_ graph: Graph) -> [EntityHandle] {
        graph.entityHandles.sorted { graph[$0].id < graph[$1].id }
    }

    /// Live relations sorted by (from id, type, to id), ties broken by the rest of the relation.
    static func sortedRelations(_ graph: Graph) -> [RelationHandle] {
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

    /// A canonical text of everything but the endpoints and type, to order parallel relations.
    static func tieKey(_ r: Relation) -> String {
        var parts: [String] = [
            r.validFrom?.description ?? "", r.validUntil?.description ?? "", r.confidence?.rawValue ?? "",
        ]
        parts.append(TypedJSON.encode(.map(r.attributes)))
        parts.append(citationsJSON(r.citations))
        return parts.joined(separator: "\u{1}")
    }
}
