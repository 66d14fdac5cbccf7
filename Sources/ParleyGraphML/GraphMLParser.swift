import Foundation
import ParleyCore

/// The state machine behind ``GraphMLReader``: it receives libxml2's SAX2 events (one pass, no
/// tree), replayed in document order from the parsing thread (``XMLEventQueue``), and builds
/// the graph as elements end.
///
/// The hot path makes no `String` for what it only compares: element and attribute names are
/// compared as pointers interned in libxml2's dictionary, `<data key="…">` is looked up by its
/// bytes in a table built once from the `<key>` declarations, and the text of an element's
/// `<data>` children is gathered in one byte buffer, turned into a string, a number, a date or
/// JSON only when the element ends, by the key's declared kind.
final class GraphMLParser: XMLSAXHandler {
    enum AttrType: String {
        case boolean, int, long, float, double, string
    }

    /// The Parley keys the node, edge and graph readers treat by name.
    enum Field {
        case other, nType, nName, nID, nLabels, nAliases, nCitations, nLabel, nExact, labels
        case label, validFrom, validUntil, confidence, eCitations, eExact

        init(keyID: String) {
            switch keyID {
            case "n.type": self = .nType
            case "n.name": self = .nName
            case "n.id": self = .nID
            case "n.labels": self = .nLabels
            case "n.aliases": self = .nAliases
            case "n.citations": self = .nCitations
            case "n.label": self = .nLabel
            case "n.exact": self = .nExact
            case "labels": self = .labels
            case "label": self = .label
            case "e.valid_from": self = .validFrom
            case "e.valid_until": self = .validUntil
            case "e.confidence": self = .confidence
            case "e.citations": self = .eCitations
            case "e.exact": self = .eExact
            default: self = .other
            }
        }
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
        var field: Field
        func applies(to d: String) -> Bool { domain == d || domain == "all" }
        /// Whether the key may stand on a node; on an edge (computed once, for the hot path).
        var forNode: Bool { domain == "node" || domain == "all" }
        var forEdge: Bool { domain == "edge" || domain == "all" }
    }

    /// One `<data>`: its key (an index into ``keyTable``, or `-1 - i` for the i-th name in
    /// ``undeclaredKeys``) and its text, bytes `start..<end` of ``text``.
    struct DataItem {
        var key: Int
        var field: Field
        var start: Int
        var end: Int
        var line: Int
    }

    struct ElementBuilder {
        var xmlID: String
        var line: Int
        var column: Int
        var source: String = ""
        var target: String = ""
        var directed: Bool?
    }

    enum Frame {
        case graphml, key, keyDefault, graph, node, edge, data, skip, other
    }

    let sax: XMLSAXParser
    let file: String
    let options: GraphMLImportOptions

    @exclusivity(unchecked) var graph = Graph()
    @exclusivity(unchecked) var sourceMap: SourceMap
    @exclusivity(unchecked) var diagnostics: [Diagnostic] = []
    /// A fatal problem met inside a callback; the parse stops and ``run(_:)`` throws it.
    var failure: Diagnostics?

    var keyTable: [KeyDecl] = []
    var keyIndex: [String: Int] = [:]
    @exclusivity(unchecked) var keyLookup = ByteStringTable()
    var isParley = false
    var edgeDefaultDirected = true
    var graphCount = 0
    @exclusivity(unchecked) var sawRoot = false
    /// Where the document type declaration starts, when the reader found it in the file's start.
    var doctypeLocation: SourceLocation?

    // Current element state.
    @exclusivity(unchecked) var frames: [Frame] = []
    var currentKey: KeyDecl?
    @exclusivity(unchecked) var current: ElementBuilder?
    /// The `<data>` of the current node or edge (or graph), and their text.
    @exclusivity(unchecked) var items: [DataItem] = []
    @exclusivity(unchecked) var text: [UInt8] = []
    @exclusivity(unchecked) var undeclaredKeys: [String] = []
    @exclusivity(unchecked) var dataKey = -1
    @exclusivity(unchecked) var dataField = Field.other
    @exclusivity(unchecked) var dataStart = 0
    @exclusivity(unchecked) var dataLine = 0
    @exclusivity(unchecked) var dataHadElements = false
    @exclusivity(unchecked) var inData = false
    var defaultText: [UInt8] = []

    // Mapping, resolved once the keys are known (at the first <graph>).
    var typeKeys: Set<Int> = []
    var labelKeys: Set<Int> = []
    var relationKeys: Set<Int> = []
    var mappingResolved = false

    // Edges whose endpoints are not declared yet.
    var pendingEdges: [(ElementBuilder, Relation, String, String)] = []
    @exclusivity(unchecked) var directedCount: [String: (directed: Int, undirected: Int)] = [:]
    @exclusivity(unchecked) var nodeLines: [String: Int] = [:]

    // Interned element and attribute names for pointer comparison.
    let nGraphml, nKey, nDefault, nGraph, nNode, nEdge, nData, nPort, nHyperedge, nLocator, nNamespace: UnsafePointer<UInt8>?
    let aID, aFor, aAttrName, aAttrType, aYfilesType, aEdgedefault, aSource, aTarget, aSourcePort, aTargetPort, aDirected, aKey:
        UnsafePointer<UInt8>?

    init(file: String, options: GraphMLImportOptions) {
        let sax = XMLSAXParser(name: file)
        self.sax = sax
        self.file = file
        self.options = options
        self.sourceMap = SourceMap(file: file)
        nGraphml = sax.intern("graphml")
        nKey = sax.intern("key")
        nDefault = sax.intern("default")
        nGraph = sax.intern("graph")
        nNode = sax.intern("node")
        nEdge = sax.intern("edge")
        nData = sax.intern("data")
        nPort = sax.intern("port")
        nHyperedge = sax.intern("hyperedge")
        nLocator = sax.intern("locator")
        nNamespace = sax.intern(GraphMLFormat.namespace)
        aID = sax.intern("id")
        aFor = sax.intern("for")
        aAttrName = sax.intern("attr.name")
        aAttrType = sax.intern("attr.type")
        aYfilesType = sax.intern("yfiles.type")
        aEdgedefault = sax.intern("edgedefault")
        aSource = sax.intern("source")
        aTarget = sax.intern("target")
        aSourcePort = sax.intern("sourceport")
        aTargetPort = sax.intern("targetport")
        aDirected = sax.intern("directed")
        aKey = sax.intern("key")
        super.init()
    }

    /// Set during ``startElement(_:prefix:namespace:attributes:)``: positions then name the tag's start.
    var inStartTag = false

    func location(line: Int? = nil, column: Int? = nil) -> SourceLocation {
        SourceLocation(file: file, line: line ?? self.line, column: column ?? (inStartTag ? elementColumn : self.column))
    }

    /// A fatal problem at the current node.
    func fail(_ message: String) -> Diagnostics {
        Diagnostics(diagnostics.filter { $0.severity == .error } + [.error(message, at: location())])
    }

    /// Stops the parse with a fatal problem.
    func abort(_ d: Diagnostics) {
        if failure == nil { failure = d }
        queue?.cancel()
    }

    override var hasFailed: Bool { failure != nil }

    /// The hand-over from the parsing thread, during ``run(_:)``.
    var queue: XMLEventQueue?

    /// Runs the parse and returns what it read: `parse` feeds libxml2 the document on a second
    /// thread, whose events this thread replays in order as it builds the graph (the two
    /// halves of the work overlap; the result is that of handling each event as it comes).
    func run(_ parse: @escaping @Sendable (XMLSAXParser) -> Bool) throws(Diagnostics) -> GraphMLReadResult {
        guard sax.isReady else {
            throw Diagnostics([.error("libxml2 could not create a parser", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let queue = XMLEventQueue()
        self.queue = queue
        defer { self.queue = nil }
        let job = XMLParseJob(sax: sax, queue: queue, parse: parse)
        let thread = Thread { job.run() }
        thread.stackSize = 4 << 20
        thread.start()
        while let batch = queue.next() {
            batch.replay(into: self)
            queue.recycle(batch)
        }
        let ok = queue.parsedOK
        if let failure { throw failure }
        if !ok {
            var ds = sax.errors.diagnostics(file: file)
            if ds.isEmpty { ds = [.error("malformed XML", at: SourceLocation(file: file, line: sax.line, column: sax.column))] }
            if sax.errors.dropped > 0 {
                ds.append(Diagnostic(.note, "\(sax.errors.dropped) further XML errors not shown"))
            }
            throw Diagnostics(ds)
        }
        // Warnings libxml2 reported without stopping.
        diagnostics.append(contentsOf: sax.errors.diagnostics(file: file))
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

    // MARK: Events

    override func entityDeclaration() {
        let message = "the document type declaration declares entities; Parley never expands entities and does not read such files"
        if let doctypeLocation {
            abort(Diagnostics([.error(message, at: doctypeLocation)]))
        } else {
            abort(fail(message))
        }
    }

    override func entityReference(_ name: UnsafePointer<UInt8>) {
        abort(fail("entity reference '&\(String(cString: name));' is not expanded; Parley does not read files that use entities"))
    }

    override func characters(_ bytes: UnsafeBufferPointer<UInt8>) {
        if inData {
            text.append(contentsOf: bytes)
        } else if frames.last == .keyDefault {
            defaultText.append(contentsOf: bytes)
        }
    }

    override func startElement(_ name: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes) {
        inStartTag = true
        defer { inStartTag = false }
        if !sawRoot {
            sawRoot = true
            guard name == nGraphml else {
                abort(fail("not a GraphML file: the root element is <\(qualifiedName(name, prefix: prefix))>, not <graphml>"))
                return
            }
            frames.append(.graphml)
            return
        }
        let parent = frames.last ?? .other
        if parent == .data || parent == .skip {
            if parent == .data { dataHadElements = true }
            frames.append(.skip)
            return
        }
        if let namespace, namespace != nNamespace, String(cString: namespace) != GraphMLFormat.namespace {
            // Another vocabulary (yEd's y:, for example) outside a <data>: not ours.
            frames.append(.skip)
            return
        }
        switch parent {
        case .graphml:
            if name == nKey {
                startKey(attributes)
                frames.append(.key)
            } else if name == nGraph {
                graphCount += 1
                if graphCount > 1 {
                    abort(fail("a second <graph> in one file is not supported: Parley reads one graph per file"))
                    return
                }
                startGraph(attributes)
                frames.append(.graph)
            } else {
                frames.append(.skip)  // <desc>, <data> on the document: nothing to keep
            }
        case .key:
            if name == nDefault {
                defaultText.removeAll(keepingCapacity: true)
                frames.append(.keyDefault)
            } else {
                frames.append(.skip)
            }
        case .graph:
            if name == nNode {
                guard let id = attributes.string(aID) else {
                    abort(fail("<node> without an id"))
                    return
                }
                current = ElementBuilder(xmlID: id, line: line, column: elementColumn)
                startElementData()
                frames.append(.node)
            } else if name == nEdge {
                var b = ElementBuilder(xmlID: attributes.string(aID) ?? "", line: line, column: elementColumn)
                if attributes.contains(aSourcePort) || attributes.contains(aTargetPort) {
                    abort(fail("edge ports (sourceport/targetport) are not supported"))
                    return
                }
                guard let s = attributes.string(aSource), let t = attributes.string(aTarget) else {
                    abort(fail("<edge> without a source or a target"))
                    return
                }
                b.source = s
                b.target = t
                if let d = attributes.value(aDirected) { b.directed = equals(d, "true") || equals(d, "1") }
                current = b
                startElementData()
                frames.append(.edge)
            } else if name == nData {
                startData(attributes)
                frames.append(.data)
            } else if name == nHyperedge {
                abort(fail("hyperedges are not supported: Parley's relations join exactly two entities"))
            } else if name == nLocator {
                abort(fail("<locator> (a graph stored in another file) is not supported"))
            } else {
                frames.append(.skip)
            }
        case .node, .edge:
            if name == nData {
                startData(attributes)
                frames.append(.data)
            } else if name == nGraph {
                abort(fail("nested graphs (a <graph> inside a <\(parent == .node ? "node" : "edge")>) are not supported"))
            } else if name == nPort {
                abort(fail("ports are not supported"))
            } else {
                frames.append(.skip)
            }
        default:
            frames.append(.skip)
        }
    }

    override func endElement() {
        guard let frame = frames.popLast() else { return }
        switch frame {
        case .key: endKey()
        case .keyDefault: currentKey?.defaultText = String(decoding: defaultText, as: UTF8.self)
        case .data: endData()
        case .node: endNode()
        case .edge: endEdge()
        case .graph, .graphml, .skip, .other: break
        }
    }

    /// The element's name as written (`prefix:local`), for messages.
    func qualifiedName(_ name: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?) -> String {
        guard let prefix else { return String(cString: name) }
        return String(cString: prefix) + ":" + String(cString: name)
    }

    @inline(__always)
    func equals(_ bytes: UnsafeBufferPointer<UInt8>, _ s: StaticString) -> Bool {
        bytes.count == s.utf8CodeUnitCount && bytes.elementsEqual(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    // MARK: Keys

    func startKey(_ attributes: XMLAttributes) {
        let id = attributes.string(aID) ?? ""
        let typeText = attributes.string(aAttrType)
        let type = typeText.flatMap { AttrType(rawValue: $0.lowercased()) } ?? .string
        if let t = typeText, AttrType(rawValue: t.lowercased()) == nil {
            diagnostics.append(.warning("unknown attr.type '\(t)' of key '\(id)': read as string", at: location()))
        }
        var decl = KeyDecl(
            id: id, domain: attributes.string(aFor) ?? "all", name: attributes.string(aAttrName) ?? id, type: type,
            defaultText: nil, yfilesType: attributes.string(aYfilesType), line: line, field: Field(keyID: id))
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
        if let i = keyIndex[k.id] {
            diagnostics.append(.warning("key '\(k.id)' is declared twice; the later declaration wins", at: location(line: k.line)))
            keyTable[i] = k
            keyForNode[i] = k.forNode
            keyForEdge[i] = k.forEdge
        } else {
            keyIndex[k.id] = keyTable.count
            keyLookup.set(k.id, keyTable.count)
            keyTable.append(k)
            keyForNode.append(k.forNode)
            keyForEdge.append(k.forEdge)
        }
        if k.id == "g.format" && k.domain == "graph" { isParley = true }
        currentKey = nil
    }

    func startGraph(_ attributes: XMLAttributes) {
        if let d = attributes.value(aEdgedefault) {
            edgeDefaultDirected = !equals(d, "undirected")
        }
        resolveMapping()
    }

    /// The keys (indexes) of a domain that an option or the default candidates name.
    func keysNamed(_ option: String?, candidates: [String], domain: String, label: String) -> Set<Int> {
        let inDomain = keyTable.indices.filter { keyTable[$0].applies(to: domain) }
        if let option {
            let o = option.lowercased()
            let hits = inDomain.filter { keyTable[$0].name.lowercased() == o || keyTable[$0].id.lowercased() == o }
            if hits.isEmpty {
                diagnostics.append(
                    .warning(
                        "no \(domain) key named '\(option)' for \(label); keys: \(inDomain.map { keyTable[$0].name }.joined(separator: ", "))",
                        at: SourceLocation(file: file, line: 1, column: 1)))
            }
            return Set(hits)
        }
        for c in candidates {
            let hits = inDomain.filter { keyTable[$0].name.lowercased() == c }
            if !hits.isEmpty { return Set(hits) }
        }
        return []
    }

    func resolveMapping() {
        guard !mappingResolved else { return }
        mappingResolved = true
        defaultNodeKeys = keyTable.indices.filter { keyTable[$0].defaultText != nil && keyTable[$0].applies(to: "node") }
        defaultEdgeKeys = keyTable.indices.filter { keyTable[$0].defaultText != nil && keyTable[$0].applies(to: "edge") }
        if isParley { return }
        typeKeys = keysNamed(options.typeKey, candidates: GraphMLImportOptions.typeCandidates, domain: "node", label: "the entity type")
        labelKeys = keysNamed(options.labelKey, candidates: GraphMLImportOptions.labelCandidates, domain: "node", label: "the name")
        if labelKeys.isEmpty && options.labelKey == nil {
            labelKeys = Set(keyTable.indices.filter { keyTable[$0].yfilesType == "nodegraphics" })
        }
        relationKeys = keysNamed(
            options.relationKey, candidates: GraphMLImportOptions.relationCandidates, domain: "edge", label: "the relation type")
    }

    // MARK: Data

    /// Clears the data gathered for the previous element.
    func startElementData() {
        items.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        undeclaredKeys.removeAll(keepingCapacity: true)
    }

    func startData(_ attributes: XMLAttributes) {
        if let k = attributes.value(aKey), let i = keyLookup.value(for: k) {
            dataKey = i
            dataField = keyTable[i].field
        } else {
            let name = attributes.string(aKey) ?? ""
            undeclaredKeys.append(name)
            dataKey = -undeclaredKeys.count
            dataField = Field(keyID: name)
        }
        dataStart = text.count
        dataLine = line
        dataHadElements = false
        inData = true
    }

    func endData() {
        inData = false
        if dataHadElements {
            let trimmed = string(dataStart, text.count).trimmingCharacters(in: .whitespacesAndNewlines)
            text.removeSubrange(dataStart...)
            text.append(contentsOf: trimmed.utf8)
        }
        let item = DataItem(key: dataKey, field: dataField, start: dataStart, end: text.count, line: dataLine)
        if current != nil {
            items.append(item)
        } else {
            if frames.last == .graph { applyGraphData(item) }
            text.removeSubrange(dataStart...)
        }
    }

    /// The key id a data item names.
    func keyName(_ item: DataItem) -> String {
        item.key >= 0 ? keyTable[item.key].id : undeclaredKeys[-1 - item.key]
    }

    func string(_ start: Int, _ end: Int) -> String {
        text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<end]), as: UTF8.self) }
    }

    /// The text of a data item.
    func string(_ item: DataItem) -> String { string(item.start, item.end) }

    /// Runs `body` over the bytes of a data item's text.
    @inline(__always)
    func withBytes<R>(_ item: DataItem, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[item.start..<item.end])) }
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

    /// The value of a Parley attribute key's text by its kind, read from the bytes.
    func value(_ item: DataItem, kind: GraphMLFormat.Kind) -> Value {
        switch kind {
        case .null: return .null
        case .string: return .string(string(item))
        case .bool:
            if withBytes(item, { equals($0, "true") }) { return .bool(true) }
            if withBytes(item, { equals($0, "false") }) { return .bool(false) }
        case .int: if let i = int(item) { return .int(i) }
        case .float: if let f = Double(string(item)) { return .float(f) }
        case .date: if let d = date(bytesOf: item) { return .date(d) }
        case .json:
            if let v = withBytes(item, { try? TypedJSON.decode(bytes: $0) }) { return v }
        }
        diagnostics.append(.error("'\(string(item).prefix(40))' is not a valid \(kind.rawValue) value", at: location(line: item.line, column: 1)))
        return .string(string(item))
    }

    /// `Int(text)`, without making the string for plain decimal numbers.
    func int(_ item: DataItem) -> Int? {
        let fast: Int?? = withBytes(item) { b in
            var i = 0
            var negative = false
            if b.count > 0, b[0] == UInt8(ascii: "-") || b[0] == UInt8(ascii: "+") {
                negative = b[0] == UInt8(ascii: "-")
                i = 1
            }
            let digits = b.count - i
            guard digits >= 1, digits <= 18 else { return nil }  // longer: leave it to Int(String)
            var n = 0
            while i < b.count {
                let d = b[i] &- 0x30
                guard d <= 9 else { return .some(nil) }
                n = n * 10 + Int(d)
                i += 1
            }
            return .some(negative ? -n : n)
        }
        if let fast { return fast }
        return Int(string(item))
    }

    /// `LocalDate(iso: text)`, read from the bytes.
    func date(bytesOf item: DataItem) -> LocalDate? {
        withBytes(item) { LocalDate(isoBytes: $0) }
    }

    func json(_ item: DataItem) -> Value? {
        let result: Result<Value, TypedJSON.DecodeError> = withBytes(item) { b in
            do throws(TypedJSON.DecodeError) {
                return .success(try TypedJSON.decode(bytes: b))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let v): return v
        case .failure(let error):
            diagnostics.append(.error("key '\(keyName(item))': \(error)", at: location(line: item.line, column: 1)))
            return nil
        }
    }

    func stringList(_ item: DataItem) -> [String] {
        guard let v = json(item) else { return [] }
        guard case .list(let items) = v else {
            diagnostics.append(.error("key '\(keyName(item))' must hold a JSON list", at: location(line: item.line, column: 1)))
            return []
        }
        return items.map { $0.stringValue ?? $0.description }
    }

    func citations(_ item: DataItem) -> [Citation] {
        if let fast = withBytes(item, { TypedJSON.plainCitations($0) }) { return fast }
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
        let text = string(item)
        let keyName = keyName(item)
        guard item.key >= 0 else {
            diagnostics.append(.warning("graph data with undeclared key '\(keyName)': kept as a snapshot attribute", at: location(line: item.line, column: 1)))
            graph.metadata.attributes[keyName] = .string(text)
            return
        }
        let key = keyTable[item.key]
        guard isParley else {
            graph.metadata.attributes[key.name] = value(text, of: key, line: item.line)
            return
        }
        let at = location(line: item.line, column: 1)
        switch keyName {
        case "g.format":
            if text != GraphMLFormat.formatMarker {
                diagnostics.append(.warning("written by Parley format '\(text)', this reader knows '\(GraphMLFormat.formatMarker)'", at: at))
            }
        case "g.id": graph.metadata.id = text
        case "g.as_of":
            if let d = LocalDate(iso: text) {
                graph.metadata.asOf = d
            } else {
                diagnostics.append(.error("as_of '\(text)' is not a date YYYY-MM-DD", at: at))
            }
        case "g.title": graph.metadata.title = text
        case "g.schema": graph.metadata.schema = text
        case "g.description": graph.metadata.description = text
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
            graph.metadata.attributes[key.name] = value(text, of: key, line: item.line)
        }
    }

    // MARK: Nodes

    /// Keys with a `<default>` for nodes and for edges, once the keys are known.
    var defaultNodeKeys: [Int] = []
    var defaultEdgeKeys: [Int] = []
    /// Whether each key (by index) applies to nodes, to edges (in step with ``keyTable``).
    var keyForNode: [Bool] = []
    var keyForEdge: [Bool] = []
    /// Scratch for ``addDefaults(domain:line:)``: which keys the element gave.
    var present: [Bool] = []

    /// Adds the key defaults of `domain` for keys the current element leaves out.
    func addDefaults(domain: String, line: Int) {
        let withDefault = domain == "node" ? defaultNodeKeys : defaultEdgeKeys
        guard !withDefault.isEmpty else { return }
        present = Array(repeating: false, count: keyTable.count)
        for item in items where item.key >= 0 { present[item.key] = true }
        for k in withDefault where !present[k] {
            let start = text.count
            text.append(contentsOf: (keyTable[k].defaultText ?? "").utf8)
            items.append(DataItem(key: k, field: keyTable[k].field, start: start, end: text.count, line: line))
            present[k] = true
        }
    }

    func endNode() {
        guard let b = current else { return }
        current = nil
        var e = Entity(id: b.xmlID, type: "")
        addDefaults(domain: "node", line: b.line)
        if isParley {
            var labelsText: String?
            var sawType = false
            for item in items {
                switch item.field {
                case .nType:
                    e.type = string(item)
                    sawType = true
                case .nName: e.name = string(item)
                case .nID: if case .string(let s)? = json(item) { e.id = s }
                case .nLabels: e.labels = stringList(item)
                case .nAliases: e.aliases = stringList(item)
                case .nCitations: e.citations = citations(item)
                case .nLabel: break
                case .nExact:
                    if case .map(let m)? = json(item) {
                        if let t = m["type"]?.stringValue { e.type = t; sawType = true }
                        if let n = m["name"]?.stringValue { e.name = n }
                    }
                case .labels: labelsText = string(item)
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
            for item in items {
                if item.key >= 0 && typeKeys.contains(item.key) {
                    if !typed {
                        let text = string(item).trimmingCharacters(in: .whitespaces)
                        if text.hasPrefix(":") {
                            let parts = text.split(separator: ":").map(String.init)
                            e.type = parts.first ?? ""
                            e.labels = Array(parts.dropFirst())
                        } else {
                            e.type = text
                        }
                        typed = !e.type.isEmpty
                    }
                } else if item.key >= 0 && labelKeys.contains(item.key) {
                    if e.name == nil, item.end > item.start { e.name = string(item) }
                } else if item.key >= 0, keyTable[item.key].yfilesType != nil {
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
    @exclusivity(unchecked) var xmlIDs: [String: EntityHandle] = [:]

    func addAttribute(_ item: DataItem, to attributes: inout [String: Value], domain: String) {
        guard item.key >= 0 else {
            let name = keyName(item)
            diagnostics.append(.warning("data with undeclared key '\(name)': kept as a string attribute", at: location(line: item.line, column: 1)))
            attributes[name] = .string(string(item))
            return
        }
        let k = item.key
        let applies = domain == "node" ? keyForNode[k] : keyForEdge[k]
        if !applies {
            diagnostics.append(
                .warning("key '\(keyTable[k].id)' is declared for \(keyTable[k].domain), used on a \(domain)", at: location(line: item.line, column: 1)))
        }
        if isParley, let (kind, name) = keyTable[k].parleyAttribute {
            attributes[name] = value(item, kind: kind)
        } else {
            attributes[keyTable[k].name] = value(string(item), of: keyTable[k], line: item.line)
        }
    }

    // MARK: Edges

    func endEdge() {
        guard let b = current else { return }
        current = nil
        var r = Relation(from: EntityHandle(-1), type: "", to: EntityHandle(-1))
        addDefaults(domain: "edge", line: b.line)
        var typed = false
        for item in items {
            if isParley {
                switch item.field {
                case .label:
                    r.type = string(item)
                    typed = true
                case .validFrom: r.validFrom = date(item)
                case .validUntil: r.validUntil = date(item)
                case .confidence:
                    let text = string(item)
                    if let c = Confidence(rawValue: text) {
                        r.confidence = c
                    } else {
                        diagnostics.append(.error("confidence '\(text)' is not high, medium or low", at: location(line: item.line, column: 1)))
                    }
                case .eCitations: r.citations = citations(item)
                case .eExact:
                    if case .map(let m)? = json(item), let t = m["type"]?.stringValue {
                        r.type = t
                        typed = true
                    }
                default: addAttribute(item, to: &r.attributes, domain: "edge")
                }
            } else if item.key >= 0 && relationKeys.contains(item.key) {
                if !typed, item.end > item.start {
                    r.type = string(item)
                    typed = true
                }
            } else if item.key >= 0, keyTable[item.key].yfilesType != nil {
                continue
            } else {
                addAttribute(item, to: &r.attributes, domain: "edge")
            }
        }
        if !typed && !isParley { r.type = options.defaultRelationType }
        let directed = b.directed ?? edgeDefaultDirected
        if directed {
            directedCount[r.type, default: (0, 0)].directed += 1
        } else {
            directedCount[r.type, default: (0, 0)].undirected += 1
        }
        if let f = xmlIDs[b.source], let t = xmlIDs[b.target] {
            r.from = f
            r.to = t
            add(r, b)
        } else {
            pendingEdges.append((b, r, b.source, b.target))
        }
    }

    func date(_ item: DataItem) -> LocalDate? {
        if let d = date(bytesOf: item) { return d }
        diagnostics.append(.error("'\(string(item))' is not a date YYYY-MM-DD", at: location(line: item.line, column: 1)))
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
