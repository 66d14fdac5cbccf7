import Testing
import ParleyCore
@testable import ParleyQuery

@Suite struct PlannerTests {
    /// Query → what its plan must start from (the deepest operator line).
    static let starts: [(String, String)] = [
        ("MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x", "NodeByIdLookup (p) id = 'russia'"),
        ("MATCH (x)<-[:DEMANDS]-(p:Party) WHERE p.id = $who RETURN x", "NodeByIdLookup (p) id = $who"),
        ("MATCH (p {name: 'Russia'}) RETURN p", "NodeByNameOrAliasLookup (p) name = 'Russia'"),
        ("MATCH (p:Provision)<-[:DEMANDS]-(a:Party) RETURN p", "NodeByLabelScan (a:Party)"),
        ("MATCH (n) RETURN n", "AllNodesScan (n)"),
    ]

    @Test(arguments: starts) func startsFromTheMostSelectivePoint(_ c: (String, String)) throws {
        let plan = try QueryEngine(graph: QueryFixtures.graph).explain(c.0)
        let lines = plan.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(lines.dropLast().last == c.1, "\(plan)")
    }

    @Test func indexedQueriesNeverScanEveryNode() throws {
        for q in ["MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x)<-[:REJECTS]-(b) RETURN b",
                  "MATCH (a:Party)-[:DEMANDS]->(p)<-[:REJECTS]-(b) RETURN a.id, b.id, count(*)"] {
            let plan = try QueryEngine(graph: QueryFixtures.graph).explain(q)
            #expect(!plan.contains("AllNodesScan"), "\(plan)")
        }
    }

    @Test func explainStatementReturnsThePlan() throws {
        var engine = QueryEngine(graph: QueryFixtures.graph)
        let r = try engine.run("EXPLAIN MATCH (p:Party {id: 'russia'}) RETURN p.name")
        #expect(r.columns == ["plan"])
        #expect(r.rows.first?.first?.stringValue?.contains("NodeByIdLookup") == true)
    }

    @Test func unknownLabelWarnsWithDidYouMean() throws {
        var engine = QueryEngine(graph: QueryFixtures.graph, options: QueryOptions(knownLabels: ["Party": "Party", "Provision": "Provision"], knownRelationshipTypes: ["DEMANDS": "DEMANDS"]))
        let r = try engine.run("MATCH (p:Prty)-[:DEMANDS]->(x) RETURN x")
        #expect(r.rows.isEmpty)
        #expect(r.warnings.map(\.message) == ["unknown label 'Prty' (did you mean 'Party'?); it matches nothing"])
        let t = try engine.run("MATCH (p:Party)-[:DEMAND]->(x) RETURN x")
        #expect(t.rows.isEmpty)
        #expect(t.warnings.first?.message.contains("did you mean 'DEMANDS'") == true)
    }
}
