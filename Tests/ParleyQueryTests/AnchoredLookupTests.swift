import Testing
import ParleyCore
@testable import ParleyQuery

/// The anchored walk's id look-up by a parameter (`{id: $a}`), which reads a string parameter
/// in place, must answer as the general operators do (`WITH *` before RETURN makes a query run
/// through them): for ids that are not ASCII, ids equal as Swift strings but not byte for byte
/// (canonical equivalence), ids that no node has, parameters that are not strings, and a graph
/// replaced between runs.
@Suite struct AnchoredLookupTests {
    static func general(_ q: String) -> String {
        q.replacingOccurrences(of: " RETURN ", with: " WITH * RETURN ")
    }

    /// A hub per id, each demanding two provisions of its own.
    static func graph(_ ids: [String]) throws -> Graph {
        var g = Graph()
        for (k, id) in ids.enumerated() {
            let hub = try g.addEntity(Entity(id: id, type: "Party"))
            for j in 0..<2 {
                let p = try g.addEntity(Entity(id: "p\(k)-\(j)-\(id)", type: "Provision"))
                _ = try g.addRelation(Relation(from: hub, type: "DEMANDS", to: p))
            }
        }
        return g
    }

    static let ids = ["ascii", "é-precomposed", "Z\u{0301}-decomposed", "\u{212A}elvin", "日本", "quo\"te", "_not-generated", "_n12"]

    /// Keys: the ids themselves, canonically equivalent spellings of them (the Kelvin sign and
    /// `K`, precomposed and decomposed accents), ids no node has, and values of other types.
    static let keys: [QueryValue] = [
        .string("ascii"), .string("é-precomposed"), .string("e\u{0301}-precomposed"), .string("Z\u{0301}-decomposed"),
        .string("\u{0179}-decomposed"), .string("\u{212A}elvin"), .string("Kelvin"), .string("kelvin"), .string("日本"),
        .string("quo\"te"), .string("_not-generated"), .string("_n12"), .string("missing"), .string(""), .string("ascii "),
        .value(.int(7)), .value(.float(1.5)), .value(.bool(true)), .null, .list([.string("ascii")]),
    ]

    static let queries = [
        "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id",
        "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id, p.id",
        "MATCH (p {id: $a})-[:DEMANDS]->(x) RETURN x.id",
        "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) WHERE p.id = $a RETURN x.id",
    ]

    @Test(arguments: queries)
    func parameterLookUpsAnswerAsTheGeneralOperators(_ q: String) throws {
        let g = try Self.graph(Self.ids)
        var fast = QueryEngine(graph: g)
        var slow = QueryEngine(graph: g)
        var found = 0
        for key in Self.keys {
            let parameters = ["a": key]
            let a: Result<QueryResult, QueryError> = Result { () throws(QueryError) in try fast.run(q, queryParameters: parameters) }
            let b: Result<QueryResult, QueryError> = Result { () throws(QueryError) in try slow.run(Self.general(q), queryParameters: parameters) }
            switch (a, b) {
            case (.success(let a), .success(let b)):
                #expect(a.rows == b.rows, "\(q) with \(key)")
                #expect(a.rowCount == b.rowCount, "\(q) with \(key)")
                #expect(fast.render(a, as: .jsonl) == slow.render(b, as: .jsonl), "\(q) with \(key)")
                if a.rowCount > 0 { found += 1 }
            case (.failure(let a), .failure(let b)):
                #expect(a.message == b.message, "\(q) with \(key)")
            default:
                Issue.record("\(q) with \(key): \(a) but the general operators \(b)")
            }
        }
        // Every id and every canonically equivalent spelling of one finds its node (not `_n12`,
        // which has the form of an id CREATE generates: `n.id` does not show those).
        #expect(found == 10, "\(q)")
    }

    /// `K` and the Kelvin sign are equal strings: a look-up by either finds the node whose id
    /// is the other, as ``Graph/handle(forID:)`` does.
    @Test func canonicallyEquivalentKeysFindTheNode() throws {
        let g = try Self.graph(["\u{212A}elvin", "e\u{0301}"])
        var engine = QueryEngine(graph: g)
        let q = "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN p.id, x.id"
        for (key, id) in [("Kelvin", "\u{212A}elvin"), ("\u{212A}elvin", "\u{212A}elvin"), ("\u{00E9}", "e\u{0301}")] {
            #expect(g.handle(forID: key) != nil)
            let r = try engine.run(q, queryParameters: ["a": .string(key)])
            #expect(r.rowCount == 2, "\(key)")
            // The id read is the stored one, byte for byte.
            #expect(r.rows.allSatisfy { Array($0[0].stringValue?.utf8 ?? "".utf8) == Array(id.utf8) }, "\(key)")
        }
    }

    /// A graph replaced between runs of the same query: the look-up reads the new graph.
    @Test func graphReplacedBetweenRuns() throws {
        let q = "MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id"
        var engine = QueryEngine(graph: try Self.graph(["a", "b"]))
        let first = try engine.run(q, queryParameters: ["a": .string("a")])
        #expect(first.rows == [[.string("p0-0-a")], [.string("p0-1-a")]])
        engine.graph = try Self.graph(["b", "a"])
        let second = try engine.run(q, queryParameters: ["a": .string("a")])
        #expect(second.rows == [[.string("p1-0-a")], [.string("p1-1-a")]])
        engine.graph = try Self.graph(["b"])
        #expect(try engine.run(q, queryParameters: ["a": .string("a")]).rowCount == 0)
        // The first result still reads the graph it was made on.
        #expect(first.rows == [[.string("p0-0-a")], [.string("p0-1-a")]])
        #expect(engine.render(first, as: .jsonl) == "{\"x.id\": \"p0-0-a\"}\n{\"x.id\": \"p0-1-a\"}\n")
    }

    /// A result's setters change that result only; copies made before keep their values.
    @Test func resultSettersChangeOneCopy() throws {
        var engine = QueryEngine(graph: try Self.graph(["a"]))
        let r = try engine.run("MATCH (p:Party {id: $a})-[:DEMANDS]->(x) RETURN x.id", queryParameters: ["a": .string("a")])
        var c = r
        c.columns = ["y"]
        c.warnings = [.warning("w")]
        #expect(r.columns == ["x.id"])
        #expect(r.warnings.isEmpty)
        #expect(c.rows == r.rows)
        #expect(engine.render(c, as: .jsonl) == "{\"y\": \"p0-0-a\"}\n{\"y\": \"p0-1-a\"}\n")
        #expect(engine.render(r, as: .jsonl) == "{\"x.id\": \"p0-0-a\"}\n{\"x.id\": \"p0-1-a\"}\n")
        var d = r
        d.rows = [[.string("z")]]
        #expect(d.rowCount == 1)
        #expect(d.columns == ["x.id"])
        #expect(r.rowCount == 2)
        #expect(engine.render(d, as: .jsonl) == "{\"x.id\": \"z\"}\n")
    }
}
