import Testing
import ParleyCore
@testable import ParleyQuery

/// One query and the rows it must give (in TCK notation; `ordered` when ORDER BY fixes the order).
struct QueryCase: CustomTestStringConvertible, Sendable {
    var query: String
    var expected: [String]
    var ordered = false
    var testDescription: String { query }
}

@Suite struct ClauseTests {
    static let matchCases: [QueryCase] = [
        QueryCase(query: "MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.id ORDER BY x.id",
                  expected: ["'army-cap'", "'donbas-withdrawal'", "'no-nato'"], ordered: true),
        QueryCase(query: "MATCH (a:Party)-[:DEMANDS]->(p)<-[:REJECTS]-(b) RETURN a.id, p.id, b.id ORDER BY p.id",
                  expected: ["'russia' | 'donbas-withdrawal' | 'ukraine'", "'russia' | 'no-nato' | 'ukraine'"], ordered: true),
        QueryCase(query: "MATCH (a)-[:REPRESENTS]->(p:Party), (p)-[:DEMANDS]->(x) RETURN a.name, x.name",
                  expected: ["'Volodymyr Zelensky' | 'Security guarantees'"]),
        QueryCase(query: "MATCH (o:Official:HeadOfState) RETURN o.id", expected: ["'zelensky'"]),
        QueryCase(query: "MATCH (p:Party) WHERE p.name STARTS WITH 'U' RETURN p.id ORDER BY p.id DESC",
                  expected: ["'usa'", "'ukraine'"], ordered: true),
        QueryCase(query: "MATCH (p:Party) OPTIONAL MATCH (p)-[:REJECTS]->(x) RETURN p.id, count(x) AS n ORDER BY p.id",
                  expected: ["'russia' | 0", "'ukraine' | 2", "'usa' | 0"], ordered: true),
        QueryCase(query: "MATCH (p:Party {id: 'usa'}) OPTIONAL MATCH (p)-[:REJECTS]->(x) RETURN x", expected: ["null"]),
        QueryCase(query: "MATCH (a {id: 'witkoff'})-[:MEETS_WITH]->(b) RETURN b.id", expected: ["'zelensky'"]),
        QueryCase(query: "MATCH (a {id: 'zelensky'})-[:MEETS_WITH]->(b) RETURN b.id", expected: ["'witkoff'"]),
        QueryCase(query: "MATCH (a {name: 'Russian Federation'}) RETURN a.id", expected: []),
        QueryCase(query: "MATCH (a) WHERE 'RF' IN a.aliases RETURN a.id", expected: ["'russia'"]),
        QueryCase(query: "MATCH (p:Party {id: 'russia'})-[r:DEMANDS]->(:Provision {id: 'donbas-withdrawal'}) RETURN r.sources, r.quotes",
                  expected: ["['reuters-1'] | ['Russia demands that Ukraine withdraw']"]),
        QueryCase(query: "MATCH ()-[r:DEMANDS]->() WHERE r.valid_from IS NOT NULL RETURN toString(r.valid_from)", expected: ["'2025-11-23'"]),
        QueryCase(query: "MATCH (a {id: 'witkoff'})-[*1..3]-(b:Party) RETURN DISTINCT b.id ORDER BY b.id",
                  expected: ["'russia'", "'ukraine'", "'usa'"], ordered: true),
        QueryCase(query: "MATCH p = shortestPath((a {id: 'witkoff'})-[*]-(b {id: 'russia'})) RETURN length(p), [n IN nodes(p) | n.id]",
                  expected: ["3 | ['witkoff', 'usa', 'donbas-withdrawal', 'russia']"]),
        QueryCase(query: "MATCH p = allShortestPaths((a {id: 'russia'})-[*]-(b {id: 'ukraine'})) RETURN [n IN nodes(p) | n.id]",
                  expected: ["['russia', 'donbas-withdrawal', 'ukraine']", "['russia', 'no-nato', 'ukraine']"]),
        QueryCase(query: "MATCH (a {id: 'russia'}), (b {id: 'zelensky'}) MATCH p = shortestPath((a)-[:DEMANDS|REJECTS|REPRESENTS*..4]-(b)) RETURN length(p)",
                  expected: ["3"]),
        QueryCase(query: "MATCH p = shortestPath((a {id: 'russia'})-[:DEMANDS*]->(b {id: 'ukraine'})) RETURN p", expected: []),
    ]

    @Test(arguments: matchCases) func match(_ c: QueryCase) throws {
        let rows = try QueryFixtures.rows(c.query)
        if c.ordered { #expect(rows == c.expected) } else { #expect(rows.sorted() == c.expected.sorted()) }
    }

    static let projectionCases: [QueryCase] = [
        QueryCase(query: "MATCH (p:Provision) WITH p ORDER BY p.points DESC LIMIT 2 RETURN p.id",
                  expected: ["'guarantees'", "'no-nato'"], ordered: true),
        QueryCase(query: "MATCH (p:Provision) RETURN p.id ORDER BY p.points SKIP 1 LIMIT 2", expected: ["'army-cap'", "'no-nato'"], ordered: true),
        QueryCase(query: "MATCH (p:Provision) RETURN p.points ORDER BY p.points", expected: ["1", "2", "3", "null"], ordered: true),
        QueryCase(query: "MATCH (p:Provision) RETURN p.points ORDER BY p.points DESC", expected: ["null", "3", "2", "1"], ordered: true),
        QueryCase(query: "MATCH (a:Party)-[r]->() RETURN a.id, type(r) AS t, count(*) AS n ORDER BY a.id, t",
                  expected: ["'russia' | 'DEMANDS' | 3", "'ukraine' | 'DEMANDS' | 1", "'ukraine' | 'REJECTS' | 2", "'usa' | 'PROPOSES' | 1", "'usa' | 'SUPPORTS' | 1"], ordered: true),
        QueryCase(query: "MATCH (p:Party) WITH count(p) AS n WHERE n > 2 RETURN n", expected: ["3"]),
        QueryCase(query: "MATCH (p:Party) RETURN collect(p.id) AS ids", expected: ["['russia', 'ukraine', 'usa']"]),
        QueryCase(query: "MATCH (p:Provision) RETURN sum(p.points), avg(p.points), min(p.points), max(p.points), count(p.points), count(DISTINCT p.points % 2)",
                  expected: ["6 | 2.0 | 1 | 3 | 3 | 2"]),
        QueryCase(query: "MATCH (p:Party) RETURN DISTINCT labels(p) AS l", expected: ["['Party']"]),
        QueryCase(query: "MATCH (p:Party {id: 'ukraine'}) RETURN *", expected: ["(:Party {id: 'ukraine', name: 'Ukraine'})"]),
        QueryCase(query: "UNWIND [3, 1, 2] AS x RETURN x ORDER BY x", expected: ["1", "2", "3"], ordered: true),
        QueryCase(query: "UNWIND [] AS x RETURN count(*)", expected: ["0"]),
        QueryCase(query: "RETURN 1 AS x UNION RETURN 1 AS x", expected: ["1"]),
        QueryCase(query: "RETURN 1 AS x UNION ALL RETURN 1 AS x", expected: ["1", "1"]),
        QueryCase(query: "MATCH (n:Nope) RETURN count(n)", expected: ["0"]),
    ]

    @Test(arguments: projectionCases) func projection(_ c: QueryCase) throws {
        let rows = try QueryFixtures.rows(c.query)
        if c.ordered { #expect(rows == c.expected) } else { #expect(rows.sorted() == c.expected.sorted()) }
    }

    @Test func parameters() throws {
        let rows = try QueryFixtures.rows("MATCH (p:Party {id: $who})-[:DEMANDS]->(x) RETURN count(x)", parameters: ["who": "russia"])
        #expect(rows == ["3"])
        let limited = try QueryFixtures.rows("UNWIND range(1, 10) AS i RETURN i LIMIT $n", parameters: ["n": 2])
        #expect(limited == ["1", "2"])
    }

    @Test func createBuildsNodesRelationshipsAndPaths() throws {
        var engine = QueryEngine(graph: Graph())
        let r = try engine.run("CREATE p = (a:Party:Actor {id: 'x', name: 'X', aliases: ['ex']})-[:DEMANDS {weight: 2}]->(b:Provision {title: 'T'}) RETURN length(p), b.title")
        #expect(r.rows.map { $0.map { TCKValue($0, graph: engine.graph).canonical() } } == [["1", "'T'"]])
        let x = try #require(engine.graph.entity(withID: "x"))
        #expect(x.type == "Party")
        #expect(x.labels == ["Actor"])
        #expect(x.aliases == ["ex"])
        #expect(engine.graph.entities.contains { $0.id == "_n0" && $0.attributes["title"] == "T" })
        #expect(engine.graph.relationCount == 1)
        let check = try engine.run("MATCH (:Party {id: 'x'})-[r:DEMANDS]->(b) RETURN r.weight, keys(b)")
        #expect(check.rows.first?.first == .int(2))
        #expect(check.rows.first?.last == .list([.string("title")]))
    }

    @Test func resultsAreDeterministic() throws {
        let q = "MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id"
        #expect(try QueryFixtures.rows(q) == QueryFixtures.rows(q))
    }
}

@Suite struct WideQueryTests {
    /// A ring of 1,200 nodes with typed relations both ways and a self-loop: enough expansions
    /// for the engine to switch to its flat relation table.
    static let ring: Graph = {
        var g = Graph()
        let n = 1200
        let hs = (0..<n).map { (try? g.addEntity(Entity(id: "n\($0)", type: $0 % 2 == 0 ? "Even" : "Odd"))) ?? EntityHandle(0) }
        for i in 0..<n {
            _ = try? g.addRelation(Relation(from: hs[i], type: "NEXT", to: hs[(i + 1) % n]))
            if i % 3 == 0 { _ = try? g.addRelation(Relation(from: hs[(i + 2) % n], type: "BACK", to: hs[i])) }
        }
        _ = try? g.addRelation(Relation(from: hs[0], type: "SELF", to: hs[0]))
        return g
    }()

    @Test(arguments: [
        ("MATCH (a)-[:NEXT]->(b) RETURN count(*)", "1200"),
        ("MATCH (a)<-[:NEXT]-(b) RETURN count(*)", "1200"),
        ("MATCH (a)-[:NEXT|BACK]-(b) RETURN count(*)", "3200"),
        ("MATCH (a:Even)-[:NEXT]->(b)-[:NEXT]->(c:Even) RETURN count(*)", "600"),
        ("MATCH (a)-[r]->(a) RETURN count(r)", "1"),
        ("MATCH (a)<-[r]-(a) RETURN count(r)", "1"),
        ("MATCH (a {id: 'n0'})-[:NEXT*1..3]->(b) RETURN collect(b.id)", "['n1', 'n2', 'n3']"),
        ("MATCH (a:Even)-[:NEXT*2..2]->(b) RETURN count(*)", "600"),
        ("MATCH (a:Odd)-[:NEXT|SELF*1..2]-(b) RETURN count(*)", "2402"),
        ("MATCH p = shortestPath((a {id: 'n0'})-[:NEXT*]->(b {id: 'n600'})) RETURN length(p)", "600"),
        ("MATCH p = shortestPath((a {id: 'n0'})-[*]-(b {id: 'n600'})) RETURN length(p)", "400"),
    ])
    func wideQueries(_ c: (String, String)) throws {
        #expect(try QueryFixtures.rows(c.0, graph: Self.ring) == [c.1])
    }
}
