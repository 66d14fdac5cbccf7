import ParleyCore
import PropertyBased
import Testing

@testable import ParleyDiff

/// The relation matching against a plain reference: relations keyed by a dictionary of
/// (mapped ends, type name, identifying values), groups paired identical-first then in
/// canonical order. Compared as multisets of relations, since which of two identical
/// relations is paired is not observable.
@Suite struct RelationMatchingTests {
    struct Outcome: Equatable {
        var changed: [PortableRelation: Int] = [:]  // before and after, as one "before|after" key below
        var changedPairs: [String: Int] = [:]
        var removed: [PortableRelation: Int] = [:]
        var added: [PortableRelation: Int] = [:]
    }

    static func pairKey(_ x: PortableRelation, _ y: PortableRelation) -> String {
        Canonical.key(x) + " → " + Canonical.key(y)
    }

    static func outcome(
        changed: [(RelationHandle, RelationHandle)], removed: [RelationHandle], added: [RelationHandle], _ a: Graph,
        _ b: Graph
    ) -> Outcome {
        var o = Outcome()
        for (x, y) in changed { o.changedPairs[pairKey(a.portable(x), b.portable(y)), default: 0] += 1 }
        for h in removed { o.removed[a.portable(h), default: 0] += 1 }
        for h in added { o.added[b.portable(h), default: 0] += 1 }
        return o
    }

    /// The reference: one dictionary of string keys, groups paired as the engine documents.
    static func reference(_ a: Graph, _ b: Graph, _ m: EntityMatching, _ rules: DiffRules) -> Outcome {
        struct Key: Hashable {
            var from: Int32
            var to: Int32
            var type: String
            var identifying: [Value]
        }
        let symmetric = rules.symmetricTypes.union(a.symmetricTypes).union(b.symmetricTypes)
        func key(_ r: Relation, from: Int32, to: Int32) -> Key {
            var (f, t) = (from, to)
            if symmetric.contains(r.type) && t < f { swap(&f, &t) }
            return Key(from: f, to: t, type: r.type, identifying: (rules.identifyingAttributes[r.type] ?? []).map { r.attributes[$0] ?? .null })
        }
        var groups: [Key: ([RelationHandle], [RelationHandle])] = [:]
        var removed: [RelationHandle] = []
        var added: [RelationHandle] = []
        for h in a.relationHandles {
            let r = a[h]
            let f = m.aToB[r.from.int], t = m.aToB[r.to.int]
            if f < 0 || t < 0 {
                removed.append(h)
            } else {
                groups[key(r, from: f, to: t), default: ([], [])].0.append(h)
            }
        }
        for h in b.relationHandles {
            let r = b[h]
            groups[key(r, from: r.from.index, to: r.to.index), default: ([], [])].1.append(h)
        }
        func same(_ x: RelationHandle, _ y: RelationHandle) -> Bool {
            var p = a.portable(x)
            let q = b.portable(y)
            let ra = a[x]
            // Ends as B's ids, so that a renamed end is not a difference.
            p.from = b[EntityHandle(Int(m.aToB[ra.from.int]))].id
            p.to = b[EntityHandle(Int(m.aToB[ra.to.int]))].id
            return p == q
        }
        var changed: [(RelationHandle, RelationHandle)] = []
        for (_, (l, r)) in groups {
            var left = l, right = r
            var i = 0
            while i < left.count {
                if let j = right.firstIndex(where: { same(left[i], $0) }) {
                    left.remove(at: i)
                    right.remove(at: j)
                } else {
                    i += 1
                }
            }
            left.sort { Canonical.less(a.portable($0), a.portable($1)) }
            right.sort { Canonical.less(b.portable($0), b.portable($1)) }
            let n = min(left.count, right.count)
            for k in 0..<n { changed.append((left[k], right[k])) }
            removed += left.dropFirst(n)
            added += right.dropFirst(n)
        }
        return outcome(changed: changed, removed: removed, added: added, a, b)
    }

    static func check(_ a: Graph, _ b: Graph, _ rules: DiffRules) -> (Outcome, Outcome) {
        let m = EntityMatching(a, b)
        let r = RelationMatching(a, b, entities: m, rules: rules)
        return (outcome(changed: r.changed, removed: r.removed, added: r.added, a, b), reference(a, b, m, rules))
    }

    @Test func randomGraphsMatchLikeTheReference() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...1_000_000_000)) { seed in
            guard let (a, b) = try? RandomGraphs.pair(seed: seed) else {
                Issue.record("could not build the random graphs for seed \(seed)")
                return
            }
            let (got, expected) = RelationMatchingTests.check(a, b, negotiationRules)
            #expect(got == expected, "seed \(seed)")
        }
    }

    /// Thousands of relations: hash collisions, long probe runs, and the pairs compared on
    /// several threads.
    @Test(arguments: [1, 2, 3])
    func largeRandomGraphsMatchLikeTheReference(_ seed: Int) throws {
        var gen = RandomGraphs(rng: SplitMix(seed: seed))
        let ids = (0..<1500).map { "e\($0)" }
        var entities = ids.map { gen.entity(id: $0) }
        var relations = (0..<30_000).map { _ in gen.relation(among: ids) }
        let a = try gen.build((SnapshotMetadata(), [], entities, relations))
        // Edit: rename some entities, retype and change some relations, drop and add others.
        for i in stride(from: 0, to: entities.count, by: 97) {
            let old = entities[i].id
            entities[i].id = old + "-renamed"
            for j in relations.indices {
                if relations[j].from == old { relations[j].from = old + "-renamed" }
                if relations[j].to == old { relations[j].to = old + "-renamed" }
            }
        }
        for j in stride(from: 0, to: relations.count, by: 7) { relations[j].type = gen.pick(["DEMANDS", "SUPPORTS", "REJECTS"]) }
        for j in stride(from: 3, to: relations.count, by: 11) { relations[j].attributes["status"] = gen.value() }
        for j in stride(from: 5, to: relations.count, by: 13) { relations[j].citations.append(Citation(source: "s2", quote: "new")) }
        relations.removeAll { $0.attributes["limit"] == .int(0) }
        relations += (0..<2000).map { _ in gen.relation(among: entities.map(\.id)) }
        let b = try gen.build((SnapshotMetadata(), [], entities, relations))
        let (got, expected) = RelationMatchingTests.check(a, b, negotiationRules)
        #expect(got.changedPairs.count > 100 && got.removed.count > 100 && got.added.count > 100)
        #expect(got == expected)
        // And nothing is lost: every relation of A is removed, changed or matched exactly.
        let m = EntityMatching(a, b)
        let r = RelationMatching(a, b, entities: m, rules: negotiationRules)
        #expect(Set(r.removed).count == r.removed.count)
        #expect(Set(r.changed.map(\.0)).isDisjoint(with: r.removed))
    }
}

/// The streaming JSON writer writes what the JSONValue trees it replaced wrote.
@Suite struct JSONWriterTests {
    static func tree(_ gen: inout RandomGraphs, depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth > 2 ? 5 : 7), using: &gen.rng) {
        case 0: return .null
        case 1: return .bool(gen.chance(0.5))
        case 2: return .int(Int.random(in: -1000...1000, using: &gen.rng))
        case 3: return .float(Double(Int.random(in: -8...8, using: &gen.rng)) / 4)
        case 4: return .string(gen.pick(["", "plain", "say \"hi\"", "line\nbreak", "\u{2028}", "Зеленський — “x”", "\u{7F}"]))
        case 5: return .array((0..<Int.random(in: 0...3, using: &gen.rng)).map { _ in tree(&gen, depth: depth + 1) })
        default:
            return .object((0..<Int.random(in: 0...3, using: &gen.rng)).map { i in ("k\(i)", tree(&gen, depth: depth + 1)) })
        }
    }

    @Test func valuesAreWrittenAsTheTreeRendersThem() {
        var gen = RandomGraphs(rng: SplitMix(seed: 42))
        for _ in 0..<500 {
            let v = JSONWriterTests.tree(&gen, depth: 0)
            var w = JSONWriter()
            w.value(v)
            #expect(w.finish() == Array(v.rendered().utf8), "\(v)")
        }
    }

    @Test func modelTypesAreWrittenAsModelJSONRendersThem() {
        var gen = RandomGraphs(rng: SplitMix(seed: 7))
        let ids = (0..<20).map { "e\($0)" }
        for i in 0..<300 {
            let style: ValueStyle = i.isMultiple(of: 2) ? .plain : .tagged
            var e = gen.entity(id: gen.pick(ids))
            e.attributes["m"] = .map(["$odd": .float(.nan), "b": .list([.float(.infinity), .date(date("2025-11-21"))])])
            let r = gen.relation(among: ids)
            var w = JSONWriter()
            w.beginArray()
            w.entity(e, style)
            w.relation(r, style)
            w.value(e.attributes["m"]!, style)
            w.endArray()
            let expected = JSONValue.array([ModelJSON.entity(e, style), ModelJSON.relation(r, style), ModelJSON.value(e.attributes["m"]!, style)])
            #expect(w.finish() == Array(expected.rendered().utf8))
        }
    }

    @Test(arguments: [(1, 1, 1), (9, 2, 28), (999, 12, 31), (2025, 11, 21), (9999, 10, 5)])
    func datesAreWrittenAsTheirDescription(_ y: Int, _ m: Int, _ d: Int) throws {
        let day = try #require(LocalDate(year: y, month: m, day: d))
        var w = JSONWriter()
        w.date(day)
        #expect(w.finish() == Array(JSONValue.string(day.description).rendered().utf8))
    }

    /// A skeleton with places for pieces, put together with the pieces, is the whole document.
    @Test(arguments: [0, 1, 2, 5])
    func anArrayWrittenInPiecesIsTheWholeArray(_ pieces: Int) {
        var gen = RandomGraphs(rng: SplitMix(seed: pieces))
        let items = (0..<10).map { _ in JSONWriterTests.tree(&gen, depth: 1) }
        for count in [0, 1, 3, 10] {
            let whole = JSONValue.object([("a", .int(1)), ("list", .array(Array(items.prefix(count)))), ("z", .array([]))])
            var written: [[UInt8]] = []
            var places: [(id: Int, isEmpty: Bool)] = []
            for p in 0..<pieces {
                let range = (count * p / pieces)..<(count * (p + 1) / pieces)
                var f = JSONWriter.fragment(depth: 2)
                for item in items.prefix(count)[range] { f.value(item) }
                places.append((written.count, range.isEmpty))
                written.append(f.bytes)
            }
            // Two empty pieces for "z".
            let empty = [(id: written.count, isEmpty: true), (id: written.count + 1, isEmpty: true)]
            written += [[], []]
            var parts: [JSONWriter.DocumentPart] = []
            var w = JSONWriter()
            w.beginObject()
            w.key("a")
            w.int(1)
            w.key("list")
            if pieces == 0 && count > 0 {
                w.value(.array(Array(items.prefix(count))))
            } else {
                w.array(ofPieces: places, parts: &parts)
            }
            w.key("z")
            w.array(ofPieces: empty, parts: &parts)
            w.endObject()
            let skeleton = w.finish(parts: &parts).bytes
            var document: [UInt8] = []
            for part in parts {
                switch part {
                case .own(let range): document += skeleton[range]
                case .piece(let id, let dropsComma): document += written[id].dropFirst(dropsComma ? 1 : 0)
                }
            }
            #expect(document == Array(whole.rendered().utf8), "pieces \(pieces), count \(count)")
        }
    }
}

/// The eight-bytes-at-a-time test for bytes a JSON string must escape says what a byte loop says.
@Suite struct JSONEscapeScanTests {
    @Test func theWordTestAgreesWithTheByteTest() {
        let interesting: [UInt8] = [0x00, 0x09, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xE1, 0xE2, 0xE3, 0xFF, 0x41]
        var gen = RandomGraphs(rng: SplitMix(seed: 7))
        for _ in 0..<50_000 {
            let count = Int.random(in: 0...40, using: &gen.rng)
            // Mostly harmless text, with a special byte now and then.
            let bytes = (0..<count).map { _ in
                gen.chance(0.05) ? gen.pick(interesting) : UInt8.random(in: 0x20...0x7E, using: &gen.rng)
            }
            let expected = bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F || $0 == 0xE2 }
            #expect(bytes.withUnsafeBufferPointer { JSONValue.mayNeedEscape($0) } == expected, "\(bytes)")
        }
    }
}
