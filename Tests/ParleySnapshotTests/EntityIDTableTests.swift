import ParleyCore
import Testing

@testable import ParleySnapshot

/// The reader's byte-keyed id table answers as a dictionary of strings would, for ASCII ids.
@Suite struct EntityIDTableTests {
    static let ids: [String] = {
        var ids = (0..<3000).map { "entity-\($0)" }
        // Long ids, some sharing their first 24 bytes (kept in the slot) and differing after.
        ids += (0..<50).map { "a-very-long-identifier-that-goes-on-\($0)" }
        ids += (0..<50).map { "organization-with-prefix-\(String(repeating: "x", count: $0))" }
        ids += ["", "x", "exactly-24-bytes-long-id", "exactly-24-bytes-long-id!", "ж-not-ascii"]
        return ids
    }()

    @Test func lookUpsAgreeWithADictionary() {
        var table = EntityIDTable()
        var reference: [String: EntityHandle] = [:]
        for (i, id) in Self.ids.enumerated() {
            table.insert(id, EntityHandle(i))
            if id.utf8.allSatisfy({ $0 < 0x80 }) { reference[id] = EntityHandle(i) }
        }
        table.insert("entity-1", EntityHandle(99_999))  // already there: ignored
        let probes = Self.ids + ["entity-3000", "a-very-long-identifier-that-goes-on-", "exactly-24-bytes-long-i", "Entity-1", "entity-1 "]
        for p in probes {
            var s = p
            let got = s.withUTF8 { table.handle(forASCII: $0) }
            #expect(got == reference[p], "\(p)")
        }
        for (p, q) in zip(probes, probes.reversed()) {
            var a = p, b = q
            let both = a.withUTF8 { x in b.withUTF8 { y in table.handles(forASCII: x, y) } }
            #expect(both.0 == reference[p] && both.1 == reference[q], "\(p) \(q)")
        }
    }

    @Test func anEmptyTableFindsNothing() {
        var s = "a"
        #expect(s.withUTF8 { EntityIDTable().handle(forASCII: $0) } == nil)
        #expect(s.withUTF8 { EntityIDTable().handles(forASCII: $0, $0) } == (nil, nil))
    }
}
