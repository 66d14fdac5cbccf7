import Foundation
import ParleyTestSupport
import Testing

/// Hostile inputs end with a clear error naming the file (or query) and position, or with a
/// bounded result: never a stack overflow, never an endless run. Each run is boxed to
/// ``boundedRunMemoryMiB`` of address space and a time limit.
@Suite("Resource bounds")
struct HardeningBoundsTests {
    static let levels = 100_000

    /// A file name, its content, and a word the error must contain.
    static let deepSnapshots: [(String, String)] = [
        ("deep-flow.yaml", "entities:\n  - " + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "\n"),
        ("deep-flow-map.yaml", "entities:\n  - " + String(repeating: "{a: ", count: levels) + "1" + String(repeating: "}", count: levels) + "\n"),
        ("deep-block.yaml", "entities:\n  - " + String(repeating: "- ", count: levels) + "x\n"),
        ("deep-array.json", "{\"entities\": [" + String(repeating: "[", count: levels) + String(repeating: "]", count: levels) + "]}"),
        ("deep-object.json", "{\"entities\": [" + String(repeating: "{\"a\": ", count: levels) + "1" + String(repeating: "}", count: levels) + "]}"),
    ]

    @Test("a snapshot nested 100,000 levels deep is refused at its position", arguments: deepSnapshots.map(\.0))
    func deepSnapshot(name: String) throws {
        let text = try #require(Self.deepSnapshots.first { $0.0 == name }).1
        let (folder, file) = try temporaryFile(named: name, contents: Array(text.utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        for command in [["validate", file.path], ["fmt", "--check", file.path]] {
            let run = try runParleyBounded(command, seconds: 60)
            #expect(run.signal == nil, "\(command[0]) \(name) crashed with signal \(run.signal ?? 0)")
            #expect(!run.timedOut, "\(command[0]) \(name) ran over 60 s")
            // `validate` reports on standard output, the other commands on standard error.
            let output = run.stdout + run.stderr
            #expect(run.status == 1, "\(command[0]) \(name): \(output.prefix(300))")
            #expect(output.contains("\(file.path):"), "\(output.prefix(300))")
            #expect(output.contains("nest"), "\(output.prefix(300))")
            #expect(output.range(of: #":\d+:\d+: error: "#, options: .regularExpression) != nil, "\(output.prefix(300))")
        }
    }

    /// GraphML with a million attributes (or a million `<data>` children) on one element.
    static func hugeGraphML(attributes: Bool) -> [UInt8] {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key id="name" for="node" attr.name="name" attr.type="string"/>
            <graph edgedefault="directed">
            <node id="a"
            """
        text.reserveCapacity(20_000_000)
        if attributes {
            for i in 0..<1_000_000 { text += " a\(i)=\"v\"" }
            text += "/>\n"
        } else {
            text += ">"
            for i in 0..<1_000_000 { text += "<data key=\"name\">n\(i)</data>" }
            text += "</node>\n"
        }
        text += "<node id=\"b\"/>\n<edge source=\"a\" target=\"b\"/>\n</graph>\n</graphml>\n"
        return Array(text.utf8)
    }

    @Test("a GraphML element with a million attributes or data children ends in bounded time", arguments: [true, false])
    func hugeGraphMLElement(attributes: Bool) throws {
        let (folder, file) = try temporaryFile(named: "huge.graphml", contents: Self.hugeGraphML(attributes: attributes))
        defer { try? FileManager.default.removeItem(at: folder) }
        let out = folder.appendingPathComponent("out.yaml")
        let run = try runParleyBounded(["import", file.path, "-o", out.path], seconds: 90)
        #expect(run.signal == nil, "crashed with signal \(run.signal ?? 0): \(run.stderr.prefix(300))")
        #expect(!run.timedOut, "import ran over 90 s")
        if run.status == 0 {
            // A bounded result: the two nodes and the edge.
            let written = try String(contentsOf: out, encoding: .utf8)
            #expect(written.contains("id: a"))
            #expect(written.contains("id: b"))
        } else {
            #expect(run.status == 1, "\(run.stderr.prefix(300))")
            #expect(run.stderr.contains("\(file.path):"), "\(run.stderr.prefix(300))")
        }
    }

    static let deepQueries: [(String, String)] = [
        ("parentheses", "RETURN " + String(repeating: "(", count: 5_000) + "1" + String(repeating: ")", count: 5_000)),
        ("lists", "RETURN " + String(repeating: "[", count: 5_000) + "1" + String(repeating: "]", count: 5_000)),
        ("maps", "RETURN " + String(repeating: "{a: ", count: 5_000) + "1" + String(repeating: "}", count: 5_000)),
        ("NOT", "RETURN " + String(repeating: "NOT ", count: 50_000) + "true"),
        ("minus", "RETURN " + String(repeating: "- ", count: 50_000) + "x"),
        ("chain", "RETURN 1" + String(repeating: " + 1", count: 100_000)),
        // Found by the fuzzer: 365 links overflowed the binder's stack in a sanitized build.
        ("ORDER BY chain", "MATCH (me: Person)--(you: Person) RETURN me.age AS age, count(you.age) AS cnt ORDER BY me.age"
            + String(repeating: " + 1", count: 365)),
        ("property chain", "MATCH (n) RETURN n" + String(repeating: ".a", count: 100_000)),
        ("patterns", "MATCH (n) WHERE " + String(repeating: "EXISTS { MATCH (n) WHERE ", count: 3_000) + "true" + String(repeating: " }", count: 3_000) + " RETURN n"),
    ]

    @Test("a query nested thousands of levels deep is refused at its position", arguments: deepQueries.map(\.0))
    func deepQuery(name: String) throws {
        let query = try #require(Self.deepQueries.first { $0.0 == name }).1
        // From a file: a command-line argument cannot be longer than 128 KiB.
        let (folder, file) = try temporaryFile(named: "deep.cypher", contents: Array(query.utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runParleyBounded(["query", "Tests/Fixtures/query/talks.yaml", "-f", file.path], seconds: 60)
        #expect(run.signal == nil, "\(name): crashed with signal \(run.signal ?? 0)")
        #expect(!run.timedOut, "\(name): ran over 60 s")
        #expect(run.status == 1, "\(name): \(run.stderr.prefix(300))")
        #expect(run.stderr.range(of: "\(file.path):1:\\d+: ", options: .regularExpression) != nil, "\(name): \(run.stderr.prefix(300))")
        #expect(run.stderr.contains("nested deeper than"), "\(name): \(run.stderr.prefix(300))")
    }

    @Test("a query of one line a megabyte long is read in linear time")
    func longQueryLine() throws {
        // The lexer once counted each token's column from the line start: quadratic on one line.
        let query = "RETURN size([" + String(repeating: "1, ", count: 300_000) + "1]) AS n"
        let (folder, file) = try temporaryFile(named: "long.cypher", contents: Array(query.utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = try runParleyBounded(["query", "Tests/Fixtures/query/talks.yaml", "-f", file.path, "--format", "csv"], seconds: 90)
        #expect(run.signal == nil && !run.timedOut, "\(run.stderr.prefix(300))")
        #expect(run.status == 0, "\(run.stderr.prefix(300))")
        #expect(run.stdout.contains("300001"), "\(run.stdout.prefix(300))")
    }

    /// A snapshot where every one of `n` parties supports every other.
    static func denseGraph(_ n: Int) -> String {
        var text = "snapshot:\n  id: dense\n  as_of: 2025-11-24\n\nentities:\n"
        for i in 0..<n { text += "  - {id: p\(i), type: Party, name: Party \(i)}\n" }
        text += "\nrelations:\n"
        for i in 0..<n { for j in 0..<n where i != j { text += "  - rel: p\(i) SUPPORTS p\(j)\n" } }
        return text
    }

    @Test("an unbounded variable-length pattern on a dense graph ends with a bounded result or a clear error")
    func unboundedPatternOnDenseGraph() throws {
        let (folder, file) = try temporaryFile(named: "dense.yaml", contents: Array(Self.denseGraph(30).utf8))
        defer { try? FileManager.default.removeItem(at: folder) }
        let query = "MATCH p = (a)-[*]->(b) RETURN count(p)"
        // The step cap (1,000,000 relationships) ends it in about 20 s of CPU in a debug build.
        let run = try runParleyBounded(["query", file.path, query], seconds: 240)
        #expect(run.signal == nil, "crashed with signal \(run.signal ?? 0): \(run.stderr.prefix(300))")
        #expect(!run.timedOut, "ran over 240 s")
        #expect(run.status == 1, "\(run.stdout.prefix(300)) \(run.stderr.prefix(300))")
        #expect(run.stderr.contains("<query>"), "\(run.stderr.prefix(300))")
        #expect(run.stderr.contains("--timeout") || run.stderr.contains("--max-"), "\(run.stderr.prefix(300))")
    }
}
