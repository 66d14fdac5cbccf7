import ParleyCore
import ParleyDiff
import ParleyIO
import ParleySchema
import ParleyTestSupport
import Testing

/// The diff between the snapshots of graphs/ukraine-2025/ tells the story its README promises,
/// and nothing else.
@Suite struct DatasetDiffTests {
    static let files = ["2025-11-21-28-point-plan.yaml", "2025-11-24-after-geneva.yaml", "2025-11-26-after-abu-dhabi.yaml"]

    func load(_ name: String) throws -> Graph {
        let path = Paths.graphs.appendingPathComponent("ukraine-2025/\(name)").path
        let loaded = try GraphLoader.load(path)
        #expect(!loaded.hasErrors, "\(loaded.diagnostics)")
        var g = loaded.graph
        try Schema.load(path: Paths.schema.path).canonicalize(&g)
        return g
    }

    func report(_ i: Int, _ j: Int) throws -> DiffReport {
        let rules = DiffRules(schema: try Schema.load(path: Paths.schema.path))
        return DiffReport(before: try load(Self.files[i]), after: try load(Self.files[j]), rules: rules)
    }

    func phrases(_ rs: [PortableRelation]) -> [String] { rs.map { "\($0.from) \($0.type) \($0.to)" } }

    @Test func geneva() throws {
        let r = try report(0, 1)
        let d = r.diff
        // Nothing disappears but Driscoll's ultimatum; nothing is renamed or retyped.
        #expect(d.entitiesRemoved.isEmpty)
        #expect(d.entitiesChanged.allSatisfy { !$0.isRename && !$0.isRetype })
        #expect(phrases(d.relationsRemoved) == ["driscoll DEMANDS 28-point-plan"])
        #expect(d.stanceShifts.isEmpty)
        // The army cap: one change in the revised draft, 600,000 → 800,000.
        let draft = try #require(r.summary.proposals.first { $0.proposal.id == "geneva-draft" })
        #expect(draft.added.isEmpty && draft.dropped.isEmpty)
        let cap = try #require(draft.changed.first { $0.isRevision })
        #expect(cap.before.id == "army-cap-600k" && cap.after.id == "army-cap-800k")
        #expect(cap.attributeChanges.contains(AttributeChange(name: "limit", before: 600_000, after: 800_000)))
        // Provisions reported dropped from the final proposal are marked so in the 28-point plan.
        let plan = try #require(r.summary.proposals.first { $0.proposal.id == "28-point-plan" })
        let dropped = plan.changed.filter { c in
            c.membershipChanges.contains { $0.name == "note" && ($0.after?.stringValue ?? "").contains("dropped") }
        }
        #expect(Set(dropped.map(\.after.id)).isSuperset(of: ["amnesty", "cede-donetsk"]))
        #expect(plan.added.isEmpty && plan.dropped.isEmpty)
        // Stances: Ukraine backs the revised draft; the US loses Driscoll's demand.
        let ukraine = try #require(r.summary.parties.first { $0.party.id == "ukraine" })
        #expect(ukraine.gained.contains { $0.relation.type == "SUPPORTS" && $0.target.id == "geneva-draft" })
        let us = try #require(r.summary.parties.first { $0.party.id == "united-states" })
        #expect(us.lost.map { "\($0.relation.type) \($0.target.id) \($0.voicedBy?.id ?? "-")" } == ["DEMANDS 28-point-plan driscoll"])
        // Geneva: planned, then held (the meeting and the US–Ukraine encounter).
        let geneva = try #require(d.entitiesChanged.first { $0.after.id == "geneva-talks" })
        #expect(geneva.attributeChanges.contains(AttributeChange(name: "status", before: "planned", after: "held")))
        let met = try #require(d.relationsChanged.first { $0.after.type == "MEETS_WITH" && $0.after.to == "ukraine" })
        #expect(met.attributeChanges.contains(AttributeChange(name: "status", before: "planned", after: "held")))
    }

    @Test func abuDhabi() throws {
        let r = try report(1, 2)
        let d = r.diff
        #expect(d.entitiesRemoved.isEmpty && d.relationsRemoved.isEmpty)
        #expect(d.entitiesChanged.allSatisfy { !$0.isRename && !$0.isRetype })
        // Trump's two stances that moved, each one shift.
        #expect(d.stanceShifts.map { "\($0.after.from) \($0.before.type) → \($0.after.type) \($0.after.to)" }
            == ["trump DEMANDS → PROPOSES 28-point-plan", "trump DEMANDS → REJECTS thursday-deadline"])
        let us = try #require(r.summary.parties.first { $0.party.id == "united-states" })
        #expect(us.shifted.count == 2 && us.shifted.allSatisfy { $0.voicedBy?.id == "trump" })
        // The Trump–Zelensky meeting: proposed, then ruled out.
        let meeting = try #require(d.entitiesChanged.first { $0.after.id == "trump-zelensky-meeting" })
        #expect(meeting.attributeChanges.contains(AttributeChange(name: "status", before: "proposed", after: "ruled-out")))
        // New meetings planned.
        for id in ["witkoff-moscow-visit", "driscoll-kyiv-visit"] {
            let e = try #require(d.entitiesAdded.first { $0.id == id })
            #expect(e.attributes["status"] == "planned")
        }
        // Russia holds on to the original plan.
        let russia = try #require(r.summary.parties.first { $0.party.id == "russia" })
        #expect(russia.gained.contains { $0.relation.type == "SUPPORTS" && $0.target.id == "28-point-plan" })
    }

    @Test(arguments: [0, 1, 2])
    func aSnapshotAgainstAReorderedCopyOfItselfIsEqual(_ i: Int) throws {
        let g = try load(Self.files[i])
        var copy = Graph(metadata: g.metadata)
        copy.setSources(g.sources.reversed())
        for e in g.entities.reversed() { try copy.addEntity(e) }
        for h in Array(g.relationHandles).reversed() { try copy.addRelation(g.portable(h)) }
        let d = GraphDiff(from: g, to: copy, rules: DiffRules(schema: try Schema.load(path: Paths.schema.path)))
        #expect(d.isExactlyEmpty)
    }

    @Test(arguments: [(0, 1), (1, 2), (0, 2), (2, 0)])
    func applyingTheDiffBetweenSnapshotsGivesTheLaterOne(_ i: Int, _ j: Int) throws {
        let r = try report(i, j)
        let out = try r.before.applying(r.diff)
        #expect(out == r.after, "\(out.differences(from: r.after))")
    }
}
