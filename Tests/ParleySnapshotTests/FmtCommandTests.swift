import Foundation
import ParleyTestSupport
import Testing

/// `parley fmt` as a user runs it.
@Suite struct FmtCommandTests {
    static let example = Paths.fixtures.appendingPathComponent("snapshot/example.yaml")
    static let canonical = Paths.fixtures.appendingPathComponent("snapshot/example.canonical.yaml")

    /// A scratch folder holding a copy of the example.
    func scratch() throws -> URL {
        let dir = try Paths.temporaryDirectory()
        try FileManager.default.copyItem(at: Self.example, to: dir.appendingPathComponent("example.yaml"))
        return dir
    }

    func contents(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    @Test func checkNamesUnformattedFilesAndLeavesThemAlone() throws {
        let dir = try scratch()
        let file = dir.appendingPathComponent("example.yaml")
        let before = try contents(file)
        let r = try runParley(["fmt", "--check", dir.path])
        #expect(r.status == 1)
        #expect(r.stdout == "not formatted: \(dir.path)/example.yaml\n")
        #expect(try contents(file) == before)
    }

    @Test func formatsToTheCanonicalLayoutAndThenIsStable() throws {
        let dir = try scratch()
        let file = dir.appendingPathComponent("example.yaml")
        let r = try runParley(["fmt", file.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "reformatted \(file.path)\n")
        #expect(try contents(file) == contents(Self.canonical))
        let again = try runParley(["fmt", "--check", file.path])
        #expect(again.status == 0)
        #expect(again.stdout.isEmpty)
        // No temporary file is left beside the target.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["example.yaml"])
    }

    @Test func aFileWithReaderErrorsIsNotTouched() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("bad.yaml")
        let text = "entities:\n  - id: a\n    type: Party\nrelations:\n  - a SUPPORTS b\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let r = try runParley(["fmt", file.path])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):5:16: error: relation 'a SUPPORTS b': no entity 'b' in this file"))
        #expect(try contents(file) == text)
        let malformed = dir.appendingPathComponent("broken.json")
        try "{\"entities\": [".write(to: malformed, atomically: true, encoding: .utf8)
        let m = try runParley(["fmt", malformed.path])
        #expect(m.status == 1)
        #expect(m.stderr.contains("\(malformed.path):1:15: error: malformed JSON"))
        #expect(try contents(malformed) == "{\"entities\": [")
    }

    @Test func foldersAreSearchedAndJSONStaysJSON() throws {
        let dir = try Paths.temporaryDirectory()
        let sub = dir.appendingPathComponent("round-1")
        let hidden = dir.appendingPathComponent(".cache")
        try FileManager.default.createDirectory(at: sub, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: hidden, withIntermediateDirectories: true)
        let json = "{\"relations\": [\"b X a\"], \"entities\": [{\"type\": \"T\", \"id\": \"b\"}, {\"id\": \"a\", \"type\": \"T\"}]}"
        try json.write(to: sub.appendingPathComponent("g.json"), atomically: true, encoding: .utf8)
        try "not: [valid".write(to: hidden.appendingPathComponent("skip.yaml"), atomically: true, encoding: .utf8)
        try "ignored".write(to: sub.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        let r = try runParley(["fmt", dir.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "reformatted \(dir.path)/round-1/g.json\n")
        #expect(try contents(sub.appendingPathComponent("g.json")) == """
            {
              "entities": [
                {"id": "a", "type": "T"},
                {"id": "b", "type": "T"}
              ],
              "relations": [
                "b X a"
              ]
            }

            """)
    }

    @Test func standardInputIsFormattedToStandardOutput() throws {
        let r = try runParley(["fmt", "-"], stdin: try contents(Self.example))
        #expect(r.status == 0)
        #expect(r.stdout == (try contents(Self.canonical)))
    }

    @Test func missingPathsAreReported() throws {
        let r = try runParley(["fmt", "/nonexistent/x.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr == "error: /nonexistent/x.yaml: no such file or folder\n")
    }
}
