import ParleyCore
import Testing

/// The compact storage of ``SourceMap`` gives back exactly what was recorded, for every kind of
/// element, and falls back as documented.
@Suite struct SourceMapStorageTests {
    static func at(_ line: Int, _ column: Int, _ file: String = "f.yaml") -> ParleyCore.SourceLocation {
        ParleyCore.SourceLocation(file: file, line: line, column: column)
    }

    static let elements: [SourceMap.Element] = [
        .document, .metadata, .source("guardian"), .source("reuters"), .entity(EntityHandle(0)), .entity(EntityHandle(70_000)),
        .relation(RelationHandle(0)), .relation(RelationHandle(1_000_000)), .citation(RelationHandle(5), 0),
        .citation(RelationHandle(5), 3), .entityCitation(EntityHandle(2), 1),
    ]

    @Test func everyElementAndFieldComesBack() {
        var map = SourceMap(file: "f.yaml")
        for (i, e) in Self.elements.enumerated() {
            #expect(!map.contains(e))
            map.record(e, at: Self.at(i + 1, 1))
            for (j, field) in ["id", "type", "from", "to", "quote", "attributes.date", "attributes.ünï"].enumerated() {
                map.record(e, field: field, at: Self.at(i + 1, j + 2))
            }
        }
        for (i, e) in Self.elements.enumerated() {
            #expect(map.contains(e))
            #expect(map.location(of: e) == Self.at(i + 1, 1))
            for (j, field) in ["id", "type", "from", "to", "quote", "attributes.date", "attributes.ünï"].enumerated() {
                #expect(map.location(of: e, field: field) == Self.at(i + 1, j + 2), "\(e) \(field)")
            }
            // An unknown field falls back to the element.
            #expect(map.location(of: e, field: "attributes.other") == Self.at(i + 1, 1))
        }
    }

    @Test func fallbacksAndOverwrites() {
        var map = SourceMap(file: "f.yaml")
        let r = SourceMap.Element.relation(RelationHandle(3))
        #expect(map.location(of: r, field: "to") == Self.at(1, 1))
        map.record(r, field: "to", at: Self.at(7, 9))
        #expect(!map.contains(r))  // a field alone does not record the element
        #expect(map.location(of: r, field: "to") == Self.at(7, 9))
        map.record(r, field: "to", at: Self.at(8, 2))
        #expect(map.location(of: r, field: "to") == Self.at(8, 2))
        #expect(!map.contains(.relation(RelationHandle(2))))
        #expect(!map.contains(.source("never")))
    }

    @Test func positionsThatDoNotPackAreKeptToo() {
        var map = SourceMap(file: "f.yaml")
        let other = Self.at(3, 4, "other.yaml")
        map.record(.entity(EntityHandle(1)), at: other)
        #expect(map.location(of: .entity(EntityHandle(1))) == other)
        map.record(.entity(EntityHandle(1)), at: Self.at(5, 6))
        #expect(map.location(of: .entity(EntityHandle(1))) == Self.at(5, 6))
        let far = SourceMap.Element.citation(RelationHandle(1), 100_000)
        map.record(far, field: "quote", at: Self.at(9, 9))
        #expect(map.location(of: far, field: "quote") == Self.at(9, 9))
        let huge = Self.at(1, 3_000_000_000)
        map.record(.document, at: huge)
        #expect(map.location(of: .document) == huge)
    }

    @Test func fieldsRecordedOutOfTurnAndOverwrittenComeBackNewest() {
        var map = SourceMap(file: "f.yaml")
        let r1 = SourceMap.Element.relation(RelationHandle(1)), r2 = SourceMap.Element.relation(RelationHandle(2))
        let c1 = SourceMap.Element.citation(RelationHandle(1), 0)
        map.record(r1, field: "valid_from", at: Self.at(1, 1))
        map.record(c1, field: "quote", at: Self.at(1, 2))
        map.record(r1, field: "valid_from", at: Self.at(1, 3))  // overwritten within its run
        map.record(r2, field: "valid_from", at: Self.at(2, 1))
        map.record(.entity(EntityHandle(1)), field: "name", at: Self.at(3, 1))
        map.record(r1, field: "confidence", at: Self.at(4, 1))  // after other elements
        map.record(c1, field: "quote", at: Self.at(4, 2))
        map.record(r2, field: "valid_from", at: Self.at(5, 1))
        #expect(map.location(of: r1, field: "valid_from") == Self.at(1, 3))
        #expect(map.location(of: r1, field: "confidence") == Self.at(4, 1))
        #expect(map.location(of: c1, field: "quote") == Self.at(4, 2))
        #expect(map.location(of: r2, field: "valid_from") == Self.at(5, 1))
        #expect(map.location(of: .entity(EntityHandle(1)), field: "name") == Self.at(3, 1))
        #expect(map.location(of: .citation(RelationHandle(2), 0), field: "quote") == Self.at(1, 1))
    }
}
