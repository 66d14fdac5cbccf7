import Testing
import ParleyCore
@testable import ParleyQuery

/// A read-only run takes an execution context and a walk state that its engine keeps from
/// earlier runs: nothing of one run (warnings, counters, parameters, handles, the graph) may
/// reach the next, whether the earlier run returned or threw, and engines never share them.
@Suite struct EnginePoolingTests {
    static let anchored = "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id"

    /// The rows and JSON lines of `q` on a fresh engine over `g` (nothing pooled yet).
    static func fresh(_ q: String, _ g: Graph, _ parameters: [String: QueryValue] = [:]) throws -> (QueryResult, String) {
        var e = QueryEngine(graph: g)
        let r = try e.run(q, queryParameters: parameters)
        return (r, e.render(r, as: .jsonl))
    }

    @Test func aRunThatThrowsThenGoodRunsOfOtherQueries() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        let failing = ["MATCH (a:Party {id: 'n3'})-->(b) RETURN b.id * 2",
                       "MATCH (a:Party {id: 'n3'})-->(b) WITH * RETURN b.id * 2",
                       "MATCH (a) WITH a RETURN a.id * 2"]
        for bad in failing {
            #expect(throws: QueryError.self) { _ = try engine.run(bad, queryParameters: [:]) }
            for q in [Self.anchored, "MATCH (a:Party {id: $a})-->(b) WITH * RETURN b.id", "MATCH (a:Party)-[:DEMANDS]->(b) RETURN a.id, count(*)"] {
                let p: [String: QueryValue] = ["a": .string("n5")]
                let (expected, text) = try Self.fresh(q, g, p)
                let r = try engine.run(q, queryParameters: p)
                #expect(r.rows == expected.rows, "\(q) after \(bad)")
                #expect(r.warnings == expected.warnings)
                #expect(engine.render(r, as: .jsonl) == text)
            }
        }
        #expect(engine.graph == g)
    }

    @Test func warningsAndStepCountsStartAfreshEachRun() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var options = QueryOptions(maxUnboundedLength: 2)
        var engine = QueryEngine(graph: g, options: options)
        let capped = "MATCH (a:Party {id: 'n1'})-[*]->(x) RETURN count(*)"
        let first = try engine.run(capped, queryParameters: [:])
        #expect(!first.warnings.isEmpty)
        // The same query again warns again (once), and a query that caps nothing does not warn.
        #expect(try engine.run(capped, queryParameters: [:]).warnings == first.warnings)
        #expect(try engine.run(Self.anchored, queryParameters: ["a": .string("n1")]).warnings.isEmpty)
        // A limit on unbounded steps that one run stays under, two runs together would not.
        guard case .value(.int(let n))? = first.rows.first?.first, n > 0 else {
            Issue.record("no count: \(first.rows)")
            return
        }
        options.maxUnboundedSteps = 3 * n / 2 + 4
        var limited = QueryEngine(graph: g, options: options)
        for _ in 0..<3 { #expect(try limited.run(capped, queryParameters: [:]).rows == first.rows) }
    }

    @Test func parametersOfOneRunAreNotSeenByTheNext() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        _ = try engine.run(Self.anchored, queryParameters: ["a": .string("n2")])
        #expect(throws: QueryError.self) { _ = try engine.run(Self.anchored, queryParameters: [:]) }
        let r = try engine.run(Self.anchored, queryParameters: ["a": .string("n9")])
        #expect(r.rows == (try Self.fresh(Self.anchored, g, ["a": .string("n9")])).0.rows)
    }

    @Test func twoEnginesOverDifferentGraphsTakeTurns() throws {
        let g1 = CountingAggregateTests.randomGraph(symmetric: false)
        var g2 = g1
        let n1 = try #require(g2.handle(forID: "n1"))
        let n2 = try #require(g2.handle(forID: "n2"))
        _ = try g2.addRelation(Relation(from: n1, type: "DEMANDS", to: n2))
        var e1 = QueryEngine(graph: g1)
        var e2 = QueryEngine(graph: g2)
        let p: [String: QueryValue] = ["a": .string("n1")]
        let want1 = try Self.fresh(Self.anchored, g1, p)
        let want2 = try Self.fresh(Self.anchored, g2, p)
        #expect(want1.0.rows != want2.0.rows)
        for _ in 0..<3 {
            let r1 = try e1.run(Self.anchored, queryParameters: p)
            let r2 = try e2.run(Self.anchored, queryParameters: p)
            #expect(r1.rows == want1.0.rows)
            #expect(r2.rows == want2.0.rows)
            #expect(e1.render(r1, as: .jsonl) == want1.1)
            #expect(e2.render(r2, as: .jsonl) == want2.1)
        }
        #expect(e1.graph == g1)
        #expect(e2.graph == g2)
    }

    @Test func graphOrOptionsReplacedBetweenRuns() throws {
        let g1 = CountingAggregateTests.randomGraph(symmetric: false)
        var g2 = g1
        let n1 = try #require(g2.handle(forID: "n1"))
        let added = try g2.addEntity(Entity(id: "late", type: "Provision"))
        _ = try g2.addRelation(Relation(from: n1, type: "DEMANDS", to: added))
        let p: [String: QueryValue] = ["a": .string("n1")]
        var engine = QueryEngine(graph: g1)
        // A copy of the engine shares its cache until one of them changes its graph.
        var copy = engine
        #expect(try engine.run(Self.anchored, queryParameters: p).rows == (try Self.fresh(Self.anchored, g1, p)).0.rows)
        engine.graph = g2
        let r = try engine.run(Self.anchored, queryParameters: p)
        #expect(r.rows == (try Self.fresh(Self.anchored, g2, p)).0.rows)
        #expect(r.rows.last == [.string("late")])
        #expect(try copy.run(Self.anchored, queryParameters: p).rows == (try Self.fresh(Self.anchored, g1, p)).0.rows)
        engine.options = QueryOptions(maxUnboundedLength: 1)
        #expect(try engine.run(Self.anchored, queryParameters: p).rows == r.rows)
        #expect(engine.graph == g2)
        #expect(copy.graph == g1)
    }

    /// The plan cache checks the query prepared last before its table: the same text again, an
    /// equal text in storage of its own, other texts in turn, and the first text again once the
    /// graph or the options changed (a known-labels map: the misspelt label then warns) answer
    /// as a fresh engine does.
    @Test func theQueryPreparedLastIsCheckedBeforeTheTable() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        let p: [String: QueryValue] = ["a": .string("n1")]
        let other = "MATCH (p:Party {id: $a})-->(x) RETURN x.id"
        let misspelt = "MATCH (p:Partyy {id: $a})-[:DEMANDS]->(x) RETURN x.id"
        let equal = String(decoding: Array(Self.anchored.utf8), as: UTF8.self)
        var engine = QueryEngine(graph: g)
        for q in [Self.anchored, Self.anchored, equal, other, Self.anchored, other, other, misspelt, misspelt] {
            let r = try engine.run(q, queryParameters: p)
            let f = try Self.fresh(q, g, p).0
            #expect(r.rows == f.rows, "\(q)")
            #expect(r.warnings == f.warnings, "\(q)")
        }
        #expect(try engine.run(Self.anchored, queryParameters: p).rowCount > 0)
        // The same text after the graph changed: the new graph's rows.
        var g2 = g
        let n1 = try #require(g2.handle(forID: "n1"))
        _ = try g2.addRelation(Relation(from: n1, type: "DEMANDS", to: n1))
        engine.graph = g2
        let after = try engine.run(Self.anchored, queryParameters: p)
        #expect(after.rows == (try Self.fresh(Self.anchored, g2, p)).0.rows)
        #expect(after.rowCount == (try Self.fresh(Self.anchored, g, p)).0.rowCount + 1)
        // The same text after the options changed: planned again, with the new options' warning.
        let before = try engine.run(misspelt, queryParameters: p).warnings
        let options = QueryOptions(knownLabels: ["Party": "Party", "Provision": "Provision"], knownRelationshipTypes: ["DEMANDS": "DEMANDS"])
        engine.options = options
        let warned = try engine.run(misspelt, queryParameters: p)
        var freshWithOptions = QueryEngine(graph: g2, options: options)
        #expect(warned.warnings == (try freshWithOptions.run(misspelt, queryParameters: p)).warnings)
        #expect(warned.warnings != before)
        #expect(warned.rowCount == 0)
    }

    @Test(arguments: OutputFormat.allCases) func engineRenderIsTheFormattersRender(format: OutputFormat) throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        for q in ["MATCH (p:Party {id: 'n4'})-[r]->(x) RETURN p, r, x.id", "MATCH p = (a:Party {id: 'n4'})-->() RETURN p, length(p)"] {
            let r = try engine.run(q, queryParameters: [:])
            #expect(!r.rows.isEmpty)
            #expect(engine.render(r, as: format) == ResultFormatter.render(r, graph: g, as: format))
        }
    }

    /// The walker a context keeps for the next run of the same query starts afresh: start
    /// nodes found by a parameter, rows, counts of the previous run are not reused.
    @Test func theKeptWalkerForgetsTheLastRun() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        let queries = ["MATCH (a:Party {name: $n})-[:DEMANDS]->(b) RETURN a.id, b.id",
                       "MATCH (a {name: $n})<-[r]-(b) RETURN b.id, r",
                       "MATCH (a:Party {name: $n})-[:DEMANDS]->(b) RETURN b.id UNION MATCH (a:Party {name: $n})<-[:REJECTS]-(b) RETURN b.id"]
        for q in queries {
            #expect(try engine.explain(q).contains("HandleProjection"), "\(q)")
            for name in ["name1", "name4", "name1", "nobody", "name6"] {
                let p: [String: QueryValue] = ["n": .string(name)]
                let (expected, text) = try Self.fresh(q, g, p)
                let r = try engine.run(q, queryParameters: p)
                #expect(r.rows == expected.rows, "\(q) with \(name)")
                #expect(engine.render(r, as: .jsonl) == text)
            }
        }
    }
}

/// An engine whose cache no copy shares runs without the cache's lock; copies of one engine
/// share its cache and take the lock. Both give every run its own context.
@Suite struct SharedEngineCacheTests {
    @Test func copiesOfOneEngineRunOnSeveralThreadsAlike() async throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        let queries = [EnginePoolingTests.anchored, "MATCH (a:Party {id: $a})-->(b) WITH * RETURN b.id",
                       "MATCH (a:Party {id: $a})-[:DEMANDS]->(x)<-[r]-(b) RETURN x.id, b.id"]
        let ids = (0..<12).map { "n\($0)" }
        var expected: [String: String] = [:]
        for q in queries {
            for id in ids { expected[q + id] = try EnginePoolingTests.fresh(q, g, ["a": .string(id)]).1 }
        }
        var engine = QueryEngine(graph: g)
        // Alone (no copy: no lock), then with copies alive on other tasks (shared: locked).
        for q in queries {
            for id in ids {
                let r = try engine.run(q, queryParameters: ["a": .string(id)])
                #expect(engine.render(r, as: .jsonl) == expected[q + id])
            }
        }
        let shared = engine
        let results = try await withThrowingTaskGroup(of: [String: String].self) { group in
            for t in 0..<4 {
                group.addTask {
                    var copy = shared
                    var out: [String: String] = [:]
                    for round in 0..<20 {
                        for q in queries {
                            let id = ids[(t + round) % ids.count]
                            let r = try copy.run(q, queryParameters: ["a": .string(id)])
                            out[q + id] = copy.render(r, as: .jsonl)
                        }
                    }
                    return out
                }
            }
            var all: [[String: String]] = []
            for try await r in group { all.append(r) }
            return all
        }
        for out in results {
            for (key, text) in out { #expect(text == expected[key], "\(key)") }
        }
        for q in queries {
            let r = try engine.run(q, queryParameters: ["a": .string("n3")])
            #expect(engine.render(r, as: .jsonl) == expected[q + "n3"])
        }
    }

    /// Results of a plan share its columns and warnings (one header): changing them on one
    /// result changes that result only, and its JSON keys follow its columns.
    @Test func changingOneResultsColumnsOrWarningsLeavesTheOthers() throws {
        let g = CountingAggregateTests.randomGraph(symmetric: false)
        var engine = QueryEngine(graph: g)
        let p: [String: QueryValue] = ["a": .string("n1")]
        var a = try engine.run(EnginePoolingTests.anchored, queryParameters: p)
        let b = try engine.run(EnginePoolingTests.anchored, queryParameters: p)
        #expect(a.rowCount > 0)
        let text = engine.render(b, as: .jsonl)
        a.columns = ["renamed"]
        a.warnings = [.warning("mine")]
        #expect(engine.render(a, as: .jsonl) == text.replacingOccurrences(of: "\"x.id\"", with: "\"renamed\""))
        #expect(b.columns == ["x.id"] && b.warnings.isEmpty)
        #expect(engine.render(b, as: .jsonl) == text)
        let c = try engine.run(EnginePoolingTests.anchored, queryParameters: p)
        #expect(c.columns == ["x.id"] && c.warnings.isEmpty)
        #expect(engine.render(c, as: .jsonl) == text)
    }
}
