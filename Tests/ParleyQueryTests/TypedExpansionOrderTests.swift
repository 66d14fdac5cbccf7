import Testing
import ParleyCore
@testable import ParleyQuery

/// Anchored expansions over the engine's kept adjacency rows, of one type, of several and of
/// none, must give exactly the rows, in the same order, as the general operators, in every
/// direction, with self-loops and parallel relationships, on the first run (rows filled from
/// the store) and on later ones (rows kept), after a CREATE and after the engine's graph is
/// replaced.
@Suite struct TypedExpansionOrderTests {
    static let types = ["DEMANDS", "REJECTS", "SUPPORTS", "CITES"]

    /// A random graph: nodes of two labels, relationships of four types, self-loops and
    /// parallel relationships.
    static func graph(seed: UInt64) -> Graph {
        var g = Graph()
        var numbers = SeededNumbers(seed: seed &* 0x9E37_79B9_7F4A_7C15)
        func next(_ n: Int) -> Int { numbers.next(n) }
        let size = 15 + next(30)
        var hs: [EntityHandle] = []
        for i in 0..<size {
            if let h = try? g.addEntity(Entity(id: "v\(i)", type: next(3) == 0 ? "Party" : "Provision")) { hs.append(h) }
        }
        for _ in 0..<(size * (2 + next(4))) {
            let a = hs[next(hs.count)]
            let b = next(8) == 0 ? a : hs[next(hs.count)]
            let type = types[next(types.count)]
            _ = try? g.addRelation(Relation(from: a, type: type, to: b))
            // Now and then a parallel relationship of the same type.
            if next(10) == 0 { _ = try? g.addRelation(Relation(from: a, type: type, to: b)) }
        }
        return g
    }

    /// Patterns of one type, of several types and of none, out,
    /// in and both ways, one and two hops.
    static let patterns = [
        "(p {id: $a})-[:DEMANDS]->(x)", "(p {id: $a})<-[:DEMANDS]-(x)", "(p {id: $a})-[:CITES]->(x)",
        "(p {id: $a})<-[:SUPPORTS]-(x)", "(p {id: $a})-[:DEMANDS]-(x)", "(p {id: $a})-[:NOPE]->(x)",
        "(p {id: $a})-[:DEMANDS|REJECTS]->(x)", "(p {id: $a})<-[:REJECTS|CITES]-(x)", "(p {id: $a})-->(x)",
        "(p {id: $a})<--(x)", "(p {id: $a})-[r]-(x)",
        "(p {id: $a})-[:DEMANDS]->(x)<-[:REJECTS]-(b)", "(p {id: $a})<-[:CITES]-(x)-[:SUPPORTS]->(b)",
        "(p {id: $a})-[:DEMANDS]->(x)-[:DEMANDS]->(b)", "(p {id: $a})-[:REJECTS]->(x)<--(b)",
    ]

    /// Every pattern from every node of `g` on `fast` (twice: rows filled, then kept) equals
    /// the general operators' rows on `g`.
    static func expectSameRows(_ fast: inout QueryEngine, _ g: Graph, _ note: String) throws {
        var general = QueryEngine(graph: g)
        for pattern in patterns {
            let returned = pattern.contains("(b)") ? "RETURN x.id, b.id" : "RETURN x.id, x"
            let q = "MATCH \(pattern) \(returned)"
            #expect(try fast.explain(q).contains("HandleProjection"), "\(q)")
            for h in g.entityHandles {
                let parameters: [String: QueryValue] = ["a": .string(g[h].id)]
                let expected = try general.run("MATCH \(pattern) WITH * \(returned)", queryParameters: parameters)
                for _ in 0..<2 {
                    let a = try fast.run(q, queryParameters: parameters)
                    #expect(a.rows == expected.rows, "\(note): \(pattern) from \(g[h].id)")
                }
            }
        }
    }

    @Test(arguments: [1, 2, 3, 4, 5]) func sameRowsAsTheGeneralOperators(seed: UInt64) throws {
        let g = Self.graph(seed: seed)
        var fast = QueryEngine(graph: g)
        try Self.expectSameRows(&fast, g, "seed \(seed)")
        // A CREATE (new relationships of one type, a self-loop among them) starts new rows.
        _ = try fast.run("MATCH (a {id: 'v1'}), (b {id: 'v2'}) CREATE (a)-[:DEMANDS]->(b), (b)-[:DEMANDS]->(b), (b)-[:CITES]->(a)", queryParameters: [:])
        try Self.expectSameRows(&fast, fast.graph, "seed \(seed) after CREATE")
        // Another graph in the same engine.
        let other = Self.graph(seed: seed + 100)
        fast.graph = other
        try Self.expectSameRows(&fast, other, "seed \(seed) on another graph")
    }
}
