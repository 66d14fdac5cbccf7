import ParleyCore

/// The diff for programs: one JSON document with the counts, the summaries by party and by
/// proposal, and a flat list of atomic changes. Its schema is documented in README.md
/// ("Diff: JSON output and patch format"). Values are plain JSON (dates as `YYYY-MM-DD` strings).
public enum JSONRenderer {
    public static let version = 1

    /// - Complexity: O(changes).
    public static func render(_ report: DiffReport) -> String {
        String(decoding: renderBytes(report), as: UTF8.self)
    }

    /// The document as UTF-8 bytes (what ``render(_:)`` returns as text).
    /// - Complexity: O(changes).
    public static func renderBytes(_ report: DiffReport) -> [UInt8] {
        var out: [UInt8] = []
        write(report) { out.append(contentsOf: $0) }
        return out
    }

    /// The document as UTF-8 bytes handed to `sink` part by part, in order (what
    /// ``renderBytes(_:)`` returns, without ever holding it whole). The long lists (parties,
    /// proposals and the changes) are written in pieces on the other cores while `sink` takes
    /// those that are done, so a file is written while the rest is being made; the bytes are
    /// the same on any machine. Each part's bytes are valid only during the call of `sink`
    /// that gets them.
    ///
    /// ```swift
    /// let out = try AtomicFile.Stream(path: "diff.json")
    /// try JSONRenderer.write(report) { piece throws(Diagnostics) in try out.write(piece) }
    /// try out.commit()
    /// ```
    /// - Throws: what `sink` throws; no part is handed over after that.
    /// - Complexity: O(changes).
    public static func write<E: Error>(_ report: DiffReport, to sink: (UnsafeRawBufferPointer) throws(E) -> Void) throws(E) {
        try write(report.diff, report.before.metadata, report.after.metadata, rules: report.rules, .made(report.summary), sink)
    }

    /// ``write(_:to:)`` for the report of `diff` (from `before` to `after`), made as it is
    /// written: its summary (by party and by proposal, each on a core) is made first, while
    /// the changes are being written on the other cores.
    /// - Throws: what `sink` throws; no part is handed over after that.
    /// - Complexity: that of ``DiffSummary/init(_:before:after:rules:)``, plus O(changes).
    public static func write<E: Error>(
        _ diff: GraphDiff, from before: Graph, to after: Graph, rules: DiffRules, to sink: (UnsafeRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        try write(diff, before.metadata, after.metadata, rules: rules, .toMake(before, after), sink)
    }

    /// The summary of a report: given, or to be made from the two graphs.
    private enum SummarySource {
        case made(DiffSummary)
        case toMake(Graph, Graph)
    }

    /// What the workshop of ``write(_:_:_:rules:_:_:)`` makes: the two lists of the summary,
    /// and the pieces of the document.
    private enum ReportPart: Sendable {
        case parties([DiffSummary.PartyChanges])
        case proposals([DiffSummary.ProposalChanges])
        case piece(JSONBytes)
    }

    /// How many pieces each long list is written in (some may be empty). Many small pieces
    /// keep the cores evenly busy and let the first ones be written out early.
    private static let partyPieces = 8
    private static let proposalPieces = 1
    private static let changePieces = 16

    private static func write<E: Error>(
        _ d: GraphDiff, _ before: SnapshotMetadata, _ after: SnapshotMetadata, rules: DiffRules,
        _ summary: SummarySource, _ sink: (UnsafeRawBufferPointer) throws(E) -> Void
    ) throws(E) {
        // Products, most urgent first: the summary's two lists (0 and 1), then the pieces in
        // the order of the document: parties, proposals, changes. Each piece is written by a
        // fragment writer on another thread with room for about a kilobyte per item (more is
        // never touched, so costs nothing: growing a buffer of many megabytes copies it).
        let firstParty = 2, firstProposal = firstParty + partyPieces, firstChange = firstProposal + proposalPieces
        let shop = Workshop<ReportPart>(products: firstChange + changePieces)
        /// `count` items in `parts` ranges, in order (empty ones when there are fewer items).
        @Sendable func split(_ count: Int, into parts: Int) -> [Range<Int>] {
            (0..<parts).map { i in count * i / parts..<count * (i + 1) / parts }
        }
        /// Schedules the pieces of `list`, numbered from `first`, each element written by
        /// `write` with room for its `items`.
        @Sendable func schedulePieces<T: Sendable>(
            _ list: [T], _ parts: Int, from first: Int, items: @escaping @Sendable (T) -> Int,
            _ write: @escaping @Sendable ([T], Int, inout JSONWriter) -> Void
        ) {
            for (k, range) in split(list.count, into: parts).enumerated() where !range.isEmpty {
                shop.schedule(priority: first + k) {
                    var w = JSONWriter.fragment(depth: 2, capacity: 1024 * range.reduce(0) { $0 + items(list[$1]) })
                    for i in range { write(list, i, &w) }
                    shop.deliver(first + k, .piece(w.written()))
                }
            }
        }
        @Sendable func scheduleParties(_ parties: [DiffSummary.PartyChanges]) {
            schedulePieces(parties, partyPieces, from: firstParty, items: { 1 + $0.gained.count + $0.lost.count + $0.shifted.count }) {
                party($0[$1], &$2)
            }
        }
        @Sendable func scheduleProposals(_ proposals: [DiffSummary.ProposalChanges]) {
            schedulePieces(proposals, proposalPieces, from: firstProposal, items: { 1 + $0.added.count + $0.dropped.count + $0.changed.count }) {
                proposal($0[$1], &$2)
            }
        }
        switch summary {
        case .made(let s):
            scheduleParties(s.parties)
            scheduleProposals(s.proposals)
            shop.deliver(0, .parties(s.parties))
            shop.deliver(1, .proposals(s.proposals))
        case .toMake(let a, let b):
            shop.schedule(priority: 0) {
                let parties = DiffSummary.byParty(d, a, b, rules)
                scheduleParties(parties)
                shop.deliver(0, .parties(parties))
            }
            shop.schedule(priority: 1) {
                let proposals = DiffSummary.byProposal(d, a, b, rules)
                scheduleProposals(proposals)
                shop.deliver(1, .proposals(proposals))
            }
        }
        let changes = ChangeList(d)
        for (k, range) in split(changes.count, into: changePieces).enumerated() where !range.isEmpty {
            shop.schedule(priority: firstChange + k) {
                var w = JSONWriter.fragment(depth: 2, capacity: 1024 * range.count)
                changes.write(range, rules, &w)
                shop.deliver(firstChange + k, .piece(w.written()))
            }
        }

        // The skeleton, with a place for each piece, once the summary tells which are empty.
        guard case .parties(let parties) = shop.take(0), case .proposals(let proposals) = shop.take(1) else {
            preconditionFailure("the summary's lists are products 0 and 1")
        }
        func places(_ count: Int, _ parts: Int, from first: Int) -> [(id: Int, isEmpty: Bool)] {
            split(count, into: parts).enumerated().map { (first + $0.offset, $0.element.isEmpty) }
        }
        let counted = Dictionary(uniqueKeysWithValues: d.counts)
        let countKeys = [
            "entities_added", "entities_removed", "entities_renamed", "entities_changed", "relations_added",
            "relations_removed", "relations_changed", "stance_shifts", "sources_added", "sources_removed",
            "sources_changed", "metadata_changed",
        ]
        var parts: [JSONWriter.DocumentPart] = []
        var w = JSONWriter(capacity: 4096)
        w.beginObject()
        w.field("format")
        w.string("parley-diff")
        w.field("version")
        w.int(version)
        w.field("before")
        w.value(ModelJSON.metadata(before, .plain))
        w.field("after")
        w.value(ModelJSON.metadata(after, .plain))
        w.field("equal")
        w.bool(d.isEmpty)
        w.field("counts")
        w.beginObject()
        for k in countKeys {
            w.key(k)
            w.int(counted[k] ?? 0)
        }
        w.endObject()
        w.field("parties")
        w.array(ofPieces: places(parties.count, partyPieces, from: firstParty), parts: &parts)
        w.field("proposals")
        w.array(ofPieces: places(proposals.count, proposalPieces, from: firstProposal), parts: &parts)
        w.field("changes")
        w.array(ofPieces: places(changes.count, changePieces, from: firstChange), parts: &parts)
        w.endObject()
        let skeleton = w.finish(parts: &parts)

        // The parts in order, each piece as soon as it is written (and let go once handed over).
        for part in parts {
            switch part {
            case .own(let range):
                if !range.isEmpty { try skeleton.withBytes(range, sink) }
            case .piece(let id, let dropsComma):
                guard case .piece(let bytes) = shop.take(id) else { preconditionFailure("product \(id) is a piece") }
                try bytes.withBytes((dropsComma ? 1 : 0)..<bytes.count, sink)
            }
        }
    }

    private static func ref(_ e: Entity, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("id")
        w.string(e.id)
        w.field("type")
        w.string(e.type)
        if let n = e.name {
            w.field("name")
            w.string(n)
        }
        w.endObject()
    }

    private static func optionalRef(_ e: Entity?, _ w: inout JSONWriter) {
        if let e { ref(e, &w) } else { w.null() }
    }

    /// The fields of an attribute change, inside an object the caller opened.
    fileprivate static func attributeChangeFields(_ c: AttributeChange, _ w: inout JSONWriter) {
        w.field("attribute")
        w.string(c.name)
        if let b = c.before {
            w.field("before")
            w.value(b, .plain)
        }
        if let a = c.after {
            w.field("after")
            w.value(a, .plain)
        }
    }

    private static func attributeChanges(_ list: [AttributeChange], _ w: inout JSONWriter) {
        w.beginArray()
        for c in list {
            w.beginObject()
            attributeChangeFields(c, &w)
            w.endObject()
        }
        w.endArray()
    }

    private static func stance(_ s: DiffSummary.Stance, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("type")
        w.string(s.relation.type)
        w.field("target")
        ref(s.target, &w)
        w.field("voiced_by")
        optionalRef(s.voicedBy, &w)
        w.field("relation")
        w.relation(s.relation, .plain)
        w.endObject()
    }

    private static func shift(_ s: DiffSummary.Shift, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("before")
        w.string(s.shift.before.type)
        w.field("after")
        w.string(s.shift.after.type)
        w.field("target")
        ref(s.target, &w)
        w.field("voiced_by")
        optionalRef(s.voicedBy, &w)
        w.endObject()
    }

    /// Elements are read in place and handed to functions of their own type (not copied).
    private static func party(_ p: DiffSummary.PartyChanges, _ w: inout JSONWriter) {
        func stances(_ list: [DiffSummary.Stance], _ w: inout JSONWriter) {
            w.beginArray()
            list.withUnsafeBufferPointer { list in
                for i in list.indices { stance(list[i], &w) }
            }
            w.endArray()
        }
        w.beginObject()
        w.field("party")
        ref(p.party, &w)
        w.field("gained")
        stances(p.gained, &w)
        w.field("lost")
        stances(p.lost, &w)
        w.field("shifted")
        w.beginArray()
        p.shifted.withUnsafeBufferPointer { list in
            for i in list.indices { shift(list[i], &w) }
        }
        w.endArray()
        w.endObject()
    }

    private static func proposal(_ p: DiffSummary.ProposalChanges, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("proposal")
        ref(p.proposal, &w)
        w.field("added")
        w.beginArray()
        for e in p.added { ref(e, &w) }
        w.endArray()
        w.field("dropped")
        w.beginArray()
        for e in p.dropped { ref(e, &w) }
        w.endArray()
        w.field("changed")
        w.beginArray()
        for c in p.changed {
            w.beginObject()
            w.field("before")
            ref(c.before, &w)
            w.field("after")
            ref(c.after, &w)
            w.field("revision")
            w.bool(c.isRevision)
            w.field("attributes")
            attributeChanges(c.attributeChanges, &w)
            w.field("membership")
            attributeChanges(c.membershipChanges, &w)
            w.endObject()
        }
        w.endArray()
        w.endObject()
    }
}

/// The atomic changes of a diff as one list, in the diff's canonical order: each element of the
/// diff's lists (a source, an entity, a relation, a pair) gives one or more changes (pairs that
/// differ only in order give none, and are left out of the numbering). Numbered by element, so
/// that ranges of the list can be written apart and joined, and a range that is not empty
/// writes something.
private struct ChangeList: Sendable {
    let d: GraphDiff
    /// Where each of the diff's lists starts in the numbering, and the end of the last.
    let starts: [Int]
    /// The positions of the entity and relation pairs that differ in more than order.
    let entityChanges: [Int]
    let relationChanges: [Int]

    init(_ d: GraphDiff) {
        self.d = d
        entityChanges = d.entitiesChanged.indices.filter { !d.entitiesChanged[$0].isOrderOnly }
        relationChanges = d.relationsChanged.indices.filter { !d.relationsChanged[$0].isOrderOnly }
        let sizes = [
            d.metadata == nil ? 0 : 1, d.sourcesAdded.count, d.sourcesRemoved.count, d.sourcesChanged.count,
            d.entitiesAdded.count, d.entitiesRemoved.count, entityChanges.count, d.relationsAdded.count,
            d.relationsRemoved.count, d.stanceShifts.count, relationChanges.count,
        ]
        var starts = [0]
        for n in sizes { starts.append(starts.last! + n) }
        self.starts = starts
    }

    var count: Int { starts.last! }

    /// Writes the changes of the elements numbered `range`. Each list is read in place, its
    /// elements handed to functions of their own type (not to generic closures, which copy
    /// each element they are given).
    func write(_ range: Range<Int>, _ rules: DiffRules, _ w: inout JSONWriter) {
        /// The positions in list number `list` of the elements numbered `range`.
        func part(_ list: Int) -> Range<Int> {
            let lo = max(range.lowerBound, starts[list]), hi = min(range.upperBound, starts[list + 1])
            return lo < hi ? (lo - starts[list])..<(hi - starts[list]) : 0..<0
        }
        if range.contains(0), let m = d.metadata {
            begin("metadata.changed", &w)
            w.field("before")
            w.value(ModelJSON.metadata(m.before, .plain))
            w.field("after")
            w.value(ModelJSON.metadata(m.after, .plain))
            w.endObject()
        }
        for i in part(1) { source("source.added", d.sourcesAdded[i], &w) }
        for i in part(2) { source("source.removed", d.sourcesRemoved[i], &w) }
        for i in part(3) {
            let s = d.sourcesChanged[i]
            begin("source.changed", &w)
            w.field("before")
            w.value(ModelJSON.source(s.before, .plain))
            w.field("after")
            w.value(ModelJSON.source(s.after, .plain))
            w.endObject()
        }
        d.entitiesAdded.withUnsafeBufferPointer { list in
            for i in part(4) { entity("entity.added", list[i], &w) }
        }
        d.entitiesRemoved.withUnsafeBufferPointer { list in
            for i in part(5) { entity("entity.removed", list[i], &w) }
        }
        d.entitiesChanged.withUnsafeBufferPointer { list in
            for i in part(6) { entityChange(list[entityChanges[i]], &w) }
        }
        d.relationsAdded.withUnsafeBufferPointer { list in
            for i in part(7) { relation("relation.added", list[i], &w) }
        }
        d.relationsRemoved.withUnsafeBufferPointer { list in
            for i in part(8) { relation("relation.removed", list[i], &w) }
        }
        d.stanceShifts.withUnsafeBufferPointer { list in
            for i in part(9) { stanceShift(list[i], rules, &w) }
        }
        d.relationsChanged.withUnsafeBufferPointer { list in
            for i in part(10) { relationChange(list[relationChanges[i]], &w) }
        }
    }

    private func source(_ kind: StaticString, _ s: Source, _ w: inout JSONWriter) {
        begin(kind, &w)
        w.field("source")
        w.value(ModelJSON.source(s, .plain))
        w.endObject()
    }

    private func entity(_ kind: StaticString, _ e: Entity, _ w: inout JSONWriter) {
        begin(kind, &w)
        w.field("entity")
        w.entity(e, .plain)
        w.endObject()
    }

    private func relation(_ kind: StaticString, _ r: PortableRelation, _ w: inout JSONWriter) {
        begin(kind, &w)
        w.field("relation")
        w.relation(r, .plain)
        w.endObject()
    }

    private func stanceShift(_ s: StanceShift, _ rules: DiffRules, _ w: inout JSONWriter) {
        begin("stance.shifted", &w)
        w.field("subject")
        w.string(s.after.from)
        w.field("target")
        w.string(s.after.to)
        w.field("before")
        w.string(s.before.type)
        w.field("after")
        w.string(s.after.type)
        w.field("polarity_before")
        w.string(rules.stanceTypes[s.before.type]?.rawValue)
        w.field("polarity_after")
        w.string(rules.stanceTypes[s.after.type]?.rawValue)
        w.field("before_relation")
        w.relation(s.before, .plain)
        w.field("after_relation")
        w.relation(s.after, .plain)
        w.endObject()
    }

    private func begin(_ kind: StaticString, _ w: inout JSONWriter) {
        w.beginObject()
        w.field("kind")
        w.plain(kind)
    }

    private func entityChange(_ c: EntityChange, _ w: inout JSONWriter) {
        guard !c.isOrderOnly else { return }
        let id = c.after.id
        func begin(_ kind: StaticString, _ w: inout JSONWriter) {
            self.begin(kind, &w)
            w.field("id")
            w.string(id)
        }
        if c.isRename {
            begin("entity.renamed", &w)
            w.field("before")
            w.string(c.before.id)
            w.field("after")
            w.string(id)
            w.endObject()
        }
        if c.isRetype {
            begin("entity.retyped", &w)
            w.field("before")
            w.string(c.before.type)
            w.field("after")
            w.string(c.after.type)
            w.endObject()
        }
        if c.nameChanged {
            begin("entity.name_changed", &w)
            w.field("before")
            w.string(c.before.name)
            w.field("after")
            w.string(c.after.name)
            w.endObject()
        }
        for a in c.attributeChanges {
            begin("entity.attribute_changed", &w)
            JSONRenderer.attributeChangeFields(a, &w)
            w.endObject()
        }
        func strings(_ kind: StaticString, _ key: StaticString, _ list: [String], _ w: inout JSONWriter) {
            for x in list {
                begin(kind, &w)
                w.field(key)
                w.string(x)
                w.endObject()
            }
        }
        func citations(_ kind: StaticString, _ list: [Citation], _ w: inout JSONWriter) {
            for x in list {
                begin(kind, &w)
                w.field("citation")
                w.citation(x)
                w.endObject()
            }
        }
        strings("entity.alias_added", "alias", c.aliasesAdded, &w)
        strings("entity.alias_removed", "alias", c.aliasesRemoved, &w)
        strings("entity.label_added", "label", c.labelsAdded, &w)
        strings("entity.label_removed", "label", c.labelsRemoved, &w)
        citations("entity.citation_added", c.citationsAdded, &w)
        citations("entity.citation_removed", c.citationsRemoved, &w)
    }

    private func relationChange(_ c: RelationChange, _ w: inout JSONWriter) {
        guard !c.isOrderOnly else { return }
        func begin(_ kind: StaticString, _ w: inout JSONWriter) {
            self.begin(kind, &w)
            w.field("relation")
            w.relation(c.after, .plain)
        }
        for a in c.attributeChanges {
            begin("relation.attribute_changed", &w)
            JSONRenderer.attributeChangeFields(a, &w)
            w.endObject()
        }
        for x in c.citationsAdded {
            begin("relation.citation_added", &w)
            w.field("citation")
            w.citation(x)
            w.endObject()
        }
        for x in c.citationsRemoved {
            begin("relation.citation_removed", &w)
            w.field("citation")
            w.citation(x)
            w.endObject()
        }
        if c.validityChanged {
            func range(_ r: PortableRelation, _ w: inout JSONWriter) {
                w.beginObject()
                w.field("valid_from")
                w.date(r.validFrom)
                w.field("valid_until")
                w.date(r.validUntil)
                w.endObject()
            }
            begin("relation.validity_changed", &w)
            w.field("before")
            range(c.before, &w)
            w.field("after")
            range(c.after, &w)
            w.endObject()
        }
        if c.confidenceChanged {
            begin("relation.confidence_changed", &w)
            w.field("before")
            w.string(c.before.confidence?.rawValue)
            w.field("after")
            w.string(c.after.confidence?.rawValue)
            w.endObject()
        }
    }
}
