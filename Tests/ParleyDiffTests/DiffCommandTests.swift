import Foundation
import ParleyCore
import ParleyIO
import ParleyTestSupport
import Testing

/// `parley diff` and `parley apply` run as a user would, on the fixtures in Tests/Fixtures/diff.
@Suite struct DiffCommandTests {
    let before = "Tests/Fixtures/diff/before.yaml"
    let after = "Tests/Fixtures/diff/after.yaml"

    @Test func differentSnapshotsExitOneWithTheChanges() throws {
        let r = try runParley(["diff", before, after])
        #expect(r.status == 1, "\(r.stderr)")
        #expect(r.stderr.isEmpty)
        #expect(!r.stdout.contains("\u{1B}["))  // not a terminal, NO_COLOR set
        // Alias spellings (`supports`, `meeting`) are canonicalised by the schema before comparing.
        #expect(r.stdout.contains("~ shifted  DEMANDS → SUPPORTS 28-point plan (plan-28)"))
        #expect(r.stdout.contains("~ changed  geneva-talks: status planned → held"))
        #expect(r.stdout.contains("~ renamed  zelensky → zelenskyy"))
        #expect(!r.stdout.contains("retyped"))
    }

    /// An input cut short while it is mapped raises SIGBUS; the command reports it and exits
    /// with status 2 instead of crashing. (The signal is sent while the command waits to read a
    /// pipe, so the test does not depend on timing a truncation.)
    @Test func aBusErrorWhileReadingIsReportedNotACrash() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let pipe = dir.appendingPathComponent("pipe.json").path
        try #require(mkfifo(pipe, 0o600) == 0)
        let process = Process()
        process.executableURL = parleyBinary
        process.arguments = ["diff", pipe, before, "--format", "json"]
        process.currentDirectoryURL = Paths.root
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        usleep(800_000)  // the command now waits for a writer on the pipe
        kill(process.processIdentifier, SIGBUS)
        process.waitUntilExit()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationReason == .exit && process.terminationStatus == 2)
        #expect(message.contains("an input file was cut short by another program while it was being read"), "\(message)")
    }

    @Test func aSnapshotAgainstItselfOrAReorderedCopyExitsZero() throws {
        let r = try runParley(["diff", before, before])
        #expect(r.status == 0)
        #expect(r.stdout.hasSuffix("No differences.\n"))
        // The same graph written in canonical JSON (another order, another format) is equal too.
        let dir = try Paths.temporaryDirectory()
        let copy = dir.appendingPathComponent("copy.json").path
        let loaded = try GraphLoader.load(Paths.root.appendingPathComponent(before).path)
        try GraphLoader.save(loaded.graph, to: copy)
        let j = try runParley(["diff", before, copy, "--format", "json"])
        #expect(j.status == 0, "\(j.stdout)")
        #expect(j.stdout.contains(#""equal": true"#))
    }

    @Test func oneFileSlicedAtTwoDates() throws {
        // The Witkoff–Umerov meeting is valid on 2025-11-23 only.
        let same = try runParley(["diff", "\(before)@2025-11-21", "\(before)@2025-11-22"])
        #expect(same.status == 0, "\(same.stdout)\(same.stderr)")
        let r = try runParley(["diff", "\(before)@2025-11-22", "\(before)@2025-11-23"])
        #expect(r.status == 1)
        #expect(r.stdout.contains("+ added    witkoff MEETS_WITH umerov [date 2025-11-23, mode in-person] {status: planned}"))
    }

    @Test(arguments: [
        (["diff", "Tests/Fixtures/diff/missing.yaml", "Tests/Fixtures/diff/after.yaml"], "missing.yaml: no such file"),
        (["diff", "Tests/Fixtures/diff/before.yaml@2025-02-30", "Tests/Fixtures/diff/after.yaml"], "'2025-02-30'"),
        (["diff", "Tests/Fixtures/diff/before.yaml", "Tests/Fixtures/diff/after.yaml", "--format", "svg"], "--format must be"),
        (["diff", "Tests/Fixtures/diff/before.yaml", "Tests/Fixtures/diff/broken.yaml"], "broken.yaml:"),
    ])
    func troubleExitsTwo(_ arguments: [String], _ message: String) throws {
        let r = try runParley(arguments)
        #expect(r.status == 2, "\(r.stdout)")
        #expect(r.stderr.contains(message), "\(r.stderr)")
        #expect(r.stdout.isEmpty)
    }

    @Test func patchThenApplyGivesTheTarget() throws {
        let dir = try Paths.temporaryDirectory()
        let patch = dir.appendingPathComponent("p.json").path
        let out = dir.appendingPathComponent("out.yaml").path
        let d = try runParley(["diff", before, after, "--format", "patch", "-o", patch])
        #expect(d.status == 1 && d.stdout.isEmpty)
        let a = try runParley(["apply", before, patch, "-o", out])
        #expect(a.status == 0, "\(a.stderr)")
        // The result equals the target (both read and canonicalised the same way).
        let again = try runParley(["diff", out, after])
        #expect(again.status == 0, "\(again.stdout)")
    }

    @Test func aPatchThatDoesNotFitIsRefusedAndNothingIsWritten() throws {
        let dir = try Paths.temporaryDirectory()
        let patch = dir.appendingPathComponent("p.json").path
        let out = dir.appendingPathComponent("out.yaml").path
        _ = try runParley(["diff", before, after, "--format", "patch", "-o", patch])
        let r = try runParley(["apply", after, patch, "-o", out])  // the wrong base
        #expect(r.status == 1)
        #expect(r.stderr.contains("the patch does not fit its base"))
        #expect(r.stderr.contains("entity 'amnesty' to remove is not in the base"))
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    /// The JSON report is streamed into a temporary file; when it cannot be put in place (here
    /// the target is a folder), the command fails with the reason and leaves no file behind.
    @Test func aJSONReportThatCannotBePutInPlaceLeavesNothing() throws {
        let dir = try Paths.temporaryDirectory()
        let target = dir.appendingPathComponent("report.json")
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: false)
        let r = try runParley(["diff", before, after, "--format", "json", "-o", target.path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("report.json: cannot be written"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["report.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: target.path).isEmpty)
    }

    @Test func aMalformedPatchIsReportedWithItsPosition() throws {
        let dir = try Paths.temporaryDirectory()
        let patch = dir.appendingPathComponent("p.json")
        try Data("{\"parley_patch\": 1,\n  \"entities\": {\"add\": [{\"id\": 3}]}}".utf8).write(to: patch)
        let r = try runParley(["apply", before, patch.path, "-o", dir.appendingPathComponent("o.yaml").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("p.json:2:31: error: expected a string"), "\(r.stderr)")
    }

    /// Outside the repository no schema is found: the diff still runs, and says what it cannot
    /// tell without one (a stance shift would otherwise pass as a removal and an addition).
    @Test func aDiffWithoutASchemaSaysSo() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func snapshot(_ stance: String) -> String {
            """
            {"snapshot": {"id": "s", "as_of": "2025-11-21"},
             "sources": [{"id": "src", "outlet": "Reuters", "title": "t", "date": "2025-11-21"}],
             "entities": [{"id": "russia", "type": "Party", "name": "Russia"},
                          {"id": "plan", "type": "Proposal", "name": "Plan"}],
             "relations": [{"rel": "russia \(stance) plan", "cite": [{"src": "q"}]}]}
            """
        }
        try Data(snapshot("DEMANDS").utf8).write(to: dir.appendingPathComponent("a.json"))
        try Data(snapshot("REJECTS").utf8).write(to: dir.appendingPathComponent("b.json"))
        let bare = try runParley(["diff", "a.json", "b.json"], currentDirectory: dir)
        #expect(bare.status == 1, "\(bare.stderr)")
        #expect(bare.stderr.contains("warning: no schema for a.json and b.json"), "\(bare.stderr)")
        #expect(bare.stderr.contains("(give --schema FILE)"))
        let schema = Paths.root.appendingPathComponent("schema/negotiation.yaml").path
        let given = try runParley(["diff", "a.json", "b.json", "--schema", schema], currentDirectory: dir)
        #expect(given.status == 1, "\(given.stderr)")
        #expect(!given.stderr.contains("no schema"), "\(given.stderr)")
        #expect(given.stdout.contains("shifted"), "\(given.stdout)")
    }

    @Test func dotOutputWithContextGoesThroughGraphviz() throws {
        let r = try runParley(["diff", before, after, "--format", "dot", "--context", "0"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("digraph \"parley-diff\" {"))
        #expect(!r.stdout.contains("\"russia\" ["))  // nothing changed near Russia
        try expectGraphvizAccepts(r.stdout)
    }

    @Test func jsonOutputIsDeterministic() throws {
        let x = try runParley(["diff", before, after, "--format", "json"])
        let y = try runParley(["diff", before, after, "--format", "json"])
        #expect(x.stdout == y.stdout && x.status == 1)
        let doc = try JSONSerialization.jsonObject(with: Data(x.stdout.utf8)) as? [String: Any]
        let counts = doc?["counts"] as? [String: Int]
        #expect(counts?["stance_shifts"] == 1 && counts?["entities_renamed"] == 1 && counts?["entities_removed"] == 1)
    }
}
