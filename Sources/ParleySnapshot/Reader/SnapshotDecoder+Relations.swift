import ParleyCore

/// Where the parts of one citation were written.
struct CitationMarks {
    var element: TextMark
    var source: TextMark
    var quote: TextMark?
}

/// Decoding of relations (long, `rel:` and bare-string forms) and of citations.
extension SnapshotDecoder {
    /// The keys of a relation mapping.
    enum RelationKey: String, CaseIterable {
        case rel, from, type, to, attributes
        case validFrom = "valid_from", validUntil = "valid_until"
        case confidence, cite, citations
    }

    static let relationKeys = RelationKey.allCases.map(\.rawValue)
    static let relationKeyTable = KeyTable(RelationKey.allCases.map { ($0.rawValue, $0) })

    /// One item of `relations:`: a mapping, or a bare string `"FROM TYPE TO"`.
    mutating func decodeRelation(_ node: DocNode, start: Int? = nil) {
        var rel, from, type, to, attrs, validFrom, validUntil, confidence, cite, citations: DocEntry?
        // The `rel` text: the value of a `rel` key, or the bare string itself.
        var relValue: DocNode?
        var relKeyMark = tree.mark(node)
        switch tree.shape(node) {
        case .scalar where !tree.isNull(node):
            relValue = node
        case .map:
            for e in tree.entries(node) {
                switch tree.key(e.key, in: Self.relationKeyTable) {
                case .rel: take(e, into: &rel)
                case .from: take(e, into: &from)
                case .type: take(e, into: &type)
                case .to: take(e, into: &to)
                case .attributes: take(e, into: &attrs)
                case .validFrom: take(e, into: &validFrom)
                case .validUntil: take(e, into: &validUntil)
                case .confidence: take(e, into: &confidence)
                case .cite: take(e, into: &cite)
                case .citations: take(e, into: &citations)
                case nil: unknownKey(e.key, in: "a relation", allowed: Self.relationKeys)
                }
            }
            if let rel {
                relValue = rel.value
                relKeyMark = tree.mark(rel.key)
            }
        default:
            report("a relation must be a mapping or a string \"FROM TYPE TO\", not \(tree.shapeDescription(node))", at: tree.mark(node))
            return
        }

        // The three parts, with where each stands. The endpoints are kept as words of the
        // `rel` text (made into strings only for a message or a look-up by string).
        var parts: RelationParts?
        if let relValue {
            if from != nil || type != nil || to != nil {
                report("a relation gives both 'rel' and 'from'/'type'/'to'; use one form", at: relKeyMark)
            }
            parts = splitCompact(relValue)
        } else {
            let f = text(from, "a relation"), t = text(type, "a relation"), o = text(to, "a relation")
            if let f, let t, let o {
                let m = tree.mark(node)
                parts = RelationParts(
                    from: .text(f), type: t, to: .text(o), fromMark: from.map { tree.mark($0.value) } ?? m,
                    typeMark: type.map { tree.mark($0.value) } ?? m, toMark: to.map { tree.mark($0.value) } ?? m)
            } else {
                let missing = [("from", f), ("type", t), ("to", o)].filter { $0.1 == nil }.map { "'\($0.0)'" }
                report("relation without \(missing.joined(separator: " and ")) (write 'rel: FROM TYPE TO' or give from, type and to)", at: tree.mark(node))
            }
        }

        // Built only when a message needs it. The endpoints are made into strings up front
        // only when they are not plain words of the file (YAML, escapes): texts of the file
        // are read from the file's bytes, which outlive the decoder's changes.
        let source = tree.source
        let fromText = parts.flatMap { Self.sourceRange($0.from, tree) == nil ? Self.endpointText($0.from, tree) : nil }
        let toText = parts.flatMap { Self.sourceRange($0.to, tree) == nil ? Self.endpointText($0.to, tree) : nil }
        let fromRange = parts.flatMap { Self.sourceRange($0.from, tree) }
        let toRange = parts.flatMap { Self.sourceRange($0.to, tree) }
        func what() -> String {
            guard let parts else { return "a relation" }
            func word(_ text: String?, _ range: Range<Int>?) -> String {
                text ?? range.map { String(decoding: UnsafeBufferPointer(rebasing: source[$0]), as: UTF8.self) } ?? ""
            }
            return "relation '\(word(fromText, fromRange)) \(parts.type) \(word(toText, toRange))'"
        }
        // A record checked for both files of a comparison is left out of the graph: its
        // values are checked but not built.
        let partner = start.flatMap { checkedPartner(at: $0) }
        let building = partner == nil
        var citationMarks: [CitationMarks] = []
        let attributeValues = attributes(attrs, what(), values: building)
        let from_ = date(validFrom, what())
        let until = date(validUntil, what())
        var level: Confidence?
        if let c = text(confidence, what()) {
            level = Confidence(rawValue: c)
            if level == nil {
                report("'confidence' of \(what()) must be high, medium or low, not '\(c)'", at: confidence.map { tree.mark($0.value) } ?? tree.mark(node))
            }
        }
        let citationList = self.citations(compact: cite, long: citations, what(), marks: &citationMarks, quotes: building)

        guard let parts else { return }
        // Both ends looked up together when both are words of the `rel` text; the rest (and
        // every message) as before, the `from` end first.
        var found: (EntityHandle?, EntityHandle?) = (nil, nil)
        if case .word(let fromNode, let fromRange) = parts.from, case .word(let toNode, let toRange) = parts.to, fromNode == toNode {
            found = tree.withUTF8(fromNode) {
                entityIDs.handles(forASCII: UnsafeBufferPointer(rebasing: $0[fromRange]), UnsafeBufferPointer(rebasing: $0[toRange]))
            }
        }
        guard let f = found.0 ?? endpoint(parts.from, at: parts.fromMark, what()),
            let t = found.1 ?? endpoint(parts.to, at: parts.toMark, what())
        else { return }
        if let partner {
            checkedRelations.append(CheckedRelation(partner: partner, from: f, type: parts.type, to: t))
            return
        }
        let relation = Relation(
            from: f, type: parts.type, to: t, attributes: attributeValues, citations: citationList,
            validFrom: from_, validUntil: until, confidence: level)
        // Added to the graph together by ``finish()``, in this order, so this is its handle.
        let handle = RelationHandle(graph.relationCapacity + pendingRelations.count)
        pendingRelations.append(relation)
        guard options.recordsPositions else { return }
        let element = SourceMap.Element.relation(handle)
        sourceMap.record(element, at: location(tree.mark(node)))
        sourceMap.record(element, field: "from", at: location(parts.fromMark))
        sourceMap.record(element, field: "type", at: location(parts.typeMark))
        sourceMap.record(element, field: "to", at: location(parts.toMark))
        recordField(element, "valid_from", validFrom)
        recordField(element, "valid_until", validUntil)
        recordField(element, "confidence", confidence)
        recordAttributes(element, attrs)
        recordCitations(citationMarks) { .citation(handle, $0) }
    }

    /// Where an endpoint word stands in the file's bytes, when it is a word of a JSON text
    /// without escapes.
    private static func sourceRange(_ e: RelationParts.Endpoint, _ tree: DocTree) -> Range<Int>? {
        guard case .word(let node, let range) = e, let start = tree.sourceStart(node) else { return nil }
        return start + range.lowerBound..<start + range.upperBound
    }

    /// An endpoint id as a string.
    private static func endpointText(_ e: RelationParts.Endpoint, _ tree: DocTree) -> String {
        switch e {
        case .text(let s): return s
        case .word(let node, let range):
            return tree.withUTF8(node) { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        }
    }

    /// The handle of a relation's endpoint, or nil after reporting an id that names no entity.
    private mutating func endpoint(_ e: RelationParts.Endpoint, at mark: TextMark, _ what: @autoclosure () -> String) -> EntityHandle? {
        if case .word(let node, let range) = e,
            let h = tree.withUTF8(node, { entityIDs.handle(forASCII: UnsafeBufferPointer(rebasing: $0[range])) })
        {
            return h
        }
        let id = Self.endpointText(e, tree)
        if let h = graph.handle(forID: id) { return h }
        var hint = ""
        if let h = graph.resolve(id).first {
            hint = " (did you mean '\(graph[h].id)'?)"
        } else if graph.entityCount <= 5000 {
            hint = didYouMean(id, graph.entities.map(\.id))
        }
        report("\(what()): no entity '\(id)' in this file\(hint)", at: mark)
        return nil
    }

    /// Splits `rel: "FROM TYPE TO"` into its three words and where each starts.
    private mutating func splitCompact(_ value: DocNode) -> RelationParts? {
        guard tree.isScalar(value), !tree.isNull(value) else {
            report("'rel' must be a string \"FROM TYPE TO\", not \(tree.shapeDescription(value))", at: tree.mark(value))
            return nil
        }
        // Words separated by spaces or tabs, with the column (in scalars) each starts at: at
        // most four are kept (a fourth is already an error), byte by byte.
        let split = tree.withUTF8(value) { bytes -> (count: Int, words: (Range<Int>, Range<Int>, Range<Int>), columns: (Int, Int, Int), type: String) in
            var count = 0
            var words = (0..<0, 0..<0, 0..<0)
            var columns = (0, 0, 0)
            var column = 0
            var start = -1
            var startColumn = 0
            func word(_ end: Int) {
                switch count {
                case 0: words.0 = start..<end; columns.0 = startColumn
                case 1: words.1 = start..<end; columns.1 = startColumn
                case 2: words.2 = start..<end; columns.2 = startColumn
                default: break
                }
                count += 1
            }
            let raw = UnsafeRawPointer(bytes.baseAddress)
            var i = 0
            while i < bytes.count {
                // Eight bytes inside a word (ASCII, no space or tab) at once: eight columns.
                if start >= 0, i + 8 <= bytes.count, let raw, QuickRecordCursor.isWordBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) {
                    i += 8
                    column += 8
                    continue
                }
                let b = bytes[i]
                if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                    if start >= 0 {
                        word(i)
                        start = -1
                    }
                } else if start < 0 {
                    start = i
                    startColumn = column
                }
                if b & 0xC0 != 0x80 { column += 1 }
                i += 1
            }
            if start >= 0 { word(bytes.count) }
            let type = count == 3 ? typeNames.name(UnsafeBufferPointer(rebasing: bytes[words.1])) : ""
            return (count, words, columns, type)
        }
        guard split.count == 3 else {
            report("a relation is written \"FROM TYPE TO\" (three words separated by spaces), not '\(tree.text(value))'", at: tree.mark(value))
            return nil
        }
        let base = tree.kind(value).contentOffset
        let mark = tree.mark(value)
        func at(_ column: Int) -> TextMark { mark.advanced(by: base + column) }
        return RelationParts(
            from: .word(value, split.words.0), type: split.type, to: .word(value, split.words.2),
            fromMark: at(split.columns.0), typeMark: at(split.columns.1), toMark: at(split.columns.2))
    }

    /// Citations from `cite:` (compact: `- SOURCE: "quote"` or `- SOURCE`) and `citations:`
    /// (long: `- {source: SOURCE, quote: "…"}`), in that order. Where each stands goes to
    /// `marks` when positions are recorded.
    /// With `quotes` false the quotes are checked but their texts are not made (nil).
    mutating func citations(
        compact: DocEntry?, long: DocEntry?, _ what: @autoclosure () -> String, marks: inout [CitationMarks], quotes: Bool = true
    ) -> [Citation] {
        var out: [Citation] = []
        let keepMarks = options.recordsPositions
        if let compact, let items = citationItems(compact, what()) {
            for item in items {
                switch tree.shape(item) {
                case .scalar where !tree.isNull(item):
                    out.append(Citation(source: tree.text(item)))
                    let m = tree.mark(item)
                    if keepMarks { marks.append(CitationMarks(element: m, source: m, quote: nil)) }
                case .map where tree.count(item) == 1:
                    let e = tree.firstEntry(item)
                    guard let quote = citationQuote(e.value, what(), text: quotes) else { continue }
                    out.append(Citation(source: tree.text(e.key), quote: quote.text))
                    if keepMarks { marks.append(CitationMarks(element: tree.mark(item), source: tree.mark(e.key), quote: quote.mark)) }
                default:
                    report("a citation in 'cite' of \(what()) is written '- SOURCE: \"quote\"' or '- SOURCE', not \(tree.shapeDescription(item))", at: tree.mark(item))
                }
            }
        }
        if let long, let items = citationItems(long, what()) {
            for item in items {
                let m = tree.mark(item)
                guard tree.shape(item) == .map else {
                    report("a citation in 'citations' of \(what()) must be a mapping with source and quote, not \(tree.shapeDescription(item))", at: m)
                    continue
                }
                var source, quote: DocEntry?
                for e in tree.entries(item) {
                    switch tree.text(e.key) {
                    case "source": take(e, into: &source)
                    case "quote": take(e, into: &quote)
                    default: unknownKey(e.key, in: "a citation", allowed: ["source", "quote"])
                    }
                }
                guard let sourceID = text(source, "a citation") else {
                    report("citation of \(what()) without a source", at: m)
                    continue
                }
                let q = quote.flatMap { citationQuote($0.value, what(), text: quotes) }
                out.append(Citation(source: sourceID, quote: q?.text))
                if keepMarks { marks.append(CitationMarks(element: m, source: source.map { tree.mark($0.value) } ?? m, quote: q?.mark)) }
            }
        }
        return out
    }

    private mutating func citationItems(_ entry: DocEntry, _ what: @autoclosure () -> String) -> DocTree.Children? {
        let v = entry.value
        switch tree.shape(v) {
        case .list: return tree.items(v)
        case .scalar where tree.isNull(v): return nil
        default:
            report("'\(tree.text(entry.key))' of \(what()) must be a list, not \(tree.shapeDescription(v))", at: tree.mark(v))
            return nil
        }
    }

    /// A quote: a scalar's text (nil text for null), or nil after reporting another shape.
    private mutating func citationQuote(_ node: DocNode, _ what: @autoclosure () -> String, text: Bool) -> (text: String?, mark: TextMark)? {
        guard tree.isScalar(node) else {
            report("a quote in \(what()) must be a string, not \(tree.shapeDescription(node))", at: tree.mark(node))
            return nil
        }
        return (tree.isNull(node) || !text ? nil : tree.text(node), tree.mark(node))
    }
}

/// The three parts of a relation and where each was written.
struct RelationParts {
    /// An endpoint id: a string of its own (`from:`/`to:`), or a word of a `rel` text.
    enum Endpoint {
        case text(String)
        case word(DocNode, Range<Int>)
    }
    var from: Endpoint
    var type: String
    var to: Endpoint
    var fromMark: TextMark
    var typeMark: TextMark
    var toMark: TextMark
}

/// The relation type names of a file (a few dozen spellings for hundreds of thousands of
/// relations), each made into a string once.
struct TypeNameCache {
    private var keys = [(UInt64, UInt64)](repeating: (0, 0), count: 64)
    private var names = [String?](repeating: nil, count: 64)

    /// `String(decoding: bytes, as: UTF8.self)`, from the cache when these bytes were seen.
    /// - Complexity: O(bytes).
    mutating func name(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        guard bytes.count <= 15, bytes.count > 0 else { return String(decoding: bytes, as: UTF8.self) }
        // The bytes and their count packed into two words: equal words, equal bytes.
        var low: UInt64 = 0, high = UInt64(bytes.count) << 56
        for i in 0..<bytes.count {
            if i < 8 { low |= UInt64(bytes[i]) << (8 * i) } else { high |= UInt64(bytes[i]) << (8 * (i - 8)) }
        }
        let slot = Int(truncatingIfNeeded: ((low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD) >> 58)
        if let name = names[slot], keys[slot] == (low, high) { return name }
        let name = String(decoding: bytes, as: UTF8.self)
        keys[slot] = (low, high)
        names[slot] = name
        return name
    }
}
