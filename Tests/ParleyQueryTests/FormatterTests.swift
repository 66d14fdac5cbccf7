import Testing
import ParleyCore
@testable import ParleyQuery

@Suite struct FormatterTests {
    static func result() throws -> (QueryResult, Graph) {
        var engine = QueryEngine(graph: QueryFixtures.graph)
        let r = try engine.run("MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.name AS name, x.points AS points ORDER BY points")
        return (r, engine.graph)
    }

    @Test func table() throws {
        let (r, g) = try Self.result()
        #expect(ResultFormatter.render(r, graph: g, as: .table) == """
            name                   │ points
            ───────────────────────┼───────
            Withdrawal from Donbas │ 1
            Army capped at 600,000 │ 2
            No NATO membership     │ 3
            (3 rows)

            """)
    }

    @Test func csvQuotesFieldsWithCommas() throws {
        let (r, g) = try Self.result()
        #expect(ResultFormatter.render(r, graph: g, as: .csv) == "name,points\nWithdrawal from Donbas,1\n\"Army capped at 600,000\",2\nNo NATO membership,3\n")
    }

    @Test func jsonAndJSONLines() throws {
        let (r, g) = try Self.result()
        #expect(ResultFormatter.render(r, graph: g, as: .jsonl).split(separator: "\n").first == #"{"name": "Withdrawal from Donbas", "points": 1}"#)
        #expect(ResultFormatter.render(r, graph: g, as: .json).hasPrefix("[\n  {\"name\": \"Withdrawal from Donbas\", \"points\": 1},\n"))
    }

    /// JSON lines write common values in place: each line must still be exactly the element of
    /// the JSON array that the general writer makes, escapes and all.
    @Test func jsonLinesMatchJSONElements() throws {
        var engine = QueryEngine(graph: QueryFixtures.graph)
        let r = try engine.run(#"UNWIND ['plain', 'quote " and \\ back', 'tab\tline\nend', null, 7, -2, 1.5, true, [1, 'a'], {k: 'v'}] AS v MATCH (p {id: 'russia'}) RETURN v, p.name AS `the "name"`, p"#)
        #expect(r.rows.count == 10)
        let lines = ResultFormatter.render(r, graph: engine.graph, as: .jsonl).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == r.rows.count + 1)
        for (k, row) in r.rows.enumerated() {
            #expect(String(lines[k]) == ResultFormatter.jsonObject(r.columns, row, engine.graph))
        }
        #expect(lines[1].contains(#""quote \" and \\ back""#))
        #expect(lines[2].contains(#""tab\tline\nend""#))
    }

    @Test func markdown() throws {
        let (r, g) = try Self.result()
        #expect(ResultFormatter.render(r, graph: g, as: .markdown).hasPrefix("| name | points |\n| --- | --- |\n| Withdrawal from Donbas | 1 |\n"))
    }

    @Test func graphElementsInJSON() throws {
        var engine = QueryEngine(graph: QueryFixtures.graph)
        let r = try engine.run("MATCH (a {id: 'ukraine'})-[r:REJECTS]->(b {id: 'donbas-withdrawal'}) RETURN a, r")
        let json = ResultFormatter.render(r, graph: engine.graph, as: .jsonl)
        #expect(json == #"{"a": {"id": "ukraine", "labels": ["Party"], "properties": {"id": "ukraine", "name": "Ukraine"}}, "r": {"type": "REJECTS", "from": "ukraine", "to": "donbas-withdrawal", "properties": {"quotes": ["Kyiv rejects any withdrawal"], "sources": ["reuters-1"]}}}"# + "\n")
    }

    /// The word-at-a-time escape check of JSON lines finds exactly the strings ParleyCore's
    /// byte-by-byte one finds: every byte that needs a look, at every place, in strings of every
    /// length up to 40, beside ASCII letters and non-ASCII text.
    @Test func escapeCheckAgreesWithTheByteByByteOne() {
        let special: [UInt8] = [0x00, 0x09, 0x0A, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xD0, 0xE1, 0xE2, 0xE3, 0xEE, 0xEF, 0xF0, 0xFF]
        let fillers: [[UInt8]] = [Array("party-7".utf8), Array("Республика".utf8), [0x41]]
        var checked = 0
        for filler in fillers {
            for length in 0...40 {
                let base = (0..<length).map { filler[$0 % filler.count] }
                var cases = [base]
                for place in 0..<length { for b in special { var c = base; c[place] = b; cases.append(c) } }
                for bytes in cases {
                    let fast = bytes.withUnsafeBufferPointer(ResultFormatter.mayNeedEscape)
                    let slow = bytes.withUnsafeBufferPointer(TypedJSON.mayNeedEscape)
                    #expect(fast == slow, "\(bytes)")
                    checked += 1
                }
            }
        }
        #expect(checked > 10_000)
    }
}
