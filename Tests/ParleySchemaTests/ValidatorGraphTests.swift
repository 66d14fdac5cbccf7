import Foundation
import ParleyCore
import ParleySchema
import ParleyTestSupport
import Testing

/// The validator on graphs built in code (no positions: every diagnostic points at the file's start).
@Suite("Validator on graphs built in code")
struct ValidatorGraphTests {
    static let schema: Schema? = try? Schema.load(path: Paths.schema.path)

    /// A small valid graph: two parties, a provision, two officials and a source with a local text.
    static func baseGraph(textFile: String? = nil) throws -> Graph {
        var g = Graph(metadata: SnapshotMetadata(id: "t", schema: "negotiation"))
        try g.addSource(Source(id: "src", file: textFile))
        try g.addEntity(Entity(id: "russia", type: "Party", name: "Russia"))
        try g.addEntity(Entity(id: "ukraine", type: "Party", name: "Ukraine", aliases: ["Ukraina"]))
        try g.addEntity(Entity(id: "cede-donetsk", type: "Provision", attributes: ["topic": "territory"]))
        try g.addEntity(Entity(id: "witkoff", type: "Official", name: "Steve Witkoff"))
        try g.addEntity(Entity(id: "ushakov", type: "Official", name: "Yuri Ushakov"))
        try g.addEntity(Entity(id: "donbas", type: "Region", name: "Donbas"))
        return g
    }

    static func validate(_ g: Graph, file: String = "t.yaml", strict: Bool = false) throws -> [Diagnostic] {
        let schema = try #require(Self.schema)
        return Validator.validate(g, sourceMap: SourceMap(file: file), schema: schema, strict: strict)
    }

    @Test("a valid graph has no diagnostics")
    func validGraph() throws {
        var g = try Self.baseGraph()
        try g.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", citations: [Citation(source: "src")])
        try g.addRelation(from: "witkoff", type: "MEETS_WITH", to: "ushakov", attributes: ["mode": "phone", "date": .date(LocalDate(year: 2025, month: 10, day: 14)!)])
        try g.addRelation(from: "russia", type: "CONTROLS", to: "donbas", attributes: ["share": 1])  // integer for a float
        #expect(try Self.validate(g).isEmpty)
    }

    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var severity: Diagnostic.Severity
        var fragment: String
        var change: @Sendable (inout Graph) throws -> Void
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "unknown entity type", severity: .error, fragment: "unknown entity type 'Partie' of 'x' (did you mean 'Party'?)") {
            try $0.addEntity(Entity(id: "x", type: "Partie"))
        },
        Case(name: "unknown relation type", severity: .error, fragment: "unknown relation type 'DEMANDZ' (did you mean 'DEMANDS'?)") {
            try $0.addRelation(from: "russia", type: "DEMANDZ", to: "cede-donetsk")
        },
        Case(name: "domain violation", severity: .error, fragment: "DEMANDS cannot start at Provision 'cede-donetsk' (its domain is Party, Official, Organization)") {
            try $0.addRelation(from: "cede-donetsk", type: "DEMANDS", to: "cede-donetsk")
        },
        Case(name: "range violation", severity: .error, fragment: "CONTROLS cannot end at Party 'ukraine' (its range is Region)") {
            try $0.addRelation(from: "russia", type: "CONTROLS", to: "ukraine")
        },
        Case(name: "alias claimed by two entities", severity: .error, fragment: "alias 'ukraina' of 'kyiv' is also an alias of 'ukraine'") {
            try $0.addEntity(Entity(id: "kyiv", type: "Place", aliases: ["ukraina"]))
        },
        Case(name: "alias that is another entity's name", severity: .error, fragment: "alias 'Russia' of 'moscow' is the id of 'russia'") {
            try $0.addEntity(Entity(id: "moscow", type: "Place", aliases: ["Russia"]))
        },
        Case(name: "unknown attribute", severity: .warning, fragment: "Party 'x': unknown attribute 'knd' (did you mean 'kind'?)") {
            try $0.addEntity(Entity(id: "x", type: "Party", attributes: ["knd": "state"]))
        },
        Case(name: "wrong value type", severity: .error, fragment: "attribute 'limit' must be an integer, not string '600k'") {
            try $0.addEntity(Entity(id: "army-cap", type: "Provision", attributes: ["limit": "600k"]))
        },
        Case(name: "float given a string", severity: .error, fragment: "attribute 'share' must be a float, not string 'most'") {
            try $0.addRelation(from: "russia", type: "CONTROLS", to: "donbas", attributes: ["share": "most"])
        },
        Case(name: "enum value not listed", severity: .error, fragment: "attribute 'mode' has value 'phon', which is not one of in-person, phone, video, message, virtual, unknown (did you mean 'phone'?)") {
            try $0.addRelation(from: "witkoff", type: "MEETS_WITH", to: "ushakov", attributes: ["mode": "phon"])
        },
        Case(name: "entity attribute naming no entity", severity: .error, fragment: "attribute 'said_by' names no entity 'Witkof' (did you mean 'witkoff'?)") {
            try $0.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", attributes: ["said_by": "Witkof"])
        },
        Case(name: "entity attribute naming an alias", severity: .error, fragment: "attribute 'country' names no entity 'Ukraina' (did you mean 'ukraine'?)") {
            try $0.addEntity(Entity(id: "umerov", type: "Official", attributes: ["country": "Ukraina"]))
        },
        Case(name: "invalid date", severity: .error, fragment: "attribute 'date' is not a real date: '2025-02-30'") {
            try $0.addEntity(Entity(id: "m", type: "Meeting", attributes: ["date": "2025-02-30"]))
        },
        Case(name: "valid_from after valid_until", severity: .error, fragment: "valid_from 2025-11-30 is after valid_until 2025-11-20") {
            let h = try $0.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk")
            try $0.updateRelation(h) {
                $0.validFrom = LocalDate(iso: "2025-11-30")
                $0.validUntil = LocalDate(iso: "2025-11-20")
            }
        },
        Case(name: "citation to an unknown source", severity: .error, fragment: "cites unknown source 'scr' (did you mean 'src'?)") {
            try $0.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", citations: [Citation(source: "scr")])
        },
        Case(name: "quote over 30 words", severity: .error, fragment: "quote of 31 words from 'src' is longer than 30 words") {
            let quote = Array(repeating: "word", count: 31).joined(separator: " ")
            try $0.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", citations: [Citation(source: "src", quote: quote)])
        },
        Case(name: "list item of the wrong type", severity: .error, fragment: "attribute 'disputes' item 1 must be a map, not string 'oops'") {
            try $0.addEntity(Entity(id: "x", type: "Party", attributes: ["disputes": ["oops"]]))
        },
    ]

    @Test("each rule is reported", arguments: cases)
    func rule(_ c: Case) throws {
        var g = try Self.baseGraph()
        try c.change(&g)
        let diagnostics = try Self.validate(g)
        #expect(diagnostics.count == 1, "\(diagnostics)")
        let d = try #require(diagnostics.first)
        #expect(d.severity == c.severity)
        #expect(d.message.contains(c.fragment), "\(d.message)")
        #expect(d.location == SourceLocation(file: "t.yaml", line: 1, column: 1))
    }

    @Test("--strict turns warnings into errors")
    func strict() throws {
        var g = try Self.baseGraph()
        try g.addEntity(Entity(id: "x", type: "Party", attributes: ["knd": "state"]))
        let strict = try Self.validate(g, strict: true)
        #expect(strict.map(\.severity) == [.error])
    }

    @Test("quotes are checked against the source's text, relative to the snapshot")
    func quotes() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("texts"), withIntermediateDirectories: true)
        try "Russia continues to demand that Ukraine cede the 30% of Donetsk province – it says so “plainly”.\n"
            .write(to: dir.appendingPathComponent("texts/a.txt"), atomically: true, encoding: .utf8)
        var g = try Self.baseGraph(textFile: "texts/a.txt")
        let snapshot = dir.appendingPathComponent("snap.yaml").path
        try g.addRelation(
            from: "russia", type: "DEMANDS", to: "cede-donetsk",
            citations: [
                Citation(source: "src", quote: "continues to  demand that\nUkraine cede"),  // white space folds
                Citation(source: "src", quote: "Donetsk province - it says so \"plainly\""),  // dashes and quotes
                Citation(source: "src", quote: "Russia continues … Donetsk province"),  // an elision
                Citation(source: "src", quote: "Russia continues to demand that Ukraine cede all of Donetsk"),
                Citation(source: "src", quote: "russia continues to demand"),  // case matters
            ])
        let diagnostics = try Self.validate(g, file: snapshot)
        #expect(diagnostics.count == 2, "\(diagnostics)")
        #expect(diagnostics.allSatisfy { $0.message.contains("quote not found in the text of source 'src'") })
        #expect(diagnostics.first?.message.contains("closest passage: \"Russia continues to demand that Ukraine cede the 30%") == true)
    }

    @Test("a missing source file gives one warning per source, which --strict leaves a warning")
    func missingSourceFile() throws {
        var g = try Self.baseGraph(textFile: "../nowhere/a.txt")
        try g.addRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", citations: [Citation(source: "src", quote: "one")])
        try g.addRelation(from: "russia", type: "DEMANDS", to: "donbas", citations: [Citation(source: "src", quote: "two")])
        for strict in [false, true] {
            let diagnostics = try Self.validate(g, strict: strict)
            #expect(diagnostics.count == 1, "\(diagnostics)")
            #expect(diagnostics.first?.severity == .warning)
            #expect(diagnostics.first?.message.contains("file '../nowhere/a.txt' is not there, so its quotes are not checked") == true)
        }
    }

    @Test("without a schema, types and attributes are not checked but sources and aliases are")
    func noSchema() throws {
        var g = try Self.baseGraph()
        try g.addEntity(Entity(id: "x", type: "Gadget", aliases: ["Ukraina"], attributes: ["anything": 1]))
        try g.addRelation(from: "x", type: "WHATEVER", to: "russia", citations: [Citation(source: "nope")])
        let diagnostics = Validator.validate(g, sourceMap: SourceMap(file: "t.yaml"), schema: nil)
        #expect(diagnostics.count == 2, "\(diagnostics)")
        #expect(diagnostics.contains { $0.message.contains("alias 'Ukraina' of 'x'") })
        #expect(diagnostics.contains { $0.message.contains("cites unknown source 'nope'") })
    }

    @Test("reader diagnostics are merged and sorted by position")
    func merged() throws {
        var g = try Self.baseGraph()
        try g.addEntity(Entity(id: "x", type: "Partie"))
        let reader = [
            Diagnostic.error("late", at: SourceLocation(file: "t.yaml", line: 9, column: 2)),
            Diagnostic.warning("early", at: SourceLocation(file: "t.yaml", line: 1, column: 0)),
        ]
        let diagnostics = Validator.validate(g, sourceMap: SourceMap(file: "t.yaml"), schema: Self.schema, readerDiagnostics: reader, strict: true)
        #expect(diagnostics.map(\.message.first) == ["e", "u", "l"])
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }
}
