import ParleyCore
import ParleyDiff
import Testing

@Suite struct SummaryTests {
    /// The dataset's way: the revised draft is a new proposal whose army cap REVISES the old one,
    /// which stays part of the 28-point plan.
    func revisedDraft() throws -> (Graph, Graph) {
        let a = try beforeGeneva()
        var b = a
        try b.addEntity(Entity(id: "geneva-draft", type: "Proposal", name: "Revised draft"))
        try b.addEntity(Entity(id: "army-cap-800k", type: "Provision", name: "Army capped at 800,000", attributes: ["limit": 800_000, "topic": "military"]))
        try b.addRelation(PortableRelation(from: "army-cap-800k", type: "PART_OF", to: "geneva-draft"))
        try b.addRelation(PortableRelation(from: "army-cap-800k", type: "REVISES", to: "army-cap"))
        try b.addRelation(PortableRelation(from: "geneva-draft", type: "REVISES", to: "plan-28"))
        try b.addRelation(PortableRelation(from: "ukraine", type: "SUPPORTS", to: "geneva-draft"))
        try b.addRelation(PortableRelation(from: "zelensky", type: "SUPPORTS", to: "geneva-draft"))
        try b.addRelation(PortableRelation(from: "dmitriev", type: "REJECTS", to: "geneva-draft"))
        let partOf = b.relations(ofType: "PART_OF").first { b.fromID($0) == "amnesty" }!
        try b.updateRelation(partOf) { $0.attributes["note"] = "dropped from the final proposal" }
        return (a, b)
    }

    @Test func aRevisingProvisionInANewProposalIsOneChangeWithBothValues() throws {
        let (a, b) = try revisedDraft()
        let s = DiffReport(before: a, after: b, rules: negotiationRules).summary
        let draft = try #require(s.proposals.first { $0.proposal.id == "geneva-draft" })
        #expect(draft.added.isEmpty && draft.dropped.isEmpty)
        #expect(draft.changed.count == 1)
        let cap = try #require(draft.changed.first)
        #expect(cap.isRevision && cap.before.id == "army-cap" && cap.after.id == "army-cap-800k")
        #expect(cap.attributeChanges == [AttributeChange(name: "limit", before: 600_000, after: 800_000)])
        // A note on a provision's membership is a change of that provision in its proposal.
        let plan = try #require(s.proposals.first { $0.proposal.id == "plan-28" })
        #expect(plan.changed.map(\.after.id) == ["amnesty"])
        #expect(plan.changed.first?.membershipChanges == [AttributeChange(name: "note", before: nil, after: "dropped from the final proposal")])
    }

    @Test func officialsCountForThePartyTheyRepresent() throws {
        let (a, b) = try revisedDraft()
        let s = DiffReport(before: a, after: b, rules: negotiationRules).summary
        let ukraine = try #require(s.parties.first { $0.party.id == "ukraine" })
        #expect(ukraine.gained.map { "\($0.relation.type) \($0.target.id) \($0.voicedBy?.id ?? "-")" }
            == ["SUPPORTS geneva-draft -", "SUPPORTS geneva-draft zelensky"])
        let russia = try #require(s.parties.first { $0.party.id == "russia" })
        #expect(russia.gained.map { "\($0.relation.type) \($0.target.id) \($0.voicedBy?.id ?? "-")" } == ["REJECTS geneva-draft dmitriev"])
        #expect(s.parties.map(\.party.id) == ["russia", "ukraine"])
    }

    @Test func lostStancesCountForTheBeforeSide() throws {
        let (a, b) = try revisedDraft()
        let s = DiffReport(before: b, after: a, rules: negotiationRules).summary
        let russia = try #require(s.parties.first { $0.party.id == "russia" })
        #expect(russia.lost.map { "\($0.relation.type) \($0.target.id) \($0.voicedBy?.id ?? "-")" } == ["REJECTS geneva-draft dmitriev"])
    }
}
