import ParleyCore
import Testing
@testable import ParleyQuery

/// `shortestPath` and `allShortestPaths` against a plain breadth-first search on random graphs
/// with parallel relationships, self-loops and a symmetric type, in every direction, with type
/// filters and length bounds; and the same engine reused across runs (cached plans, reused
/// search marks) answering as a fresh one does.
struct ShortestPathTests {
    /// A seeded random graph: `n` nodes `n0…`, `m` relationships of types A, B and C.
    static func randomGraph(seed: UInt64, n: Int, m: Int, symmetricC: Bool) -> Graph {
        var g = Graph()
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let hs = (0..<n).map { k in (try? g.addEntity(Entity(id: "n\(k)", type: "N"))) ?? EntityHandle(0) }
        for _ in 0..<m {
            let a = hs[next(n)], b = next(10) == 0 ? hs[next(n)] : hs[next(n)]
            let t = ["A", "B", "C"][next(3)]
            _ = try? g.addRelation(Relation(from: a, type: t, to: next(25) == 0 ? a : b))
        }
        if symmetricC { g.symmetricTypes = ["C"] }
        return g
    }

    /// The hops from `u` in `dir` along `types` (all when empty), symmetric types both ways.
    static func hops(_ g: Graph, _ u: EntityHandle, _ types: [String], _ dir: Graph.Direction) -> [(RelationHandle, EntityHandle)] {
        var out: [(RelationHandle, EntityHandle)] = []
        for r in g.relationHandles {
            let rel = g[r]
            guard types.isEmpty || types.contains(rel.type) else { continue }
            let sym = g.symmetricTypes.contains(rel.type)
            if rel.from == u, dir != .incoming || sym { out.append((r, rel.to)) }
            if rel.to == u, rel.from != u, dir != .outgoing || sym { out.append((r, rel.from)) }
        }
        return out
    }

    /// Distance from `a` to every node and the number of shortest paths to it.
    static func reference(_ g: Graph, _ a: EntityHandle, _ types: [String], _ dir: Graph.Direction) -> (dist: [EntityHandle: Int], count: [EntityHandle: Int]) {
        var dist = [a: 0], count = [a: 1]
        var frontier = [a]
        while !frontier.isEmpty {
            var next: [EntityHandle] = []
            for u in frontier {
                for (_, v) in hops(g, u, types, dir) {
                    if dist[v] == nil {
                        dist[v] = dist[u]! + 1
                        next.append(v)
                    }
                    if dist[v] == dist[u]! + 1 { count[v, default: 0] += count[u]! }
                }
            }
            frontier = next
        }
        return (dist, count)
    }

    /// Whether `p` walks from `a` to `b` along real hops of the pattern, each relationship once.
    static func isValid(_ p: PathValue, _ g: Graph, _ a: EntityHandle, _ b: EntityHandle, _ types: [String], _ dir: Graph.Direction) -> Bool {
        guard p.nodes.first == a, p.nodes.last == b, p.nodes.count == p.relationships.count + 1,
            Set(p.relationships).count == p.relationships.count
        else { return false }
        for (k, r) in p.relationships.enumerated() {
            guard hops(g, p.nodes[k], types, dir).contains(where: { $0.0 == r && $0.1 == p.nodes[k + 1] }) else { return false }
        }
        return true
    }

    static let patterns: [(text: String, types: [String], dir: Graph.Direction, max: Int?)] = [
        ("-[*]->", [], .outgoing, nil),
        ("<-[*]-", [], .incoming, nil),
        ("-[*]-", [], .both, nil),
        ("-[:A*]->", ["A"], .outgoing, nil),
        ("-[:A|C*]->", ["A", "C"], .outgoing, nil),
        ("<-[:B|C*..3]-", ["B", "C"], .incoming, 3),
        ("-[:C*..2]-", ["C"], .both, 2),
    ]

    @Test(arguments: [(UInt64(1), false), (2, true), (3, true), (4, false)])
    func matchesBreadthFirstSearch(_ c: (seed: UInt64, symmetric: Bool)) throws {
        let g = Self.randomGraph(seed: c.seed, n: 40, m: 90, symmetricC: c.symmetric)
        var engine = QueryEngine(graph: g)
        let hs = Array(g.entityHandles)
        for pat in Self.patterns {
            for k in stride(from: 0, to: hs.count, by: 3) {
                let a = hs[k]
                let ref = Self.reference(g, a, pat.types, pat.dir)
                for b in hs where b != a {
                    let params: [String: Value] = ["a": .string(g[a].id), "b": .string(g[b].id)]
                    let want = ref.dist[b].flatMap { d in pat.max.map { d <= $0 ? d : nil } ?? d }
                    let one = try engine.run("MATCH (a {id: $a}), (b {id: $b}) MATCH p = shortestPath((a)\(pat.text)(b)) RETURN p", parameters: params)
                    let all = try engine.run("MATCH (a {id: $a}), (b {id: $b}) MATCH p = allShortestPaths((a)\(pat.text)(b)) RETURN p", parameters: params)
                    guard let want else {
                        #expect(one.rows.isEmpty, "\(pat.text) \(g[a].id)→\(g[b].id): no path expected")
                        #expect(all.rows.isEmpty)
                        continue
                    }
                    #expect(one.rows.count == 1)
                    if case .path(let p)? = one.rows.first?.first {
                        #expect(p.length == want, "\(pat.text) \(g[a].id)→\(g[b].id)")
                        #expect(Self.isValid(p, g, a, b, pat.types, pat.dir))
                    }
                    #expect(all.rows.count == ref.count[b], "\(pat.text) \(g[a].id)→\(g[b].id): number of shortest paths")
                    var seen = Set<PathValue>()
                    for row in all.rows {
                        guard case .path(let p)? = row.first else { Issue.record("not a path"); continue }
                        #expect(p.length == want)
                        #expect(Self.isValid(p, g, a, b, pat.types, pat.dir))
                        #expect(seen.insert(p).inserted, "each shortest path once")
                    }
                }
            }
        }
    }

    /// A reused engine (plan cache hits, search marks from earlier searches) answers like a
    /// fresh engine per query, and CREATE in between is seen by the next search.
    @Test func reusedEngineAnswersLikeFreshOne() throws {
        let g = Self.randomGraph(seed: 9, n: 30, m: 60, symmetricC: true)
        var reused = QueryEngine(graph: g)
        let q = "MATCH (a {id: $a}), (b {id: $b}) MATCH p = shortestPath((a)-[*]->(b)) RETURN [n IN nodes(p) | n.id]"
        for k in 0..<30 {
            let params: [String: Value] = ["a": .string("n\(k)"), "b": .string("n\((k * 7 + 3) % 30)")]
            var fresh = QueryEngine(graph: g)
            #expect(try reused.run(q, parameters: params).rows == fresh.run(q, parameters: params).rows)
        }
        let before = try reused.run("MATCH p = shortestPath((a {id: 'n0'})-[:Z*]->(b {id: 'n1'})) RETURN length(p)").rows
        #expect(before.isEmpty)
        _ = try reused.run("MATCH (a {id: 'n0'}), (b {id: 'n1'}) CREATE (a)-[:Z]->(b)")
        let after = try reused.run("MATCH p = shortestPath((a {id: 'n0'})-[:Z*]->(b {id: 'n1'})) RETURN length(p)").rows
        #expect(after == [[.value(.int(1))]])
        // A CREATE and a search in the same query: the search sees the new relationship.
        let same = try reused.run("MATCH (a {id: 'n2'}), (b {id: 'n3'}) CREATE (a)-[:Y]->(b) WITH a, b MATCH p = shortestPath((a)-[:Y*]->(b)) RETURN length(p)").rows
        #expect(same == [[.value(.int(1))]])
    }
}
