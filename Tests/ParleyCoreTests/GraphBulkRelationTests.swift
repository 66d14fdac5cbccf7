import ParleyCore
import Testing

/// `addRelations` gives the same store as adding the relations one by one.
@Suite struct GraphBulkRelationTests {
    /// A small graph with `entities` entities, some of them removed, and a few relations already.
    func base(entities: Int) throws -> Graph {
        var g = Graph()
        for i in 0..<entities { try g.addEntity(Entity(id: "e\(i)", type: i % 2 == 0 ? "Party" : "Official")) }
        try g.addRelation(Relation(from: EntityHandle(0), type: "SUPPORTS", to: EntityHandle(1)))
        try g.removeEntity(EntityHandle(entities - 1))
        return g
    }

    /// Pseudo-random relations among the live entities (self-loops and repeats included).
    func relations(_ n: Int, entities: Int, seed: UInt64) -> ContiguousArray<Relation> {
        var state = seed
        func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(bound))
        }
        let types = ["SUPPORTS", "REJECTS", "MEETS_WITH"]
        return ContiguousArray((0..<n).map { i in
            Relation(from: EntityHandle(next(entities - 1)), type: types[next(3)], to: EntityHandle(next(entities - 1)),
                     attributes: i % 3 == 0 ? ["n": .int(i)] : [:])
        })
    }

    @Test(arguments: [(0, false), (1, false), (200, false), (200, true)])
    func bulkEqualsOneByOne(_ n: Int, _ startEmpty: Bool) throws {
        var one = startEmpty ? Graph() : try base(entities: 30)
        if startEmpty { for i in 0..<30 { try one.addEntity(Entity(id: "e\(i)", type: "Party")) } }
        var bulk = one
        let list = relations(n, entities: 30, seed: UInt64(n) + 7)
        var handles: [RelationHandle] = []
        for r in list { handles.append(try one.addRelation(r)) }
        let first = bulk.relationCapacity
        try bulk.addRelations(list)
        #expect(bulk.checkInvariants() == [])
        #expect(bulk == one)
        #expect(handles == (first..<first + n).map { RelationHandle($0) })
        for e in one.entityHandles {
            #expect(bulk.relations(from: e, ofType: "SUPPORTS") == one.relations(from: e, ofType: "SUPPORTS"))
            #expect(bulk.neighbors(of: e, types: nil, direction: .both).map(\.relation)
                == one.neighbors(of: e, types: nil, direction: .both).map(\.relation))
        }
        for h in handles { #expect(bulk[h] == one[h]) }
    }

    @Test func aRelationToARemovedEntityAddsNothing() throws {
        var g = try base(entities: 5)
        let before = g
        let list: ContiguousArray = [Relation(from: EntityHandle(0), type: "X", to: EntityHandle(1)),
                                     Relation(from: EntityHandle(0), type: "X", to: EntityHandle(4))]
        #expect(throws: GraphError.removedEntity(EntityHandle(4))) { try g.addRelations(list) }
        #expect(g == before)
        #expect(g.relationCapacity == before.relationCapacity)
        #expect(g.checkInvariants() == [])
    }
}
