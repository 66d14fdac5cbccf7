import ParleyCore
import Testing

@testable import ParleySnapshot

/// One structural problem in a snapshot and the diagnostics it must give, position and all.
struct DiagnosticCase: CustomTestStringConvertible, Sendable {
    var name: String
    var format: SnapshotFormat = .yaml
    var text: String
    var expected: [String]
    var testDescription: String { name }
}

/// Structural problems become diagnostics at the right line and column, and reading goes on.
@Suite struct ReaderDiagnosticsTests {
    static let cases: [DiagnosticCase] = [
        DiagnosticCase(name: "root is a list", text: "- a\n- b\n", expected: [
            "t:1:1: error: a snapshot must be a mapping with the sections snapshot, sources, entities and relations, not a list",
        ]),
        DiagnosticCase(name: "unknown section", text: "snapshot:\n  id: x\nentitys:\n  - id: a\n    type: Party\n", expected: [
            "t:3:1: error: unknown section 'entitys' (did you mean 'entities'?); a snapshot has the sections snapshot, sources, entities and relations",
        ]),
        DiagnosticCase(name: "section of the wrong shape", text: "entities:\n  id: a\nrelations: 3\n", expected: [
            "t:2:3: error: 'entities' must be a list, not a mapping",
            "t:3:12: error: 'relations' must be a list, not an integer",
        ]),
        DiagnosticCase(name: "unknown key in metadata and bad as_of", text: "snapshot:\n  id: x\n  as_of: 2025-13-01\n  titel: T\n", expected: [
            "t:3:10: error: 'as_of' of the snapshot must be a date (YYYY-MM-DD), not '2025-13-01'",
            "t:4:3: error: unknown key 'titel' in 'snapshot' (did you mean 'title'?)",
        ]),
        DiagnosticCase(name: "entity without id, without type, unknown key", text: """
            entities:
              - type: Party
                name: Nobody
              - id: ukraine
                nmae: Ukraine
            """, expected: [
                "t:2:5: error: entity without an id",
                "t:4:5: error: entity 'ukraine' has no type",
                "t:5:5: error: unknown key 'nmae' in an entity (did you mean 'name'?)",
            ]),
        DiagnosticCase(name: "duplicate entity id", text: """
            entities:
              - id: russia
                type: Party
              - id: russia
                type: Party
            """, expected: ["t:4:9: error: duplicate entity id 'russia' (first at line 2)"]),
        DiagnosticCase(name: "entity fields of the wrong shape", text: """
            entities:
              - id: a
                type: [Party]
                aliases: Zed
                labels: [x, [y]]
                attributes: [1, 2]
                name: {first: A}
            """, expected: [
                "t:3:11: error: 'type' of entity 'a' must be a string, not a list",
                "t:4:14: error: 'aliases' of entity 'a' must be a list of strings, not a string",
                "t:5:17: error: items of 'labels' of entity 'a' must be strings, not a list",
                "t:6:17: error: 'attributes' of entity 'a' must be a mapping, not a list",
                "t:7:11: error: 'name' of entity 'a' must be a string, not a mapping",
            ]),
        DiagnosticCase(name: "relation endpoints that are not entities", text: """
            entities:
              - {id: russia, type: Party}
              - {id: donbas, type: Region}
            relations:
              - rel: moscow DEMANDS donbas
              - from: russia
                type: DEMANDS
                to: donbass
              - Russia CONTROLS donbas
            """, expected: [
                "t:5:10: error: relation 'moscow DEMANDS donbas': no entity 'moscow' in this file",
                "t:8:9: error: relation 'russia DEMANDS donbass': no entity 'donbass' in this file (did you mean 'donbas'?)",
                "t:9:5: error: relation 'Russia CONTROLS donbas': no entity 'Russia' in this file (did you mean 'russia'?)",
            ]),
        DiagnosticCase(name: "relations written wrongly", text: """
            entities:
              - {id: a, type: Party}
              - {id: b, type: Party}
            relations:
              - rel: a SUPPORTS
              - from: a
                to: b
              - rel: a SUPPORTS b
                type: SUPPORTS
              - [a, b]
              - rel: a SUPPORTS b
                confidence: sure
                valid_from: 2025-02-30
                valid_until: tomorrow
                cite: "x"
                weight: 3
            """, expected: [
                "t:5:10: error: a relation is written \"FROM TYPE TO\" (three words separated by spaces), not 'a SUPPORTS'",
                "t:6:5: error: relation without 'type' (write 'rel: FROM TYPE TO' or give from, type and to)",
                "t:8:5: error: a relation gives both 'rel' and 'from'/'type'/'to'; use one form",
                "t:10:5: error: a relation must be a mapping or a string \"FROM TYPE TO\", not a list",
                "t:12:17: error: 'confidence' of relation 'a SUPPORTS b' must be high, medium or low, not 'sure'",
                "t:13:17: error: 'valid_from' of relation 'a SUPPORTS b' must be a date (YYYY-MM-DD), not '2025-02-30'",
                "t:14:18: error: 'valid_until' of relation 'a SUPPORTS b' must be a date (YYYY-MM-DD), not 'tomorrow'",
                "t:15:11: error: 'cite' of relation 'a SUPPORTS b' must be a list, not a string",
                "t:16:5: error: unknown key 'weight' in a relation",
            ]),
        DiagnosticCase(name: "citations written wrongly", text: """
            entities:
              - {id: a, type: Party}
            relations:
              - rel: a SUPPORTS a
                cite:
                  - {s1: q, s2: r}
                  - s3: [q]
                citations:
                  - quote: "no source"
                  - source: s4
                    qoute: x
            """, expected: [
                "t:6:9: error: a citation in 'cite' of relation 'a SUPPORTS a' is written '- SOURCE: \"quote\"' or '- SOURCE', not a mapping",
                "t:7:13: error: a quote in relation 'a SUPPORTS a' must be a string, not a list",
                "t:9:9: error: citation of relation 'a SUPPORTS a' without a source",
                "t:11:9: error: unknown key 'qoute' in a citation (did you mean 'quote'?)",
            ]),
        DiagnosticCase(name: "sources", text: """
            sources:
              - id: s1
                date: 25 Nov 2025
              - outlet: Nowhere
              - id: s1
              - id: s2
                author: me
            """, expected: [
                "t:3:11: error: 'date' of source 's1' must be a date (YYYY-MM-DD), not '25 Nov 2025'",
                "t:4:5: error: source without an id",
                "t:5:9: error: duplicate source id 's1' (first at line 2)",
                "t:7:5: error: unknown key 'author' in a source",
            ]),
        DiagnosticCase(name: "JSON: the same checks with JSON positions", format: .json, text: """
            {"entities": [{"id": "a", "type": "Party"}, {"type": "Party"}],
             "relations": ["a SUPPORTS b", {"rel": "a SUPPORTS a", "valid_from": "2025-1-1", "id": 1}],
             "extra": []}
            """, expected: [
                "t:1:45: error: entity without an id",
                "t:2:28: error: relation 'a SUPPORTS b': no entity 'b' in this file (did you mean 'a'?)",
                "t:2:70: error: 'valid_from' of relation 'a SUPPORTS a' must be a date (YYYY-MM-DD), not '2025-1-1'",
                "t:2:82: error: unknown key 'id' in a relation",
                "t:3:2: error: unknown section 'extra'; a snapshot has the sections snapshot, sources, entities and relations",
            ]),
        DiagnosticCase(name: "JSON: duplicate keys and sections", format: .json, text: """
            {"entities": [{"id": "a", "type": "Party", "type": "Region"}],
             "entities": []}
            """, expected: [
                "t:1:44: error: duplicate key 'type' (first at line 1)",
                "t:2:2: error: section 'entities' appears twice (first at line 1)",
            ]),
        DiagnosticCase(name: "JSON: relations before entities still resolve", format: .json, text: """
            {"relations": ["a SUPPORTS b", "a SUPPORTS c"], "entities": [{"id": "a", "type": "P"}, {"id": "b", "type": "P"}]}
            """, expected: ["t:1:44: error: relation 'a SUPPORTS c': no entity 'c' in this file (did you mean 'a'?)"]),
        DiagnosticCase(name: "columns count characters, not bytes", text: """
            entities:
              - {id: україна, type: Party, naem: x}
            """, expected: ["t:2:32: error: unknown key 'naem' in an entity (did you mean 'name'?)"]),
    ]

    @Test(arguments: cases)
    func reportsEveryProblemAtItsPosition(_ c: DiagnosticCase) throws {
        let result = try SnapshotReader.read(text: c.text, file: "t", format: c.format)
        #expect(result.diagnostics.map(\.description) == c.expected)
    }

    /// Text that is not YAML or JSON at all: one error with its position, never a crash.
    static let malformed: [(SnapshotFormat, String, String)] = [
        (.yaml, "entities:\n  - id: a\n    type: [Party\n", "t:4:1: error: malformed YAML: did not find expected ',' or ']' (while parsing a flow sequence at 3:11)"),
        (.yaml, "a: b\n  c: d\n", "t:2:4: error: malformed YAML: mapping values are not allowed in this context"),
        (.yaml, "entities:\n  - id: \"open\n", "t:3:1: error: malformed YAML: found unexpected end of stream (while scanning a quoted scalar at 2:9)"),
        (.yaml, "a: 1\na: 2\n", "t:1:1: error: duplicate key 'a' in a mapping"),
        (.yaml, "a: *nowhere\n", "t:1:4: error: malformed YAML: found undefined alias"),
        (.json, "", "t:1:1: error: malformed JSON: the file is empty (expected a JSON object)"),
        (.json, "{\"entities\": [\n  {\"id\": \"a\",}\n]}", "t:2:14: error: malformed JSON: trailing ',' before '}'"),
        (.json, "{\"a\": tru}", "t:1:7: error: malformed JSON: expected a value (did you mean 'true'?)"),
        (.json, "{\"a\": \"x\ny\"}", "t:1:9: error: malformed JSON: unterminated string (a line break must be written \\n)"),
        (.json, "{\"a\": \"\\ud800\"}", "t:1:8: error: malformed JSON: lone surrogate in \\u escape"),
        (.json, "{\"a\": 01}", "t:1:8: error: malformed JSON: a number may not start with 0"),
        (.json, "{\"a\": 1.}", "t:1:9: error: malformed JSON: expected a digit after '.'"),
        (.json, "{\"a\": 1e}", "t:1:9: error: malformed JSON: expected a digit in the exponent"),
        (.json, "{\"a\": -}", "t:1:8: error: malformed JSON: expected a digit"),
        (.json, "{\"a\": 1E+}", "t:1:10: error: malformed JSON: expected a digit in the exponent"),
        (.json, "{\"ж\": 1} x", "t:1:10: error: malformed JSON: expected the end of the file but found 'x'"),
        (.json, "{\"a\": [1, 2}", "t:1:12: error: malformed JSON: expected ',' or ']' but found '}'"),
        (.json, String(repeating: "[", count: 600), "t:1:513: error: malformed JSON: nesting deeper than 512 levels"),
    ]

    @Test(arguments: malformed.indices)
    func malformedTextGivesOneErrorWithItsPosition(_ i: Int) {
        let (format, text, expected) = Self.malformed[i]
        do {
            _ = try SnapshotReader.read(text: text, file: "t", format: format)
            Issue.record("read without an error: \(text)")
        } catch {
            #expect(error.items.map(\.description) == [expected])
        }
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes = Array("entities:\n  - id: a".utf8) + [0xFF] + Array("\n".utf8)
        for format in SnapshotFormat.allCases {
            do {
                _ = try SnapshotReader.read(bytes, file: "t", format: format)
                Issue.record("read invalid UTF-8 without an error")
            } catch {
                #expect(error.items.first?.location?.line == (format == .yaml ? 2 : 1))
            }
        }
    }

    @Test func emptyYAMLIsAnEmptyGraph() throws {
        let result = try SnapshotReader.read(text: "# nothing yet\n", file: "t", format: .yaml)
        #expect(result.diagnostics.isEmpty)
        #expect(result.graph == Graph())
    }
}
