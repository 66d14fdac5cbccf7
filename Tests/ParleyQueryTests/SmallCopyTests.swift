import Testing
import ParleyCore
@testable import ParleyQuery

/// The JSON-lines writers copy keys and values of up to 16 bytes as two overlapping words
/// (``ResultFormatter/copyBytes(_:_:to:)``): every length from 0 to 40 copies exactly its bytes
/// and writes nothing past them, and rendered ids and strings of every such length (in results
/// kept as handles and in value results) are the JSON of those values.
@Suite struct SmallCopyTests {
    @Test(arguments: 0...40)
    func copiesExactlyItsBytes(_ n: Int) {
        let source = (0..<n).map { UInt8(truncatingIfNeeded: 0x41 + $0) }
        var target = [UInt8](repeating: 0xEE, count: n + 24)
        source.withUnsafeBufferPointer { s in
            target.withUnsafeMutableBufferPointer { t in
                ResultFormatter.copyBytes(s.baseAddress ?? UnsafePointer(t.baseAddress!), n, to: t.baseAddress! + 8)
            }
        }
        #expect(Array(target[0..<8]) == [UInt8](repeating: 0xEE, count: 8))
        #expect(Array(target[8..<(8 + n)]) == source)
        #expect(Array(target[(8 + n)...]) == [UInt8](repeating: 0xEE, count: 16))
    }

    @Test func idsAndStringsOfEveryLengthRender() throws {
        var g = Graph()
        var expected = ""
        var expectedPairs = ""
        let hub = try g.addEntity(Entity(id: "hub", type: "Party"))
        for n in 1...40 {
            let id = String((0..<n).map { Character(UnicodeScalar(UInt8(0x61 + $0 % 26))) })
            let x = try g.addEntity(Entity(id: id, type: "Provision", name: "N" + id))
            _ = try g.addRelation(Relation(from: hub, type: "DEMANDS", to: x))
            expected += "{\"x.id\": \"\(id)\"}\n"
            expectedPairs += "{\"x.id\": \"\(id)\", \"x.name\": \"N\(id)\"}\n"
        }
        var engine = QueryEngine(graph: g)
        let ids = try engine.run("MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) RETURN x.id")
        #expect(engine.render(ids, as: .jsonl) == expected)
        let pairs = try engine.run("MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) RETURN x.id, x.name")
        #expect(engine.render(pairs, as: .jsonl) == expectedPairs)
    }
}
