import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleySnapshot

/// One side of a diff as the user wrote it: a graph file, optionally cut at a date
/// (`FILE@2025-11-21` keeps what is valid on that day), and how both sides are read.
///
/// ```swift
/// let (a, b) = try DiffInput.loadPair(DiffInput("old.json"), DiffInput("new.json@2025-11-25"))
/// let report = DiffReport(before: a.graph, after: b.graph, rules: DiffRules(schema: a.schema!))
/// ```
public struct DiffInput: Sendable, Hashable {
    public var path: String
    public var date: LocalDate?

    public init(path: String, date: LocalDate? = nil) {
        self.path = path
        self.date = date
    }

    /// Splits `FILE@YYYY-MM-DD`; an `@` not followed by something date-like, or that is part
    /// of an existing file's name, is part of the path.
    /// - Throws: ``Diagnostics`` when what follows the `@` looks like a date but is none.
    public init(_ text: String) throws(Diagnostics) {
        path = text
        guard let at = text.lastIndex(of: "@") else { return }
        let suffix = text[text.index(after: at)...]
        let looksLikeDate = suffix.count == 10 && suffix.allSatisfy { $0.isNumber || $0 == "-" }
        guard looksLikeDate, !FileManager.default.fileExists(atPath: text) else { return }
        guard let d = LocalDate(iso: suffix) else {
            throw Diagnostics([.error("'\(suffix)' in '\(text)' is not a date (YYYY-MM-DD)")])
        }
        path = String(text[..<at])
        date = d
    }

    /// A side as read: the graph (canonicalised by its schema, cut at the date), the schema,
    /// the reader's warnings, and the relations left out because both sides hold them alike.
    public struct Loaded: Sendable {
        public var graph: Graph
        public var schema: Schema?
        public var warnings: [Diagnostic]
        /// Relations this side checked for both and left out of ``graph`` (see
        /// ``DiffInput/loadPair(_:_:schema:omittingUnchanged:)``).
        public var checked: [CheckedRelation] = []
    }

    /// Reads the file against its schema (the one it names, else `schema`, else
    /// schema/negotiation.yaml above it) and cuts it to the date.
    /// - Throws: ``Diagnostics`` with the reader's errors; warnings are returned.
    public func load(schema: Schema? = nil) throws(Diagnostics) -> Loaded {
        // A diff points at no position in the files: skip recording them.
        try finish(Result { () throws(Diagnostics) in try GraphLoader.load(path, schema: schema, options: SnapshotReadOptions(recordsPositions: false)) })
    }

    /// What reading gave, made a side: reader errors throw; a graph without a schema of its own
    /// is canonicalised by schema/negotiation.yaml above it; then it is cut to the date.
    private func finish(_ read: Result<LoadedGraph, Diagnostics>) throws(Diagnostics) -> Loaded {
        var loaded = try read.get()
        if loaded.hasErrors { throw Diagnostics(loaded.diagnostics) }
        if loaded.schema == nil, let found = Schema.default(near: path == "-" ? nil : path) {
            found.canonicalize(&loaded.graph)
            loaded.schema = found
        }
        var graph = loaded.graph
        if let date { graph = graph.restricted(to: date) }
        return Loaded(graph: graph, schema: loaded.schema, warnings: loaded.diagnostics, checked: loaded.checkedRelations)
    }

    /// Reads both sides at once, the second on another core (reading is most of a diff's time
    /// and the two files are independent). A side without a schema of its own is read against
    /// the other side's.
    ///
    /// With `omittingUnchanged`, two JSON snapshots taken whole (no dates) are read without the
    /// relation records both hold in the same text
    /// (``GraphLoader/loadForComparison(_:_:schema:options:keepsType:)``): those are equal on
    /// both sides, so the diff, its summaries and its text and JSON reports are the same without
    /// them. Each such record is still checked, by one side or the other; the relations the
    /// summaries read around a change (REPRESENTS, PART_OF, REVISES) are kept. When the two
    /// sides turn out to read a left-out type differently (different schemas), or a left-out
    /// type is one of those after all (an alias the first guess missed), both are read again
    /// whole. A drawing of the diff shows unchanged relations too: read it without omitting.
    /// - Throws: ``Diagnostics`` with the problems of each side that cannot be read.
    public static func loadPair(
        _ a: DiffInput, _ b: DiffInput, schema: Schema? = nil, omittingUnchanged: Bool = true
    ) throws(Diagnostics) -> (Loaded, Loaded) {
        if omittingUnchanged, a.date == nil, b.date == nil {
            let keeps = summaryTypeKeys(schema ?? Schema.default(near: a.path == "-" ? nil : a.path))
            let (ra, rb) = GraphLoader.loadForComparison(
                a.path, b.path, schema: schema, options: SnapshotReadOptions(recordsPositions: false),
                keepsType: { keeps.contains(TypeName.key($0)) })
            var (x, y) = try both(Result { () throws(Diagnostics) in try a.finish(ra) }, Result { () throws(Diagnostics) in try b.finish(rb) })
            shareSchema(&x, &y)
            if omissionHolds(x, y) { return (x, y) }
        }
        let (ra, rb) = Parallel.both(
            { Result { () throws(Diagnostics) -> Loaded in try a.load(schema: schema) } },
            { Result { () throws(Diagnostics) -> Loaded in try b.load(schema: schema) } })
        var (x, y) = try both(ra, rb)
        shareSchema(&x, &y)
        return (x, y)
    }

    /// Both sides, or the problems of every side that has some (a fault in a record both
    /// files share is reported by the side that checked it).
    private static func both(_ x: Result<Loaded, Diagnostics>, _ y: Result<Loaded, Diagnostics>) throws(Diagnostics) -> (Loaded, Loaded) {
        switch (x, y) {
        case (.success(let l), .success(let r)): return (l, r)
        case (.failure(let e), .success), (.success, .failure(let e)): throw e
        case (.failure(let e), .failure(let f)): throw Diagnostics(e.items + f.items)
        }
    }

    /// Gives a side without a schema the other side's.
    private static func shareSchema(_ x: inout Loaded, _ y: inout Loaded) {
        if x.schema == nil, let s = y.schema {
            s.canonicalize(&x.graph)
            x.schema = s
        }
        if y.schema == nil, let s = x.schema {
            s.canonicalize(&y.graph)
            y.schema = s
        }
    }

    /// The relation types the summaries read beyond the changes (those of ``DiffRules``:
    /// REPRESENTS, PART_OF, REVISES) in every spelling `schema` gives them, as type-name keys.
    static func summaryTypeKeys(_ schema: Schema?) -> Set<String> {
        var out: Set<String> = []
        for name in DiffRules().summaryRelationTypes {
            out.insert(TypeName.key(name))
            for alias in schema?.relationType(named: name)?.aliases ?? [] { out.insert(TypeName.key(alias)) }
        }
        return out
    }

    /// Whether leaving out the shared records kept the diff intact: every left-out type (as
    /// written) reads as the same type on both sides, and none is one the summaries read.
    static func omissionHolds(_ x: Loaded, _ y: Loaded) -> Bool {
        let rules = (x.schema ?? y.schema).map(DiffRules.init(schema:)) ?? DiffRules()
        let summaryTypes = Set(rules.summaryRelationTypes)
        let (typesX, typesY) = Parallel.both({ distinctTypes(x.checked) }, { distinctTypes(y.checked) })
        for written in typesX.union(typesY) {
            let inX = x.schema?.relationType(named: written)?.name ?? written
            let inY = y.schema?.relationType(named: written)?.name ?? written
            if inX != inY || summaryTypes.contains(inX) { return false }
        }
        return true
    }

    /// The distinct types of `relations`: a few dozen spellings among hundreds of thousands of
    /// records, so each short one (15 bytes or fewer, packed into two words) is looked up in a
    /// small table of its own before it is hashed as a string.
    /// - Complexity: O(relations).
    static func distinctTypes(_ relations: [CheckedRelation]) -> Set<String> {
        var out: Set<String> = []
        var seen = [(UInt64, UInt64)](repeating: (0, 0), count: 256)  // (0, 0): empty
        for r in relations {
            var type = r.type
            let packed: (UInt64, UInt64)? = type.withUTF8 { bytes in
                guard bytes.count <= 15, bytes.count > 0 else { return nil }
                var low: UInt64 = 0, high = UInt64(bytes.count) << 56  // a count above 0: never (0, 0)
                for i in 0..<bytes.count {
                    if i < 8 { low |= UInt64(bytes[i]) << (8 * i) } else { high |= UInt64(bytes[i]) << (8 * (i - 8)) }
                }
                return (low, high)
            }
            guard let (low, high) = packed else {
                out.insert(r.type)
                continue
            }
            var slot = Int(truncatingIfNeeded: ((low ^ (high &* 0x9E37_79B9_7F4A_7C15)) &* 0xFF51_AFD7_ED55_8CCD) >> 56)
            while seen[slot] != (0, 0), seen[slot] != (low, high) { slot = (slot + 1) & 255 }
            if seen[slot] == (low, high) { continue }
            out.insert(r.type)
            // A full table (256 spellings) stops remembering: the set still dedupes.
            if out.count < 200 { seen[slot] = (low, high) }
        }
        return out
    }
}

extension DiffRules {
    /// The relation types the summaries read around a change, changed or not: who represents
    /// whom, and which provision belongs to which proposal and revises which.
    public var summaryRelationTypes: [String] { [representsType, partOfType, revisesType] }
}
