import ParleyCore
import Testing

@testable import ParleySnapshot

/// The JSON reader works on bytes (UTF-8 checked while scanning, texts kept as byte ranges of
/// the file, endpoint ids looked up by bytes): these cases pin what it must still do exactly as
/// a reader of strings would, positions and messages included.
@Suite struct JSONByteLevelTests {
    /// Ill-formed UTF-8 inside a string: one error at the string's opening quote (1:22 here).
    static let illFormed: [(String, [UInt8])] = [
        ("overlong", [0x61, 0xC0, 0x80]),
        ("surrogate", [0x61, 0xED, 0xA0, 0x80, 0x62]),
        ("truncated sequence before the quote", [0x61, 0xE2, 0x82]),
        ("truncated four-byte sequence (three bytes, like its repair)", [0xF0, 0x90, 0x80]),
        ("stray continuation byte", [0x80]),
        ("F5 is never a lead byte", [0xF5, 0x80, 0x80, 0x80]),
        ("above U+10FFFF", [0xF4, 0x90, 0x80, 0x80]),
        ("after an escape", Array("a\\n".utf8) + [0xFF]),
        ("a lead byte cut by an escape", [0xE2] + Array("\\n".utf8)),
    ]

    @Test(arguments: illFormed.indices)
    func illFormedUTF8InAStringIsReportedAtTheString(_ i: Int) {
        let bytes = Array(#"{"entities": [{"id": ""#.utf8) + Self.illFormed[i].1 + Array(#"", "type": "P"}]}"#.utf8)
        #expect(malformedJSON(bytes) == ["t:1:22: error: malformed JSON: the string is not valid UTF-8"], "\(Self.illFormed[i].0)")
    }

    /// Other errors in the same string that come before its end win, as they always did.
    @Test func aLineBreakAfterIllFormedUTF8IsReportedFirst() {
        let bytes = Array(#"{"entities": [{"id": ""#.utf8) + [0xFF] + Array(" x\n\", \"type\": \"P\"}]}".utf8)
        #expect(malformedJSON(bytes) == ["t:1:26: error: malformed JSON: unterminated string (a line break must be written \\n)"])
    }

    @Test func columnsCountScalarsOfEveryLength() {
        #expect(malformedJSON(Array(#"{"😀ж": 1, "x": tru}"#.utf8)) == ["t:1:16: error: malformed JSON: expected a value (did you mean 'true'?)"])
    }

    /// Strings of ASCII and two-byte sequences mixed (taken eight bytes at a time when every
    /// sequence of a word is whole inside it): the column after them counts scalars, however
    /// the words fall, and an overlong or cut sequence among them is still refused.
    @Test(arguments: 0..<9)
    func columnsAfterMixedTwoByteAndASCIIText(_ shift: Int) {
        let pad = String(repeating: "a", count: shift)
        let text = pad + "армия territory ж ёж délégation санкции x"
        let prefix = #"{"k": ""# + text + #"", "x": "#
        let column = prefix.unicodeScalars.count + 1
        #expect(malformedJSON(Array((prefix + "tru}").utf8)) == ["t:1:\(column): error: malformed JSON: expected a value (did you mean 'true'?)"])
        for bad: [UInt8] in [[0xC1, 0xBF], [0xD0, 0x41], [0xD0, 0xD0], [0x80, 0x41]] {
            let bytes = Array(#"{"entities": [{"id": ""#.utf8) + Array("\(pad)жж".utf8) + bad + Array(#"жжжж", "type": "P"}]}"#.utf8)
            #expect(malformedJSON(bytes) == ["t:1:22: error: malformed JSON: the string is not valid UTF-8"], "\(bad)")
        }
    }

    /// The eight-byte test for plain text agrees with the byte-by-byte rule: ASCII other than a
    /// quote, backslash or control character, or a lead C2 to DF followed inside the word by a
    /// continuation byte; it counts the continuation bytes.
    @Test func plainTextWordsAreToldEightBytesAtOnce() {
        let edges: [UInt8] = [0x00, 0x1F, 0x20, 0x22, 0x41, 0x5C, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xD0, 0xDF, 0xE0, 0xF0]
        var rng = SplitMix64(seed: 7)
        func reference(_ b: [UInt8]) -> Int? {
            var k = 0, continuations = 0
            while k < 8 {
                let x = b[k]
                if x < 0x80 {
                    guard x >= 0x20, x != 0x22, x != 0x5C else { return nil }
                    k += 1
                } else {
                    guard (0xC2...0xDF).contains(x), k + 1 < 8, (0x80...0xBF).contains(b[k + 1]) else { return nil }
                    continuations += 1
                    k += 2
                }
            }
            return continuations
        }
        for _ in 0..<200_000 {
            // Mostly ASCII letters and Cyrillic pairs, so that accepted words are common.
            var b: [UInt8] = []
            while b.count < 8 {
                switch rng.next() % 8 {
                case 0: b.append(edges[Int(rng.next() % UInt64(edges.count))])
                case 1, 2, 3: b += [UInt8(0xD0 + rng.next() % 2), UInt8(0x80 + rng.next() % 64)]
                default: b.append(UInt8(0x20 + rng.next() % 0x5F))
                }
            }
            b = Array(b.prefix(8))
            let w = b.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            #expect(JSONDocumentParser.plainTextContinuations(w) == reference(b), "\(b)")
        }
    }

    /// A skipped value leaves the count of its continuation bytes for later: positions after it
    /// on the same line (several skips, then parsing) count scalars, not bytes; a line break
    /// drops the count.
    @Test func positionsAfterSkippedValuesCountScalars() {
        let text = Array(#"["жж", "😀", x"#.utf8) + Array("\n[\"ё\", y".utf8)
        text.withUnsafeBufferPointer { buffer in
            var parser = JSONDocumentParser(buffer)
            parser.skip(to: 7)  // `["жж"`
            parser.skip(to: 9)  // `, `
            parser.skip(to: 17)  // `"😀", `
            #expect(parser.mark.line == 1 && parser.mark.column == 13)
            var tree = DocTree(source: buffer)
            do throws(JSONSyntaxError) {
                _ = try parser.parseValue(into: &tree)
                Issue.record("x is no JSON value")
            } catch {
                #expect(error.mark.line == 1 && error.mark.column == 13)
            }
            var next = JSONDocumentParser(buffer)
            next.skip(to: 17)
            next.skip(to: 26)  // over the line break and `["ё", `
            #expect(next.mark.line == 2 && next.mark.column == 7)
        }
    }

    @Test func truncatedFiles() {
        #expect(malformedJSON(Array(#"{"entities": [{"id": "a""#.utf8)) == ["t:1:25: error: malformed JSON: expected '}' but the file ends"])
        #expect(malformedJSON(Array(#"{"a": "abc"#.utf8)) == ["t:1:7: error: malformed JSON: unterminated string"])
    }

    /// Escaped ids (`\u0061`, a surrogate pair) are the same ids as written out, in `rel` texts too.
    @Test func escapedTextsAreUnescapedEverywhere() throws {
        let text = #"""
            {"entities": [{"id": "\u0061", "type": "P"}, {"id": "b\ud83d\ude00", "type": "P"}], "relations": ["a SUPPORTS b😀", {"rel": "b\ud83d\ude00\tOPPOSES\u0020a"}, {"rel": "a OPPOSES c\u00e9", "valid_from": "x"}]}
            """#
        let result = try SnapshotReader.read(text: text, file: "t", format: .json)
        #expect(result.diagnostics.map(\.description) == [
            "t:1:177: error: relation 'a OPPOSES cé': no entity 'cé' in this file",
            "t:1:201: error: 'valid_from' of relation 'a OPPOSES cé' must be a date (YYYY-MM-DD), not 'x'",
        ])
        let g = result.graph
        let a = try #require(g.handle(forID: "a")), b = try #require(g.handle(forID: "b😀"))
        #expect(g.relations(from: a, ofType: "SUPPORTS").map { g[$0].to } == [b])
        #expect(g.relations(from: b, ofType: "OPPOSES").map { g[$0].to } == [a])
    }

    /// Ids equal as strings but not as bytes (NFC and NFD, the Kelvin sign and K) still name
    /// the same entity, whichever side is ASCII and whichever comes first.
    @Test func idsEqualAsTextButNotAsBytesResolve() throws {
        let text = "{\"entities\": [{\"id\": \"caf\u{E9}\", \"type\": \"P\"}, {\"id\": \"x\", \"type\": \"P\"}, {\"id\": \"\u{212A}\", \"type\": \"P\"}, {\"id\": \"y\", \"type\": \"P\"}], \"relations\": [\"cafe\u{301} SUPPORTS x\", \"K SUPPORTS y\", \"x  SUPPORTS\\t caf\u{E9}\", \"y SUPPORTS zz\"]}"
        let result = try SnapshotReader.read(text: text, file: "t", format: .json)
        #expect(result.diagnostics.map(\.description) == ["t:1:207: error: relation 'y SUPPORTS zz': no entity 'zz' in this file"])
        #expect(result.graph.relationCount == 3)
        let late = try SnapshotReader.read(text: "{\"relations\": [\"\u{212A} SUPPORTS K\"], \"entities\": [{\"id\": \"K\", \"type\": \"P\"}]}", file: "t", format: .json)
        #expect(late.diagnostics.isEmpty)
        #expect(late.graph.relationCount == 1)
    }

    @Test func duplicateKeysAndOddCitationsInNestedValues() throws {
        let text = #"""
            {"entities": [{"id": "a", "type": "P", "attributes": {"k": 1, "k": {"z": [1, {"q": null}]}}, "cite": [{"s": "q"}, {"s": "q", "t": 1}, 3]}]}
            """#
        let result = try SnapshotReader.read(text: text, file: "t", format: .json)
        #expect(result.diagnostics.map(\.description) == [
            "t:1:63: error: duplicate attribute 'k' in entity 'a'",
            "t:1:115: error: a citation in 'cite' of entity 'a' is written '- SOURCE: \"quote\"' or '- SOURCE', not a mapping",
        ])
        let e = result.graph[try #require(result.graph.handle(forID: "a"))]
        #expect(e.attributes["k"] == .map(["z": .list([.int(1), .map(["q": .null])])]))
        #expect(e.citations.map(\.source) == ["s", "3"])
    }

    @Test func relWordsAndTheirColumnsInNonASCIIText() throws {
        let text = #"{"entities": [{"id": "ж", "type": "P"}], "relations": [{"rel": "ж   ЛЮБИТ  жж"}, "ж x", "ж a b c"]}"#
        let result = try SnapshotReader.read(text: text, file: "t", format: .json)
        #expect(result.diagnostics.map(\.description) == [
            "t:1:76: error: relation 'ж ЛЮБИТ жж': no entity 'жж' in this file (did you mean 'ж'?)",
            "t:1:82: error: a relation is written \"FROM TYPE TO\" (three words separated by spaces), not 'ж x'",
            "t:1:89: error: a relation is written \"FROM TYPE TO\" (three words separated by spaces), not 'ж a b c'",
        ])
    }

    @Test func scalarsKeepTheirTypes() throws {
        let text = #"{"entities": [{"id": "a", "type": "P", "attributes": {"i": -12, "f": 1.5e3, "z": 0, "t": true, "n": null, "d": "2025-02-30", "e": "2025-02-28", "big": 123456789012345678901234567890}}]}"#
        let result = try SnapshotReader.read(text: text, file: "t", format: .json)
        #expect(result.diagnostics.isEmpty)
        let attributes = result.graph[try #require(result.graph.handle(forID: "a"))].attributes
        #expect(attributes == [
            "i": .int(-12), "f": .float(1500), "z": .int(0), "t": .bool(true), "n": .null, "d": .string("2025-02-30"),
            "e": .date(LocalDate(iso: "2025-02-28")!), "big": .float(123456789012345678901234567890),
        ])
    }

    /// Strings are scanned eight bytes at a time: an escape, a non-ASCII letter, the closing
    /// quote or a control character is found at every offset in and across those words.
    @Test(arguments: 0..<20)
    func specialBytesAreFoundAtEveryOffset(_ offset: Int) throws {
        let lead = String(repeating: "a", count: offset)
        for (written, meant) in [("\\n", "\n"), ("é", "é"), ("\\\"", "\""), ("", ""), ("😀\\u00e9", "😀é")] {
            let text = "{\"entities\": [{\"id\": \"\(lead)\(written)bcdefghijk\", \"type\": \"P\"}]}"
            let result = try SnapshotReader.read(text: text, file: "t", format: .json)
            #expect(result.graph.entities.map(\.id) == [lead + meant + "bcdefghijk"])
        }
        let control = Array("{\"a\": \"\(lead)".utf8) + [0x01] + Array("xxxxxxxxx\"}".utf8)
        #expect(malformedJSON(control) == ["t:1:\(8 + offset): error: malformed JSON: control character U+1 in a string (escape it)"])
        let invalid = Array("{\"a\": \"\(lead)".utf8) + [0xC3] + Array("xxxxxxxxx\"}".utf8)
        #expect(malformedJSON(invalid) == ["t:1:7: error: malformed JSON: the string is not valid UTF-8"])
    }

    /// The one error a malformed file gives, as text.
    private func malformedJSON(_ bytes: [UInt8]) -> [String] {
        do {
            _ = try SnapshotReader.read(bytes, file: "t", format: .json)
            return []
        } catch {
            return error.items.map(\.description)
        }
    }
}
