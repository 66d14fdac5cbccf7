import Testing
import ParleyCore
@testable import ParleyQuery

/// The counting aggregation (count(*) over pattern handles, the last expansion counted) must
/// give exactly the rows, in the same order, as the general Match + Aggregation operators.
@Suite struct CountingAggregateTests {
    /// A random graph big enough that the walks switch to the relation table (hundreds of
    /// start nodes), with self-loops, parallel relations, names shared by several nodes and two
    /// nodes whose `id` property is the same attribute.
    static func randomGraph(symmetric: Bool) -> Graph {
        var g = Graph()
        var numbers = SeededNumbers(seed: 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { numbers.next(n) }
        var handles: [EntityHandle] = []
        for i in 0..<400 {
            // Two parties whose `id` attribute shadows their ids with the same value.
            let shadow: [String: Value] = i == 70 || i == 90 ? ["id": .string("shadow")] : [:]
            let e = Entity(id: "n\(i)", type: i < 120 ? "Party" : "Provision", name: "name\(i % 7)", attributes: shadow)
            if let h = try? g.addEntity(e) { handles.append(h) }
        }
        let types = ["DEMANDS", "REJECTS", "SUPPORTS", "MEETS"]
        for k in 0..<1600 {
            let a = handles[next(handles.count)]
            let b = k % 97 == 0 ? a : handles[next(handles.count)]
            _ = try? g.addRelation(Relation(from: a, type: types[next(types.count)], to: b))
        }
        if symmetric { g.symmetricTypes = ["MEETS"] }
        return g
    }

    /// Each query, written so that it uses the counting aggregation; `WITH *` before its
    /// projection makes the same query run through the general operators.
    static let queries: [(String, String)] = [
        ("MATCH (a:Party)-[*1..3]->(x)", "RETURN a.id, count(*)"),
        ("MATCH (a:Party)-[:DEMANDS]->(p)<-[:REJECTS]-(b)", "RETURN a.id, b.id, count(*)"),
        ("MATCH (a)-[*1..3]-(x)", "RETURN a.id, count(*)"),
        ("MATCH (a:Party)<-[:DEMANDS|REJECTS*2..3]-(x)", "RETURN a.name, count(*)"),
        ("MATCH (a)-[r:DEMANDS]->(b)", "RETURN b, count(r)"),
        ("MATCH (a)-->(b)-->(c) WHERE c.name <> 'name1'", "RETURN a.name, count(*)"),
        ("MATCH (a:Party)-[*0..2]->(x)", "RETURN count(*)"),
        ("MATCH (a:Party) MATCH (a)-[:DEMANDS]->(b)", "RETURN a.id, count(*) ORDER BY count(*) DESC, a.id"),
        ("MATCH (a)-[r]->(b)", "RETURN type(r), count(*)"),
        ("MATCH (a)-[rs*1..2]->(b)", "RETURN a.id, count(*)"),
        ("MATCH (a:Party)-[:DEMANDS]->(x)-[*1..2]->(a)", "RETURN a.id, count(*)"),
        ("MATCH (a:Party {id: 'n3'})-[*1..3]->(x)", "RETURN count(*)"),
        ("MATCH (a)-[:DEMANDS]->(b)-[*1..3]->(c)", "RETURN a.id, count(*)"),
        ("MATCH (a)-[*2..2]->(b)", "RETURN b.name, count(*)"),
        ("MATCH (n:Nope)-->(m)", "RETURN count(*)"),
        ("MATCH (a)-[*1..3]->(x)", "WITH a, count(*) AS c WHERE c > 3 RETURN a.id, c"),
        ("MATCH (a:Party)-[:SUPPORTS]->(x)", "RETURN a.id, count(*) ORDER BY x.name"),
        ("MATCH (a:Party)-[:MEETS]-(x)-[:MEETS]->(y)", "RETURN a, x, count(*)"),
        ("MATCH (a:Party)-[*3..3]->(x)", "RETURN a.id, count(x)"),
        ("MATCH (a)-[r1]->(b), (b)-[r2]->(c)", "RETURN b.name, count(*)"),
    ]

    @Test(arguments: [false, true]) func sameRowsAsTheGeneralOperators(symmetric: Bool) throws {
        let g = Self.randomGraph(symmetric: symmetric)
        var counted = 0
        for (match, projection) in Self.queries {
            var fast = QueryEngine(graph: g)
            var general = QueryEngine(graph: g)
            let q = match + " " + projection
            if try fast.explain(q).contains("CountingAggregation") { counted += 1 }
            #expect(try !general.explain(match + " WITH * " + projection).contains("CountingAggregation"))
            let a = try fast.run(q, queryParameters: [:])
            let b = try general.run(match + " WITH * " + projection, queryParameters: [:])
            #expect(a.rows == b.rows, "\(q)")
            #expect(!a.rows.isEmpty, "\(q)")
        }
        // Symmetric relation types: the general operators run.
        #expect(symmetric ? counted == 0 : counted >= Self.queries.count - 1)
    }

    @Test func explainSaysWhatIsCounted() throws {
        let plan = try QueryEngine(graph: Self.randomGraph(symmetric: false)).explain("MATCH (a:Party)-[*1..3]->(x) RETURN a.id, count(*)")
        #expect(plan.contains("CountingAggregation keys: [a.id] aggregates: [count(*)] grouped on handles of a, last expansion counted"), "\(plan)")
        let join = try QueryEngine(graph: Self.randomGraph(symmetric: false)).explain("MATCH (a)-[:DEMANDS]->(p)<-[:REJECTS]-(b) RETURN a.id, b.id, count(*)")
        #expect(join.contains("grouped on handles of a, b") && !join.contains("last expansion counted"), "\(join)")
    }

    @Test func otherAggregatesUseTheGeneralOperator() throws {
        let g = Self.randomGraph(symmetric: false)
        for q in ["MATCH (a)-[*1..3]->(x) RETURN a.id, collect(x.id)",
                  "MATCH (a)-[*]->(x) RETURN a.id, count(*)",
                  "MATCH p = (a)-[*1..2]->(x) RETURN a.id, count(*)",
                  "MATCH (a)-->(x) RETURN a.id, count(DISTINCT x)"] {
            #expect(try !QueryEngine(graph: g).explain(q).contains("CountingAggregation"), "\(q)")
        }
    }

    @Test func adjacencyKeptByTheEngineFollowsItsGraph() throws {
        var engine = QueryEngine(graph: Self.randomGraph(symmetric: false))
        let q = "MATCH (a:Party)-[:DEMANDS*1..3]->(x) RETURN a.id, count(*)"
        let first = try engine.run(q, queryParameters: [:])
        #expect(try engine.run(q, queryParameters: [:]).rows == first.rows)
        _ = try engine.run("MATCH (a:Party {id: 'n1'}), (b:Party {id: 'n2'}) CREATE (a)-[:DEMANDS]->(b)", queryParameters: [:])
        let after = try engine.run(q, queryParameters: [:])
        var general = QueryEngine(graph: engine.graph)
        let expected = try general.run("MATCH (a:Party)-[:DEMANDS*1..3]->(x) WITH * RETURN a.id, count(*)", queryParameters: [:])
        #expect(after.rows == expected.rows)
        #expect(after.rows != first.rows)
    }

    @Test func timeoutStopsACountedWalk() throws {
        var g = Graph()
        var hs: [EntityHandle] = []
        for i in 0..<60 { if let h = try? g.addEntity(Entity(id: "c\(i)", type: "Party")) { hs.append(h) } }
        for a in hs { for b in hs { _ = try? g.addRelation(Relation(from: a, type: "LINKS", to: b)) } }
        var engine = QueryEngine(graph: g, options: QueryOptions(timeout: 0.2))
        #expect(throws: QueryError.self) { try engine.run("MATCH (a)-[*1..6]->(x) RETURN a.id, count(*)", queryParameters: [:]) }
    }
}
