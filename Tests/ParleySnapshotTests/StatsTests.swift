import Foundation
import ParleyCore
import ParleyIO
import ParleyTestSupport
import Testing

/// `parley stats` and the library's ``GraphStatistics``.
@Suite struct StatsTests {
    static let example = "Tests/Fixtures/snapshot/example.yaml"

    @Test func figuresOfTheExample() throws {
        let loaded = try GraphLoader.load(Paths.root.appendingPathComponent(Self.example).path)
        let s = GraphStatistics(loaded.graph)
        #expect(s.entityCount == 7)
        #expect(s.entitiesByType.map(\.type) == ["Official", "Party", "Organization", "Provision"])
        #expect(s.entitiesByType.map(\.count) == [3, 2, 1, 1])
        #expect(s.relationCount == 4)
        #expect(s.sourceCount == 1)
        #expect(s.citationCount == 3)
        #expect(s.citedRelationCount == 2)
        #expect(s.dateSpan == LocalDate(year: 2025, month: 10, day: 14)!...LocalDate(year: 2025, month: 11, day: 24)!)
        #expect(s.degree.minimum == 0)
        #expect(s.degree.maximum == 2)
        #expect(s.degree.median == 1)
        #expect(abs(s.degree.mean - 8.0 / 7.0) < 1e-9)
        #expect(s.degree.top.map(\.id) == ["cede-donetsk", "ukraine", "coalition", "russia", "ushakov"])
    }

    @Test func degreeOfAnEvenNumberOfEntitiesAndSelfLoops() throws {
        var g = Graph()
        let a = try g.addEntity(Entity(id: "a", type: "T"))
        let b = try g.addEntity(Entity(id: "b", type: "T"))
        try g.addRelation(Relation(from: a, type: "X", to: a))
        try g.addRelation(Relation(from: a, type: "X", to: b, attributes: ["when": .list([.date(LocalDate(year: 2020, month: 1, day: 2)!)])]))
        let s = GraphStatistics(g)
        #expect(s.degree.top.map(\.degree) == [3, 1])
        #expect(s.degree.median == 2)
        #expect(s.dateSpan?.lowerBound == LocalDate(year: 2020, month: 1, day: 2))
        #expect(GraphStatistics(Graph()).degree.maximum == 0)
        #expect(GraphStatistics(Graph()).dateSpan == nil)
    }

    @Test func textOutput() throws {
        let r = try runParley(["stats", Self.example])
        #expect(r.status == 0)
        #expect(r.stdout == """
            graph: Tests/Fixtures/snapshot/example.yaml (example-after-geneva, as of 2025-11-24)
            entities: 7
              Official      3
              Party         2
              Organization  1
              Provision     1
            relations: 4
              DEMANDS     1
              MEETS_WITH  1
              MEMBER_OF   1
              REJECTS     1
            sources: 1
            citations: 3 (2 of 4 relations cited)
            dates: 2025-10-14 to 2025-11-24
            degree: min 0, median 1, mean 1.14, max 2
            top entities by degree:
              cede-donetsk  2
              ukraine       2
              coalition     1
              russia        1
              ushakov       1

            """)
    }

    @Test func jsonOutputParses() throws {
        let r = try runParley(["stats", "--format", "json", Self.example])
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let relations = object?["relations"] as? [String: Any]
        #expect(relations?["total"] as? Int == 4)
        #expect((relations?["by_type"] as? [String: Int])?["DEMANDS"] == 1)
        let degree = object?["degree"] as? [String: Any]
        #expect(degree?["mean"] as? Double == 1.14)
        #expect((object?["dates"] as? [String: String])?["first"] == "2025-10-14")
    }

    @Test func atDateAndStandardInput() throws {
        let text = try String(contentsOf: Paths.root.appendingPathComponent(Self.example), encoding: .utf8)
        let r = try runParley(["stats", "--at", "2025-10-15", "-"], stdin: text)
        #expect(r.status == 0)
        #expect(r.stdout.hasPrefix("graph: <stdin> (example-after-geneva"))
        #expect(r.stdout.contains("relations: 3\n"))  // the meeting of 2025-10-14 is over
        let bad = try runParley(["stats", "--at", "yesterday", Self.example])
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("--at expects a date as YYYY-MM-DD"))
    }

    @Test func readerErrorsArePrintedAndExitOne() throws {
        let r = try runParley(["stats", "-"], stdin: "entities:\n  - id: a\nrelations:\n  - a X b\n")
        #expect(r.status == 1)
        #expect(r.stderr == "<stdin>:2:5: error: entity 'a' has no type\n<stdin>:4:9: error: relation 'a X b': no entity 'b' in this file (did you mean 'a'?)\n")
        #expect(r.stdout.contains("entities: 1\n"))
        let missing = try runParley(["stats", "nowhere.yaml"])
        #expect(missing.status == 1)
        #expect(missing.stderr == "error: nowhere.yaml: no such file\n")
    }
}
