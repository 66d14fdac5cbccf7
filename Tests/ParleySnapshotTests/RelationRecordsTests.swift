import Foundation
import ParleyCore
import ParleyTestSupport
import PropertyBased
import Testing

@testable import ParleySnapshot

/// The scan of a JSON snapshot's relation records and the pairing of records two files share.
@Suite struct RelationRecordsTests {
    static func ranges(_ text: String) -> [String]? {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { b in
            RelationRecords.ranges(in: b)?.map { String(decoding: b[$0], as: UTF8.self) }
        }
    }

    @Test func recordsAreTheElementsOfTheRelationsList() {
        let text = """
            {"snapshot": {"id": "x", "relations": [1]}, "entities": [{"id": "a"}],
             "relations": [ {"rel": "a DEMANDS b"} , "a REJECTS b",
               {"from":"a","type":"SUPPORTS","to":"b","attributes":{"note":"he said \\"]}\\" ok","n":-1.5e3,"t":true}},
               [1, [2, {"x": null}]]
             ] }
            """
        #expect(
            Self.ranges(text) == [
                #"{"rel": "a DEMANDS b"}"#, #""a REJECTS b""#,
                #"{"from":"a","type":"SUPPORTS","to":"b","attributes":{"note":"he said \"]}\" ok","n":-1.5e3,"t":true}}"#,
                #"[1, [2, {"x": null}]]"#,
            ])
        #expect(Self.ranges(#"{"relations": []}"#) == [])
        #expect(Self.ranges("\u{FEFF}{\"relations\": [\"a B c\"]}\n") == ["\"a B c\""])
        #expect(Self.ranges(#"{"entities": []}"#) == [])
        #expect(Self.ranges("{}") == [])
    }

    /// The reader reads the first `relations` only, so the scan does too.
    @Test func onlyTheFirstRelationsKeyCounts() {
        #expect(Self.ranges(#"{"relations": ["a B c"], "relations": ["d E f"]}"#) == ["\"a B c\""])
        #expect(Self.ranges(#"{"relations": null, "relations": ["d E f"]}"#) == [])
    }

    @Test(arguments: [
        #"["a B c"]"#, #"{"rel\u0061tions": ["a B c"]}"#, #"{"relations": [{"rel": "a B c"#, #"{"relations": ["a B c"] x"#,
        #"{"a" 1}"#, #"{"relations": ["a B c",]"#, "", "   ", #"{"relations": [{"rel": "a"}}"#, #"{"relations": ["a B c"]} {}"#,
    ])
    func anythingElseIsLeftToTheReader(_ text: String) {
        #expect(Self.ranges(text) == nil, "\(text)")
    }

    /// Bytes added one at a time, a word at a time or a few at a time give one hash.
    @Test func theHashDoesNotDependOnHowBytesAreFed() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let bytes = (0..<Int(rng.next() % 70)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            var one = RelationRecords.Hasher64()
            for b in bytes { one.add(b) }
            var mixed = RelationRecords.Hasher64()
            var i = 0
            while i < bytes.count {
                let n = min(bytes.count - i, Int(rng.next() % 9))
                let w = (0..<8).reduce(UInt64(0)) { acc, k in i + k < bytes.count ? acc | UInt64(bytes[i + k]) << UInt64(8 * k) : acc }
                switch n {
                case 0:
                    mixed.add(bytes[i])
                    i += 1
                case 8:
                    mixed.add(word: w)
                    i += 8
                default:
                    mixed.add(partial: w, count: n)
                    i += n
                }
            }
            #expect(one.finish() == mixed.finish(), "seed \(seed)")
        }
    }

    /// Records compare equal exactly when they agree once white space outside strings is
    /// dropped; so do their hashes.
    @Test func recordsAreTheSameUpToWhiteSpaceBetweenTokens() async {
        await propertyCheck(count: 500, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            let tokens = [
                "{", "}", "[", "]", ",", ":", "\"rel\"", "\"a DEMANDS b\"", "\"q\\\"uo\\\\te\"", "\"long text that runs past eight bytes\"",
                "12", "-1.5", "true", "null", "\"\"", "\"é ü 世界\"", "\"with  two spaces\"",
            ]
            // Brackets and braces nest (a record is one value), the rest comes in any order.
            var picked: [String] = [], open: [String] = []
            for _ in 0..<Int(rng.next() % 12) + 1 {
                var t = tokens[Int(rng.next() % UInt64(tokens.count))]
                if t == "]" || t == "}" {
                    guard let last = open.popLast() else { continue }
                    t = last == "[" ? "]" : "}"
                } else if t == "[" || t == "{" {
                    open.append(t)
                }
                picked.append(t)
            }
            picked += open.reversed().map { $0 == "[" ? "]" : "}" }
            func spaced() -> String {
                picked.map { t in String(repeating: [" ", "\n", "\t", ""][Int(rng.next() % 4)], count: Int(rng.next() % 3)) + t }.joined()
            }
            let x = "[" + spaced() + "]", y = "[" + spaced() + " ]"
            #expect(Self.same(x, y), "\(x) vs \(y)")
            #expect(Self.hash(x) == Self.hash(y), "\(x) vs \(y)")
            // A change inside a string, or of a token, is a difference: as a reference
            // that drops white space outside strings says.
            let z = "[" + picked.map { $0 == "\"a DEMANDS b\"" ? "\"a DEMANDS  b\"" : $0 == "12" ? "1 2" : $0 }.joined() + "]"
            #expect(Self.same(x, z) == (jsonWithoutSpaceBetweenTokens(x) == jsonWithoutSpaceBetweenTokens(z)), "\(x) vs \(z)")
            #expect(jsonWithoutSpaceBetweenTokens(x) == jsonWithoutSpaceBetweenTokens(y))
        }
    }

    /// Whether the scan keeps the same text for two records (each the one record of a file).
    static func same(_ x: String, _ y: String) -> Bool {
        func records(_ record: String) -> RelationRecords.Records? {
            Array("{\"relations\": [\(record)]}".utf8).withUnsafeBufferPointer { RelationRecords.Records($0) }
        }
        guard let a = records(x), let b = records(y), a.count == 1, b.count == 1 else { return false }
        return a.same(0, b, 0)
    }

    static func hash(_ x: String) -> UInt64? {
        let text = "{\"relations\": [\(x)]}"
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBufferPointer { RelationRecords.Records($0)?.hashes.first }
    }

    @Test func stringsThatDifferInsideAreDifferentRecords() {
        #expect(Self.same(#"{"rel": "a DEMANDS b"}"#, #"{ "rel" : "a DEMANDS b" }"#))
        #expect(!Self.same(#"{"rel": "a DEMANDS b"}"#, #"{"rel": "a  DEMANDS b"}"#))
        #expect(!Self.same(#"{"rel": "a DEMANDS b"}"#, #"{"rel": "a DEMANDS c"}"#))
        #expect(!Self.same(#"{"rel": "a\" DEMANDS b"}"#, #"{"rel": "a\"DEMANDS b"}"#))
        #expect(!Self.same(#"["x"]"#, #"["x", 1]"#))
        #expect(!Self.same(#""abc""#, #""abcd""#))
        #expect(Self.same(#"["é", "\u00e9"]"#, "[\"é\",\"\\u00e9\"]"))
        #expect(!Self.same(#"["é"]"#, #"["\u00e9"]"#))  // equal once decoded, but left to the reader
    }

    /// Shared records pair one to one; summary types stay in both; the rest are checked by
    /// one side and skipped by the other.
    @Test func planPairsSharedRecordsAndSplitsTheChecking() throws {
        let a = """
            {"relations": [
              {"rel": "a DEMANDS b"},
              {"rel": "a DEMANDS b"},
              "x REPRESENTS p",
              {"from": "a", "type": "SUPPORTS", "to": "c"},
              {"rel": "a REJECTS d"},
              {"rel": "a \\u0052EJECTS e"}
            ]}
            """
        let b = #"{"relations":[{"rel":"a REJECTS d"},"x REPRESENTS p",{"rel":"a DEMANDS b"},{"from":"a","type":"SUPPORTS","to":"c"},{"rel":"a \u0052EJECTS e"},{"rel":"new ONE here"}]}"#
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        let plan = try #require(x.withUnsafeBufferPointer { pa in y.withUnsafeBufferPointer { pb in RelationRecords.plan(pa, pb, keepsType: { $0 == "REPRESENTS" }) } })
        let rangesA = try #require(x.withUnsafeBufferPointer { RelationRecords.ranges(in: $0) })
        let rangesB = try #require(y.withUnsafeBufferPointer { RelationRecords.ranges(in: $0) })
        // Shared and not kept: "a DEMANDS b" (once), SUPPORTS, "a REJECTS d". REPRESENTS is
        // kept; the escaped type cannot be told without decoding, so it is kept too.
        let sharedA = Set(plan.first.checked.map(\.start) + plan.first.skipped.map(\.lowerBound))
        let sharedB = Set(plan.second.checked.map(\.start) + plan.second.skipped.map(\.lowerBound))
        #expect(sharedA.count == 3 && sharedB.count == 3)
        #expect(sharedA.isSubset(of: Set([rangesA[0].lowerBound, rangesA[1].lowerBound, rangesA[3].lowerBound, rangesA[4].lowerBound])))
        #expect(sharedB == Set([rangesB[0].lowerBound, rangesB[2].lowerBound, rangesB[3].lowerBound]))
        // Each shared record is checked on exactly one side, with its partner.
        #expect(plan.first.checked.count + plan.second.checked.count == 3)
        for c in plan.first.checked { #expect(plan.second.skipped.contains { $0.lowerBound == c.partner }) }
        for c in plan.second.checked { #expect(plan.first.skipped.contains { $0.lowerBound == c.partner }) }
        for r in plan.first.skipped { #expect(rangesA.contains(r)) }
        for r in plan.second.skipped { #expect(rangesB.contains(r)) }
    }

    /// The shared records are dealt so that both readers have about as much to do: the bytes
    /// of the shared records they check, and twice the rest of their files.
    @Test(arguments: [0, 1, 40, 400])
    func planBalancesTheReaders(extra: Int) throws {
        // B is compact; A is pretty and holds `extra` records of its own, so it has more to
        // read besides the shared records and checks fewer of them.
        let shared = (0..<300).map { #"{"rel": "e\#($0) DEMANDS p\#($0 % 7)", "confidence": "high"}"# }
        let own = (0..<extra).map { #"{"rel": "x\#($0) SUPPORTS y", "attributes": {"note": "\#(String(repeating: "z", count: $0 % 50))"}}"# }
        let a = "{\"relations\": [\n  " + (shared + own).joined(separator: ",\n  ") + "\n]}"
        let b = #"{"relations":["# + shared.map { $0.replacingOccurrences(of: ": ", with: ":") }.joined(separator: ",") + "]}"
        let (x, y) = (Array(a.utf8), Array(b.utf8))
        let plan = try #require(x.withUnsafeBufferPointer { pa in y.withUnsafeBufferPointer { pb in RelationRecords.plan(pa, pb) } })
        #expect(plan.first.checked.count + plan.second.checked.count == 300)
        #expect(plan.first.skipped.count == plan.second.checked.count && plan.second.skipped.count == plan.first.checked.count)
        // Each reader's work: the shared records it checks, and twice the rest of its file
        // less all shared records (mostly records decoded in full).
        func load(_ bytes: [UInt8], _ side: RelationOmission) -> Int {
            let ranges = bytes.withUnsafeBufferPointer { RelationRecords.ranges(in: $0) } ?? []
            let length = Dictionary(uniqueKeysWithValues: ranges.map { ($0.lowerBound, $0.count) })
            let checked = side.checked.reduce(0) { $0 + length[$1.start]! }
            let skipped = side.skipped.reduce(0) { $0 + $1.count }
            return 2 * (bytes.count - checked - skipped) + checked
        }
        let loadA = load(x, plan.first), loadB = load(y, plan.second)
        let largest = shared.map(\.utf8.count).max()!
        if plan.first.checked.isEmpty {
            #expect(loadA >= loadB)  // A has more to do even with every shared record skipped
        } else {
            #expect(abs(loadA - loadB) <= 2 * largest, "A reads \(loadA) bytes, B \(loadB)")
        }
        if extra == 0 {
            #expect(plan.first.checked.count > 100 && plan.second.checked.count > 100)
        }
        if extra == 400 { #expect(plan.first.checked.isEmpty) }
    }

    /// White space that splits a token (`tr ue`, `1 2`, `- 1`) is invalid JSON that dropping
    /// the white space would make valid: such a record is never shared, so that its file's
    /// reader reads it and reports it.
    @Test(arguments: [
        (#"{"rel": "a X b", "n": true}"#, #"{"rel": "a X b", "n": tr ue}"#),
        (#"{"rel": "a X b", "n": [12]}"#, #"{"rel": "a X b", "n": [1 2]}"#),
        (#"{"rel": "a X b", "n": -1}"#, #"{"rel": "a X b", "n": - 1}"#),
        (#"{"rel": "a X b", "n": 1.5}"#, "{\"rel\": \"a X b\", \"n\": 1\n.5}"),
    ])
    func whiteSpaceInsideATokenIsADifference(_ good: String, _ bad: String) throws {
        for (x, y) in [(good, bad), (bad, good), (bad, bad)] {
            let a = Array("{\"relations\": [\(x)]}".utf8), b = Array("{\"relations\": [\(y)]}".utf8)
            // No plan at all (a record the scan cannot read) or nothing shared: both read whole.
            let plan = a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in RelationRecords.plan(pa, pb) } }
            if let plan { #expect(plan.first.checked.isEmpty && plan.first.skipped.isEmpty && plan.second.checked.isEmpty, "\(x) / \(y)") }
        }
        // Around structure and quotes white space stays insignificant.
        let a = Array(#"{"relations": [{"rel": "a X b", "n": [1, true]}]}"#.utf8)
        let b = Array("{\"relations\":[{ \"rel\" :\"a X b\",\n\"n\": [ 1 ,true ] }]}".utf8)
        let plan = try #require(a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in RelationRecords.plan(pa, pb) } })
        #expect(plan.first.checked.count + plan.second.checked.count == 1)
    }

    @Test func locationsCountLinesAndScalars() {
        let bytes = Array("ab\nçd\n  x".utf8)
        let at = bytes.withUnsafeBufferPointer { RelationRecords.location(of: bytes.count - 1, in: $0, file: "f.json") }
        #expect(at == SourceLocation(file: "f.json", line: 3, column: 3))
        let mid = bytes.withUnsafeBufferPointer { RelationRecords.location(of: 5, in: $0, file: "f.json") }
        #expect(mid == SourceLocation(file: "f.json", line: 2, column: 2))
    }
}

/// Relation type names are made into strings once each: the cache gives what decoding the
/// bytes gives, for any bytes, whatever else shares its slots.
@Suite struct TypeNameCacheTests {
    @Test func theCacheGivesWhatDecodingGives() {
        var cache = TypeNameCache()
        var rng = SplitMix64(seed: 11)
        var samples: [[UInt8]] = ["DEMANDS", "REJECTS", "MEETS_WITH", "REPRESENTS", "PART_OF", "DEMANDS_", "demands", "ÜBER", "A", "REPRESENTS_TOO_LONG_X"].map { Array($0.utf8) }
        samples += [[0xFF, 0x41], [0xC3], [0xE2, 0x82], Array("MEETS_WITH".utf8).dropLast() + [0x80]]
        for _ in 0..<2_000 {
            let n = Int(rng.next() % 18)
            samples.append((0..<n).map { _ in UInt8(truncatingIfNeeded: rng.next() % 3 == 0 ? rng.next() : 0x41 + rng.next() % 4) })
        }
        for round in 0..<3 {
            for bytes in samples {
                let got = bytes.withUnsafeBufferPointer { cache.name($0) }
                #expect(got == String(decoding: bytes, as: UTF8.self), "round \(round): \(bytes)")
            }
        }
    }
}
