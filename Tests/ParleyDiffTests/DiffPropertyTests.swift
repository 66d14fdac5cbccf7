import ParleyCore
import ParleyDiff
import PropertyBased
import Testing

/// A small deterministic generator (SplitMix64) so that one integer seed from PropertyBased
/// describes a whole random graph and its edits.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: Int) { state = UInt64(bitPattern: Int64(seed)) &+ 0x9E37_79B9_7F4A_7C15 }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random graphs drawn from small pools of ids, names, types and values, so that renames,
/// duplicates, collisions and stance shifts happen often.
struct RandomGraphs {
    var rng: SplitMix
    let types = ["Party", "Official", "Provision", "Proposal"]
    let relationTypes = ["DEMANDS", "SUPPORTS", "REJECTS", "MEETS_WITH", "PART_OF", "REPRESENTS"]
    let names = ["Russia", "Ukraine", "Kyiv", "Witkoff", "Army cap", "Amnesty", "Geneva", "Umerov"]

    mutating func pick<T>(_ xs: [T]) -> T { xs[Int.random(in: 0..<xs.count, using: &rng)] }
    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }

    mutating func value() -> Value {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: .int(Int.random(in: 0...3, using: &rng) * 200_000)
        case 1: .string(pick(["held", "planned", "in-person", "phone"]))
        case 2: .date(LocalDate(year: 2025, month: 11, day: Int.random(in: 20...23, using: &rng))!)
        case 3: .bool(chance(0.5))
        case 4: .float(Double(Int.random(in: 0...4, using: &rng)) / 4)
        case 5: .list([.int(1), .string("x")])
        case 6: .map(["$odd": .int(1), "k": .date(LocalDate(year: 2025, month: 1, day: 1)!)])
        default: .null
        }
    }

    mutating func attributes() -> [String: Value] {
        var m: [String: Value] = [:]
        for _ in 0..<Int.random(in: 0...2, using: &rng) { m[pick(["date", "mode", "status", "limit"])] = value() }
        return m
    }

    mutating func citations() -> [Citation] {
        (0..<Int.random(in: 0...2, using: &rng)).map { _ in Citation(source: pick(["s1", "s2"]), quote: chance(0.5) ? pick(["a", "b"]) : nil) }
    }

    mutating func entity(id: String) -> Entity {
        Entity(
            id: id, type: pick(types), name: chance(0.8) ? pick(names) : nil,
            aliases: chance(0.3) ? [pick(names)] : [], labels: chance(0.2) ? ["Leader"] : [],
            attributes: attributes(), citations: chance(0.2) ? citations() : [])
    }

    mutating func relation(among ids: [String]) -> PortableRelation {
        PortableRelation(
            from: pick(ids), type: pick(relationTypes), to: pick(ids), attributes: attributes(), citations: citations(),
            validFrom: chance(0.2) ? LocalDate(year: 2025, month: 11, day: 21) : nil,
            validUntil: chance(0.2) ? LocalDate(year: 2025, month: 11, day: 30) : nil,
            confidence: chance(0.2) ? pick(Confidence.allCases) : nil)
    }

    /// A graph as lists, so that edits are easy; ``build(_:_:_:_:)`` shuffles them into a Graph.
    mutating func lists() -> (SnapshotMetadata, [Source], [Entity], [PortableRelation]) {
        let ids = (0..<Int.random(in: 1...10, using: &rng)).map { "e\($0)" }
        let entities = ids.map { entity(id: $0) }
        let relations = (0..<Int.random(in: 0...20, using: &rng)).map { _ in relation(among: ids) }
        let sources = [Source(id: "s1", outlet: "Guardian"), Source(id: "s2", date: LocalDate(year: 2025, month: 11, day: 24))]
        return (SnapshotMetadata(id: "a", asOf: LocalDate(year: 2025, month: 11, day: 21)), sources, entities, relations)
    }

    /// Random edits of every kind the diff knows.
    mutating func edit(
        _ g: (SnapshotMetadata, [Source], [Entity], [PortableRelation])
    ) -> (SnapshotMetadata, [Source], [Entity], [PortableRelation]) {
        var (meta, sources, entities, relations) = g
        if chance(0.3) { meta.title = "after" }
        if chance(0.2) { sources.removeLast() }
        if chance(0.2) { sources.append(Source(id: "s3", title: "new")) }
        if chance(0.2), !sources.isEmpty { sources[0].outlet = "BBC" }
        for i in entities.indices.reversed() {
            switch Int.random(in: 0..<12, using: &rng) {
            case 0:  // rename: a new id, same name; relations follow
                let old = entities[i].id
                let new = old + "r"
                entities[i].id = new
                for j in relations.indices {
                    if relations[j].from == old { relations[j].from = new }
                    if relations[j].to == old { relations[j].to = new }
                }
            case 1: entities[i].type = pick(types)
            case 2: entities[i].attributes[pick(["limit", "status"])] = value()
            case 3: entities[i].aliases.append(pick(names))
            case 4: entities[i].aliases.removeAll()
            case 5:  // remove with its relations
                let id = entities[i].id
                entities.remove(at: i)
                relations.removeAll { $0.from == id || $0.to == id }
            case 6: entities[i].name = chance(0.5) ? nil : pick(names)
            case 7: entities[i].labels.append("Envoy")
            case 8: entities[i].citations.append(Citation(source: "s1", quote: "q"))
            default: break
            }
        }
        for _ in 0..<Int.random(in: 0...2, using: &rng) { entities.append(entity(id: "n\(Int.random(in: 0...99, using: &rng))")) }
        var seen = Set<String>()
        entities = entities.filter { seen.insert($0.id).inserted }
        let ids = entities.map(\.id)
        for i in relations.indices.reversed() {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: relations.remove(at: i)
            case 1: relations[i].type = pick(["DEMANDS", "SUPPORTS", "REJECTS"])
            case 2: relations[i].attributes[pick(["date", "status", "mode"])] = value()
            case 3: relations[i].citations.append(Citation(source: "s2", quote: "new"))
            case 4: relations[i].citations.reverse()
            case 5: relations[i].validUntil = LocalDate(year: 2025, month: 12, day: 1)
            case 6:
                if relations[i].type == "MEETS_WITH" {
                    let f = relations[i].from
                    relations[i].from = relations[i].to
                    relations[i].to = f
                }
            case 7: relations[i].confidence = .low
            default: break
            }
        }
        if !ids.isEmpty {
            for _ in 0..<Int.random(in: 0...3, using: &rng) { relations.append(relation(among: ids)) }
        }
        return (meta, sources, entities, relations)
    }

    mutating func build(_ g: (SnapshotMetadata, [Source], [Entity], [PortableRelation])) throws -> Graph {
        var out = Graph(metadata: g.0)
        out.setSources(g.1.shuffled(using: &rng))
        for e in g.2.shuffled(using: &rng) { try out.addEntity(e) }
        for r in g.3.shuffled(using: &rng) { try out.addRelation(r) }
        return out
    }

    /// A random graph and a randomly edited copy of it, both drawn from `seed`.
    static func pair(seed: Int) throws -> (Graph, Graph) {
        var gen = RandomGraphs(rng: SplitMix(seed: seed))
        let lists = gen.lists()
        let a = try gen.build(lists)
        return (a, try gen.build(gen.edit(lists)))
    }
}

@Suite struct DiffPropertyTests {
    @Test func applyingTheDiffGivesTheTarget() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...1_000_000_000)) { seed in
            guard let (a, b) = try? RandomGraphs.pair(seed: seed) else {
                Issue.record("could not build the random graphs for seed \(seed)")
                return
            }
            let d = GraphDiff(from: a, to: b, rules: negotiationRules)
            do {
                let out = try a.applying(d)
                #expect(out == b, "seed \(seed): \(out.differences(from: b))")
                #expect(out.checkInvariants() == [])
                // Through the patch file too.
                let decoded = try PatchFile.decode(PatchFile.encode(d), file: "p.json")
                #expect(decoded == d, "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test func reorderingGivesAnEmptyDiff() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var gen = RandomGraphs(rng: SplitMix(seed: seed))
            let lists = gen.lists()
            guard let a = try? gen.build(lists), let b = try? gen.build(lists) else { return }
            let d = GraphDiff(from: a, to: b, rules: negotiationRules)
            #expect(d.isExactlyEmpty, "seed \(seed): \(PatchFile.encode(d))")
        }
    }

    @Test func theDiffDoesNotDependOnOrder() async {
        await propertyCheck(count: 200, input: Gen.int(in: 0...1_000_000_000)) { seed in
            var gen = RandomGraphs(rng: SplitMix(seed: seed))
            let lists = gen.lists()
            let edited = gen.edit(lists)
            guard let a1 = try? gen.build(lists), let a2 = try? gen.build(lists), let b1 = try? gen.build(edited),
                let b2 = try? gen.build(edited)
            else { return }
            let d1 = GraphDiff(from: a1, to: b1, rules: negotiationRules)
            let d2 = GraphDiff(from: a2, to: b2, rules: negotiationRules)
            #expect(PatchFile.encode(d1) == PatchFile.encode(d2), "seed \(seed)")
        }
    }
}

@Suite struct RandomGraphCoverageTests {
    /// The random edits must actually exercise every kind of change, or the property proves little.
    @Test func randomEditsProduceEveryKindOfChange() throws {
        var kinds: [String: Int] = [:]
        for seed in 0..<300 {
            let (a, b) = try RandomGraphs.pair(seed: seed)
            let d = GraphDiff(from: a, to: b, rules: negotiationRules)
            if d.entitiesChanged.contains(where: \.isRename) { kinds["rename", default: 0] += 1 }
            if d.entitiesChanged.contains(where: \.isRetype) { kinds["retype", default: 0] += 1 }
            if !d.entitiesAdded.isEmpty { kinds["entity added", default: 0] += 1 }
            if !d.entitiesRemoved.isEmpty { kinds["entity removed", default: 0] += 1 }
            if !d.stanceShifts.isEmpty { kinds["shift", default: 0] += 1 }
            if d.relationsChanged.contains(where: { !$0.attributeChanges.isEmpty }) { kinds["relation attribute", default: 0] += 1 }
            if d.relationsChanged.contains(where: \.isOrderOnly) { kinds["order only", default: 0] += 1 }
            if !d.relationsAdded.isEmpty { kinds["relation added", default: 0] += 1 }
            if !d.relationsRemoved.isEmpty { kinds["relation removed", default: 0] += 1 }
            if !d.sourcesChanged.isEmpty { kinds["source changed", default: 0] += 1 }
        }
        for k in ["rename", "retype", "entity added", "entity removed", "shift", "relation attribute", "order only",
                  "relation added", "relation removed", "source changed"] {
            #expect(kinds[k, default: 0] >= 5, "\(k): \(kinds[k, default: 0]) of 300")
        }
    }
}
