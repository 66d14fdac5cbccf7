import ParleyCore

/// The four sections of a snapshot file, in the order the canonical layout writes them.
enum SnapshotSection: String, CaseIterable, Sendable {
    case snapshot, sources, entities, relations
}

/// Turns the nodes of a snapshot file (YAML or JSON alike) into a ``Graph``, a ``SourceMap``
/// and a list of structural problems.
///
/// The readers feed it one section element at a time. Every problem becomes a diagnostic at the
/// position of the offending value and decoding goes on, so that one run lists them all.
struct SnapshotDecoder {
    let file: String
    let options: SnapshotReadOptions
    var graph = Graph()
    var sourceMap: SourceMap
    var diagnostics: [Diagnostic] = []

    /// Sections met so far, with where their key stands (to report a section given twice).
    private var seenSections: [SnapshotSection: TextMark] = [:]
    /// True once every entity has been read, so that relations can be resolved as they come.
    private(set) var entitiesComplete = false
    /// Relations met before the entities (only when a JSON file lists relations first).
    private var deferredRelations: [DocNode] = []
    /// `attributes.NAME` field names already built, so that each is made once per file.
    private var attributeFieldNames: [String: String] = [:]

    init(file: String, options: SnapshotReadOptions = SnapshotReadOptions()) {
        self.file = file
        self.options = options
        self.sourceMap = SourceMap(file: file)
    }

    /// Sizes the graph's arrays from the file's size, so that a large snapshot does not grow
    /// them step by step (each step copies, and old and new copies briefly coexist). Reserved
    /// room that goes unused is address space, not memory. Small files are left alone.
    mutating func reserveCapacity(forFileSize bytes: Int) {
        guard bytes > 1 << 22 else { return }
        // A relation takes 150 to 300 bytes of snapshot text, an entity 1000 or more.
        graph.reserveCapacity(entities: bytes / 1000, relations: bytes / 150)
    }

    // MARK: Sections

    /// Called for each top-level key; returns the section it opens, or nil (after reporting)
    /// when the key is unknown or repeats a section.
    mutating func beginSection(_ key: DocScalar) -> SnapshotSection? {
        guard let section = SnapshotSection(rawValue: key.text) else {
            let names = SnapshotSection.allCases.map(\.rawValue)
            report("unknown section '\(key.text)'\(didYouMean(key.text, names)); a snapshot has the sections snapshot, sources, entities and relations", at: key.mark)
            return nil
        }
        if let first = seenSections[section] {
            report("section '\(section.rawValue)' appears twice (first at line \(first.line))", at: key.mark)
            return nil
        }
        seenSections[section] = key.mark
        return section
    }

    /// A whole section's value: the snapshot mapping, or a list section given at once.
    mutating func decodeSection(_ section: SnapshotSection, _ node: DocNode) {
        if section == .snapshot {
            decodeMetadata(node)
            return
        }
        switch node {
        case .list(let items, _):
            for item in items { decodeElement(item, of: section) }
        case .scalar(let s) where s.isNull:
            break  // `entities:` with nothing under it
        default:
            report("'\(section.rawValue)' must be a list, not \(node.shapeDescription)", at: node.mark)
        }
        endSection(section)
    }

    /// One element of a list section.
    mutating func decodeElement(_ node: DocNode, of section: SnapshotSection) {
        switch section {
        case .snapshot: decodeMetadata(node)
        case .sources: decodeSource(node)
        case .entities: decodeEntity(node)
        case .relations:
            if entitiesComplete { decodeRelation(node) } else { deferredRelations.append(node) }
        }
    }

    /// Marks the end of a section; after the entities, relations are resolved as they come.
    mutating func endSection(_ section: SnapshotSection) {
        if section == .entities { markEntitiesComplete() }
    }

    /// Declares that no more entities will come, and decodes relations held back until now.
    mutating func markEntitiesComplete() {
        guard !entitiesComplete else { return }
        entitiesComplete = true
        let pending = deferredRelations
        deferredRelations = []
        for node in pending { decodeRelation(node) }
    }

    /// Reports a document whose top level is not a mapping.
    mutating func rootIsNotAMapping(_ node: DocNode) {
        report("a snapshot must be a mapping with the sections snapshot, sources, entities and relations, not \(node.shapeDescription)", at: node.mark)
    }

    /// Ends decoding and hands out what was read.
    mutating func finish() -> SnapshotReadResult {
        markEntitiesComplete()
        // By position (stable), whatever order the sections were decoded in.
        let sorted = diagnostics.enumerated().sorted { a, b in
            let x = a.element.location, y = b.element.location
            if let x, let y, x != y { return x < y }
            return a.offset < b.offset
        }.map(\.element)
        return SnapshotReadResult(graph: graph, sourceMap: sourceMap, diagnostics: sorted)
    }

    // MARK: Helpers shared by the element decoders

    mutating func report(_ message: String, at mark: TextMark, severity: Diagnostic.Severity = .error) {
        diagnostics.append(Diagnostic(severity, message, at: mark.location(in: file)))
    }

    func location(_ mark: TextMark) -> SourceLocation { mark.location(in: file) }

    func didYouMean(_ word: String, _ candidates: [String]) -> String {
        closestMatch(to: word, among: candidates).map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// The entries of a mapping element, or nil after reporting when the node is not a mapping.
    mutating func entries(of node: DocNode, _ what: String) -> [DocEntry]? {
        guard case .map(let entries, _) = node else {
            report("\(what) must be a mapping, not \(node.shapeDescription)", at: node.mark)
            return nil
        }
        return entries
    }

    /// Stores `entry` in `slot`, reporting a key given twice.
    mutating func take(_ entry: DocEntry, into slot: inout DocEntry?) {
        if let first = slot {
            report("duplicate key '\(entry.key.text)' (first at line \(first.key.mark.line))", at: entry.key.mark)
        }
        slot = entry
    }

    mutating func unknownKey(_ key: DocScalar, in what: String, allowed: [String]) {
        report("unknown key '\(key.text)' in \(what)\(didYouMean(key.text, allowed))", at: key.mark)
    }

    /// The text of a scalar field; nil when absent or null. Reports lists and mappings.
    mutating func text(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> String? {
        guard let entry else { return nil }
        switch entry.value {
        case .scalar(let s): return s.isNull ? nil : s.text
        default:
            report("'\(entry.key.text)' of \(what()) must be a string, not \(entry.value.shapeDescription)", at: entry.value.mark)
            return nil
        }
    }

    /// A date field (`YYYY-MM-DD`, quoted or not); nil when absent, null or malformed (reported).
    mutating func date(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> LocalDate? {
        guard let entry else { return nil }
        guard case .scalar(let s) = entry.value else {
            report("'\(entry.key.text)' of \(what()) must be a date (YYYY-MM-DD), not \(entry.value.shapeDescription)", at: entry.value.mark)
            return nil
        }
        if s.isNull { return nil }
        if s.text.utf8.count == 10, let d = LocalDate(iso: s.text) { return d }
        report("'\(entry.key.text)' of \(what()) must be a date (YYYY-MM-DD), not '\(s.text)'", at: s.mark)
        return nil
    }

    /// A list of strings (labels, aliases); reports other shapes and non-scalar items.
    mutating func textList(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> [String] {
        guard let entry else { return [] }
        switch entry.value {
        case .list(let items, _):
            var out: [String] = []
            out.reserveCapacity(items.count)
            for item in items {
                if case .scalar(let s) = item, !s.isNull {
                    out.append(s.text)
                } else {
                    report("items of '\(entry.key.text)' of \(what()) must be strings, not \(item.shapeDescription)", at: item.mark)
                }
            }
            return out
        case .scalar(let s) where s.isNull:
            return []
        default:
            report("'\(entry.key.text)' of \(what()) must be a list of strings, not \(entry.value.shapeDescription)", at: entry.value.mark)
            return []
        }
    }

    /// An `attributes` mapping as typed values.
    mutating func attributes(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> [String: Value] {
        guard let entry else { return [:] }
        switch entry.value {
        case .map(let entries, _):
            var out: [String: Value] = [:]
            out.reserveCapacity(entries.count)
            for e in entries {
                if out.updateValue(e.value.value, forKey: e.key.text) != nil {
                    report("duplicate attribute '\(e.key.text)' in \(what())", at: e.key.mark)
                }
            }
            return out
        case .scalar(let s) where s.isNull:
            return [:]
        default:
            report("'attributes' of \(what()) must be a mapping, not \(entry.value.shapeDescription)", at: entry.value.mark)
            return [:]
        }
    }

    /// Records where the value of a field stands, when the field was given.
    mutating func recordField(_ element: SourceMap.Element, _ field: String, _ entry: DocEntry?) {
        if let entry { sourceMap.record(element, field: field, at: location(entry.value.mark)) }
    }

    /// Records `attributes.NAME` for each attribute of an `attributes` mapping.
    mutating func recordAttributes(_ element: SourceMap.Element, _ entry: DocEntry?) {
        guard case .map(let entries, _)? = entry?.value else { return }
        for e in entries {
            let field: String
            if let known = attributeFieldNames[e.key.text] {
                field = known
            } else {
                field = "attributes." + e.key.text
                attributeFieldNames[e.key.text] = field
            }
            sourceMap.record(element, field: field, at: location(e.value.mark))
        }
    }

    /// Records where each citation and its source and quote stand.
    mutating func recordCitations(_ marks: [CitationMarks], _ element: (Int) -> SourceMap.Element) {
        for (i, c) in marks.enumerated() {
            let ce = element(i)
            sourceMap.record(ce, at: location(c.element))
            // The source of a compact citation stands where the citation starts: the look-up
            // falls back to that, so it need not be stored twice.
            if c.source != c.element { sourceMap.record(ce, field: "source", at: location(c.source)) }
            if let q = c.quote { sourceMap.record(ce, field: "quote", at: location(q)) }
        }
    }
}

/// What a snapshot reader records beside the graph.
public struct SnapshotReadOptions: Sendable, Hashable {
    /// Whether to record where every element and field stands in the ``SourceMap`` (what
    /// validation needs to point at problems). When false, the map holds only where the
    /// document, the metadata, each source and each entity (and its id) start: enough for the
    /// reader's own diagnostics, which are positioned either way. Reading a large snapshot is
    /// markedly cheaper without: a diff or a query does not need the positions.
    public var recordsPositions: Bool

    public init(recordsPositions: Bool = true) {
        self.recordsPositions = recordsPositions
    }
}

/// What reading a snapshot gives: the graph, where each element was written, and the problems
/// found on the way.
public struct SnapshotReadResult: Sendable {
    public var graph: Graph
    public var sourceMap: SourceMap
    public var diagnostics: [Diagnostic]

    public init(graph: Graph, sourceMap: SourceMap, diagnostics: [Diagnostic]) {
        self.graph = graph
        self.sourceMap = sourceMap
        self.diagnostics = diagnostics
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
