import ParleyCore
import ParleyDiff
import Testing

@Suite struct ApplyTests {
    @Test func applyingTheDiffGivesTheTarget() throws {
        let a = try beforeGeneva()
        let b = try afterGeneva()
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        let out = try a.applying(d)
        #expect(out == b, "\(out.differences(from: b))")
        #expect(out.checkInvariants() == [])
    }

    @Test func thePatchFileRoundTrips() throws {
        let d = GraphDiff(from: try beforeGeneva(), to: try afterGeneva(), rules: negotiationRules)
        let text = PatchFile.encode(d)
        #expect(try PatchFile.decode(text, file: "p.json") == d)
        #expect(PatchFile.encode(try PatchFile.decode(text, file: "p.json")) == text)
        #expect(text.contains(#""limit": 600000"#) && text.contains(#""$date": "2025-11-30""#))
    }

    @Test func aPatchThatDoesNotFitIsRefusedWithEveryReason() throws {
        let a = try beforeGeneva()
        let d = GraphDiff(from: a, to: try afterGeneva(), rules: negotiationRules)
        var other = a
        try other.removeEntity(other.handle(forID: "zelensky")!)  // the patch renames it
        try other.updateEntity(other.handle(forID: "army-cap")!) { $0.attributes["limit"] = 700_000 }
        try other.addSource(Source(id: "bbc"))
        #expect(throws: PatchConflict.self) { try other.applying(d) }
        do {
            _ = try other.applying(d)
        } catch {
            let text = error.description
            #expect(text.contains("entity 'zelensky' to change is not in the base"))
            #expect(text.contains("entity 'army-cap': attribute limit is 700000 in the base, the patch expects 600000"))
            #expect(text.contains("source 'bbc' to add is already in the base"))
        }
    }

    @Test func aRelationToRemoveMustBeThere() throws {
        let a = try beforeGeneva()
        let d = GraphDiff(from: a, to: try afterGeneva(), rules: negotiationRules)
        var other = a
        try other.removeRelation(other.relations(ofType: "DEMANDS").first { other.toID($0) == "plan-28" }!)
        do {
            _ = try other.applying(d)
            Issue.record("the patch was applied")
        } catch {
            #expect(error.problems == ["relation usa DEMANDS plan-28 to remove is not in the base as the patch records it"])
        }
    }

    @Test(arguments: [
        (#"{"parley_patch": 1, "entities": {"add": [{"id": "x"}]}}"#, "p.json:1:42: error: missing 'type'"),
        (#"{"parley_patch": 2}"#, "p.json:1:18: error: patch version 2 is not supported (this parley reads 1)"),
        ("{\n  \"nodes\": []\n}", "p.json:2:12: error: unknown key 'nodes'"),
        (#"{"parley_patch": 1, "relations": {"add": [{"from": "a", "type": "T", "to": "b", "attributes": {"d": {"$date": "2025-02-30"}}}]}}"#,
         "p.json:1:111: error: expected a date YYYY-MM-DD"),
        ("{\"parley_patch\": 1,", "p.json:1:20: error: unexpected end of input"),
    ])
    func badPatchesAreReportedWithPositions(_ text: String, _ expected: String) {
        do {
            _ = try PatchFile.decode(text, file: "p.json")
            Issue.record("decoded")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error)")
        }
    }
}

@Suite struct PatchTextTests {
    @Test(arguments: ["plain", "say \"hi\"", "back\\slash", "line\nbreak\ttab", "\u{2028}sep", "Зеленський — “quoted”", "🇺🇦", "\u{7F}\u{01}", ""])
    func hostileStringsRoundTripThroughAPatch(_ name: String) throws {
        var a = Graph()
        try a.addEntity(Entity(id: "x", type: "Party"))
        var b = a
        try b.updateEntity(b.handle(forID: "x")!) { $0.name = name; $0.attributes[name] = .string(name) }
        let d = GraphDiff(from: a, to: b)
        let text = PatchFile.encode(d)
        #expect(!text.contains("\u{2028}") && !text.contains("\u{01}"))
        #expect(try PatchFile.decode(text, file: "p.json") == d)
    }
}
