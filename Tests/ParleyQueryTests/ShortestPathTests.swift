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

    /// The path the search returned before it stopped at the first meeting (a bidirectional
    /// breadth-first search that widens the smaller frontier, completes each level and keeps the
    /// first of its shortest meetings), hops in ``Graph/neighbors(of:types:direction:)`` order:
    /// the search must return this very path, not only one as short.
    static func levelCompleteSearch(
        _ g: Graph, _ a: EntityHandle, _ b: EntityHandle, _ types: [String], _ dir: Graph.Direction, max: Int
    ) -> PathValue? {
        let typeSet = types.isEmpty ? nil : Set(types)
        let back: Graph.Direction = dir == .outgoing ? .incoming : dir == .incoming ? .outgoing : .both
        let dirs = [dir, back]
        var reach: [[EntityHandle: (depth: Int, via: EntityHandle, rel: RelationHandle?)]] = [[a: (0, a, nil)], [b: (0, b, nil)]]
        var frontiers = [[a], [b]]
        var levels = [0, 0]
        while !frontiers[0].isEmpty, !frontiers[1].isEmpty, levels[0] + levels[1] < max {
            let side = frontiers[0].count <= frontiers[1].count ? 0 : 1
            var next: [EntityHandle] = []
            var best: (total: Int, node: EntityHandle)?
            for u in frontiers[side] {
                for step in g.neighbors(of: u, types: typeSet, direction: dirs[side]) where reach[side][step.neighbor] == nil {
                    let v = step.neighbor
                    reach[side][v] = (levels[side] + 1, u, step.relation)
                    next.append(v)
                    if let o = reach[1 - side][v], best.map({ levels[side] + 1 + o.depth < $0.total }) ?? true {
                        best = (levels[side] + 1 + o.depth, v)
                    }
                }
            }
            levels[side] += 1
            frontiers[side] = next
            guard let best, best.total <= max else { continue }
            var nodes = [best.node], rels: [RelationHandle] = []
            var cur = best.node
            while let r = reach[0][cur]?.rel, let m = reach[0][cur] {
                rels.append(r)
                cur = m.via
                nodes.append(cur)
            }
            nodes.reverse()
            rels.reverse()
            cur = best.node
            while let r = reach[1][cur]?.rel, let m = reach[1][cur] {
                rels.append(r)
                cur = m.via
                nodes.append(cur)
            }
            return PathValue(nodes: nodes, relationships: rels)
        }
        return nil
    }

    /// `shortestPath` returns exactly the path of ``levelCompleteSearch`` (the same
    /// relationships, not only the same length), on random graphs in every direction and with
    /// type filters; one graph with relationships moved to other endpoints, so that adjacency
    /// order is not handle order.
    @Test(arguments: [(UInt64(11), false, false), (12, true, false), (13, false, true), (14, true, true)])
    func returnsThePathOfALevelCompleteSearch(_ c: (seed: UInt64, symmetric: Bool, moved: Bool)) throws {
        var g = Self.randomGraph(seed: c.seed, n: 70, m: 160, symmetricC: c.symmetric)
        if c.moved {
            let hs = Array(g.entityHandles)
            for (k, r) in Array(g.relationHandles).enumerated() where k % 7 == 0 {
                try g.updateRelation(r) { $0.to = hs[(k * 13) % hs.count] }
            }
        }
        var engine = QueryEngine(graph: g)
        let hs = Array(g.entityHandles)
        for pat in Self.patterns {
            for k in stride(from: 0, to: hs.count, by: 5) {
                let a = hs[k]
                for b in hs where b != a {
                    let params: [String: Value] = ["a": .string(g[a].id), "b": .string(g[b].id)]
                    let want = Self.levelCompleteSearch(g, a, b, pat.types, pat.dir, max: pat.max ?? Int.max)
                    let got = try engine.run("MATCH (a {id: $a}), (b {id: $b}) MATCH p = shortestPath((a)\(pat.text)(b)) RETURN p", parameters: params)
                    #expect(got.rows == (want.map { [[QueryValue.path($0)]] } ?? []), "\(pat.text) \(g[a].id)→\(g[b].id)")
                }
            }
        }
    }

    /// An engine whose graph changes (relationships removed, moved and added through
    /// ``QueryEngine/graph``) searches the new graph: nothing of the adjacency rows its earlier
    /// searches filled is reused.
    @Test func searchesSeeTheEnginesNewGraph() throws {
        let g = Self.randomGraph(seed: 21, n: 40, m: 100, symmetricC: false)
        var engine = QueryEngine(graph: g)
        let q = "MATCH (a {id: $a}), (b {id: $b}) MATCH p = shortestPath((a)-[*]-(b)) RETURN [r IN relationships(p) | id(r)], length(p)"
        let qAll = "MATCH (a {id: $a}), (b {id: $b}) MATCH p = allShortestPaths((a)<-[*]-(b)) RETURN p"
        func check() throws {
            var fresh = QueryEngine(graph: engine.graph)
            for k in 0..<40 {
                let params: [String: Value] = ["a": .string("n\(k)"), "b": .string("n\((k * 11 + 5) % 40)")]
                #expect(try engine.run(q, parameters: params).rows == fresh.run(q, parameters: params).rows)
                #expect(try engine.run(qAll, parameters: params).rows == fresh.run(qAll, parameters: params).rows)
            }
        }
        try check()
        let rels = Array(engine.graph.relationHandles)
        for r in rels.prefix(30) { _ = try engine.graph.removeRelation(r) }
        try check()
        let hs = Array(engine.graph.entityHandles)
        for (k, r) in rels.dropFirst(30).prefix(20).enumerated() {
            try engine.graph.updateRelation(r) { $0.from = hs[(k * 3) % hs.count] }
        }
        try check()
        for k in 0..<15 { _ = try engine.graph.addRelation(Relation(from: hs[k], type: "A", to: hs[(k + 17) % hs.count])) }
        try check()
    }
}
