import ParleyCore
import Testing

@testable import ParleySnapshot

/// Attribute values are typed by YAML's scalar resolution (what Yams' default resolver does);
/// a quoted string stays a string. JSON types are JSON's, plus dates from `"YYYY-MM-DD"`.
@Suite struct ScalarTypingTests {
    static let plain: [(String, Value)] = [
        ("hello", "hello"), ("", .null), ("~", .null), ("null", .null), ("NULL", .null),
        ("yes", true), ("No", false), ("on", true), ("OFF", false), ("true", true), ("False", false), ("y", "y"),
        ("12", 12), ("-12", -12), ("+7", 7), ("0", 0), ("1_000", 1000), ("0x1F", 31), ("0o17", 15), ("017", 15),
        ("0b101", 5), ("1:30", 90), ("-9223372036854775808", .int(Int.min)),
        ("1.5", 1.5), ("-0.25", -0.25), ("1e3", 1000.0), ("1.0e+20", 1e20), (".5", 0.5), ("1.", 1.0),
        (".inf", .float(.infinity)), ("-.Inf", .float(-.infinity)), ("1:30.5", 90.5),
        ("2025-11-24", .date(LocalDate(year: 2025, month: 11, day: 24)!)), ("2025-02-30", "2025-02-30"),
        ("2025-11-24T10:00:00Z", "2025-11-24T10:00:00Z"), ("1.2.3", "1.2.3"), ("12abc", "12abc"), ("-", "-"),
        ("0x", "0x"), ("Ukraine", "Ukraine"), ("Україна", "Україна"), ("<<", "<<"),
    ]

    @Test(arguments: plain.indices)
    func plainScalarsAreTypedByYAMLRules(_ i: Int) {
        let (text, expected) = Self.plain[i]
        #expect(YAMLScalarResolution.resolve(text) == expected, "\(text)")
    }

    @Test func nanIsAFloat() {
        guard case .float(let f) = YAMLScalarResolution.resolve(".NaN") else {
            Issue.record("not a float")
            return
        }
        #expect(f.isNaN)
    }

    @Test func quotedScalarsStayStrings() throws {
        let yaml = """
            entities:
              - id: a
                type: T
                attributes:
                  a: "12"
                  b: 'yes'
                  c: "2025-11-24"
                  d: !!str 1.5
                  e: 12
                  f: |
                    block
            """
        let g = try SnapshotReader.read(text: yaml, file: "t", format: .yaml).graph
        let attrs = try #require(g.entity(withID: "a")).attributes
        #expect(attrs["a"] == "12")
        #expect(attrs["b"] == "yes")
        #expect(attrs["c"] == "2025-11-24")
        #expect(attrs["d"] == "1.5")
        #expect(attrs["e"] == 12)
        #expect(attrs["f"] == "block")  // a literal block scalar, at the end of the text
    }

    @Test func jsonValuesKeepJSONTypes() throws {
        let json = """
            {"entities": [{"id": "a", "type": "T", "attributes":
              {"i": 3, "f": 3.0, "e": 1e2, "b": false, "n": null, "s": "yes", "d": "2025-11-24", "x": "2025-02-30",
               "l": [1, "2"], "m": {"k": "\\u00e9\\ud83d\\udc4d\\n"}}}]}
            """
        let g = try SnapshotReader.read(text: json, file: "t", format: .json).graph
        let attrs = try #require(g.entity(withID: "a")).attributes
        #expect(attrs["i"] == 3)
        #expect(attrs["f"] == 3.0)
        #expect(attrs["e"] == 100.0)
        #expect(attrs["b"] == false)
        #expect(attrs["n"] == .null)
        #expect(attrs["s"] == "yes")
        #expect(attrs["d"] == .date(LocalDate(year: 2025, month: 11, day: 24)!))
        #expect(attrs["x"] == "2025-02-30")
        #expect(attrs["l"] == [1, "2"])
        #expect(attrs["m"] == .map(["k": "é👍\n"]))
    }

    @Test func idsAndNamesAreTakenAsWritten() throws {
        let yaml = "entities:\n  - {id: 2025, type: yes, name: 1.50}\n"
        let g = try SnapshotReader.read(text: yaml, file: "t", format: .yaml).graph
        let e = try #require(g.entity(withID: "2025"))
        #expect(e.type == "yes")
        #expect(e.name == "1.50")
    }
}
