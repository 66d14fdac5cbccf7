import ParleyCore
import ParleyDiff
import Testing

@Suite struct DiffEngineTests {
    @Test func equalGraphsGiveAnEmptyDiff() throws {
        let a = try beforeGeneva()
        let d = GraphDiff(from: a, to: a, rules: negotiationRules)
        #expect(d.isEmpty)
        #expect(d.isExactlyEmpty)
    }

    @Test func reorderingAFileGivesAnEmptyDiff() throws {
        let a = try afterGeneva()
        let d = GraphDiff(from: a, to: try reversed(a), rules: negotiationRules)
        #expect(d.isExactlyEmpty, "\(PatchFile.encode(d))")
    }

    @Test func symmetricRelationWrittenTheOtherWayRoundIsNotAChange() throws {
        let a = try beforeGeneva()
        var b = a
        let m = b.relations(ofType: "MEETS_WITH")[0]
        try b.updateRelation(m) { swap(&$0.from, &$0.to) }
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        #expect(d.isEmpty)
        #expect(d.relationsChanged.count == 1)  // kept for the patch, so that replaying is exact
        #expect(try a.applying(d) == b)
    }

    @Test func reportsTheKnownChanges() throws {
        let d = GraphDiff(from: try beforeGeneva(), to: try afterGeneva(), rules: negotiationRules)
        #expect(d.metadata?.after.id == "after-geneva")
        #expect(d.sourcesAdded.map(\.id) == ["bbc"])
        #expect(d.entitiesAdded.isEmpty)
        #expect(d.entitiesRemoved.map(\.id) == ["amnesty"])
        // The army cap: one entity change with both values.
        let cap = try #require(d.entitiesChanged.first { $0.after.id == "army-cap" })
        #expect(cap.attributeChanges == [AttributeChange(name: "limit", before: 600_000, after: 800_000)])
        // Zelensky renamed (matched by name), with an alias added.
        let z = try #require(d.entitiesChanged.first { $0.after.id == "zelenskyy" })
        #expect(z.isRename && z.before.id == "zelensky")
        #expect(z.aliasesAdded == ["Zelenskyj"] && z.aliasesRemoved.isEmpty)
        // One stance shift, not a removal and an addition.
        #expect(d.stanceShifts.map { "\($0.before.from) \($0.before.type) → \($0.after.type) \($0.after.to)" } == ["usa DEMANDS → SUPPORTS plan-28"])
        // The meeting: status planned → held and a citation added; the later meeting is a new one.
        let m = try #require(d.relationsChanged.first { $0.after.type == "MEETS_WITH" })
        #expect(m.attributeChanges == [AttributeChange(name: "status", before: "planned", after: "held")])
        #expect(m.citationsAdded == [Citation(source: "bbc", quote: "met in Geneva")])
        #expect(d.relationsAdded.map { "\($0.from) \($0.type) \($0.to) \($0.attributes["date"]!)" } == ["umerov MEETS_WITH witkoff 2025-11-30"])
        // The amnesty provision goes with its PART_OF; the renamed official's relations are not changes.
        #expect(d.relationsRemoved.map { "\($0.from) \($0.type) \($0.to)" } == ["amnesty PART_OF plan-28"])
        #expect(d.relationsChanged.count == 1)
    }

    @Test func twoMeetingsOnDifferentDatesStayTwo() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "x", type: "Official"))
        try a.addEntity(Entity(id: "y", type: "Official"))
        try a.addRelation(PortableRelation(from: "x", type: "MEETS_WITH", to: "y", attributes: ["date": day("2025-11-01"), "status": "held"]))
        var b = a
        try b.addRelation(PortableRelation(from: "y", type: "MEETS_WITH", to: "x", attributes: ["date": day("2025-11-08"), "status": "planned"]))
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        #expect(d.relationsChanged.isEmpty)
        #expect(d.relationsAdded.count == 1)
        #expect(try a.applying(d) == b)
    }

    @Test func duplicateRelationsAreMatchedAsAMultiset() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "x", type: "Party"))
        try a.addEntity(Entity(id: "y", type: "Provision"))
        try a.addRelation(PortableRelation(from: "x", type: "DEMANDS", to: "y"))
        var b = a
        try b.addRelation(PortableRelation(from: "x", type: "DEMANDS", to: "y"))
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        #expect(d.relationsAdded.count == 1 && d.relationsChanged.isEmpty && d.stanceShifts.isEmpty)
        #expect(try a.applying(d) == b)
    }

    @Test func ambiguousRenamesAreNotGuessed() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "old", type: "Official", name: "Smith"))
        var b = Graph()
        try b.addEntity(Entity(id: "new1", type: "Official", name: "Smith"))
        try b.addEntity(Entity(id: "new2", type: "Official", aliases: ["smith"]))
        let d = GraphDiff(from: a, to: b)
        #expect(d.entitiesChanged.isEmpty)
        #expect(d.entitiesRemoved.map(\.id) == ["old"])
        #expect(d.entitiesAdded.map(\.id) == ["new1", "new2"])
    }

    @Test func aRenameMatchesByAliasAndTheSameTypeBreaksTies() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "kiev", type: "Place", name: "Kiev"))
        var b = Graph()
        try b.addEntity(Entity(id: "kyiv", type: "Place", name: "Kyiv", aliases: ["Kiev"]))
        try b.addEntity(Entity(id: "kyiv-oblast", type: "Region", name: "Kiev"))
        let d = GraphDiff(from: a, to: b)
        #expect(d.entitiesChanged.map { "\($0.before.id)→\($0.after.id)" } == ["kiev→kyiv"])
        #expect(d.entitiesAdded.map(\.id) == ["kyiv-oblast"])
    }

    @Test func retypeAndValidityAreReported() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "x", type: "Party"))
        try a.addEntity(Entity(id: "geneva", type: "Region"))
        try a.addRelation(PortableRelation(from: "x", type: "CONTROLS", to: "geneva"))
        var b = a
        try b.updateEntity(b.handle(forID: "geneva")!) { $0.type = "Place" }
        try b.updateRelation(b.relations(ofType: "CONTROLS")[0]) { $0.validUntil = date("2025-11-30") }
        let d = GraphDiff(from: a, to: b)
        #expect(d.entitiesChanged.map(\.isRetype) == [true])
        #expect(d.relationsChanged.map(\.validityChanged) == [true])
    }
}
