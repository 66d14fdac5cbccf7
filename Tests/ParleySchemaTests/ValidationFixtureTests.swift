import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleyTestSupport
import Testing

/// One snapshot per validation rule in Tests/Fixtures/validation/, each with exactly the
/// diagnostics it must give: severity, line, column and a fragment of the message.
@Suite("Validation fixtures")
struct ValidationFixtureTests {
    struct Expected: Sendable, CustomStringConvertible {
        var severity: Diagnostic.Severity
        var line: Int
        var column: Int
        var fragment: String
        /// Another file the diagnostic is in (a schema the snapshot names), relative to the fixtures.
        var file: String?
        init(_ severity: Diagnostic.Severity, _ line: Int, _ column: Int, _ fragment: String, in file: String? = nil) {
            self.severity = severity
            self.line = line
            self.column = column
            self.fragment = fragment
            self.file = file
        }
        var description: String { "\(line):\(column): \(severity.rawValue): …\(fragment)…" }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var file: String
        var expected: [Expected]
        var testDescription: String { file }
    }

    static let cases: [Case] = [
        Case(file: "valid.yaml", expected: []),
        Case(file: "unknown-entity-type.yaml", expected: [
            Expected(.error, 24, 11, "unknown entity type 'Venu' of 'geneva' (did you mean 'venue', an alias of Place?)")
        ]),
        Case(file: "unknown-relation-type.yaml", expected: [
            Expected(.error, 24, 17, "unknown relation type 'DEMANDZ' (did you mean 'DEMANDS'?)")
        ]),
        Case(file: "domain-range.yaml", expected: [
            Expected(.error, 24, 10, "DEMANDS cannot start at Region 'donbas' (its domain is Party, Official, Organization)"),
            Expected(.error, 24, 25, "DEMANDS cannot end at Party 'russia' (its range is Provision, Proposal, Region, Meeting)"),
        ]),
        Case(file: "missing-entity.yaml", expected: [
            Expected(.error, 24, 25, "no entity 'donbass' in this file (did you mean 'donbas'?)"),
            Expected(.error, 25, 11, "no entity 'moscow' in this file"),
            Expected(.error, 28, 30, "no entity 'Ukraina' in this file (did you mean 'ukraine'?)"),
        ]),
        Case(file: "duplicate-id.yaml", expected: [
            Expected(.error, 23, 9, "duplicate entity id 'russia' (first at line 9)")
        ]),
        Case(file: "duplicate-alias.yaml", expected: [
            Expected(.error, 25, 14, "alias 'ukraina' of 'kyiv' is also an alias of 'ukraine' (line 12)")
        ]),
        Case(file: "missing-required-attribute.yaml", expected: [
            Expected(.error, 8, 11, "Meeting 'summit': required attribute 'date' is missing")
        ]),
        Case(file: "unknown-attribute.yaml", expected: [
            Expected(.warning, 25, 24, "relation CONTROLS from 'russia' to 'donbas': unknown attribute 'shar' (did you mean 'share'?)")
        ]),
        Case(file: "wrong-value-type.yaml", expected: [
            Expected(.error, 25, 25, "Provision 'army-cap': attribute 'limit' must be an integer, not string 'six hundred thousand'"),
            Expected(.error, 28, 25, "attribute 'share' must be a float, not string 'most'"),
        ]),
        Case(file: "enum-value.yaml", expected: [
            Expected(.error, 25, 24, "attribute 'mode' has value 'phne', which is not one of in-person, phone, video, message, virtual, unknown (did you mean 'phone'?)")
        ]),
        Case(file: "entity-reference.yaml", expected: [
            Expected(.error, 25, 27, "attribute 'said_by' names no entity 'Zelenskyy' (did you mean 'zelensky'?)")
        ]),
        Case(file: "invalid-date.yaml", expected: [
            Expected(.error, 25, 24, "attribute 'date' is not a real date: '2025-02-30'")
        ]),
        Case(file: "valid-from-after-until.yaml", expected: [
            Expected(.error, 25, 17, "valid_from 2025-11-30 is after valid_until 2025-11-01")
        ]),
        Case(file: "unknown-source.yaml", expected: [
            Expected(.error, 26, 9, "cites unknown source 'reprot' (did you mean 'report'?)")
        ]),
        Case(file: "long-quote.yaml", expected: [
            Expected(.error, 26, 17, "quote of 32 words from 'report' is longer than 30 words")
        ]),
        Case(file: "quote-not-found.yaml", expected: [
            Expected(.error, 26, 17, "quote not found in the text of source 'report' (texts/report.txt); closest passage: \"Russia demanded that Ukraine withdraw from the Donbas.")
        ]),
        Case(file: "missing-source-file.yaml", expected: [
            Expected(.warning, 6, 11, "source 'report': file '../elsewhere/report.txt' is not there, so its quotes are not checked")
        ]),
        Case(file: "missing-schema.yaml", expected: [
            // Found by its name above the file instead, with a warning (an error under --strict).
            Expected(.warning, 3, 11, "schema '../nowhere/negotiation.yaml' not found from here; using '")
        ]),
        Case(file: "broken-schema.yaml", expected: [
            Expected(.error, 3, 11, "schema 'schemas/broken.yaml' has errors: types are not checked"),
            Expected(.error, 7, 33, "unknown entity type 'Provision' in the range ('to') of relation type 'DEMANDS'", in: "schemas/broken.yaml"),
        ]),
        Case(file: "malformed.yaml", expected: [
            Expected(.error, 5, 1, "malformed YAML")
        ]),
    ]

    static func path(_ file: String) -> String { Paths.fixtures.appendingPathComponent("validation/\(file)").path }

    static func check(_ diagnostics: [Diagnostic], against expected: [Expected], file: String) {
        #expect(diagnostics.count == expected.count, "\(file):\n\(diagnostics.map(\.description).joined(separator: "\n"))")
        for (d, e) in zip(diagnostics, expected) {
            #expect(d.severity == e.severity, "\(d)")
            #expect(d.location?.line == e.line && d.location?.column == e.column, "expected \(e), got \(d)")
            #expect(d.location?.file == path(e.file ?? file), "\(d)")
            #expect(d.message.contains(e.fragment), "expected …\(e.fragment)… in \(d.message)")
        }
    }

    @Test("each fixture gives exactly its diagnostics", arguments: cases)
    func fixture(_ c: Case) {
        Self.check(SnapshotValidation.validate(Self.path(c.file)), against: c.expected, file: c.file)
    }

    @Test("every rule has its fixture, and every fixture is in the table")
    func everyFixtureCovered() throws {
        let (files, _) = SnapshotFiles.collect([Paths.fixtures.appendingPathComponent("validation").path])
        let names = Set(files.map { URL(fileURLWithPath: $0).lastPathComponent })
        #expect(names == Set(Self.cases.map(\.file)))
    }

    @Test("--strict makes warnings errors, but not a missing source file")
    func strict() {
        let unknown = SnapshotValidation.validate(Self.path("unknown-attribute.yaml"), strict: true)
        #expect(unknown.map(\.severity) == [.error])
        let missing = SnapshotValidation.validate(Self.path("missing-source-file.yaml"), strict: true)
        #expect(missing.map(\.severity) == [.warning])
    }

    @Test("a folder run lists every file's problems, file by file, then counts them")
    func folder() {
        let report = SnapshotValidation.run(paths: [Paths.fixtures.appendingPathComponent("validation").path])
        #expect(report.files.count == Self.cases.count, "the schema and texts/ are skipped")
        let expected = Self.cases.sorted { $0.file < $1.file }.flatMap { c in c.expected.map { (c.file, $0) } }
        #expect(report.diagnostics.count == expected.count)
        for (d, (file, e)) in zip(report.diagnostics, expected) {
            #expect(d.location?.file.hasSuffix("validation/\(e.file ?? file)") == true, "\(d)")
            #expect(d.location?.line == e.line && d.location?.column == e.column, "expected \(file):\(e), got \(d)")
            #expect(d.message.contains(e.fragment), "\(d)")
        }
        #expect(report.errorCount == expected.count { $0.1.severity == .error })
        #expect(report.warningCount == expected.count { $0.1.severity == .warning })
        #expect(report.summary == "\(Self.cases.count) files, \(report.errorCount) errors, 3 warnings")
        #expect(!report.passed)
    }

    @Test("a snapshot that names no schema is checked with --schema, or warned about")
    func fallbackSchema() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("s.yaml").path
        try "snapshot:\n  id: s\nentities:\n  - {id: a, type: Partie}\n".write(toFile: file, atomically: true, encoding: .utf8)
        let without = SnapshotValidation.validate(file)
        #expect(without.count == 1)
        #expect(without.first?.severity == .warning)
        #expect(without.first?.message.contains("names no schema") == true)
        let schema = try Schema.load(path: Paths.schema.path)
        let with = SnapshotValidation.validate(file, schema: schema)
        #expect(with.map(\.message) == ["unknown entity type 'Partie' of 'a' (did you mean 'Party'?)"])
        #expect(with.first?.location == SourceLocation(file: file, line: 4, column: 19))
    }

    @Test("the loader canonicalises alias spellings with the schema the snapshot names")
    func loaderCanonicalises() throws {
        let loaded = try GraphLoader.load(Paths.graphs.appendingPathComponent("example/minimal.yaml").path)
        #expect(loaded.schema?.name == "negotiation")
        let g = loaded.graph
        #expect(g.symmetricTypes.contains("MEETS_WITH"))
        #expect(g.relations(ofType: "MEETS_WITH").count == 1, "written 'meets-with'")
        #expect(g.relations(ofType: "DEMANDS").count == 1, "written 'demands'")
        #expect(g.relations(ofType: "PART_OF").count == 2, "written 'PART_OF' and 'part-of'")
        #expect(g.entity(withID: "witkoff")?.type == "Official", "written 'envoy'")
        #expect(g.relationTypeCounts.keys.allSatisfy { $0 == $0.uppercased() })
        #expect(g.checkInvariants().isEmpty)
    }

    @Test("the example snapshot passes strictly, quotes checked")
    func example() {
        let report = SnapshotValidation.run(paths: [Paths.graphs.appendingPathComponent("example").path], strict: true)
        #expect(report.files.count == 1)
        #expect(report.diagnostics.isEmpty, "\(report.text())")
    }
}
