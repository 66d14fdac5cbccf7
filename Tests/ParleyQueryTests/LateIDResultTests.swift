import Testing
import ParleyCore
@testable import ParleyQuery

/// A result whose every column is a node's `id` keeps the nodes' handles and its graph, and
/// reads the ids when it is read or rendered: it must read and render exactly as the general
/// operators' result, whatever the ids hold and whatever happens to the engine afterwards.
@Suite struct LateIDResultTests {
    static func general(_ q: String) -> String {
        q.replacingOccurrences(of: " RETURN ", with: " WITH * RETURN ")
    }

    static func keepsHandles(_ r: QueryResult) -> Bool {
        if case .storeIDs = r.storage { true } else { false }
    }

    /// From every party: rows, row counts and every output format as the general operators';
    /// the result keeps handles unless a node's `id` attribute shadows its id (then its values).
    @Test func resultsOfIDsReadAndRenderAsTheGeneralOperators() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var fast = QueryEngine(graph: g)
        var slow = QueryEngine(graph: g)
        let q = "MATCH (p:Party {id: $a})-->(x) RETURN x.id, p.id"
        var kept = 0
        var shadowed = 0
        for h in g.entityHandles where g.hasLabel("Party", h) {
            let parameters: [String: QueryValue] = ["a": .string(g.id(of: h))]
            let a = try fast.run(q, queryParameters: parameters)
            let b = try slow.run(Self.general(q), queryParameters: parameters)
            #expect(a.rows == b.rows, "from \(g.id(of: h))")
            #expect(a.rowCount == b.rowCount)
            for format in OutputFormat.allCases {
                #expect(fast.render(a, as: format) == slow.render(b, as: format), "from \(g.id(of: h)) \(format)")
            }
            let hasShadow = a.rows.contains { $0.contains(.string("shadow")) }
            #expect(Self.keepsHandles(a) == !hasShadow, "from \(g.id(of: h))")
            if Self.keepsHandles(a) { kept += 1 }
            if hasShadow { shadowed += 1 }
        }
        #expect(kept > 0)
        #expect(shadowed > 0)
    }

    /// Ids that JSON must escape (quotes, backslashes, control characters, U+2028) or that are
    /// not ASCII: the JSON lines of a result kept as handles are those of the general operators.
    @Test func idsThatNeedEscapesRenderAsTheGeneralOperators() throws {
        var g = Graph()
        let ids = ["plain", "quo\"te", "back\\slash", "tab\there", "line\u{2028}sep", "é-accent", "a-rather-long-identifier-of-many-bytes"]
        let hub = try g.addEntity(Entity(id: "hub", type: "Party"))
        for id in ids {
            let h = try g.addEntity(Entity(id: id, type: "Provision"))
            _ = try g.addRelation(Relation(from: hub, type: "DEMANDS", to: h))
        }
        var fast = QueryEngine(graph: g)
        var slow = QueryEngine(graph: g)
        // Twice: the second run reads what the first learnt of each id (which need escapes).
        for q in ["MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) RETURN x.id", "MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) RETURN x.id",
                  "MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) WHERE x.id STARTS WITH 'p' RETURN x.id"] {
            let a = try fast.run(q, queryParameters: [:])
            let b = try slow.run(Self.general(q), queryParameters: [:])
            #expect(Self.keepsHandles(a))
            #expect(a.rows == b.rows)
            for format in OutputFormat.allCases {
                #expect(fast.render(a, as: format) == slow.render(b, as: format), "\(q) \(format)")
            }
        }
        #expect(try fast.run("MATCH (p:Party {id: 'hub'})-[:DEMANDS]->(x) RETURN x.id", queryParameters: [:]).rows == ids.map { [.string($0)] })
    }

    /// A result kept as handles reads the graph it was made on: replacing the engine's graph,
    /// or rendering it with another graph, changes none of its ids.
    @Test func aResultKeepsItsGraphWhenTheEngineChanges() throws {
        var g1 = Graph()
        let a = try g1.addEntity(Entity(id: "a", type: "Party"))
        let b = try g1.addEntity(Entity(id: "b", type: "Provision"))
        _ = try g1.addRelation(Relation(from: a, type: "DEMANDS", to: b))
        // The same shape, other ids at the same handles.
        var g2 = Graph()
        let a2 = try g2.addEntity(Entity(id: "a", type: "Party"))
        let c2 = try g2.addEntity(Entity(id: "c", type: "Provision"))
        _ = try g2.addRelation(Relation(from: a2, type: "DEMANDS", to: c2))
        var engine = QueryEngine(graph: g1)
        let q = "MATCH (p:Party {id: 'a'})-[:DEMANDS]->(x) RETURN x.id"
        let r = try engine.run(q, queryParameters: [:])
        #expect(Self.keepsHandles(r))
        let before = engine.render(r, as: .jsonl)
        engine.graph = g2
        let r2 = try engine.run(q, queryParameters: [:])
        #expect(r.rows == [[.string("b")]])
        #expect(r2.rows == [[.string("c")]])
        #expect(engine.render(r, as: .jsonl) == before)
        #expect(ResultFormatter.render(r, graph: g2, as: .jsonl) == "{\"x.id\": \"b\"}\n")
        // A CREATE gives the engine a new graph; the earlier result still reads its own.
        _ = try engine.run("MATCH (p:Party {id: 'a'}) CREATE (p)-[:DEMANDS]->(:Provision {name: 'new'})", queryParameters: [:])
        #expect(r.rows == [[.string("b")]])
        #expect(try engine.run(q, queryParameters: [:]).rowCount == 2)
    }

    /// Setting `rows` of a result kept as handles makes it an ordinary result.
    @Test func settingRowsReplacesTheHandles() throws {
        var engine = QueryEngine(graph: CountingAggregateTests.randomGraph(symmetric: false))
        var r = try engine.run("MATCH (p:Party {id: 'n7'})-->(x) RETURN x.id", queryParameters: [:])
        #expect(Self.keepsHandles(r))
        let rows = r.rows
        r.rows = rows + [[.null]]
        #expect(!Self.keepsHandles(r))
        #expect(r.rowCount == rows.count + 1)
        #expect(engine.render(r, as: .jsonl).hasSuffix("{\"x.id\": null}\n"))
    }

    /// The engine writes a result's handles into the buffer of its previous result when that
    /// result is gone, and into a new one while it is held: a result still held never changes,
    /// whatever runs after it (same query, other parameters, other queries, more rows).
    @Test func aHeldResultKeepsItsRowsWhileTheEngineReusesBuffers() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        var reference = QueryEngine(graph: g)
        let q = "MATCH (p:Party {id: $a})-->(x) RETURN x.id"
        let parties = g.entityHandles.filter { g.hasLabel("Party", $0) }.map { g.id(of: $0) }
        var held: [(String, QueryResult, String)] = []
        for (k, id) in parties.enumerated() {
            let parameters: [String: QueryValue] = ["a": .string(id)]
            // Every other result is dropped at once (its buffer reused by the next run).
            if k % 2 == 0 {
                _ = engine.render(try engine.run(q, queryParameters: parameters), as: .jsonl)
            }
            let r = try engine.run(q, queryParameters: parameters)
            let expected = reference.render(try reference.run(LateIDResultTests.general(q), queryParameters: parameters), as: .jsonl)
            #expect(engine.render(r, as: .jsonl) == expected, "from \(id)")
            held.append((id, r, expected))
            // Another query (two columns) through the same kept state in between.
            _ = try engine.run("MATCH (p:Party {id: $a})-->(x) RETURN p.id, x.id", queryParameters: parameters)
        }
        #expect(held.contains { $0.1.rowCount > 1 })
        for (id, r, expected) in held {
            #expect(engine.render(r, as: .jsonl) == expected, "held result from \(id)")
        }
    }
}
