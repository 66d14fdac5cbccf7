import Testing
import ParleyCore
@testable import ParleyQuery

/// The byte-keyed id index of anchored walks (``IDByteIndex``) answers as the store's
/// `[String: EntityHandle]` does, with Swift's string equality: ids that are not ASCII, keys
/// canonically equivalent to an id but not equal byte for byte (either way round), missing ids,
/// removed entities; and an engine that built it answers for its new graph once the graph changes.
@Suite struct IDByteIndexTests {
    static func graph(_ ids: [String], removing removed: Set<String> = []) throws -> Graph {
        var g = Graph()
        for (k, id) in ids.enumerated() {
            let hub = try g.addEntity(Entity(id: id, type: "Party"))
            let p = try g.addEntity(Entity(id: "p\(k)", type: "Provision"))
            _ = try g.addRelation(Relation(from: hub, type: "DEMANDS", to: p))
        }
        for id in removed {
            if let h = g.handle(forID: id) { _ = try g.removeEntity(h) }
        }
        return g
    }

    static let mixed = ["ascii", "é-precomposed", "Z\u{0301}-decomposed", "\u{212A}elvin", "日本", "quo\"te", "", "a-much-longer-identifier-than-sixteen-bytes"]
    static let asciiOnly = ["K", "ascii", "Kelvin", "party-7", "x", "a-much-longer-identifier-than-sixteen-bytes"]

    static let keys = [
        "ascii", "é-precomposed", "e\u{0301}-precomposed", "Z\u{0301}-decomposed", "\u{0179}-decomposed",
        "\u{212A}elvin", "Kelvin", "kelvin", "\u{212A}", "K", "日本", "quo\"te", "", "missing", "ascii ", "p0", "p3",
        "party-7", "a-much-longer-identifier-than-sixteen-bytes", "a-much-longer-identifier-than-sixteen-byte",
    ]

    @Test(arguments: [mixed, asciiOnly])
    func answersAsTheStoreIndex(_ ids: [String]) throws {
        let g = try Self.graph(ids)
        let index = IDByteIndex(g)
        #expect(index.idsAreASCII == ids.allSatisfy { $0.utf8.allSatisfy { $0 < 0x80 } })
        for key in Self.keys + ids {
            #expect(index.handle(forID: key, in: g) == g.handle(forID: key), "key \(key.unicodeScalars.map { $0.value })")
        }
    }

    @Test func canonicallyEquivalentKeysFindTheirIDs() throws {
        // An ASCII key finds a non-ASCII id and the other way round, as `==` of strings says.
        let g = try Self.graph(["\u{212A}", "caf\u{00E9}"])
        let index = IDByteIndex(g)
        #expect(index.handle(forID: "K", in: g) == g.handle(forID: "\u{212A}"))
        #expect(index.handle(forID: "K", in: g) != nil)
        #expect(index.handle(forID: "cafe\u{0301}", in: g) == g.handle(forID: "caf\u{00E9}"))
        let h = try Self.graph(["K", "cafe\u{0301}"])
        let other = IDByteIndex(h)
        #expect(other.handle(forID: "\u{212A}", in: h) == h.handle(forID: "K"))
        #expect(other.handle(forID: "\u{212A}", in: h) != nil)
        #expect(other.handle(forID: "caf\u{00E9}", in: h) == h.handle(forID: "cafe\u{0301}"))
    }

    @Test func removedEntitiesAreNotFound() throws {
        let g = try Self.graph(Self.asciiOnly, removing: ["ascii", "x"])
        let index = IDByteIndex(g)
        for key in Self.keys + Self.asciiOnly {
            #expect(index.handle(forID: key, in: g) == g.handle(forID: key), "key \(key)")
        }
        #expect(index.handle(forID: "ascii", in: g) == nil)
    }

    @Test func emptyGraph() {
        let g = Graph()
        let index = IDByteIndex(g)
        #expect(index.handle(forID: "a", in: g) == nil)
        #expect(index.handle(forID: "", in: g) == nil)
    }

    /// An engine runs an anchored query often enough to build the index (on every key, several
    /// rounds), and answers as the general operators do; then its graph is replaced (the index
    /// belongs to the old one) and a CREATE changes it, and it still answers as they do.
    @Test func engineAnswersBeforeAndAfterItsGraphChanges() throws {
        let q = "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id"
        let general = "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) WITH * RETURN x.id"
        func check(_ fast: inout QueryEngine, _ slow: inout QueryEngine, _ keys: [String]) throws {
            for _ in 0..<(IDByteIndex.buildAfter / 4 + 2) {
                for key in keys {
                    let a = try fast.run(q, queryParameters: ["a": .string(key)])
                    let b = try slow.run(general, queryParameters: ["a": .string(key)])
                    #expect(fast.render(a, as: .jsonl) == slow.render(b, as: .jsonl), "key \(key)")
                }
            }
        }
        var fast = QueryEngine(graph: try Self.graph(Self.mixed))
        var slow = QueryEngine(graph: try Self.graph(Self.mixed))
        try check(&fast, &slow, Self.keys)
        // The new graph moves ids to other handles and drops some.
        let replaced = try Self.graph(Self.asciiOnly.reversed() + ["\u{212A}elvin-2"])
        fast.graph = replaced
        slow.graph = replaced
        try check(&fast, &slow, Self.keys + ["\u{212A}elvin-2", "Kelvin-2"])
        _ = try fast.run("CREATE (:Party {id: 'new'})-[:DEMANDS]->(:Provision {id: 'new-p'})")
        _ = try slow.run("CREATE (:Party {id: 'new'})-[:DEMANDS]->(:Provision {id: 'new-p'})")
        try check(&fast, &slow, Self.keys + ["new"])
        let found = try fast.run(q, queryParameters: ["a": .string("new")])
        #expect(found.rowCount == 1)
    }
}
