import Foundation
import Testing
import ParleyTestSupport

/// `parley query` as a user runs it.
@Suite struct QueryCommandTests {
    static let graph = "Tests/Fixtures/query/talks.yaml"

    @Test func listsWhatAPartyDemands() throws {
        let r = try runParley(["query", Self.graph, "MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.name ORDER BY x.name"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == """
            x.name
            ──────────────────────
            Army capped at 600,000
            Donbas
            No NATO membership
            (3 rows)

            """)
    }

    @Test func stickingPointsAsCSV() throws {
        let r = try runParley(["query", Self.graph, "--format", "csv",
                               "MATCH (a:Party)-[:DEMANDS]->(p)<-[:REJECTS]-(b) RETURN a.id, p.name, b.id ORDER BY p.name"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "a.id,p.name,b.id\nrussia,\"Army capped at 600,000\",ukraine\nrussia,No NATO membership,ukraine\n")
    }

    @Test func queryFromFileAndStandardInputWithParameters() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("q.cypher")
        try "MATCH (p:Party {id: $who})-[r]->(x) RETURN type(r) AS t, count(*) AS n ORDER BY t".write(to: file, atomically: true, encoding: .utf8)
        let fromFile = try runParley(["query", Self.graph, "-f", file.path, "--param", "who='ukraine'", "--format", "jsonl"])
        #expect(fromFile.status == 0, "\(fromFile.stderr)")
        #expect(fromFile.stdout == "{\"t\": \"REJECTS\", \"n\": 2}\n")
        let fromStdin = try runParley(["query", Self.graph, "--param", "who=\"russia\"", "--format", "json"],
                                      stdin: "MATCH (p:Party {id: $who})-[r]->(x) RETURN count(*) AS n")
        #expect(fromStdin.status == 0, "\(fromStdin.stderr)")
        #expect(fromStdin.stdout == "[\n  {\"n\": 3}\n]\n")
    }

    @Test func atRestrictsToADate() throws {
        let r = try runParley(["query", Self.graph, "--at", "2025-11-22", "--format", "csv", "MATCH (:Party)-[r]->() RETURN type(r) AS t, count(*) AS n ORDER BY t"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "t,n\nDEMANDS,3\nREJECTS,1\n")
    }

    @Test func markdownAndExplain() throws {
        let md = try runParley(["query", Self.graph, "--format", "markdown", "MATCH (p:Party {id: 'ukraine'}) RETURN p.name"])
        #expect(md.stdout == "| p.name |\n| --- |\n| Ukraine |\n")
        let plan = try runParley(["query", Self.graph, "EXPLAIN MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x"])
        #expect(plan.status == 0)
        #expect(plan.stdout.contains("NodeByIdLookup (p) id = 'russia'"))
        #expect(!plan.stdout.contains("AllNodesScan"))
    }

    @Test func syntaxErrorPointsAtTheSpot() throws {
        let r = try runParley(["query", Self.graph, "MATCH (p:Party {id: 'russia'} RETURN p"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == """
            <query>:1:31: expected ')' but found 'RETURN'
            MATCH (p:Party {id: 'russia'} RETURN p
                                          ^

            """)
    }

    @Test func unknownLabelWarnsAndReturnsNothing() throws {
        let r = try runParley(["query", Self.graph, "--format", "csv", "MATCH (p:Prty) RETURN p.id"])
        #expect(r.status == 0)
        #expect(r.stdout == "p.id\n")
        #expect(r.stderr.contains("warning: unknown label 'Prty' (did you mean 'Party'?)"))
    }

    @Test func badParameterIsAnError() throws {
        let r = try runParley(["query", Self.graph, "--param", "who=russia", "RETURN $who"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("--param"))
    }
}
