import Foundation
import ParleyCore
import ParleySchema
import ParleySnapshot

extension GraphLoader {
    /// Reads two graphs that are about to be compared, at once (the second on another core).
    ///
    /// When both are JSON snapshot files, the relation records they share (the same text, white
    /// space between tokens aside: ``RelationRecords/plan(_:_:keepsType:)``) are left out of
    /// both graphs: such a pair decodes to the same relation on both sides, and a comparison is
    /// left with what differs. Each shared record is still decoded and checked, by one of the
    /// two readers in turn (the other skips its copy), so a fault in it is reported once, in
    /// the file that read it; that both files hold its two ends is checked on both sides.
    /// Records whose type, as written, `keepsType` accepts are read in both files and kept (a
    /// diff's summaries read the unchanged REPRESENTS and PART_OF relations around a change).
    /// ``LoadedGraph/checkedRelations`` and ``LoadedGraph/skippedRelations`` tell what each side
    /// left out. Any other pair of files (YAML, GraphML, standard input) is read whole.
    ///
    /// ```swift
    /// let (a, b) = GraphLoader.loadForComparison("old.json", "new.json", keepsType: { $0 == "REPRESENTS" })
    /// let before = try a.get().graph   // without the relations new.json holds unchanged
    /// ```
    /// - Parameters:
    ///   - schema: the schema to read both against (see ``load(_:schema:options:)``).
    ///   - options: what the reader records; its ``SnapshotReadOptions/omittedRelations`` is
    ///     replaced.
    /// - Returns: each side's graph, or why it could not be read.
    /// - Complexity: O(size of both files), the two read in parallel.
    public static func loadForComparison(
        _ a: String, _ b: String, schema: Schema? = nil, options: SnapshotReadOptions = SnapshotReadOptions(),
        keepsType: @Sendable (String) -> Bool = { _ in false }
    ) -> (Result<LoadedGraph, Diagnostics>, Result<LoadedGraph, Diagnostics>) {
        var whole = options
        whole.omittedRelations = nil
        let plain = whole
        guard let (fileA, fileB) = bothFiles(a, b) else {
            return Parallel.both(
                { Result { () throws(Diagnostics) in try load(a, schema: schema, options: plain) } },
                { Result { () throws(Diagnostics) in try load(b, schema: schema, options: plain) } })
        }
        let (formatA, formatB) = (fileA.withBytes { detectFormat(path: a, $0) }, fileB.withBytes { detectFormat(path: b, $0) })
        guard formatA == .json, formatB == .json else {
            // Read already: each is read from its bytes, as load(_:) would.
            return Parallel.both(
                { fileA.withBytes { x in Result { () throws(Diagnostics) in try load(buffer: x, name: a, path: a, format: formatA, schema: schema, options: plain) } } },
                { fileB.withBytes { y in Result { () throws(Diagnostics) in try load(buffer: y, name: b, path: b, format: formatB, schema: schema, options: plain) } } })
        }
        return fileA.withBytes { x in
            fileB.withBytes { y in compare(x, path: a, y, path: b, schema: schema, options: plain, keepsType: keepsType) }
        }
    }

    /// ``loadForComparison(_:_:schema:options:keepsType:)`` for two JSON snapshots already in
    /// memory; `pathA` and `pathB` name them in diagnostics (and locate the schemas they name).
    public static func loadForComparison(
        json bytesA: [UInt8], path a: String, json bytesB: [UInt8], path b: String, schema: Schema? = nil,
        options: SnapshotReadOptions = SnapshotReadOptions(), keepsType: @Sendable (String) -> Bool = { _ in false }
    ) -> (Result<LoadedGraph, Diagnostics>, Result<LoadedGraph, Diagnostics>) {
        bytesA.withUnsafeBufferPointer { x in
            bytesB.withUnsafeBufferPointer { y in compare(x, path: a, y, path: b, schema: schema, options: options, keepsType: keepsType) }
        }
    }

    /// The comparison reading of two JSON snapshots whose bytes outlive the call.
    private static func compare(
        _ bytesA: UnsafeBufferPointer<UInt8>, path a: String, _ bytesB: UnsafeBufferPointer<UInt8>, path b: String, schema: Schema?,
        options: SnapshotReadOptions, keepsType: @Sendable (String) -> Bool
    ) -> (Result<LoadedGraph, Diagnostics>, Result<LoadedGraph, Diagnostics>) {
        var plain = options
        plain.omittedRelations = nil
        let plan = RelationRecords.plan(bytesA, bytesB, keepsType: keepsType)
        var optionsA = plain, optionsB = plain
        optionsA.omittedRelations = plan?.first
        optionsB.omittedRelations = plan?.second
        let (forA, forB) = (optionsA, optionsB)
        nonisolated(unsafe) let (x, y) = (bytesA, bytesB)  // read only, while the caller keeps them
        var (ra, rb) = Parallel.both(
            { Result { () throws(Diagnostics) in try load(buffer: x, name: a, path: a, format: .json, schema: schema, options: forA) } },
            { Result { () throws(Diagnostics) in try load(buffer: y, name: b, path: b, format: .json, schema: schema, options: forB) } })
        // The ends of the records each side checked for the other must be entities of the other.
        if case .success(var left) = ra, case .success(var right) = rb {
            let (l, r) = (left, right)
            let (inLeft, inRight) = Parallel.both({ missingEnds(checkedBy: r, in: l, x) }, { missingEnds(checkedBy: l, in: r, y) })
            left.diagnostics += inLeft
            right.diagnostics += inRight
            (ra, rb) = (.success(left), .success(right))
        }
        return (ra, rb)
    }

    /// An error for each end of a record that `checker` read for `side` which is no entity of
    /// `side`, at the record's place in `side`'s bytes.
    /// - Complexity: one look-up per distinct end, O(records) besides.
    private static func missingEnds(checkedBy checker: LoadedGraph, in side: LoadedGraph, _ bytes: UnsafeBufferPointer<UInt8>) -> [Diagnostic] {
        var out: [Diagnostic] = []
        // Per entity of the checker: 0 not looked up yet, 1 in `side`, 2 missing from it.
        var found = [UInt8](repeating: 0, count: checker.graph.entityCapacity)
        for r in checker.checkedRelations {
            for which in 0..<2 {
                let end = which == 0 ? r.from : r.to
                if found[end.int] == 0 { found[end.int] = side.graph.handle(forID: checker.graph.id(of: end)) == nil ? 2 : 1 }
                guard found[end.int] == 2 else { continue }
                let (from, to) = (checker.graph.id(of: r.from), checker.graph.id(of: r.to))
                let at = RelationRecords.location(of: r.partner, in: bytes, file: side.path)
                out.append(.error("relation '\(from) \(r.type) \(to)': no entity '\(checker.graph.id(of: end))' in this file", at: at))
            }
        }
        return out
    }

    /// Both files, mapped, when both may be JSON snapshots (by extension: GraphML streams from
    /// its file instead); nil for standard input, other extensions, or a file that cannot be
    /// read (the plain reader then says why).
    private static func bothFiles(_ a: String, _ b: String) -> (MappedFile, MappedFile)? {
        guard a != "-", b != "-", maybeJSON(a), maybeJSON(b) else { return nil }
        let (x, y) = Parallel.both({ try? MappedFile(path: a) }, { try? MappedFile(path: b) })
        guard let x, let y else { return nil }
        return (x, y)
    }

    /// False for the extensions of formats other than a JSON snapshot.
    private static func maybeJSON(_ path: String) -> Bool {
        switch GraphFormat(path: path) {
        case .json?, nil: return true
        default: return false
        }
    }
}
