import Foundation
import ParleyCore
import PropertyBased
import Testing

@testable import ParleyDiff

/// The JSON report written in pieces on several threads is one well-formed document, the same
/// whichever way it is made, and the helpers that make it keep their promises.
@Suite struct ReportWritingTests {
    /// The report of `d` written from the diff (its summary made while it is written).
    static func streamed(_ d: GraphDiff, _ a: Graph, _ b: Graph) -> String {
        var bytes: [UInt8] = []
        JSONRenderer.write(d, from: a, to: b, rules: negotiationRules) { bytes += $0 }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// For random diffs: the pieces make the same document whether the summary is given or
    /// made while writing, and that document is what parsing it and writing it back as one
    /// tree, serially, gives (so every comma, bracket and indentation between pieces is right).
    @Test func piecesMakeTheSerialDocument() async {
        await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000_000)) { seed in
            guard let (a, b) = try? RandomGraphs.pair(seed: seed) else {
                Issue.record("could not build the random graphs for seed \(seed)")
                return
            }
            let report = DiffReport(before: a, after: b, rules: negotiationRules)
            let text = Self.streamed(report.diff, a, b)
            #expect(text == JSONRenderer.render(report), "seed \(seed)")
            do {
                let (tree, _) = try JSONParser.parse(text, file: "diff.json")
                #expect(tree.rendered(pretty: true) == text, "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): the report is not JSON: \(error)")
            }
        }
    }

    /// A diff whose only differences are of order (aliases listed the other way round) writes
    /// an empty list of changes, not an empty piece.
    @Test func orderOnlyDifferencesWriteNoChanges() throws {
        var a = Graph(metadata: SnapshotMetadata(id: "s"))
        try a.addEntity(Entity(id: "x", type: "Party", aliases: ["a", "b"]))
        var b = Graph(metadata: SnapshotMetadata(id: "s"))
        try b.addEntity(Entity(id: "x", type: "Party", aliases: ["b", "a"]))
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        #expect(d.isEmpty && !d.isExactlyEmpty)
        let text = Self.streamed(d, a, b)
        #expect(text.hasSuffix("\"parties\": [],\n  \"proposals\": [],\n  \"changes\": []\n}\n"))
        #expect(text.contains("\"equal\": true"))
    }

    /// Putting a list in an order in place gives what picking its elements in that order gives.
    @Test(arguments: [0, 1, 2, 7, 100, 1000])
    func permutingInPlaceFollowsTheOrder(count: Int) {
        var rng = SplitMix(seed: count)
        let items = (0..<count).map { "item \($0)" }
        for _ in 0..<5 {
            let order = Array(items.indices).shuffled(using: &rng)
            var permuted = items
            Canonical.permute(&permuted, to: order)
            #expect(permuted == order.map { items[$0] })
        }
    }

    /// Every product is handed over, in the order asked for, including products whose jobs
    /// are scheduled by other jobs (as the summary schedules its pieces).
    @Test func theWorkshopHandsOverEveryProductInOrder() {
        let shop = Workshop<[Int]>(products: 40)
        for i in stride(from: 39, through: 20, by: -1) {
            shop.schedule(priority: i) { shop.deliver(i, [i, i * i]) }
        }
        shop.schedule(priority: 0) {
            for i in 1..<20 { shop.schedule(priority: i) { shop.deliver(i, [i, i * i]) } }
            shop.deliver(0, [0, 0])
        }
        for i in 0..<40 { #expect(shop.take(i) == [i, i * i]) }
    }

    /// The flat table of handle groups holds what a dictionary of lists holds (order within a
    /// group aside: newest first), including keys that collide in its slots.
    @Test func handleGroupsAreADictionaryOfLists() {
        var rng = SplitMix(seed: 11)
        var groups = HandleGroups(capacity: 50)
        var reference: [UInt64: [RelationHandle]] = [:]
        for i in 0..<400 {
            let key = HandleGroups.key(Int32.random(in: -1...30, using: &rng), Int32.random(in: 0...5, using: &rng))
            groups.append(RelationHandle(i), to: key)
            reference[key, default: []].append(RelationHandle(i))
        }
        #expect(groups.groupCount == reference.count)
        for (key, list) in reference {
            guard let g = groups.group(key) else {
                Issue.record("no group for \(key)")
                continue
            }
            #expect(groups.handles(ofGroup: g) == list.reversed())
        }
        #expect(groups.group(HandleGroups.key(99, 99)) == nil)
    }
}
