import Foundation
import ParleyCore
@testable import ParleyExport
import ParleyTestSupport
import Testing

@Suite("Neo4j CSV export")
struct Neo4jCSVExporterTests {
    func file(_ output: Neo4jCSVExporter.Output, _ name: String) throws -> String {
        try #require(output.files.first { $0.name == name }).contents
    }

    @Test func headersTypesAndEscaping() throws {
        var g = try adversarialGraph()
        try g.updateEntity(g.handle(forID: "russia")!) { $0.attributes["big"] = 1e300 }
        let out = try Neo4jCSVExporter().export(g)
        #expect(out.files.map(\.name) == [
            "nodes_Official.csv", "nodes_Party.csv", "nodes_Provision_Type.csv",
            "relationships_DEMANDS.csv", "relationships_MEETS_WITH.csv", "relationships_ORDER.csv", "import.sh",
        ])
        // Aliases hold ';', so the array delimiter moves to '|'.
        #expect(out.arrayDelimiter == "|")
        let party = try file(out, "nodes_Party.csv")
        #expect(party == """
            id:ID,:LABEL,name:string,aliases:string[],big:double,flag:boolean,founded:date,kind:string,said by:string,share:float
            "russia","Party","Russia's ""Federation""\",\"РФ|Rossiya; RF|back\\slash",1e+300,true,1991-12-25,"state","x",0.25

            """)
        let official = try file(out, "nodes_Official.csv")
        #expect(official == """
            id:ID,:LABEL,name:string,title:string
            "zelensky'); MATCH (n) DETACH DELETE n; //","Official|Leader|Has Space","Volodymyr Zelensky\r\n\t\u{01}é😀","President\u{0C}\u{08}"

            """)
        #expect(try file(out, "nodes_Provision_Type.csv").hasPrefix("id:ID,:LABEL,name:string,limit:int\n"))
        let demands = try file(out, "relationships_DEMANDS.csv")
        #expect(demands == """
            :START_ID,:END_ID,:TYPE,confidence:string,date:date,note:string,quotes:string[],sources:string[],valid_from:date,valid_until:date
            "russia","p1","DEMANDS","high",2025-11-21,"it's 'quoted'\\n","Russia ""demands""
            more","guardian|ft",2025-11-20,2025-11-30

            """)
        #expect(try file(out, "relationships_MEETS_WITH.csv").hasPrefix(":START_ID,:END_ID,:TYPE\n"))
        let script = try file(out, "import.sh")
        #expect(script.contains("--array-delimiter='|'"))
        #expect(script.contains("--nodes=nodes_Provision_Type.csv \\\n"))
        #expect(script.contains("--relationships=relationships_ORDER.csv \\\n"))
    }

    @Test(arguments: [
        ([Value.int(1), .int(2)], "int"), ([.int(1), .int(5_000_000_000)], "long"), ([.float(0.5), .int(2)], "float"),
        ([.float(0.1)], "double"), ([.list(["a"]), .list([])], "string[]"), ([.list([1, 2])], "int[]"),
        ([.date(LocalDate(iso: "2025-01-01")!)], "date"), ([.bool(true)], "boolean"), ([.int(1), .string("x")], nil),
        ([.list([1]), .int(1)], nil),
    ] as [([Value], String?)])
    func columnTypes(_ values: [Value], _ expected: String?) {
        #expect(Neo4jCSVExporter.commonType(values) == expected)
    }

    @Test func mixedColumnIsWrittenAsStringsAndReported() throws {
        var g = Graph()
        try g.addEntity(Entity(id: "a", type: "T", attributes: ["x": 1]))
        try g.addEntity(Entity(id: "b", type: "T", attributes: ["x": "one"]))
        let out = try Neo4jCSVExporter().export(g)
        #expect(try file(out, "nodes_T.csv") == "id:ID,:LABEL,x:string\n\"a\",\"T\",\"1\"\n\"b\",\"T\",\"one\"\n")
        #expect(out.diagnostics.contains { $0.severity == .warning && $0.message.contains("property 'x'") })
        #expect(out.arrayDelimiter == ";")
    }

    @Test func unstorableValuesFollowThePolicy() throws {
        var g = Graph()
        try g.addEntity(Entity(id: "a", type: "T", attributes: ["disputes": [.map(["value": "Senator"])]]))
        #expect(throws: Diagnostics.self) { try Neo4jCSVExporter().export(g) }
        let json = try Neo4jCSVExporter(unstorable: .json).export(g)
        #expect(try file(json, "nodes_T.csv") == "id:ID,:LABEL,disputes:string\n\"a\",\"T\",\"[{\"\"value\"\":\"\"Senator\"\"}]\"\n")
        let omit = try Neo4jCSVExporter(unstorable: .omit).export(g)
        #expect(try file(omit, "nodes_T.csv") == "id:ID,:LABEL\n\"a\",\"T\"\n")
    }

    @Test func writesFolderDeterministically() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let g = try adversarialGraph()
        let first = try Neo4jCSVExporter().write(g, to: dir.path + "/out")
        let again = try Neo4jCSVExporter().export(g)
        #expect(first.files == again.files)
        let names = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/out").sorted()
        #expect(names == first.files.map(\.name).sorted())
        let attrs = try FileManager.default.attributesOfItem(atPath: dir.path + "/out/import.sh")
        #expect((attrs[.posixPermissions] as? Int) == 0o755)
    }

    /// Every file parses as RFC 4180 CSV with as many fields per row as its header has, and
    /// the fields read back to the graph's values.
    @Test func parsesBackAsCSV() throws {
        let g = try adversarialGraph()
        let out = try Neo4jCSVExporter().export(g)
        for f in out.files where f.name.hasSuffix(".csv") {
            let rows = try #require(parseCSV(f.contents), "\(f.name) does not parse")
            let width = rows[0].count
            for row in rows { #expect(row.count == width, "\(f.name): \(row)") }
        }
        let official = try #require(parseCSV(try file(out, "nodes_Official.csv")))
        #expect(official[1] == [
            "zelensky'); MATCH (n) DETACH DELETE n; //", "Official|Leader|Has Space",
            "Volodymyr Zelensky\r\n\t\u{01}é😀", "President\u{0C}\u{08}",
        ])
        let party = try #require(parseCSV(try file(out, "nodes_Party.csv")))
        #expect(party[1][3].split(separator: out.arrayDelimiter).map(String.init) == ["РФ", "Rossiya; RF", "back\\slash"])
    }
}

/// A strict RFC 4180 reader (quoted fields may hold commas, quotes doubled and line breaks); nil on malformed input.
func parseCSV(_ text: String) -> [[String]]? {
    var rows: [[String]] = []
    var row: [String] = []
    var field = ""
    var inQuotes = false
    var atFieldStart = true
    var closedQuote = false
    var chars = Array(text.unicodeScalars)[...]
    while let c = chars.popFirst() {
        if inQuotes {
            if c == "\"" {
                if chars.first == "\"" {
                    field.unicodeScalars.append("\"")
                    chars.removeFirst()
                } else {
                    inQuotes = false
                    closedQuote = true
                }
            } else {
                field.unicodeScalars.append(c)
            }
            continue
        }
        switch c {
        case "\"":
            guard atFieldStart else { return nil }
            inQuotes = true
            atFieldStart = false
        case ",":
            row.append(field); field = ""; atFieldStart = true; closedQuote = false
        case "\n":
            row.append(field); rows.append(row); row = []; field = ""; atFieldStart = true; closedQuote = false
        default:
            guard !closedQuote else { return nil }  // after a closing quote only ',' or a line break may follow
            field.unicodeScalars.append(c)
            atFieldStart = false
        }
    }
    guard !inQuotes, row.isEmpty, field.isEmpty else { return nil }
    return rows
}
