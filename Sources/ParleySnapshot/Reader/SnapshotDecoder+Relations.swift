import ParleyCore

/// Where the parts of one citation were written.
struct CitationMarks {
    var element: TextMark
    var source: TextMark
    var quote: TextMark?
}

/// Decoding of relations (long, `rel:` and bare-string forms) and of citations.
extension SnapshotDecoder {
    static let relationKeys = [
        "rel", "from", "type", "to", "attributes", "valid_from", "valid_until", "confidence", "cite", "citations",
    ]

    /// One item of `relations:`: a mapping, or a bare string `"FROM TYPE TO"`.
    mutating func decodeRelation(_ node: DocNode) {
        var rel, from, type, to, attrs, validFrom, validUntil, confidence, cite, citations: DocEntry?
        switch node {
        case .scalar(let s) where !s.isNull:
            rel = DocEntry(key: DocScalar(text: "rel", kind: .string, mark: s.mark), value: node)
        case .map(let entries, _):
            for e in entries {
                switch e.key.text {
                case "rel": take(e, into: &rel)
                case "from": take(e, into: &from)
                case "type": take(e, into: &type)
                case "to": take(e, into: &to)
                case "attributes": take(e, into: &attrs)
                case "valid_from": take(e, into: &validFrom)
                case "valid_until": take(e, into: &validUntil)
                case "confidence": take(e, into: &confidence)
                case "cite": take(e, into: &cite)
                case "citations": take(e, into: &citations)
                default: unknownKey(e.key, in: "a relation", allowed: Self.relationKeys)
                }
            }
        default:
            report("a relation must be a mapping or a string \"FROM TYPE TO\", not \(node.shapeDescription)", at: node.mark)
            return
        }

        // The three parts, with where each stands.
        var parts: (from: String, type: String, to: String)?
        var partMarks = (from: node.mark, type: node.mark, to: node.mark)
        if let rel {
            if from != nil || type != nil || to != nil {
                report("a relation gives both 'rel' and 'from'/'type'/'to'; use one form", at: rel.key.mark)
            }
            if let (p, marks) = splitCompact(rel) {
                parts = p
                partMarks = marks
            }
        } else {
            let f = text(from, "a relation"), t = text(type, "a relation"), o = text(to, "a relation")
            if let f, let t, let o {
                parts = (f, t, o)
                partMarks = (from?.value.mark ?? node.mark, type?.value.mark ?? node.mark, to?.value.mark ?? node.mark)
            } else {
                let missing = [("from", f), ("type", t), ("to", o)].filter { $0.1 == nil }.map { "'\($0.0)'" }
                report("relation without \(missing.joined(separator: " and ")) (write 'rel: FROM TYPE TO' or give from, type and to)", at: node.mark)
            }
        }

        // Built only when a message needs it.
        func what() -> String { parts.map { "relation '\($0.from) \($0.type) \($0.to)'" } ?? "a relation" }
        var citationMarks: [CitationMarks] = []
        let attributeValues = attributes(attrs, what())
        let from_ = date(validFrom, what())
        let until = date(validUntil, what())
        var level: Confidence?
        if let c = text(confidence, what()) {
            level = Confidence(rawValue: c)
            if level == nil {
                report("'confidence' of \(what()) must be high, medium or low, not '\(c)'", at: confidence?.value.mark ?? node.mark)
            }
        }
        let citationList = self.citations(compact: cite, long: citations, what(), marks: &citationMarks)

        guard let parts else { return }
        guard let f = endpoint(parts.from, at: partMarks.from, what()), let t = endpoint(parts.to, at: partMarks.to, what())
        else { return }
        let relation = Relation(
            from: f, type: parts.type, to: t, attributes: attributeValues, citations: citationList,
            validFrom: from_, validUntil: until, confidence: level)
        guard let handle = try? graph.addRelation(relation), options.recordsPositions else { return }
        let element = SourceMap.Element.relation(handle)
        sourceMap.record(element, at: location(node.mark))
        sourceMap.record(element, field: "from", at: location(partMarks.from))
        sourceMap.record(element, field: "type", at: location(partMarks.type))
        sourceMap.record(element, field: "to", at: location(partMarks.to))
        recordField(element, "valid_from", validFrom)
        recordField(element, "valid_until", validUntil)
        recordField(element, "confidence", confidence)
        recordAttributes(element, attrs)
        recordCitations(citationMarks) { .citation(handle, $0) }
    }

    /// The handle of a relation's endpoint, or nil after reporting an id that names no entity.
    private mutating func endpoint(_ id: String, at mark: TextMark, _ what: @autoclosure () -> String) -> EntityHandle? {
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
    private mutating func splitCompact(_ rel: DocEntry) -> ((String, String, String), (TextMark, TextMark, TextMark))? {
        guard case .scalar(let s) = rel.value, !s.isNull else {
            report("'rel' must be a string \"FROM TYPE TO\", not \(rel.value.shapeDescription)", at: rel.value.mark)
            return nil
        }
        // Words separated by spaces or tabs, with the column (in scalars) each starts at: at
        // most four are kept (a fourth is already an error), byte by byte.
        var text = s.text
        let split = text.withUTF8 { bytes -> (count: Int, words: (String, String, String), columns: (Int, Int, Int)) in
            var count = 0
            var words = ("", "", "")
            var columns = (0, 0, 0)
            var column = 0
            var start = -1
            var startColumn = 0
            func word(_ end: Int) {
                let w = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                switch count {
                case 0: words.0 = w; columns.0 = startColumn
                case 1: words.1 = w; columns.1 = startColumn
                case 2: words.2 = w; columns.2 = startColumn
                default: break
                }
                count += 1
            }
            for i in 0..<bytes.count {
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
            }
            if start >= 0 { word(bytes.count) }
            return (count, words, columns)
        }
        guard split.count == 3 else {
            report("a relation is written \"FROM TYPE TO\" (three words separated by spaces), not '\(s.text)'", at: s.mark)
            return nil
        }
        let base = s.contentOffset
        func at(_ column: Int) -> TextMark { s.mark.advanced(by: base + column) }
        return (split.words, (at(split.columns.0), at(split.columns.1), at(split.columns.2)))
    }

    /// Citations from `cite:` (compact: `- SOURCE: "quote"` or `- SOURCE`) and `citations:`
    /// (long: `- {source: SOURCE, quote: "…"}`), in that order.
    mutating func citations(compact: DocEntry?, long: DocEntry?, _ what: @autoclosure () -> String, marks: inout [CitationMarks]) -> [Citation] {
        var out: [Citation] = []
        if let compact, let items = citationItems(compact, what()) {
            for item in items {
                switch item {
                case .scalar(let s) where !s.isNull:
                    out.append(Citation(source: s.text))
                    marks.append(CitationMarks(element: s.mark, source: s.mark, quote: nil))
                case .map(let entries, let m) where entries.count == 1:
                    let e = entries[0]
                    guard let quote = citationQuote(e.value, what()) else { continue }
                    out.append(Citation(source: e.key.text, quote: quote.text))
                    marks.append(CitationMarks(element: m, source: e.key.mark, quote: quote.mark))
                default:
                    report("a citation in 'cite' of \(what()) is written '- SOURCE: \"quote\"' or '- SOURCE', not \(item.shapeDescription)", at: item.mark)
                }
            }
        }
        if let long, let items = citationItems(long, what()) {
            for item in items {
                guard case .map(let entries, let m) = item else {
                    report("a citation in 'citations' of \(what()) must be a mapping with source and quote, not \(item.shapeDescription)", at: item.mark)
                    continue
                }
                var source, quote: DocEntry?
                for e in entries {
                    switch e.key.text {
                    case "source": take(e, into: &source)
                    case "quote": take(e, into: &quote)
                    default: unknownKey(e.key, in: "a citation", allowed: ["source", "quote"])
                    }
                }
                guard let sourceID = text(source, "a citation") else {
                    report("citation of \(what()) without a source", at: m)
                    continue
                }
                let q = quote.flatMap { citationQuote($0.value, what()) }
                out.append(Citation(source: sourceID, quote: q?.text))
                marks.append(CitationMarks(element: m, source: source?.value.mark ?? m, quote: q?.mark))
            }
        }
        return out
    }

    private mutating func citationItems(_ entry: DocEntry, _ what: @autoclosure () -> String) -> [DocNode]? {
        switch entry.value {
        case .list(let items, _): return items
        case .scalar(let s) where s.isNull: return nil
        default:
            report("'\(entry.key.text)' of \(what()) must be a list, not \(entry.value.shapeDescription)", at: entry.value.mark)
            return nil
        }
    }

    /// A quote: a scalar's text (nil text for null), or nil after reporting another shape.
    private mutating func citationQuote(_ node: DocNode, _ what: @autoclosure () -> String) -> (text: String?, mark: TextMark)? {
        guard case .scalar(let s) = node else {
            report("a quote in \(what()) must be a string, not \(node.shapeDescription)", at: node.mark)
            return nil
        }
        return (s.isNull ? nil : s.text, s.mark)
    }
}
