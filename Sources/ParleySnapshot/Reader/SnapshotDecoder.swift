import ParleyCore

/// The four sections of a snapshot file, in the order the canonical layout writes them.
enum SnapshotSection: String, CaseIterable, Sendable {
    case snapshot, sources, entities, relations
}

/// Turns the nodes of a snapshot file (YAML or JSON alike) into a ``Graph``, a ``SourceMap``
/// and a list of structural problems.
///
/// The readers feed it one section element at a time, parsed into ``tree`` (which they empty
/// before each element). Every problem becomes a diagnostic at the position of the offending
/// value and decoding goes on, so that one run lists them all.
struct SnapshotDecoder {
    let file: String
    let options: SnapshotReadOptions
    /// The element being decoded: readers parse into it, the decoder reads from it.
    var tree: DocTree
    var graph = Graph()
    /// Entity ids in ASCII → handle, looked up by bytes (relation endpoints).
    var entityIDs = EntityIDTable()
    var sourceMap: SourceMap
    var diagnostics: [Diagnostic] = []

    /// Sections met so far, with where their key stands (to report a section given twice).
    private var seenSections: [SnapshotSection: TextMark] = [:]
    /// True once every entity has been read, so that relations can be resolved as they come.
    private(set) var entitiesComplete = false
    /// Relations met before the entities (only when a JSON file lists relations first), each
    /// with the tree it was read into.
    private var deferredRelations: [(DocTree, DocNode, Int?)] = []
    /// Relations decoded so far, added to the graph at once by ``finish()`` (which sizes each
    /// adjacency list once; the graph takes this array as its storage).
    var pendingRelations: ContiguousArray<Relation> = []
    /// Relations checked for both files of a comparison, left out (``RelationOmission``).
    var checkedRelations: [CheckedRelation] = []
    /// Relation type names made into strings once each.
    var typeNames = TypeNameCache()
    /// Relation records skipped unread (``RelationOmission``).
    var skippedRelations = 0
    /// Room for the attribute names of a record being checked quickly (``quickCheck(at:)``).
    var quickKeys: [Range<Int>] = []
    /// `attributes.NAME` field names already built, so that each is made once per file.
    private var attributeFieldNames: [String: String] = [:]

    /// Where the records to check for both files of a comparison start (ascending), and where
    /// their copies start in the other file (``RelationOmission/checked``).
    private let checkedStarts: [Int]
    private let checkedPartners: [Int]
    /// The first of ``checkedStarts`` not passed yet.
    private var nextChecked = 0

    init(file: String, options: SnapshotReadOptions = SnapshotReadOptions(), tree: DocTree = DocTree()) {
        self.file = file
        self.options = options
        checkedStarts = options.omittedRelations?.checked.map(\.start) ?? []
        checkedPartners = options.omittedRelations?.checked.map(\.partner) ?? []
        self.sourceMap = SourceMap(file: file)
        self.tree = tree
    }

    /// Sizes the graph's arrays from the file's size, so that a large snapshot does not grow
    /// them step by step (each step copies, and old and new copies briefly coexist). Reserved
    /// room that goes unused is address space, not memory. Small files are left alone.
    mutating func reserveCapacity(forFileSize bytes: Int) {
        guard bytes > 1 << 22 else { return }
        // A relation takes 150 to 300 bytes of snapshot text, an entity 1000 or more.
        graph.reserveCapacity(entities: bytes / 1000, relations: 0)
        pendingRelations.reserveCapacity(bytes / 150)
        entityIDs.reserveCapacity(bytes / 1000)
    }

    // MARK: Sections

    /// Called for each top-level key; returns the section it opens, or nil (after reporting)
    /// when the key is unknown or repeats a section.
    mutating func beginSection(_ key: DocNode) -> SnapshotSection? {
        let name = tree.text(key), mark = tree.mark(key)
        guard let section = SnapshotSection(rawValue: name) else {
            let names = SnapshotSection.allCases.map(\.rawValue)
            report("unknown section '\(name)'\(didYouMean(name, names)); a snapshot has the sections snapshot, sources, entities and relations", at: mark)
            return nil
        }
        if let first = seenSections[section] {
            report("section '\(section.rawValue)' appears twice (first at line \(first.line))", at: mark)
            return nil
        }
        seenSections[section] = mark
        return section
    }

    /// A whole section's value: the snapshot mapping, or a list section given at once.
    mutating func decodeSection(_ section: SnapshotSection, _ node: DocNode) {
        if section == .snapshot {
            decodeMetadata(node)
            return
        }
        if tree.shape(node) == .list {
            for item in tree.items(node) { decodeElement(item, of: section) }
        } else if !tree.isNull(node) {  // `entities:` with nothing under it is fine
            report("'\(section.rawValue)' must be a list, not \(tree.shapeDescription(node))", at: tree.mark(node))
        }
        endSection(section)
    }

    /// One element of a list section; `start` is where it starts in a JSON file's bytes.
    mutating func decodeElement(_ node: DocNode, of section: SnapshotSection, start: Int? = nil) {
        switch section {
        case .snapshot: decodeMetadata(node)
        case .sources: decodeSource(node)
        case .entities: decodeEntity(node)
        case .relations:
            if entitiesComplete { decodeRelation(node, start: start) } else { deferredRelations.append((tree, node, start)) }
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
        let current = tree
        for (t, node, start) in pending {
            tree = t
            decodeRelation(node, start: start)
        }
        tree = current
    }

    /// Where the copy of the record to check that starts at `offset` starts in the other
    /// file, or nil when no such record starts there. - Complexity: O(1) amortized for records
    /// met in file order, else O(log records).
    mutating func checkedPartner(at offset: Int) -> Int? {
        // Records come in file order (a cursor), unless held back until the entities were read.
        while nextChecked < checkedStarts.count, checkedStarts[nextChecked] < offset { nextChecked += 1 }
        if nextChecked < checkedStarts.count, checkedStarts[nextChecked] == offset { return checkedPartners[nextChecked] }
        var low = 0, high = checkedStarts.count
        while low < high {
            let mid = (low + high) / 2
            if checkedStarts[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low < checkedStarts.count && checkedStarts[low] == offset ? checkedPartners[low] : nil
    }

    /// Reports a document whose top level is not a mapping.
    mutating func rootIsNotAMapping(_ node: DocNode) {
        report("a snapshot must be a mapping with the sections snapshot, sources, entities and relations, not \(tree.shapeDescription(node))", at: tree.mark(node))
    }

    /// Ends decoding and hands out what was read.
    mutating func finish() -> SnapshotReadResult {
        markEntitiesComplete()
        // Endpoints are live entities of the graph, so this cannot fail.
        _ = try? graph.addRelations(pendingRelations)
        pendingRelations = []
        // By position (stable), whatever order the sections were decoded in.
        let sorted = diagnostics.enumerated().sorted { a, b in
            let x = a.element.location, y = b.element.location
            if let x, let y, x != y { return x < y }
            return a.offset < b.offset
        }.map(\.element)
        return SnapshotReadResult(graph: graph, sourceMap: sourceMap, diagnostics: sorted, checkedRelations: checkedRelations,
            skippedRelations: skippedRelations)
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
    mutating func entries(of node: DocNode, _ what: String) -> DocTree.Entries? {
        guard tree.shape(node) == .map else {
            report("\(what) must be a mapping, not \(tree.shapeDescription(node))", at: tree.mark(node))
            return nil
        }
        return tree.entries(node)
    }

    /// Stores `entry` in `slot`, reporting a key given twice.
    mutating func take(_ entry: DocEntry, into slot: inout DocEntry?) {
        if let first = slot {
            report("duplicate key '\(tree.text(entry.key))' (first at line \(tree.mark(first.key).line))", at: tree.mark(entry.key))
        }
        slot = entry
    }

    mutating func unknownKey(_ key: DocNode, in what: String, allowed: [String]) {
        let name = tree.text(key)
        report("unknown key '\(name)' in \(what)\(didYouMean(name, allowed))", at: tree.mark(key))
    }

    /// The text of a scalar field; nil when absent or null. Reports lists and mappings.
    mutating func text(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> String? {
        guard let entry else { return nil }
        let v = entry.value
        guard tree.isScalar(v) else {
            report("'\(tree.text(entry.key))' of \(what()) must be a string, not \(tree.shapeDescription(v))", at: tree.mark(v))
            return nil
        }
        return tree.isNull(v) ? nil : tree.text(v)
    }

    /// A date field (`YYYY-MM-DD`, quoted or not); nil when absent, null or malformed (reported).
    mutating func date(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> LocalDate? {
        guard let entry else { return nil }
        let v = entry.value
        guard tree.isScalar(v) else {
            report("'\(tree.text(entry.key))' of \(what()) must be a date (YYYY-MM-DD), not \(tree.shapeDescription(v))", at: tree.mark(v))
            return nil
        }
        if tree.isNull(v) { return nil }
        if let d = tree.date(v) { return d }
        report("'\(tree.text(entry.key))' of \(what()) must be a date (YYYY-MM-DD), not '\(tree.text(v))'", at: tree.mark(v))
        return nil
    }

    /// A list of strings (labels, aliases); reports other shapes and non-scalar items.
    mutating func textList(_ entry: DocEntry?, _ what: @autoclosure () -> String) -> [String] {
        guard let entry else { return [] }
        let v = entry.value
        switch tree.shape(v) {
        case .list:
            var out: [String] = []
            out.reserveCapacity(tree.count(v))
            for item in tree.items(v) {
                if tree.isScalar(item), !tree.isNull(item) {
                    out.append(tree.text(item))
                } else {
                    report("items of '\(tree.text(entry.key))' of \(what()) must be strings, not \(tree.shapeDescription(item))", at: tree.mark(item))
                }
            }
            return out
        case .scalar where tree.isNull(v):
            return []
        default:
            report("'\(tree.text(entry.key))' of \(what()) must be a list of strings, not \(tree.shapeDescription(v))", at: tree.mark(v))
            return []
        }
    }

    /// An `attributes` mapping as typed values. With `values` false it is checked the same
    /// way but nothing is built (an empty mapping is returned).
    mutating func attributes(_ entry: DocEntry?, _ what: @autoclosure () -> String, values: Bool = true) -> [String: Value] {
        guard let entry else { return [:] }
        let v = entry.value
        switch tree.shape(v) {
        case .map:
            // Sized at once (a specialised initialiser: `reserveCapacity` on an empty
            // dictionary runs the unspecialised generic resize).
            var out = values ? [String: Value](minimumCapacity: tree.count(v)) : [:]
            var names: [String] = []
            for e in tree.entries(v) {
                let name = tree.text(e.key)
                let repeated: Bool
                if values {
                    repeated = out.updateValue(tree.value(e.value), forKey: name) != nil
                } else {
                    repeated = names.contains(name)
                    if !repeated { names.append(name) }
                }
                if repeated { report("duplicate attribute '\(name)' in \(what())", at: tree.mark(e.key)) }
            }
            return out
        case .scalar where tree.isNull(v):
            return [:]
        default:
            report("'attributes' of \(what()) must be a mapping, not \(tree.shapeDescription(v))", at: tree.mark(v))
            return [:]
        }
    }

    /// Records where the value of a field stands, when the field was given.
    mutating func recordField(_ element: SourceMap.Element, _ field: String, _ entry: DocEntry?) {
        if let entry { sourceMap.record(element, field: field, at: location(tree.mark(entry.value))) }
    }

    /// Records `attributes.NAME` for each attribute of an `attributes` mapping.
    mutating func recordAttributes(_ element: SourceMap.Element, _ entry: DocEntry?) {
        guard let entry, tree.shape(entry.value) == .map else { return }
        for e in tree.entries(entry.value) {
            let name = tree.text(e.key)
            let field: String
            if let known = attributeFieldNames[name] {
                field = known
            } else {
                field = "attributes." + name
                attributeFieldNames[name] = field
            }
            sourceMap.record(element, field: field, at: location(tree.mark(e.value)))
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
    /// Relation records shared with another file: to skip, or to check for both and leave
    /// out of the graph (JSON only; see ``RelationRecords/plan(_:_:keepsType:)``).
    public var omittedRelations: RelationOmission?

    /// Whether relation records checked for both files of a comparison are checked straight
    /// from their bytes when they have a plain shape (the same outcome as decoding them, in
    /// less time; off only to compare the two in tests).
    var quickChecks = true

    public init(recordsPositions: Bool = true, omittedRelations: RelationOmission? = nil) {
        self.recordsPositions = recordsPositions
        self.omittedRelations = omittedRelations
    }
}

/// A relation record read for both files of a comparison and left out of the graph
/// (``RelationOmission``): its ends (entities of the graph read) and type, and where its copy
/// starts in the other file, whose reader skipped it (the other file must have both ends too).
public struct CheckedRelation: Sendable, Hashable {
    public var partner: Int
    public var from: EntityHandle
    public var type: String
    public var to: EntityHandle

    public init(partner: Int, from: EntityHandle, type: String, to: EntityHandle) {
        self.partner = partner
        self.from = from
        self.type = type
        self.to = to
    }
}

/// What reading a snapshot gives: the graph, where each element was written, and the problems
/// found on the way.
public struct SnapshotReadResult: Sendable {
    public var graph: Graph
    public var sourceMap: SourceMap
    public var diagnostics: [Diagnostic]
    /// Relation records checked for both files of a comparison and left out of the graph
    /// (``SnapshotReadOptions/omittedRelations``).
    public var checkedRelations: [CheckedRelation]
    /// How many relation records were skipped unread (the other file checks them).
    public var skippedRelations: Int

    public init(
        graph: Graph, sourceMap: SourceMap, diagnostics: [Diagnostic], checkedRelations: [CheckedRelation] = [],
        skippedRelations: Int = 0
    ) {
        self.graph = graph
        self.sourceMap = sourceMap
        self.diagnostics = diagnostics
        self.checkedRelations = checkedRelations
        self.skippedRelations = skippedRelations
    }

    /// Whether any diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
}
