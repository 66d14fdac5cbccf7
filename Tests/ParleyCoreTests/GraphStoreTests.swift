import ParleyCore
import Testing

@Suite struct GraphStoreTests {
    func sample() throws -> Graph {
        var g = Graph()
        let ru = try g.addEntity(Entity(id: "russia", type: "Party", name: "Russia", aliases: ["Moscow", "Russian Federation"]))
        let ua = try g.addEntity(Entity(id: "ukraine", type: "Party", name: "Ukraine", aliases: ["Kyiv", "Kiev"]))
        let z = try g.addEntity(
            Entity(id: "zelensky", type: "Official", name: "Volodymyr Zelensky", aliases: ["Zelenskyy", "Zelenskyj"]))
        let dw = try g.addEntity(Entity(id: "donbas-withdrawal", type: "Provision", name: "Withdrawal from Donbas"))
        try g.addRelation(Relation(from: ru, type: "DEMANDS", to: dw))
        try g.addRelation(Relation(from: ua, type: "REJECTS", to: dw))
        try g.addRelation(Relation(from: z, type: "REPRESENTS", to: ua))
        try g.addRelation(Relation(from: z, type: "MEETS_WITH", to: ru, attributes: ["date": .date(LocalDate(iso: "2025-11-25")!)]))
        g.symmetricTypes = ["MEETS_WITH"]
        #expect(g.checkInvariants() == [])
        return g
    }

    @Test func indexesAnswerLookups() throws {
        let g = try sample()
        let ru = try #require(g.handle(forID: "russia"))
        #expect(g.relations(from: ru, ofType: "DEMANDS").map { g.toID($0) } == ["donbas-withdrawal"])
        #expect(g.entities(ofType: "Party").count == 2)
        #expect(g.relationTypeCounts == ["DEMANDS": 1, "REJECTS": 1, "REPRESENTS": 1, "MEETS_WITH": 1])
    }

    @Test func fieldsReadInPlaceMatchTheWholeEntity() throws {
        var g = try sample()
        let p = try g.addEntity(Entity(id: "p", type: "", labels: ["Party", "Delegation"], attributes: ["stance": .string("firm")]))
        for h in g.entityHandles {
            let e = g[h]
            #expect(g.id(of: h) == e.id)
            #expect(g.attribute("stance", of: h) == e.attributes["stance"])
            for label in ["Party", "Official", "Delegation", ""] {
                #expect(g.hasLabel(label, h) == e.allLabels.contains(label), "\(e.id) \(label)")
            }
        }
        #expect(g.attribute("stance", of: p) == .string("firm"))
        #expect(g.hasLabel("Delegation", p) && !g.hasLabel("", p))
    }

    @Test(arguments: ["Zelenskyy", "zelenskyj", "ZELENSKY", "Volodymyr  Zelensky", "zelenskyy"])
    func aliasLookupIgnoresCaseAndSpacing(_ spelling: String) throws {
        let g = try sample()
        #expect(g.resolve(spelling).map { g[$0].id } == ["zelensky"])
    }

    @Test func aliasLookupIgnoresDiacritics() throws {
        var g = Graph()
        try g.addEntity(Entity(id: "dmitriev", type: "Official", name: "Kirill Dmitriev", aliases: ["Dmítriev"]))
        #expect(g.resolve("dmitriev").count == 1)
        #expect(g.resolve("DMÍTRIEV").count == 1)
        #expect(g.resolve("Kirill Dmitriev").count == 1)
        #expect(g.resolve("Kirill").isEmpty)
    }

    @Test func symmetricRelationsWalkFromEitherEnd() throws {
        let g = try sample()
        let ru = try #require(g.handle(forID: "russia"))
        let out = g.neighbors(of: ru, types: ["MEETS_WITH"], direction: .outgoing)
        #expect(out.map { g[$0.neighbor].id } == ["zelensky"])
        let ua = try #require(g.handle(forID: "ukraine"))
        #expect(g.neighbors(of: ua, types: ["REPRESENTS"], direction: .outgoing).isEmpty)
        #expect(g.neighbors(of: ua, types: ["REPRESENTS"], direction: .incoming).count == 1)
    }

    @Test func selfLoopsAreReportedOnceInEveryDirection() throws {
        var g = Graph()
        let a = try g.addEntity(Entity(id: "a", type: "Party"))
        try g.addRelation(Relation(from: a, type: "ADVISES", to: a))
        #expect(g.neighbors(of: a, direction: .outgoing).count == 1)
        #expect(g.neighbors(of: a, direction: .incoming).count == 1)
        #expect(g.neighbors(of: a, direction: .both).count == 1)
        g.symmetricTypes = ["ADVISES"]
        #expect(g.neighbors(of: a, direction: .incoming).count == 1)
    }

    @Test func invariantsHoldAfterEveryMutation() throws {
        var g = try sample()
        let z = try #require(g.handle(forID: "zelensky"))
        try g.updateEntity(z) { $0.id = "zelenskyy"; $0.aliases.append("Зеленський"); $0.type = "Leader" }
        #expect(g.checkInvariants() == [])
        #expect(g.resolve("Зеленський").map { g[$0].id } == ["zelenskyy"])
        #expect(g.entities(ofType: "Official").isEmpty)
        let r = g.relations(ofType: "MEETS_WITH")[0]
        let ua = try #require(g.handle(forID: "ukraine"))
        try g.updateRelation(r) { $0.type = "CALLS"; $0.to = ua }
        #expect(g.checkInvariants() == [])
        try g.removeEntity(try #require(g.handle(forID: "ukraine")))
        #expect(g.checkInvariants() == [])
        #expect(g.relationCount == 1)
        #expect(g.entityCount == 3)
        #expect(throws: GraphError.duplicateEntityID("russia")) {
            try g.updateEntity(g.handle(forID: "zelenskyy")!) { $0.id = "russia" }
        }
        #expect(g.checkInvariants() == [])
        #expect(throws: GraphError.unknownEntity("nobody")) {
            try g.addRelation(from: "nobody", type: "DEMANDS", to: "russia")
        }
    }

    @Test func equalityIgnoresOrder() throws {
        let g = try sample()
        var h = Graph()
        for e in g.entities.reversed() { try h.addEntity(e) }
        for r in g.relationHandles.reversed() { try h.addRelation(g.portable(r)) }
        #expect(g == h)
        #expect(g.differences(from: h) == [])
        try h.addRelation(from: "russia", type: "DEMANDS", to: "donbas-withdrawal")
        #expect(g != h)
    }

    @Test func restrictionToADateDropsRelationsOutsideTheirValidity() throws {
        var g = try sample()
        let r = g.relations(ofType: "DEMANDS")[0]
        try g.updateRelation(r) { $0.validFrom = LocalDate(iso: "2025-11-20"); $0.validUntil = LocalDate(iso: "2025-11-23") }
        #expect(g.restricted(to: LocalDate(iso: "2025-11-21")!).relationCount == 4)
        #expect(g.restricted(to: LocalDate(iso: "2025-11-24")!).relationCount == 3)
        #expect(g.restricted(to: LocalDate(iso: "2025-11-24")!).checkInvariants() == [])
    }

    @Test func datesParseStrictlyAndKnowTheirWeekday() {
        #expect(LocalDate(iso: "2025-02-29") == nil)
        #expect(LocalDate(iso: "2024-02-29") != nil)
        #expect(LocalDate(iso: "2025-1-01") == nil)
        #expect(LocalDate(iso: "2025-11-23")!.weekday == 7)  // a Sunday (Geneva round)
        #expect(LocalDate(iso: "2025-11-23")!.adding(days: 2).description == "2025-11-25")
    }

    @Test func didYouMeanFindsCloseNames() {
        #expect(closestMatch(to: "DEMAND", among: ["DEMANDS", "REJECTS"]) == "DEMANDS")
        #expect(closestMatch(to: "moscw", among: ["moscow", "kyiv"]) == "moscow")
        #expect(closestMatch(to: "xyz", among: ["moscow", "kyiv"]) == nil)
    }

    /// A taken id is refused (one look-up of the id) and the id keeps naming the first entity;
    /// labels of an entity with and without further labels are indexed alike.
    @Test func aTakenIdIsRefusedAndKeepsItsEntity() throws {
        var g = try sample()
        let first = try #require(g.handle(forID: "russia"))
        let before = g
        #expect(throws: GraphError.duplicateEntityID("russia")) { try g.addEntity(Entity(id: "russia", type: "Official")) }
        #expect(g.handle(forID: "russia") == first && g[first].type == "Party")
        #expect(g == before && g.checkInvariants() == [])
        let n = try g.addEntity(Entity(id: "nato", type: "Organization", labels: ["Alliance", "Organization"]))
        let e = try g.addEntity(Entity(id: "eu", type: "Organization"))
        let u = try g.addEntity(Entity(id: "untyped", type: ""))
        #expect(g.entities(ofType: "Organization") == [n, e])
        #expect(g.entities(ofType: "Alliance") == [n])
        #expect(g.labelCounts[""] == nil && g.handle(forID: "untyped") == u && g.checkInvariants() == [])
    }
}
