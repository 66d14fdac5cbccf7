import Testing
import ParleyCore
@testable import ParleyQuery

/// The handle projection (RETURN evaluated straight from the handles of each match) must give
/// exactly the rows, in the same order, as the general Match + Projection operators.
@Suite struct HandleProjectionTests {
    /// Each query, written so that it uses the handle projection; `WITH *` before its RETURN
    /// makes the same query run through the general operators.
    static let queries: [(String, String)] = [
        ("MATCH (p:Party {id: $a})-[:DEMANDS]->(x)", "RETURN x.id"),
        ("MATCH (p:Party {id: $a})-[:DEMANDS]->(x)<-[:REJECTS]-(b)", "RETURN x.id, b.id"),
        ("MATCH (p:Party {id: $a})-[r]->(x)", "RETURN p, r, x"),
        ("MATCH (a:Party)-[r:DEMANDS]->(b)", "RETURN b.name, r.sources, a.nope, r.nope"),
        ("MATCH (a)<--(b)", "RETURN a.id, b.id"),
        ("MATCH (a:Party)--(b)", "RETURN a.id, b.id"),
        ("MATCH (a:Party)<-[:DEMANDS|SUPPORTS]-(b)", "RETURN b.id, a.id"),
        ("MATCH (a:Party)-[*1..2]->(x)", "RETURN a.id, x.id"),
        ("MATCH (a {name: 'name3'})-->(b)", "RETURN b.id, labels(b), b.name + '!', id(b) >= 0"),
        ("MATCH (a:Party) MATCH (a)-[:DEMANDS]->(b) WHERE b.name <> 'name1'", "RETURN a.id, b.id"),
        ("MATCH (a:Party)-[:DEMANDS]->(b)", "RETURN DISTINCT b.id"),
        ("MATCH (a:Party)-[:DEMANDS]->(b)", "RETURN a.id, b.id ORDER BY b.name, a.id"),
        ("MATCH (a:Party)-[:DEMANDS]->(b)", "RETURN b.id AS x SKIP 3"),
        ("MATCH (a)-[r:DEMANDS]->(b)<-[r2:DEMANDS]-(c)", "RETURN a.id, c.id, r = r2"),
        ("MATCH (a:Party)-[:DEMANDS]->(x)<-[:REJECTS]-(a)", "RETURN a.id, x.id"),
        ("MATCH (a)-[r1]->(b), (b)-[r2]->(c)", "RETURN b.name, c"),
        ("MATCH (a:Party {name: 'name0'})", "RETURN a.id, a"),
        ("MATCH (a:Party)-[r:REJECTS]->(b) WHERE a.id = 'n4' OR b:Party", "RETURN r"),
        ("MATCH (n:Nope)-->(m)", "RETURN m"),
    ]

    @Test(arguments: [false, true]) func sameRowsAsTheGeneralOperators(symmetric: Bool) throws {
        let g = CountingAggregateTests.randomGraph(symmetric: symmetric)
        let parameters: [String: QueryValue] = ["a": .string("n7")]
        var fast = QueryEngine(graph: g)
        var projected = 0
        for (match, projection) in Self.queries {
            var general = QueryEngine(graph: g)
            let q = match + " " + projection
            let slow = match + " WITH * " + projection
            if try fast.explain(q).contains("HandleProjection") { projected += 1 }
            #expect(try !general.explain(slow).contains("HandleProjection"))
            let expected = try general.run(slow, queryParameters: parameters)
            // Twice on one engine: the second run reads the adjacency rows the first one kept.
            for _ in 0..<2 {
                let a = try fast.run(q, queryParameters: parameters)
                #expect(a.rows == expected.rows, "\(q)")
                #expect(a.columns == expected.columns, "\(q)")
                #expect(ResultFormatter.render(a, graph: g, as: .jsonl) == ResultFormatter.render(expected, graph: g, as: .jsonl), "\(q)")
            }
            if !q.contains("Nope") { #expect(!expected.rows.isEmpty, "\(q)") }
        }
        // Symmetric relation types: the general operators run.
        #expect(symmetric ? projected == 0 : projected == Self.queries.count)
    }

    /// Random graphs of several shapes and sizes, and every anchored 1- and 2-hop pattern over
    /// them, from every node.
    @Test(arguments: [1, 2, 3, 4]) func anchoredPatternsOnRandomGraphs(seed: UInt64) throws {
        var g = Graph()
        var numbers = SeededNumbers(seed: seed &* 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { numbers.next(n) }
        let size = 20 + next(40)
        var hs: [EntityHandle] = []
        for i in 0..<size {
            if let h = try? g.addEntity(Entity(id: "v\(i)", type: next(3) == 0 ? "Party" : "Provision")) { hs.append(h) }
        }
        let types = ["DEMANDS", "REJECTS"]
        for _ in 0..<(size * (1 + next(4))) {
            let a = hs[next(hs.count)]
            let b = next(10) == 0 ? a : hs[next(hs.count)]
            _ = try? g.addRelation(Relation(from: a, type: types[next(2)], to: b))
        }
        var fast = QueryEngine(graph: g)
        var general = QueryEngine(graph: g)
        let patterns = ["(p {id: $a})-[:DEMANDS]->(x)", "(p {id: $a})<-[:DEMANDS]-(x)", "(p {id: $a})-[r]-(x)",
                        "(p {id: $a})-[:DEMANDS]->(x)<-[:REJECTS]-(b)", "(p {id: $a})-[r1]-(x)-[r2]-(b)"]
        for pattern in patterns {
            let returned = pattern.contains("(b)") ? "RETURN x.id, b.id" : "RETURN x.id, x"
            for h in hs {
                let parameters: [String: QueryValue] = ["a": .string(g[h].id)]
                let a = try fast.run("MATCH \(pattern) \(returned)", queryParameters: parameters)
                let b = try general.run("MATCH \(pattern) WITH * \(returned)", queryParameters: parameters)
                #expect(a.rows == b.rows, "\(pattern) from \(g[h].id)")
            }
        }
    }

    /// `{id: $a}` and `x.id` read ids from the store, with what a walk learnt of which nodes'
    /// `id` attribute shadows their id kept for the next runs: from every node, twice.
    @Test func idsShadowedByAnAttributeAnswerAsTheGeneralOperators() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var fast = QueryEngine(graph: g)
        var general = QueryEngine(graph: g)
        let q = "MATCH (p {id: $a})-->(x) RETURN p.id, x.id"
        #expect(try fast.explain(q).contains("HandleProjection"))
        var shadowed = 0
        for _ in 0..<2 {
            for h in g.entityHandles {
                let parameters: [String: QueryValue] = ["a": .string(g[h].id)]
                let a = try fast.run(q, queryParameters: parameters)
                let b = try general.run("MATCH (p {id: $a})-->(x) WITH * RETURN p.id, x.id", queryParameters: parameters)
                #expect(a.rows == b.rows, "from \(g[h].id)")
                #expect(a.rowCount == b.rowCount)
                if a.rows.contains(where: { $0[1] == .string("shadow") }) { shadowed += 1 }
            }
        }
        #expect(shadowed > 0)
        // The shadowed nodes are not found by their store id, nor by the shadowing value.
        for id in ["n70", "shadow"] {
            #expect(try fast.run(q, queryParameters: ["a": .string(id)]).rowCount == 0)
        }
    }

    /// The engine's results keep their values flat: `rows`, `rowCount`, setting `rows` and
    /// rendering agree, for one part and for UNIONs.
    @Test func flatResultsReadAsNestedRows() throws {
        var engine = QueryEngine(graph: CountingAggregateTests.randomGraph(symmetric: false))
        for q in ["MATCH (p:Party {id: 'n7'})-->(x) RETURN x.id, x.name",
                  "MATCH (p:Party {id: 'n7'})-->(x) RETURN x.id AS a, 1 AS b UNION MATCH (p:Party {id: 'n8'})-->(x) RETURN x.id AS a, 2 AS b",
                  "UNWIND [1, 1, 2] AS a RETURN a UNION UNWIND [2, 3] AS a RETURN a",
                  "MATCH (p:Party {id: 'nope'}) RETURN p"] {
            var r = try engine.run(q, queryParameters: [:])
            let rows = r.rows
            #expect(r.rowCount == rows.count, "\(q)")
            #expect(rows.allSatisfy { $0.count == r.columns.count }, "\(q)")
            let nested = QueryResult(columns: r.columns, rows: rows, warnings: r.warnings)
            for format in OutputFormat.allCases {
                #expect(engine.render(r, as: format) == engine.render(nested, as: format), "\(q) \(format)")
            }
            r.rows.append(rows.first ?? [])
            #expect(r.rowCount == rows.count + 1)
            #expect(r.rows == rows + [rows.first ?? []])
        }
        #expect(try engine.run("UNWIND [1, 1, 2] AS a RETURN a UNION UNWIND [2, 3] AS a RETURN a", queryParameters: [:]).rows
            == [[.int(1)], [.int(2)], [.int(3)]])
    }

    @Test func explainShowsTheHandleProjection() throws {
        let plan = try QueryEngine(graph: CountingAggregateTests.randomGraph(symmetric: false))
            .explain("MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id")
        #expect(plan == """
            ProduceResults x.id
              HandleProjection x.id AS x.id
                Expand (p)-[_:DEMANDS]->(x)
                  Filter (p.id = $a)
                    Filter p:Party
                      NodeByIdLookup (p) id = $a
                        Start
            """, "\(plan)")
    }

    @Test func limitAndUnboundedPathsUseTheGeneralOperators() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        for q in ["MATCH (a)-->(x) RETURN a.id LIMIT 3",
                  "MATCH (a)-[*]->(x) RETURN a.id",
                  "MATCH p = (a)-[*1..2]->(x) RETURN p",
                  "MATCH (a)-[rs*1..2]->(x) RETURN rs",
                  "OPTIONAL MATCH (a:Party)-->(x) RETURN x",
                  "MATCH (a)-->(x) WITH x RETURN x.id"] {
            #expect(try !QueryEngine(graph: g).explain(q).contains("HandleProjection"), "\(q)")
        }
    }

    @Test func aRuntimeErrorIsTheGeneralOperatorsOneAndLeavesTheEngineWorking() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var fast = QueryEngine(graph: g)
        var general = QueryEngine(graph: g)
        let q = "MATCH (a:Party {id: 'n3'})-->(b) RETURN b.id * 2"
        #expect(try fast.explain(q).contains("HandleProjection"))
        var fastError: QueryError?
        var generalError: QueryError?
        do { _ = try fast.run(q, queryParameters: [:]) } catch { fastError = error }
        do { _ = try general.run("MATCH (a:Party {id: 'n3'})-->(b) WITH * RETURN b.id * 2", queryParameters: [:]) } catch { generalError = error }
        #expect(fastError != nil)
        #expect(fastError?.message == generalError?.message)
        // The scratch lent to the failed walk came back clean: the next walks answer as before.
        let ok = "MATCH (a:Party {id: 'n3'})-->(b) RETURN b.id"
        let expected = try general.run("MATCH (a:Party {id: 'n3'})-->(b) WITH * RETURN b.id", queryParameters: [:])
        #expect(try fast.run(ok, queryParameters: [:]).rows == expected.rows)
        #expect(try fast.run(ok, queryParameters: [:]).rows == expected.rows)
        #expect(fast.graph == g)
    }

    @Test func createBeforeTheMatchReadsTheChangedGraph() throws {
        var engine = QueryEngine(graph: CountingAggregateTests.randomGraph(symmetric: false))
        let q = "MATCH (p:Party {id: 'n1'})-[:DEMANDS]->(x) RETURN x.id"
        let before = try engine.run(q, queryParameters: [:])
        _ = try engine.run("MATCH (a:Party {id: 'n1'}), (b:Party {id: 'n2'}) CREATE (a)-[:DEMANDS]->(b)", queryParameters: [:])
        let after = try engine.run(q, queryParameters: [:])
        #expect(after.rows == before.rows + [[.string("n2")]])
    }
}
