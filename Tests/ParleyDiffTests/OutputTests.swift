import ParleyCore
import ParleyDiff
import Testing

@Suite struct OutputTests {
    func report() throws -> DiffReport {
        DiffReport(before: try beforeGeneva(), after: try afterGeneva(), rules: negotiationRules)
    }

    @Test func textGroupsByPartyAndProposal() throws {
        let text = TextRenderer.render(try report(), color: false)
        print(text)
        #expect(!text.contains("\u{1B}["))
        #expect(text.contains("parley diff: before-geneva (2025-11-21) → after-geneva (2025-11-24)"))
        #expect(text.contains("""
            By party
              United States (usa)
                ~ shifted  DEMANDS → SUPPORTS 28-point plan (plan-28)
            """))
        #expect(text.contains("""
            By proposal
              28-point plan (plan-28)
                - dropped  Full amnesty (amnesty)
                ~ changed  Cap on Ukraine's army (army-cap): limit 600000 → 800000
            """))
        #expect(text.contains("~ renamed  zelensky → zelenskyy"))
        #expect(text.contains("~ changed  witkoff MEETS_WITH umerov [date 2025-11-23, mode in-person]: status planned → held; citation added bbc \"met in Geneva\""))
    }

    @Test func colourOnlyWhenAsked() throws {
        let text = TextRenderer.render(try report(), color: true)
        #expect(text.contains("\u{1B}[32m+ added    \u{1B}[0m"))
    }

    @Test func anEmptyDiffSaysSo() throws {
        let a = try beforeGeneva()
        let text = TextRenderer.render(DiffReport(before: a, after: a, rules: negotiationRules), color: false)
        #expect(text == "parley diff: before-geneva (2025-11-21) → before-geneva (2025-11-21)\nNo differences.\n")
    }
}

@Suite struct MachineOutputTests {
    func report() throws -> DiffReport {
        DiffReport(before: try beforeGeneva(), after: try afterGeneva(), rules: negotiationRules)
    }

    @Test func jsonListsAtomicChangesAndSummaries() throws {
        let json = JSONRenderer.render(try report())
        #expect(json.hasPrefix("{\n  \"format\": \"parley-diff\",\n  \"version\": 1,"))
        #expect(json.contains(#""kind": "entity.renamed""#))
        #expect(json.contains(#""kind": "stance.shifted""#))
        #expect(json.contains("""
                  "kind": "entity.attribute_changed",
                  "id": "army-cap",
                  "attribute": "limit",
                  "before": 600000,
                  "after": 800000
            """))
        #expect(json.contains(#""equal": false"#))
        #expect(json == JSONRenderer.render(try report()))  // deterministic
    }

    /// The JSON document is handed over in parts (the skeleton and the pieces written on the
    /// other cores), in order; a sink that throws gets nothing more.
    @Test func jsonIsHandedOverInPartsThatMakeTheDocument() throws {
        let r = try report()
        var parts: [ArraySlice<UInt8>] = []
        JSONRenderer.write(r) { parts.append(ArraySlice($0)) }
        #expect(parts.count > 3)
        let text = String(decoding: Array(parts.joined()), as: UTF8.self)
        #expect(text == JSONRenderer.render(r))
        #expect(text.hasPrefix("{\n  \"format\": \"parley-diff\"") && text.hasSuffix("\n  ]\n}\n"))

        struct Full: Error {}
        var calls = 0
        #expect(throws: Full.self) {
            try JSONRenderer.write(r) { (_) throws(Full) in
                calls += 1
                if calls == 2 { throw Full() }
            }
        }
        #expect(calls == 2)
    }

    /// The document made from a diff alone (its summary made while the changes are written)
    /// is the report's.
    @Test func jsonFromADiffIsTheReports() throws {
        let (a, b) = (try beforeGeneva(), try afterGeneva())
        let d = GraphDiff(from: a, to: b, rules: negotiationRules)
        var bytes: [UInt8] = []
        JSONRenderer.write(d, from: a, to: b, rules: negotiationRules) { bytes += $0 }
        #expect(String(decoding: bytes, as: UTF8.self) == JSONRenderer.render(try report()))
        let same = GraphDiff(from: a, to: a, rules: negotiationRules)
        bytes = []
        JSONRenderer.write(same, from: a, to: a, rules: negotiationRules) { bytes += $0 }
        #expect(String(decoding: bytes, as: UTF8.self) == JSONRenderer.render(DiffReport(before: a, after: a, rules: negotiationRules)))
        #expect(String(decoding: bytes, as: UTF8.self).contains("\"parties\": [],\n  \"proposals\": [],\n  \"changes\": []\n}"))
    }

    @Test func dotColoursChangesAndGraphvizAcceptsIt() throws {
        let dot = DOTRenderer.render(try report())
        #expect(dot.contains(##""amnesty" [label="Full amnesty\nProvision", color="#c62828""##))
        #expect(dot.contains(##""usa" -> "plan-28" [label="DEMANDS → SUPPORTS", color="#ef6c00""##))
        #expect(dot.contains(##""army-cap" [label="Cap on Ukraine's army\nProvision\nlimit 600000 → 800000", color="#ef6c00""##))
        #expect(dot.contains(##""russia" -> "cede-donetsk" [label="DEMANDS", color="#9e9e9e""##))
        try expectGraphvizAccepts(dot)
    }

    @Test func contextKeepsTheNeighbourhoodOfChanges() throws {
        let all = DOTRenderer.render(try report())
        let near = DOTRenderer.render(try report(), context: 0)
        // Russia, Dmitriev and Ukraine's REJECTS are not next to any change.
        #expect(all.contains(#""dmitriev" ["#) && !near.contains(#""dmitriev" ["#))
        #expect(near.contains(#""army-cap" ["#) && near.contains(#""usa" ["#) && near.contains(#""plan-28" ["#))
        let one = DOTRenderer.render(try report(), context: 1)
        #expect(one.contains(#""ukraine" ["#))  // one step from zelenskyy, who was renamed
        #expect(!one.contains(#""dmitriev" ["#))
        try expectGraphvizAccepts(near)
    }

    @Test func hostileNamesAreQuoted() throws {
        var a = Graph()
        try a.addEntity(Entity(id: "graph", type: "Party", name: "say \"hi\" \\ <b>&\nnode"))
        var b = a
        try b.addEntity(Entity(id: "edge -> x", type: "Party", name: "Ёж; } {"))
        try b.addRelation(PortableRelation(from: "graph", type: "SUPPORTS", to: "edge -> x"))
        let dot = DOTRenderer.render(DiffReport(before: a, after: b))
        #expect(dot.contains(#"label="say \"hi\" \\ &lt;b&gt;&amp;\nnode\nParty""#))
        try expectGraphvizAccepts(dot)
    }
}
