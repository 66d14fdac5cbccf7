import Foundation
import ParleyCore
import ParleyExport
import ParleyTestSupport
import Testing

/// A small graph with names and strings chosen to break naive quoting.
func adversarialGraph() throws -> Graph {
    var g = Graph(metadata: SnapshotMetadata(id: "adversarial\nwith newline", asOf: LocalDate(iso: "2025-11-25")))
    let ru = try g.addEntity(
        Entity(
            id: "russia", type: "Party", name: "Russia's \"Federation\"", aliases: ["РФ", "Rossiya; RF", "back\\slash"],
            attributes: ["kind": "state", "founded": .date(LocalDate(iso: "1991-12-25")!), "said by": "x",
                         "share": 0.25, "big": 1e300, "flag": true, "nothing": .null]))
    let zel = try g.addEntity(
        Entity(
            id: "zelensky'); MATCH (n) DETACH DELETE n; //", type: "Official", name: "Volodymyr Zelensky\r\n\t\u{01}é😀",
            labels: ["Leader", "Has Space"], attributes: ["title": "President\u{0C}\u{08}"]))
    let p = try g.addEntity(Entity(id: "p1", type: "Provision Type", name: "Point `one`", attributes: ["limit": 600000]))
    try g.addRelation(
        Relation(
            from: ru, type: "DEMANDS", to: p, attributes: ["note": "it's 'quoted'\\n", "date": .date(LocalDate(iso: "2025-11-21")!)],
            citations: [Citation(source: "guardian", quote: "Russia \"demands\"\nmore"), Citation(source: "ft")],
            validFrom: LocalDate(iso: "2025-11-20"), validUntil: LocalDate(iso: "2025-11-30"), confidence: .high))
    try g.addRelation(Relation(from: zel, type: "MEETS WITH", to: zel))
    try g.addRelation(Relation(from: zel, type: "ORDER", to: ru, attributes: ["tags": ["a", "b"]]))
    return g
}

@Suite("Cypher syntax")
struct CypherSyntaxTests {
    @Test(arguments: [
        ("Party", "Party"), ("_x1", "_x1"), ("said by", "`said by`"), ("a`b", "`a``b`"), ("1st", "`1st`"),
        ("MATCH", "`MATCH`"), ("order", "`order`"), ("Região", "`Região`"), ("a-b", "`a-b`"), ("", "``"),
    ])
    func names(_ input: String, _ expected: String) {
        #expect(CypherSyntax.name(input) == expected)
    }

    @Test(arguments: [
        ("plain", "'plain'"), ("it's", "'it\\'s'"), ("say \"hi\"", "'say \"hi\"'"), ("a\\b", "'a\\\\b'"),
        ("l1\nl2\r\t", "'l1\\nl2\\r\\t'"), ("\u{08}\u{0C}", "'\\b\\f'"), ("é😀РФ", "'é😀РФ'"), ("\u{01}", "'\u{01}'"),
        ("nul\u{0}", "'nul\\u0000'"), ("\\u00e9", "'\\\\u00e9'"),
    ])
    func strings(_ input: String, _ expected: String) {
        #expect(CypherSyntax.string(input) == expected)
    }

    @Test func literals() {
        #expect(CypherSyntax.literal(.date(LocalDate(iso: "2025-11-25")!)) == "date('2025-11-25')")
        #expect(CypherSyntax.literal(1e300) == "1e300")
        #expect(CypherSyntax.literal(1e-7) == "1e-07")
        #expect(CypherSyntax.literal(2.0) == "2.0")
        #expect(CypherSyntax.literal(.float(.nan)) == nil)
        #expect(CypherSyntax.literal(["a", 1, true, nil]) == "['a', 1, true, null]")
        #expect(CypherSyntax.literal(.map(["b": 1, "a b": "x"])) == "{`a b`: 'x', b: 1}")
    }
}

@Suite("Cypher export")
struct CypherExporterTests {
    @Test func scriptShapeAndEscaping() throws {
        let script = try CypherExporter().export(adversarialGraph())
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        // Every line is a comment or one whole statement.
        for line in lines { #expect(line.hasPrefix("//") || line.hasSuffix(";"), "\(line)") }
        #expect(script.hasSuffix(";\n"))
        // Indexes come before any data.
        let firstIndex = try #require(lines.firstIndex { $0.hasPrefix("CREATE INDEX") })
        let firstData = try #require(lines.firstIndex { $0.hasPrefix("UNWIND") })
        #expect(firstIndex < firstData)
        #expect(lines.contains("CREATE INDEX FOR (n:`Provision Type`) ON (n.id);"))
        #expect(lines.contains("CREATE INDEX FOR (n:Official) ON (n.id);"))
        #expect(script.contains("CREATE (n:Official:Leader:`Has Space`) SET n = row;"))
        #expect(script.contains("id: 'zelensky\\'); MATCH (n) DETACH DELETE n; //'"))
        #expect(script.contains("name: 'Volodymyr Zelensky\\r\\n\\t\u{01}é😀'"))
        #expect(script.contains("aliases: ['РФ', 'Rossiya; RF', 'back\\\\slash']"))
        #expect(script.contains("`said by`: 'x'"))
        #expect(script.contains("founded: date('1991-12-25')"))
        #expect(!script.contains("nothing"))
        #expect(script.contains(
            "props: {confidence: 'high', date: date('2025-11-21'), note: 'it\\'s \\'quoted\\'\\\\n', quotes: ['Russia \"demands\"\\nmore'], sources: ['guardian', 'ft'], valid_from: date('2025-11-20'), valid_until: date('2025-11-30')}"))
        #expect(script.contains("MATCH (a:Party {id: row.from_id}), (b:`Provision Type` {id: row.to_id}) CREATE (a)-[r:DEMANDS]->(b) SET r = row.props;"))
        #expect(script.contains("CREATE (a)-[r:`MEETS WITH`]->(b)"))
        #expect(script.contains("CREATE (a)-[r:`ORDER`]->(b)"))
    }

    @Test func deterministicWhateverTheInsertionOrder() throws {
        let g = try adversarialGraph()
        var reversed = Graph(metadata: g.metadata)
        for e in g.entities.reversed() { try reversed.addEntity(e) }
        for h in Array(g.relationHandles).reversed() { try reversed.addRelation(g.portable(h)) }
        #expect(try CypherExporter().export(g) == CypherExporter().export(reversed))
    }

    @Test func batches() throws {
        var g = Graph()
        for i in 0..<7 { try g.addEntity(Entity(id: "e\(i)", type: "T")) }
        for i in 0..<6 { try g.addRelation(from: "e\(i)", type: "R", to: "e\(i + 1)") }
        let script = try CypherExporter(options: .init(batchSize: 3)).export(g)
        #expect(script.components(separatedBy: "CREATE (n:T) SET n = row;").count - 1 == 3)
        #expect(script.components(separatedBy: "SET r = row.props;").count - 1 == 2)
    }

    @Test(arguments: [
        (CypherDialect.portable, "CREATE INDEX FOR (n:`Provision Type`) ON (n.id);"),
        (.falkordb, "CREATE INDEX FOR (n:`Provision Type`) ON (n.id);"),
        (.neo4j, "CREATE CONSTRAINT FOR (n:`Provision Type`) REQUIRE n.id IS UNIQUE;"),
        (.memgraph, "CREATE INDEX ON :`Provision Type`(id);"),
    ])
    func indexPerDialect(_ dialect: CypherDialect, _ expected: String) throws {
        let g = try adversarialGraph()
        let script = try CypherExporter(options: .init(dialect: dialect)).export(g)
        #expect(script.contains(expected))
    }

    @Test func backquoteInNameIsRejectedForFalkorDBButNotMemgraph() throws {
        var g = try adversarialGraph()
        try g.updateEntity(g.handle(forID: "russia")!) { $0.attributes["a`b"] = 1 }
        #expect(throws: Diagnostics.self) { try CypherExporter(options: .init(dialect: .falkordb)).export(g) }
        let problems = CypherExporter(options: .init(dialect: .falkordb)).check(g)
        #expect(problems.contains { $0.severity == .error && $0.message.contains("property key 'a`b'") })
        #expect(try CypherExporter(options: .init(dialect: .memgraph)).export(g).contains("`a``b`: 1"))
    }

    @Test func unstorableValuesAreReportedThenHandledByPolicy() throws {
        var g = Graph()
        try g.addEntity(Entity(
            id: "x", type: "Official",
            attributes: ["disputes": [.map(["attribute": "title", "value": "Senator"])], "nested": [[1, 2], [3]],
                         "mixed": [1, "a"], "ok": ["a", "b"], "id": "shadow"]))
        let falkor = CypherFit.check(g, dialect: .falkordb)
        #expect(falkor.filter { $0.severity == .error }.map(\.message) == [
            "entity 'x': property 'disputes' is a list holding a map, which FalkorDB cannot store",
        ])
        #expect(falkor.contains { $0.severity == .warning && $0.message.contains("attribute 'id' is hidden") })
        let neo = CypherFit.check(g, dialect: .neo4j).filter { $0.severity == .error }.map(\.message)
        #expect(neo.count == 3)
        #expect(CypherFit.check(g, dialect: .memgraph).filter { $0.severity == .error }.isEmpty)

        #expect(throws: Diagnostics.self) { try CypherExporter(options: .init(dialect: .falkordb)).export(g) }
        let json = try CypherExporter(options: .init(dialect: .falkordb, unstorable: .json)).export(g)
        #expect(json.contains("disputes: '[{\"attribute\":\"title\",\"value\":\"Senator\"}]'"))
        #expect(json.contains("nested: [[1, 2], [3]]"))
        #expect(json.contains("id: 'x'"))
        let omitted = try CypherExporter(options: .init(dialect: .falkordb, unstorable: .omit)).export(g)
        #expect(!omitted.contains("disputes"))
        #expect(omitted.contains("ok: ['a', 'b']"))
    }

    @Test func symmetricRelationsBothWaysOnlyWhenAsked() throws {
        var g = Graph()
        try g.addEntity(Entity(id: "witkoff", type: "Official"))
        try g.addEntity(Entity(id: "russia", type: "Party"))
        try g.addRelation(from: "witkoff", type: "MEETS_WITH", to: "russia", attributes: ["mode": "phone"])
        try g.addRelation(from: "witkoff", type: "MEETS_WITH", to: "witkoff")
        try g.addRelation(from: "witkoff", type: "REPRESENTS", to: "russia")
        g.symmetricTypes = ["MEETS_WITH"]
        let once = try CypherExporter().export(g)
        #expect(once.components(separatedBy: "[r:MEETS_WITH]").count - 1 == 2)  // Official→Official, Official→Party
        #expect(!once.contains("to_id: 'witkoff', props: {mode"))
        let both = try CypherExporter(options: .init(symmetricBothWays: true)).export(g)
        #expect(both.contains("// Relations of symmetric types (MEETS_WITH) are written in both directions."))
        #expect(both.contains(
            "UNWIND [{from_id: 'russia', to_id: 'witkoff', props: {mode: 'phone'}}] AS row MATCH (a:Party {id: row.from_id}), (b:Official {id: row.to_id}) CREATE (a)-[r:MEETS_WITH]->(b)"))
        #expect(both.contains("{from_id: 'witkoff', to_id: 'russia', props: {mode: 'phone'}}"))
        // A self-loop is not doubled, and REPRESENTS is not symmetric.
        #expect(both.components(separatedBy: "from_id: 'witkoff', to_id: 'witkoff'").count - 1 == 1)
        #expect(both.components(separatedBy: "[r:REPRESENTS]").count - 1 == 1)
    }

    @Test func writesAtomically() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("g.cypher").path
        var g = Graph()
        try g.addEntity(Entity(id: "a", type: "T"))
        try CypherExporter().write(g, to: path)
        try CypherExporter().write(g, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == CypherExporter().export(g))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.cypher"])
    }
}

/// Reads an openCypher string literal back (the escapes of the openCypher grammar), for round trips.
func decodeCypherString(_ literal: String) -> String? {
    var scalars = Array(literal.unicodeScalars)
    guard scalars.count >= 2, scalars.first == "'", scalars.last == "'" else { return nil }
    scalars = Array(scalars.dropFirst().dropLast())
    var out = String.UnicodeScalarView()
    var i = 0
    while i < scalars.count {
        let c = scalars[i]
        if c == "'" { return nil }  // an unescaped quote would end the literal early
        guard c == "\\" else { out.append(c); i += 1; continue }
        guard i + 1 < scalars.count else { return nil }
        let e = scalars[i + 1]
        switch e {
        case "\\": out.append("\\")
        case "'": out.append("'")
        case "\"": out.append("\"")
        case "n": out.append("\n")
        case "r": out.append("\r")
        case "t": out.append("\t")
        case "b": out.append("\u{08}")
        case "f": out.append("\u{0C}")
        case "u":
            guard i + 5 < scalars.count, let v = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)])), radix: 16),
                let s = Unicode.Scalar(v)
            else { return nil }
            out.append(s)
            i += 6
            continue
        default: return nil
        }
        i += 2
    }
    return String(out)
}

@Suite("Cypher string round trip")
struct CypherStringRoundTripTests {
    /// Random strings drawn from an alphabet of the troublemakers read back unchanged, and
    /// never put a raw line feed into a statement.
    @Test func randomStringsReadBack() {
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", " ", "'", "\"", "\\", "`", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{01}", "\u{1F}", "\u{7F}",
            "\u{0}", "é", "Ж", "😀", "\u{2028}", "\u{2029}", "\u{FEFF}", "u", ";", "/", "}", "{",
        ]
        var rng = SplitMix64(seed: 42)
        for _ in 0..<2000 {
            let length = Int(rng.next() % 24)
            var s = String.UnicodeScalarView()
            for _ in 0..<length { s.append(alphabet[Int(rng.next() % UInt64(alphabet.count))]) }
            let text = String(s)
            let literal = CypherSyntax.string(text)
            #expect(!literal.contains("\n"))
            #expect(decodeCypherString(literal) == text, "\(literal.debugDescription)")
        }
    }
}

/// A small deterministic random number generator for table-free tests.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("parley export --to cypher | neo4j-csv")
struct CypherExportCommandTests {
    static let snapshot = "graphs/ukraine-2025/2025-11-24-after-geneva.yaml"

    @Test func refusesUnstorableValuesByDefaultAndListsThem() throws {
        let r = try runParley(["export", Self.snapshot, "--to", "cypher"])
        #expect(r.status == 1)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.contains("property 'disputes' is a list holding a map, which Neo4j and FalkorDB cannot store"))
        #expect(r.stderr.contains("note: --unstorable json"))
    }

    @Test func writesAScriptWithWarningsUnderAPolicy() throws {
        let r = try runParley(["export", Self.snapshot, "--to", "cypher", "--dialect", "falkordb", "--unstorable", "omit"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("// Parley Cypher export of "))
        #expect(r.stdout.contains("CREATE INDEX FOR (n:Party) ON (n.id);"))
        #expect(r.stdout.contains("CREATE (a)-[r:DEMANDS]->(b) SET r = row.props;"))
        #expect(!r.stdout.contains("disputes"))
        #expect(r.stderr.contains("warning: entity 'dmitriev': property 'disputes'"))
        let again = try runParley(["export", Self.snapshot, "--to", "cypher", "--dialect", "falkordb", "--unstorable", "omit"])
        #expect(again.stdout == r.stdout)
        let memgraph = try runParley(["export", Self.snapshot, "--to", "cypher", "--dialect", "memgraph"])
        #expect(memgraph.status == 0)
        #expect(memgraph.stdout.contains("CREATE INDEX ON :Party(id);"))
        #expect(memgraph.stdout.contains("disputes: [{attribute: "))
    }

    @Test func writesACSVFolder() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = dir.appendingPathComponent("csv").path
        let r = try runParley(["export", Self.snapshot, "--to", "neo4j-csv", "--unstorable", "json", "-o", out])
        #expect(r.status == 0, "\(r.stderr)")
        let files = try FileManager.default.contentsOfDirectory(atPath: out)
        #expect(files.contains("nodes_Party.csv") && files.contains("relationships_DEMANDS.csv") && files.contains("import.sh"))
        let party = try String(contentsOfFile: out + "/nodes_Party.csv", encoding: .utf8)
        #expect(party.hasPrefix("id:ID,:LABEL,name:string,aliases:string[]"))
        let noFolder = try runParley(["export", Self.snapshot, "--to", "neo4j-csv", "--unstorable", "json"])
        #expect(noFolder.status != 0)
        #expect(noFolder.stderr.contains("-o DIR"))
    }
}
