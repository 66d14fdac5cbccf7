import Foundation
import ParleyCore

/// The state machine behind ``GraphMLReader``: one pass over the reader's nodes, building the
/// graph as elements end.
final class GraphMLParser {
    enum AttrType: String {
        case boolean, int, long, float, double, string
    }

    struct KeyDecl {
        var id: String
        var domain: String  // graph, node, edge, all, or another GraphML domain
        var name: String
        var type: AttrType
        var defaultText: String?
        var yfilesType: String?
        var line: Int
        /// For Parley's attribute keys (`na.KIND.NAME`): the kind and the attribute name.
        var parleyAttribute: (GraphMLFormat.Kind, String)?
        func applies(to d: String) -> Bool { domain == d || domain == "all" }
    }

    struct DataItem {
        var key: String
        var text: String
        var line: Int
    }

    struct ElementBuilder {
        var xmlID: String
        var line: Int
        var column: Int
        var source: String = ""
        var target: String = ""
        var directed: Bool?
        var data: [DataItem] = []
    }

    enum Frame {
        case graphml, key, keyDefault, graph, node, edge, data, skip, other
    }

    let reader: XMLStreamReader
    let file: String
    let options: GraphMLImportOptions

    var graph = Graph()
    var sourceMap: SourceMap
    var diagnostics: [Diagnostic] = []

    var keys: [String: KeyDecl] = [:]
    var keyOrder: [String] = []
    var isParley = false
    var edgeDefaultDirected = true
    var graphCount = 0
    /// Where the document type declaration starts, when the reader found it in the file's start.
    var doctypeLocation: SourceLocation?

    // Current element state.
    var frames: [Frame] = []
    var currentKey: KeyDecl?
    var current: ElementBuilder?
    var graphData: [DataItem] = []
    var dataKey = ""
    var dataText = ""
    var dataLine = 0
    var dataDepth = 0
    var dataHadElements = false
    var inData = false
    var defaultText = ""

    // Mapping, resolved once the keys are known (at the first <graph>).
    var typeKeys: Set<String> = []
    var labelKeys: Set<String> = []
    var relationKeys: Set<String> = []
    var mappingResolved = false

    // Edges whose endpoints are not declared yet.
    var pendingEdges: [(ElementBuilder, Relation, String, String)] = []
    var directedCount: [String: (directed: Int, undirected: Int)] = [:]
    var nodeLines: [String: Int] = [:]

    // Interned element names for pointer comparison.
    let nGraphml, nKey, nDefault, nGraph, nNode, nEdge, nData, nDesc, nPort, nHyperedge, nLocator, nNamespace: UnsafePointer<UInt8>?

    init(reader: XMLStreamReader, file: String, options: GraphMLImportOptions) {
        self.reader = reader
        self.file = file
        self.options = options
        self.sourceMap = SourceMap(file: file)
        nGraphml = reader.intern("graphml")
        nKey = reader.intern("key")
        nDefault = reader.intern("default")
        nGraph = reader.intern("graph")
        nNode = reader.intern("node")
        nEdge = reader.intern("edge")
        nData = reader.intern("data")
        nDesc = reader.intern("desc")
        nPort = reader.intern("port")
        nHyperedge = reader.intern("hyperedge")
        nLocator = reader.intern("locator")
        nNamespace = reader.intern(GraphMLFormat.namespace)
    }

    func location(line: Int? = nil, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line ?? reader.line, column: column ?? reader.column)
    }

    /// A fatal problem at the current node.
    func fail(_ message: String) -> Diagnostics {
        Diagnostics(diagnostics.filter { $0.severity == .error } + [.error(message, at: location())])
    }

    func run() throws(Diagnostics) -> GraphMLReadResult {
        var sawRoot = false
        while true {
            guard let more = reader.read() else {
                var ds = reader.errors.diagnostics(file: file)
                if ds.isEmpty { ds = [.error("malformed XML", at: location())] }
                if reader.errors.dropped > 0 {
                    ds.append(Diagnostic(.note, "\(reader.errors.dropped) further XML errors not shown"))
                }
                throw Diagnostics(ds)
            }
            if !more { break }
            switch reader.kind {
            case .documentType:
                if reader.documentTypeDeclaresEntities() {
                    let message = "the document type declaration declares entities; Parley never expands entities and does not read such files"
                    if let doctypeLocation { throw Diagnostics([.error(message, at: doctypeLocation)]) }
                    throw fail(message)
                }
            case .entityReference:
                throw fail("entity reference '&\(reader.qualifiedName);' is not expanded; Parley does not read files that use entities")
            case .element:
                if !sawRoot {
                    sawRoot = true
                    guard reader.localNamePointer == nGraphml else {
                        throw fail("not a GraphML file: the root element is <\(reader.qualifiedName)>, not <graphml>")
                    }
                    frames.append(.graphml)
                    if reader.isEmptyElement { frames.removeLast() }
                    continue
                }
                try startElement()
            case .endElement:
                try endElement()
            case .text:
                if inData {
                    reader.appendValue(to: &dataText)
                } else if frames.last == .keyDefault {
                    reader.appendValue(to: &defaultText)
                }
            case .other:
                break
            }
        }
        // Warnings libxml2 reported without stopping.
        diagnostics.append(contentsOf: reader.errors.diagnostics(file: file))
        if !sawRoot {
            throw Diagnostics([.error("empty document: no GraphML in it", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        if graphCount == 0 {
            diagnostics.append(.warning("the file holds no <graph>", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        finishPendingEdges()
        for (type, c) in directedCount where c.undirected > 0 && c.directed == 0 {
            graph.symmetricTypes.insert(type)
        }
        return GraphMLReadResult(graph: graph, sourceMap: sourceMap, diagnostics: diagnostics, isParleyFile: isParley)
    }

    /// Whether the current element is GraphML's (its namespace or none).
    var inGraphMLNamespace: Bool {
        guard let ns = reader.namespaceURIPointer else { return true }
        return ns == nNamespace || String(cString: ns) == GraphMLFormat.namespace
    }

    func push(_ frame: Frame) throws(Diagnostics) {
        frames.append(frame)
        if reader.isEmptyElement { try endElement() }
    }

    func startElement() throws(Diagnostics) {
        let parent = frames.last ?? .other
        if parent == .data || parent == .skip {
            if parent == .data { dataHadElements = true }
            frames.append(.skip)
            if reader.isEmptyElement { frames.removeLast() }
            return
        }
        let name = reader.localNamePointer
        guard inGraphMLNamespace else {
            // Another vocabulary (yEd's y:, for example) outside a <data>: not ours.
            frames.append(.skip)
            if reader.isEmptyElement { frames.removeLast() }
            return
        }
        switch parent {
        case .graphml:
            if name == nKey {
                startKey()
                try push(.key)
            } else if name == nGraph {
                graphCount += 1
                if graphCount > 1 { throw fail("a second <graph> in one file is not supported: Parley reads one graph per file") }
                startGraph()
                try push(.graph)
            } else {
                try push(.skip)  // <desc>, <data> on the document: nothing to keep
            }
        case .key:
            if name == nDefault {
                defaultText = ""
                try push(.keyDefault)
            } else {
                try push(.skip)
            }
        case .graph:
            if name == nNode {
                current = ElementBuilder(xmlID: reader.attribute("id") ?? "", line: reader.line, column: reader.column)
                if reader.attribute("id") == nil { throw fail("<node> without an id") }
                try push(.node)
            } else if name == nEdge {
                var b = ElementBuilder(xmlID: reader.attribute("id") ?? "", line: reader.line, column: reader.column)
                if reader.attribute("sourceport") != nil || reader.attribute("targetport") != nil {
                    throw fail("edge ports (sourceport/targetport) are not supported")
                }
                guard let s = reader.attribute("source"), let t = reader.attribute("target") else {
                    throw fail("<edge> without a source or a target")
                }
                b.source = s
                b.target = t
                if let d = reader.attribute("directed") { b.directed = d == "true" || d == "1" }
                current = b
                try push(.edge)
            } else if name == nData {
                startData()
                try push(.data)
            } else if name == nHyperedge {
                throw fail("hyperedges are not supported: Parley's relations join exactly two entities")
            } else if name == nLocator {
                throw fail("<locator> (a graph stored in another file) is not supported")
            } else {
                try push(.skip)
            }
        case .node, .edge:
            if name == nData {
                startData()
                try push(.data)
            } else if name == nGraph {
                throw fail("nested graphs (a <graph> inside a <\(parent == .node ? "node" : "edge")>) are not supported")
            } else if name == nPort {
                throw fail("ports are not supported")
            } else {
                try push(.skip)
            }
        default:
            try push(.skip)
        }
    }

    func endElement() throws(Diagnostics) {
        guard let frame = frames.popLast() else { return }
        switch frame {
        case .key: endKey()
        case .keyDefault: currentKey?.defaultText = defaultText
        case .data: endData()
        case .node: endNode()
        case .edge: try endEdge()
        case .graph, .graphml, .skip, .other: break
        }
    }

    // MARK: Keys

    func startKey() {
        let id = reader.attribute("id") ?? ""
        let type = reader.attribute("attr.type").flatMap { AttrType(rawValue: $0.lowercased()) } ?? .string
        if let t = reader.attribute("attr.type"), AttrType(rawValue: t.lowercased()) == nil {
            diagnostics.append(.warning("unknown attr.type '\(t)' of key '\(id)': read as string", at: location()))
        }
        var decl = KeyDecl(
            id: id, domain: reader.attribute("for") ?? "all", name: reader.attribute("attr.name") ?? id, type: type,
            defaultText: nil, yfilesType: reader.attribute("yfiles.type"), line: reader.line)
        if id.hasPrefix("na.") || id.hasPrefix("ea.") {
            let parts = id.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
            if parts.count == 3, let kind = GraphMLFormat.Kind(rawValue: String(parts[1])) {
                decl.parleyAttribute = (kind, GraphMLFormat.decodeNameToken(String(parts[2])))
            }
        }
        currentKey = decl
        if id.isEmpty { diagnostics.append(.warning("<key> without an id is ignored", at: location())) }
    }

    func endKey() {
        guard let k = currentKey, !k.id.isEmpty else { return }
        if keys[k.id] != nil {
            diagnostics.append(.warning("key '\(k.id)' is declared twice; the later declaration wins", at: location(line: k.line)))
        } else {
            keyOrder.append(k.id)
        }
        keys[k.id] = k
        if k.id == "g.format" && k.domain == "graph" { isParley = true }
        currentKey = nil
    }

    func startGraph() {
        if let d = reader.attribute("edgedefault") {
            edgeDefaultDirected = d != "undirected"
        }
        resolveMapping()
    }

    /// The keys (ids) of a domain that an option or the default candidates name.
    func keysNamed(_ option: String?, candidates: [String], domain: String, label: String) -> Set<String> {
        let inDomain = keyOrder.compactMap { keys[$0] }.filter { $0.applies(to: domain) }
        if let option {
            let o = option.lowercased()
            let hits = inDomain.filter { $0.name.lowercased() == o || $0.id.lowercased() == o }
            if hits.isEmpty {
                diagnostics.append(
                    .warning(
                        "no \(domain) key named '\(option)' for \(label); keys: \(inDomain.map(\.name).joined(separator: ", "))",
                        at: SourceLocation(file: file, line: 1, column: 1)))
            }
            return Set(hits.map(\.id))
        }
        for c in candidates {
            let hits = inDomain.filter { $0.name.lowercased() == c }
            if !hits.isEmpty { return Set(hits.map(\.id)) }
        }
        return []
    }

    func resolveMapping() {
        guard !mappingResolved else { return }
        mappingResolved = true
        for domain in ["node", "edge"] {
            defaultKeys[domain] = keyOrder.compactMap { keys[$0] }.filter { $0.defaultText != nil && $0.applies(to: domain) }
        }
        if isParley { return }
        typeKeys = keysNamed(options.typeKey, candidates: GraphMLImportOptions.typeCandidates, domain: "node", label: "the entity type")
        labelKeys = keysNamed(options.labelKey, candidates: GraphMLImportOptions.labelCandidates, domain: "node", label: "the name")
        if labelKeys.isEmpty && options.labelKey == nil {
            labelKeys = Set(keys.values.filter { $0.yfilesType == "nodegraphics" }.map(\.id))
        }
        relationKeys = keysNamed(
            options.relationKey, candidates: GraphMLImportOptions.relationCandidates, domain: "edge", label: "the relation type")
    }

    // MARK: Data

    func startData() {
        dataKey = reader.attribute("key") ?? ""
        dataText = ""
        dataLine = reader.line
        dataHadElements = false
        dataDepth = reader.depth
        inData = true
    }

    func endData() {
        inData = false
        var text = dataText
        if dataHadElements { text = text.trimmingCharacters(in: .whitespacesAndNewlines) }
        let item = DataItem(key: dataKey, text: text, line: dataLine)
        if current != nil {
            current?.data.append(item)
        } else {
            graphData.append(item)
            if frames.last == .graph { applyGraphData(item) }
        }
        dataText = ""
    }

    // MARK: Values

    /// The value of a foreign key's text by its attr.type; nil with a warning when it does not parse.
    func value(_ text: String, of key: KeyDecl, line: Int) -> Value {
        switch key.type {
        case .string: return .string(text)
        case .boolean:
            switch text.trimmingCharacters(in: .whitespaces).lowercased() {
            case "true", "1": return .bool(true)
            case "false", "0": return .bool(false)
            default: break
            }
        case .int, .long:
            if let i = Int(text.trimmingCharacters(in: .whitespaces)) { return .int(i) }
        case .float, .double:
            if let f = Double(text.trimmingCharacters(in: .whitespaces)) { return .float(f) }
        }
        diagnostics.append(
            .warning("'\(text.prefix(40))' is not a \(key.type.rawValue) (key '\(key.id)'): kept as a string", at: location(line: line, column: 1)))
        return .string(text)
    }

    /// The value of a Parley attribute key's text by its kind.
    func value(_ text: String, kind: GraphMLFormat.Kind, line: Int) -> Value {
        switch kind {
        case .null: return .null
        case .string: return .string(text)
        case .bool:
            if text == "true" { return .bool(true) }
            if text == "false" { return .bool(false) }
        case .int: if let i = Int(text) { return .int(i) }
        case .float: if let f = Double(text) { return .float(f) }
        case .date: if let d = LocalDate(iso: text) { return .date(d) }
        case .json:
            if let v = try? TypedJSON.decode(text) { return v }
        }
        diagnostics.append(.error("'\(text.prefix(40))' is not a valid \(kind.rawValue) value", at: location(line: line, column: 1)))
        return .string(text)
    }

    func json(_ item: DataItem) -> Value? {
        do {
            return try TypedJSON.decode(item.text)
        } catch {
            diagnostics.append(.error("key '\(item.key)': \(error)", at: location(line: item.line, column: 1)))
            return nil
        }
    }

    func stringList(_ item: DataItem) -> [String] {
        guard let v = json(item) else { return [] }
        guard case .list(let items) = v else {
            diagnostics.append(.error("key '\(item.key)' must hold a JSON list", at: location(line: item.line, column: 1)))
            return []
        }
        return items.map { $0.stringValue ?? $0.description }
    }

    func citations(_ item: DataItem) -> [Citation] {
        guard case .list(let items)? = json(item) else { return [] }
        var out: [Citation] = []
        for case .map(let m) in items {
            guard let s = m["source"]?.stringValue else {
                diagnostics.append(.error("a citation without a source", at: location(line: item.line, column: 1)))
                continue
            }
            out.append(Citation(source: s, quote: m["quote"]?.stringValue))
        }
        return out
    }

    func applyGraphData(_ item: DataItem) {
        guard let key = keys[item.key] else {
            diagnostics.append(.warning("graph data with undeclared key '\(item.key)': kept as a snapshot attribute", at: location(line: item.line, column: 1)))
            graph.metadata.attributes[item.key] = .string(item.text)
            return
        }
        guard isParley else {
            graph.metadata.attributes[key.name] = value(item.text, of: key, line: item.line)
            return
        }
        let at = location(line: item.line, column: 1)
        switch item.key {
        case "g.format":
            if item.text != GraphMLFormat.formatMarker {
                diagnostics.append(.warning("written by Parley format '\(item.text)', this reader knows '\(GraphMLFormat.formatMarker)'", at: at))
            }
        case "g.id": graph.metadata.id = item.text
        case "g.as_of":
            if let d = LocalDate(iso: item.text) {
                graph.metadata.asOf = d
            } else {
                diagnostics.append(.error("as_of '\(item.text)' is not a date YYYY-MM-DD", at: at))
            }
        case "g.title": graph.metadata.title = item.text
        case "g.schema": graph.metadata.schema = item.text
        case "g.description": graph.metadata.description = item.text
        case "g.symmetric_types":
            if case .list(let items)? = json(item) {
                for case .string(let t) in items { graph.symmetricTypes.insert(t) }
            }
        case "g.exact":
            if case .map(let m)? = json(item) {
                if let v = m["id"]?.stringValue { graph.metadata.id = v }
                if let v = m["title"]?.stringValue { graph.metadata.title = v }
                if let v = m["schema"]?.stringValue { graph.metadata.schema = v }
                if let v = m["description"]?.stringValue { graph.metadata.description = v }
            }
        case "g.attributes":
            if case .map(let m)? = json(item) { graph.metadata.attributes = m }
        case "g.sources":
            guard case .list(let items)? = json(item) else { return }
            for case .map(let m) in items {
                guard let id = m["id"]?.stringValue else {
                    diagnostics.append(.error("a source without an id", at: at))
                    continue
                }
                let s = Source(
                    id: id, outlet: m["outlet"]?.stringValue, title: m["title"]?.stringValue, date: m["date"]?.dateValue,
                    file: m["file"]?.stringValue, url: m["url"]?.stringValue, attributes: m["attributes"]?.mapValue ?? [:])
                do {
                    try graph.addSource(s)
                } catch {
                    diagnostics.append(.error("\(error)", at: at))
                }
            }
        default:
            graph.metadata.attributes[key.name] = value(item.text, of: key, line: item.line)
        }
    }

    // MARK: Nodes

    /// Keys with a `<default>`, per domain, once the keys are known.
    var defaultKeys: [String: [KeyDecl]] = [:]

    /// Data items with the key defaults of `domain` added for keys the element leaves out.
    func withDefaults(_ data: [DataItem], domain: String, line: Int) -> [DataItem] {
        guard let withDefault = defaultKeys[domain], !withDefault.isEmpty else { return data }
        var out = data
        var present = Set(data.map(\.key))
        for k in withDefault where !present.contains(k.id) {
            out.append(DataItem(key: k.id, text: k.defaultText ?? "", line: line))
            present.insert(k.id)
        }
        return out
    }

    func endNode() {
        guard let b = current else { return }
        current = nil
        var e = Entity(id: b.xmlID, type: "")
        let data = withDefaults(b.data, domain: "node", line: b.line)
        if isParley {
            var labelsText: String?
            var sawType = false
            for item in data {
                switch item.key {
                case "n.type":
                    e.type = item.text
                    sawType = true
                case "n.name": e.name = item.text
                case "n.id": if case .string(let s)? = json(item) { e.id = s }
                case "n.labels": e.labels = stringList(item)
                case "n.aliases": e.aliases = stringList(item)
                case "n.citations": e.citations = citations(item)
                case "n.label": break
                case "n.exact":
                    if case .map(let m)? = json(item) {
                        if let t = m["type"]?.stringValue { e.type = t; sawType = true }
                        if let n = m["name"]?.stringValue { e.name = n }
                    }
                case "labels": labelsText = item.text
                default: addAttribute(item, to: &e.attributes, domain: "node")
                }
            }
            if !sawType, let l = labelsText {
                let parts = l.split(separator: ":").map(String.init)
                e.type = parts.first ?? ""
                e.labels = Array(parts.dropFirst())
            }
        } else {
            var typed = false
            for item in data {
                if typeKeys.contains(item.key) {
                    if !typed {
                        let text = item.text.trimmingCharacters(in: .whitespaces)
                        if text.hasPrefix(":") {
                            let parts = text.split(separator: ":").map(String.init)
                            e.type = parts.first ?? ""
                            e.labels = Array(parts.dropFirst())
                        } else {
                            e.type = text
                        }
                        typed = !e.type.isEmpty
                    }
                } else if labelKeys.contains(item.key) {
                    if e.name == nil, !item.text.isEmpty { e.name = item.text }
                } else if let k = keys[item.key], k.yfilesType != nil {
                    continue  // yEd's graphics and resources: layout, not data
                } else {
                    addAttribute(item, to: &e.attributes, domain: "node")
                }
            }
            if e.type.isEmpty { e.type = options.defaultEntityType }
        }
        if let first = nodeLines[e.id] {
            diagnostics.append(
                .error("duplicate node id '\(e.id)' (first declared on line \(first)); this one is skipped", at: location(line: b.line, column: b.column)))
            return
        }
        do {
            let h = try graph.addEntity(e)
            nodeLines[e.id] = b.line
            sourceMap.record(.entity(h), at: location(line: b.line, column: b.column))
            xmlIDs[b.xmlID] = h
        } catch {
            diagnostics.append(.error("\(error)", at: location(line: b.line, column: b.column)))
        }
    }

    /// GraphML node id → entity handle (they differ when Parley escaped an id).
    var xmlIDs: [String: EntityHandle] = [:]

    func addAttribute(_ item: DataItem, to attributes: inout [String: Value], domain: String) {
        guard let key = keys[item.key] else {
            diagnostics.append(.warning("data with undeclared key '\(item.key)': kept as a string attribute", at: location(line: item.line, column: 1)))
            attributes[item.key] = .string(item.text)
            return
        }
        if !key.applies(to: domain) {
            diagnostics.append(.warning("key '\(item.key)' is declared for \(key.domain), used on a \(domain)", at: location(line: item.line, column: 1)))
        }
        if isParley, let (kind, name) = key.parleyAttribute {
            attributes[name] = value(item.text, kind: kind, line: item.line)
        } else {
            attributes[key.name] = value(item.text, of: key, line: item.line)
        }
    }

    // MARK: Edges

    func endEdge() throws(Diagnostics) {
        guard let b = current else { return }
        current = nil
        var r = Relation(from: EntityHandle(-1), type: "", to: EntityHandle(-1))
        let data = withDefaults(b.data, domain: "edge", line: b.line)
        var typed = false
        for item in data {
            if isParley {
                switch item.key {
                case "label":
                    r.type = item.text
                    typed = true
                case "e.valid_from": r.validFrom = date(item)
                case "e.valid_until": r.validUntil = date(item)
                case "e.confidence":
                    if let c = Confidence(rawValue: item.text) {
                        r.confidence = c
                    } else {
                        diagnostics.append(.error("confidence '\(item.text)' is not high, medium or low", at: location(line: item.line, column: 1)))
                    }
                case "e.citations": r.citations = citations(item)
                case "e.exact":
                    if case .map(let m)? = json(item), let t = m["type"]?.stringValue {
                        r.type = t
                        typed = true
                    }
                default: addAttribute(item, to: &r.attributes, domain: "edge")
                }
            } else if relationKeys.contains(item.key) {
                if !typed, !item.text.isEmpty {
                    r.type = item.text
                    typed = true
                }
            } else if let k = keys[item.key], k.yfilesType != nil {
                continue
            } else {
                addAttribute(item, to: &r.attributes, domain: "edge")
            }
        }
        if !typed && !isParley { r.type = options.defaultRelationType }
        let directed = b.directed ?? edgeDefaultDirected
        directedCount[r.type, default: (0, 0)].directed += directed ? 1 : 0
        directedCount[r.type, default: (0, 0)].undirected += directed ? 0 : 1
        if let f = xmlIDs[b.source], let t = xmlIDs[b.target] {
            r.from = f
            r.to = t
            add(r, b)
        } else {
            pendingEdges.append((b, r, b.source, b.target))
        }
    }

    func date(_ item: DataItem) -> LocalDate? {
        if let d = LocalDate(iso: item.text) { return d }
        diagnostics.append(.error("'\(item.text)' is not a date YYYY-MM-DD", at: location(line: item.line, column: 1)))
        return nil
    }

    func add(_ r: Relation, _ b: ElementBuilder) {
        do {
            let h = try graph.addRelation(r)
            sourceMap.record(.relation(h), at: location(line: b.line, column: b.column))
        } catch {
            diagnostics.append(.error("\(error)", at: location(line: b.line, column: b.column)))
        }
    }

    /// Edges to nodes declared after them are joined now; nodes never declared are created, with a warning.
    func finishPendingEdges() {
        for (b, relation, source, target) in pendingEdges {
            var r = relation
            for (end, xmlID) in [(0, source), (1, target)] {
                var h = xmlIDs[xmlID]
                if h == nil {
                    let id = isParley ? GraphMLFormat.decodeNameToken(xmlID) : xmlID
                    diagnostics.append(
                        .warning("edge to undeclared node '\(xmlID)': created it with type '\(options.defaultEntityType)'",
                            at: location(line: b.line, column: b.column)))
                    if let existing = graph.handle(forID: id) {
                        h = existing
                    } else if let n = try? graph.addEntity(Entity(id: id, type: options.defaultEntityType)) {
                        h = n
                        sourceMap.record(.entity(n), at: location(line: b.line, column: b.column))
                    }
                    xmlIDs[xmlID] = h
                }
                if end == 0 { r.from = h ?? r.from } else { r.to = h ?? r.to }
            }
            add(r, b)
        }
        pendingEdges = []
    }
}
