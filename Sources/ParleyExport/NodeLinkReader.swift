import Foundation
import ParleyCore

/// How node-link JSON from other tools maps onto typed entities and relations; the same
/// options as GraphML import. Each key names a node or link field.
public struct NodeLinkImportOptions: Sendable, Hashable {
    /// Entity type field; default `type`, then `labels` (a list, or `:A:B`).
    public var typeKey: String?
    /// Display name field; default `name`, then `label`.
    public var labelKey: String?
    /// Relation type field; default `type`, then `label`, `relation`, `relationship`.
    public var relationKey: String?
    public var defaultEntityType: String
    public var defaultRelationType: String

    public init(
        typeKey: String? = nil, labelKey: String? = nil, relationKey: String? = nil, defaultEntityType: String = "Node",
        defaultRelationType: String = "RELATED"
    ) {
        self.typeKey = typeKey
        self.labelKey = labelKey
        self.relationKey = relationKey
        self.defaultEntityType = defaultEntityType
        self.defaultRelationType = defaultRelationType
    }
}

/// What reading node-link JSON gave.
public struct NodeLinkReadResult: Sendable {
    public var graph: Graph
    public var sourceMap: SourceMap
    public var diagnostics: [Diagnostic]
    /// Whether the file was written by Parley (read losslessly; the mapping options are ignored).
    public var isParleyFile: Bool
}

/// Reads node-link JSON (NetworkX's `node_link_data`, D3): Parley's own files
/// (``NodeLinkWriter``) back to an equal graph; other files through ``NodeLinkImportOptions``.
/// Links may be called `links` or `edges`; a link's `source` and `target` are node ids, node
/// objects with an `id`, or (D3's older layout) indexes into `nodes`.
public enum NodeLinkReader {
    /// Whether JSON text is an object with `nodes` and `links` (or `edges`) among its top-level
    /// keys, found by a scan that builds nothing and stops at a snapshot's own keys
    /// (`snapshot`, `entities`, `relations`, `sources`).
    /// - Complexity: O(n) at worst, usually far less.
    public static func hasNodeLinkKeys<Bytes: RandomAccessCollection<UInt8>>(_ bytes: Bytes) -> Bool where Bytes.Index == Int {
        var i = 0
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return false }
        var depth = 0
        var nodes = false
        var links = false
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                let start = i + 1
                i += 1
                while i < bytes.count, bytes[i] != UInt8(ascii: "\"") { i += bytes[i] == UInt8(ascii: "\\") ? 2 : 1 }
                let end = min(i, bytes.count)
                i += 1
                guard depth == 1 else { continue }
                var j = i
                while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x0A || bytes[j] == 0x0D || bytes[j] == 0x09 { j += 1 }
                guard j < bytes.count, bytes[j] == UInt8(ascii: ":") else { continue }
                switch String(decoding: bytes[start..<end], as: UTF8.self) {
                case "nodes": nodes = true
                case "links", "edges": links = true
                case "snapshot", "entities", "relations", "sources": return false
                default: break
                }
                if nodes && links { return true }
                continue
            }
            if b == UInt8(ascii: "{") || b == UInt8(ascii: "[") { depth += 1 }
            if b == UInt8(ascii: "}") || b == UInt8(ascii: "]") { depth -= 1 }
            i += 1
        }
        return false
    }

    /// Whether JSON text has `nodes` and `links` (or `edges`) at its top level.
    public static func looksLikeNodeLink(_ bytes: some Collection<UInt8>) -> Bool {
        guard let root = try? NodeLinkJSON.parse(Array(bytes)), let o = root.object else { return false }
        let keys = Set(o.map(\.0))
        return keys.contains("nodes") && (keys.contains("links") || keys.contains("edges"))
    }

    /// Reads node-link JSON text; `name` is how diagnostics name the file.
    /// - Throws: ``Diagnostics`` when the text is not JSON or has no `nodes` list.
    /// - Complexity: O(n) in the size of the text.
    public static func read(
        bytes: some Collection<UInt8>, name: String = "<stdin>", options: NodeLinkImportOptions = .init()
    ) throws(Diagnostics) -> NodeLinkReadResult {
        let root: NodeLinkJSON.Node
        do {
            root = try NodeLinkJSON.parse(Array(bytes))
        } catch {
            throw Diagnostics([.error(error.message, at: SourceLocation(file: name, line: error.line, column: error.column))])
        }
        var reader = Builder(file: name, options: options)
        try reader.read(root)
        return NodeLinkReadResult(graph: reader.graph, sourceMap: reader.sourceMap, diagnostics: reader.diagnostics, isParleyFile: reader.isParley)
    }

    /// Reads the node-link JSON file at `path`.
    public static func read(
        path: String, displayName: String? = nil, options: NodeLinkImportOptions = .init()
    ) throws(Diagnostics) -> NodeLinkReadResult {
        let name = displayName ?? path
        guard let data = FileManager.default.contents(atPath: path) else {
            throw Diagnostics([.error("cannot read the file", at: SourceLocation(file: name, line: 1, column: 1))])
        }
        return try read(bytes: data, name: name, options: options)
    }

    struct Builder {
        let file: String
        let options: NodeLinkImportOptions
        var graph = Graph()
        var sourceMap: SourceMap
        var diagnostics: [Diagnostic] = []
        var isParley = false
        var nodeDates = Set<String>()
        var linkDates = Set<String>()

        init(file: String, options: NodeLinkImportOptions) {
            self.file = file
            self.options = options
            self.sourceMap = SourceMap(file: file)
        }

        func at(_ n: NodeLinkJSON.Node) -> SourceLocation { SourceLocation(file: file, line: n.line, column: n.column) }

        mutating func error(_ message: String, _ n: NodeLinkJSON.Node) { diagnostics.append(.error(message, at: at(n))) }
        mutating func warning(_ message: String, _ n: NodeLinkJSON.Node) { diagnostics.append(.warning(message, at: at(n))) }

        mutating func read(_ root: NodeLinkJSON.Node) throws(Diagnostics) {
            guard root.object != nil else {
                throw Diagnostics([.error("node-link JSON must be an object with \"nodes\" and \"links\", not \(root.typeName)", at: at(root))])
            }
            guard let nodesNode = root["nodes"], let nodes = nodesNode.array else {
                throw Diagnostics([.error("node-link JSON needs a \"nodes\" list at its top level", at: at(root))])
            }
            let linksNode = root["links"] ?? root["edges"]
            let directed = root["directed"]?.bool ?? true
            if let g = root["graph"] { readGraph(g) }

            var handles: [EntityHandle?] = []
            handles.reserveCapacity(nodes.count)
            for n in nodes { handles.append(readNode(n)) }

            var typeDirection: [String: Bool] = [:]
            if let linksNode {
                guard let links = linksNode.array else {
                    throw Diagnostics([.error("\"links\" must be a list, not \(linksNode.typeName)", at: at(linksNode))])
                }
                for l in links {
                    if let type = readLink(l, handles: handles) { typeDirection[type] = directed }
                }
            }
            if !isParley && !directed { graph.symmetricTypes.formUnion(typeDirection.keys) }
        }

        mutating func readGraph(_ g: NodeLinkJSON.Node) {
            guard let fields = g.object else { return }
            if let p = g["parley"], p["format"]?.string?.hasPrefix("parley/") == true {
                isParley = true
                for t in p["symmetric_types"]?.array ?? [] { if let s = t.string { graph.symmetricTypes.insert(s) } }
                for t in p["date_attributes"]?["nodes"]?.array ?? [] { if let s = t.string { nodeDates.insert(s) } }
                for t in p["date_attributes"]?["links"]?.array ?? [] { if let s = t.string { linkDates.insert(s) } }
            }
            for (k, v) in fields {
                switch (isParley, k) {
                case (true, "parley"): break
                case (true, "id"): graph.metadata.id = v.string
                case (true, "as_of"):
                    graph.metadata.asOf = v.string.flatMap { LocalDate(iso: $0) }
                    if graph.metadata.asOf == nil { error("as_of must be a date YYYY-MM-DD", v) }
                case (true, "title"): graph.metadata.title = v.string
                case (true, "schema"): graph.metadata.schema = v.string
                case (true, "description"): graph.metadata.description = v.string
                case (true, "attributes"): graph.metadata.attributes = v.value.mapValue ?? [:]
                case (true, "sources"):
                    for s in v.array ?? [] {
                        guard let id = s["id"]?.string else {
                            error("a source without an id", s)
                            continue
                        }
                        let src = Source(
                            id: id, outlet: s["outlet"]?.string, title: s["title"]?.string, date: s["date"]?.value.dateValue,
                            file: s["file"]?.string, url: s["url"]?.string, attributes: s["attributes"]?.value.mapValue ?? [:])
                        do { try graph.addSource(src) } catch { self.error("\(error)", s) }
                    }
                default:
                    graph.metadata.attributes[k] = v.value
                }
            }
        }

        /// An id from a JSON id value: strings as they are, numbers as written.
        func idText(_ n: NodeLinkJSON.Node) -> String? {
            switch n.kind {
            case .string(let s): s
            case .int(let i): String(i)
            case .float(let f): Value.formatFloat(f)
            case .bool(let b): b ? "True" : "False"
            default: nil
            }
        }

        func field(_ names: [String], in pairs: [(String, NodeLinkJSON.Node)]) -> String? {
            for n in names {
                if pairs.contains(where: { $0.0 == n }) { return n }
            }
            return nil
        }

        func citations(_ n: NodeLinkJSON.Node?) -> [Citation] {
            (n?.array ?? []).compactMap { c in c["source"]?.string.map { Citation(source: $0, quote: c["quote"]?.string) } }
        }

        func attributeName(_ k: String) -> String { k.hasPrefix("attr.") ? String(k.dropFirst(5)) : k }

        func attributeValue(_ v: NodeLinkJSON.Node, name: String, dates: Set<String>) -> Value {
            if dates.contains(name), let s = v.string, let d = LocalDate(iso: s) { return .date(d) }
            return v.value
        }

        mutating func readNode(_ n: NodeLinkJSON.Node) -> EntityHandle? {
            guard let pairs = n.object else {
                error("a node must be an object, not \(n.typeName)", n)
                return nil
            }
            guard let idNode = n["id"], let id = idText(idNode) else {
                error("a node without an \"id\"", n)
                return nil
            }
            var e = Entity(id: id, type: "")
            if isParley {
                for (k, v) in pairs {
                    switch k {
                    case "id", "label": break
                    case "type": e.type = v.string ?? ""
                    case "name": e.name = v.string
                    case "labels": e.labels = (v.array ?? []).compactMap(\.string)
                    case "aliases": e.aliases = (v.array ?? []).compactMap(\.string)
                    case "citations": e.citations = citations(v)
                    default: e.attributes[attributeName(k)] = attributeValue(v, name: attributeName(k), dates: nodeDates)
                    }
                }
            } else {
                let typeField = options.typeKey ?? field(["type", "labels"], in: pairs)
                let nameField = options.labelKey ?? field(["name", "label"], in: pairs)
                for (k, v) in pairs where k != "id" {
                    if k == typeField {
                        if let list = v.array {
                            let labels = list.compactMap(\.string)
                            e.type = labels.first ?? ""
                            e.labels = Array(labels.dropFirst())
                        } else if let s = v.string {
                            let parts = s.hasPrefix(":") ? s.split(separator: ":").map(String.init) : [s]
                            e.type = parts.first ?? ""
                            e.labels = Array(parts.dropFirst())
                        } else {
                            warning("the type field '\(k)' holds \(v.typeName), not a string", v)
                        }
                    } else if k == nameField {
                        e.name = idText(v)
                    } else {
                        e.attributes[k] = v.value
                    }
                }
                if e.type.isEmpty { e.type = options.defaultEntityType }
            }
            do {
                let h = try graph.addEntity(e)
                sourceMap.record(.entity(h), at: at(n))
                return h
            } catch {
                self.error("\(error)", n)
                return nil
            }
        }

        /// The entity a link end names.
        mutating func endpoint(_ n: NodeLinkJSON.Node, handles: [EntityHandle?], link: NodeLinkJSON.Node) -> EntityHandle? {
            if n.object != nil, let idNode = n["id"] { return endpoint(idNode, handles: handles, link: link) }
            guard let id = idText(n) else {
                error("a link end must be a node id, not \(n.typeName)", n)
                return nil
            }
            if let h = graph.handle(forID: id) { return h }
            if case .int(let i) = n.kind, i >= 0, i < handles.count, let h = handles[i] { return h }
            warning("link to undeclared node '\(id)': created it with type '\(options.defaultEntityType)'", n)
            let h = try? graph.addEntity(Entity(id: id, type: options.defaultEntityType))
            if let h { sourceMap.record(.entity(h), at: at(n)) }
            return h
        }

        /// Reads one link; returns its type when it was added.
        mutating func readLink(_ l: NodeLinkJSON.Node, handles: [EntityHandle?]) -> String? {
            guard let pairs = l.object else {
                error("a link must be an object, not \(l.typeName)", l)
                return nil
            }
            guard let s = l["source"], let t = l["target"] else {
                error("a link needs a \"source\" and a \"target\"", l)
                return nil
            }
            guard let from = endpoint(s, handles: handles, link: l), let to = endpoint(t, handles: handles, link: l) else { return nil }
            var r = Relation(from: from, type: "", to: to)
            if isParley {
                for (k, v) in pairs {
                    switch k {
                    case "source", "target", "key": break
                    case "type": r.type = v.string ?? ""
                    case "valid_from", "valid_until":
                        let d = v.string.flatMap { LocalDate(iso: $0) }
                        if d == nil { error("\(k) must be a date YYYY-MM-DD", v) }
                        if k == "valid_from" { r.validFrom = d } else { r.validUntil = d }
                    case "confidence":
                        r.confidence = v.string.flatMap { Confidence(rawValue: $0) }
                        if r.confidence == nil { error("confidence must be high, medium or low", v) }
                    case "citations": r.citations = citations(v)
                    default: r.attributes[attributeName(k)] = attributeValue(v, name: attributeName(k), dates: linkDates)
                    }
                }
            } else {
                let typeField = options.relationKey ?? field(["type", "label", "relation", "relationship"], in: pairs)
                for (k, v) in pairs where k != "source" && k != "target" && k != "key" {
                    if k == typeField, let s = idText(v) {
                        r.type = s
                    } else {
                        r.attributes[k] = v.value
                    }
                }
                if r.type.isEmpty { r.type = options.defaultRelationType }
            }
            do {
                let h = try graph.addRelation(r)
                sourceMap.record(.relation(h), at: at(l))
                return r.type
            } catch {
                self.error("\(error)", l)
                return nil
            }
        }
    }
}
