import Foundation
import ParleyTestSupport
import Testing

/// `parley fmt`, `parley import -o` and `parley apply -o` are killed with SIGKILL at random
/// points while they write over an existing file; the file is then always either the complete
/// old content or the complete new one, and the only thing a kill can leave behind is a
/// temporary file named `.TARGET.parley-XXXXXXXX.tmp`, which no command reads.
@Suite("Interrupted writes", .serialized)
struct InterruptedWriteTests {
    /// A large snapshot in flow style, which `parley fmt` rewrites in block style.
    static func unformattedSnapshot(entities n: Int, tag: String) -> String {
        var text = "snapshot: {id: \(tag), as_of: 2025-11-24, title: Interrupted write test}\n\nentities:\n"
        for i in 0..<n {
            text += "  - {id: e\(i), type: Party, name: \"Party \(i) \(tag)\", attributes: {kind: state, rank: \(i)}}\n"
        }
        text += "\nrelations:\n"
        for i in 1..<n { text += "  - {from: e\(i - 1), type: SUPPORTS, to: e\(i)}\n" }
        return text
    }

    static func graphML(nodes n: Int) -> String {
        var text = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
            <key id="type" for="node" attr.name="type" attr.type="string"/>
            <key id="name" for="node" attr.name="name" attr.type="string"/>
            <key id="rel" for="edge" attr.name="type" attr.type="string"/>
            <graph edgedefault="directed">

            """
        for i in 0..<n {
            text += "<node id=\"g\(i)\"><data key=\"type\">Party</data><data key=\"name\">Imported \(i)</data></node>\n"
        }
        for i in 1..<n { text += "<edge source=\"g\(i - 1)\" target=\"g\(i)\"><data key=\"rel\">SUPPORTS</data></edge>\n" }
        return text + "</graph>\n</graphml>\n"
    }

    /// Starts `parley` with its output thrown away.
    static func start(_ arguments: [String], in folder: URL) throws -> Process {
        let process = Process()
        process.executableURL = parleyBinary
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Runs `arguments` once to learn the new content and how long a run takes, then kills it
    /// again and again at random points while it writes over `target` holding `old`.
    static func hammer(_ arguments: [String], target: URL, old: Data, folder: URL, budget: Double, status: Int32 = 0) throws {
        let fm = FileManager.default
        let inputs = Set(try fm.contentsOfDirectory(atPath: folder.path) + [target.lastPathComponent])
        try old.write(to: target)
        let started = Date()
        let first = try start(arguments, in: folder)
        first.waitUntilExit()
        let duration = Date().timeIntervalSince(started)
        #expect(first.terminationStatus == status, "\(arguments) failed uninterrupted")
        let new = try Data(contentsOf: target)
        try #require(new != old, "\(arguments) did not change the target")

        var sawOld = 0
        var sawNew = 0
        var runs = 0
        let loopStart = Date()
        // Kill immediately on the first runs and never on the last ones, random in between,
        // most of the random points late, when the write happens.
        while runs < 60 && (runs < 10 || Date().timeIntervalSince(loopStart) < budget) {
            try old.write(to: target)
            let delay: Double
            switch runs {
            case 0, 1: delay = 0
            case 2, 3: delay = duration * 3
            default: delay = runs.isMultiple(of: 3) ? Double.random(in: 0...duration) : Double.random(in: (duration * 0.6)...(duration * 1.2))
            }
            let process = try start(arguments, in: folder)
            if delay > 0 { usleep(UInt32(delay * 1_000_000)) }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            runs += 1

            let now = try Data(contentsOf: target)
            if now == old {
                sawOld += 1
            } else if now == new {
                sawNew += 1
            } else {
                Issue.record("\(arguments): after a kill at \(delay) s the target is neither the old nor the new file (\(now.count) bytes; old \(old.count), new \(new.count))")
                return
            }
            for name in try fm.contentsOfDirectory(atPath: folder.path) where !inputs.contains(name) {
                let isTemporary = name.range(
                    of: "^\\.\(NSRegularExpression.escapedPattern(for: target.lastPathComponent))\\.parley-[0-9A-Za-z]{8}\\.tmp$",
                    options: .regularExpression) != nil
                #expect(isTemporary, "\(arguments): a kill left \(name) behind")
            }
        }
        #expect(sawOld > 0, "\(arguments): no kill came before the rename")
        #expect(sawNew > 0, "\(arguments): no run completed")
        // What a kill leaves behind is ignored: the command runs again cleanly on the folder.
        let again = try start(arguments, in: folder)
        again.waitUntilExit()
        #expect(again.terminationStatus == status)
        #expect(try Data(contentsOf: target) == new)
    }

    @Test("parley fmt killed while rewriting a snapshot leaves the old or the new file")
    func fmt() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("talks.yaml")
        try Self.hammer(
            ["fmt", target.path], target: target, old: Data(Self.unformattedSnapshot(entities: 2_000, tag: "old").utf8),
            folder: folder, budget: 10)
        // Leftover temporary files are not snapshots: formatting the folder ignores them.
        let check = try runParley(["fmt", "--check", folder.path])
        #expect(check.status == 0, "\(check.stdout) \(check.stderr)")
        #expect(!check.stdout.contains(".tmp") && !check.stderr.contains(".tmp"))
    }

    @Test("parley import -o killed while writing over a snapshot leaves the old or the new file")
    func importOutput() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let source = folder.appendingPathComponent("big.graphml")
        try Data(Self.graphML(nodes: 2_000).utf8).write(to: source)
        let target = folder.appendingPathComponent("imported.yaml")
        try Self.hammer(
            ["import", source.path, "-o", target.path], target: target,
            old: Data(Self.unformattedSnapshot(entities: 500, tag: "old").utf8), folder: folder, budget: 10)
    }

    @Test("parley apply -o killed while writing over a snapshot leaves the old or the new file")
    func applyOutput() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base.yaml")
        let later = folder.appendingPathComponent("later.yaml")
        let patch = folder.appendingPathComponent("change.patch.json")
        try Data(Self.unformattedSnapshot(entities: 1_500, tag: "base").utf8).write(to: base)
        try Data(Self.unformattedSnapshot(entities: 1_600, tag: "later").utf8).write(to: later)
        let diff = try runParley(["diff", base.path, later.path, "--format", "patch", "-o", patch.path])
        try #require(diff.status == 0 || diff.status == 1, "\(diff.stderr)")
        let target = folder.appendingPathComponent("applied.yaml")
        try Self.hammer(
            ["apply", base.path, patch.path, "-o", target.path], target: target,
            old: Data(Self.unformattedSnapshot(entities: 500, tag: "old").utf8), folder: folder, budget: 10)
    }

    /// The JSON report is written while its pieces are made: a kill in the middle still
    /// leaves the old report or the new one.
    @Test("parley diff --format json -o killed while writing over a report leaves the old or the new file")
    func diffOutput() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let base = folder.appendingPathComponent("base.yaml")
        let later = folder.appendingPathComponent("later.yaml")
        try Data(Self.unformattedSnapshot(entities: 1_500, tag: "base").utf8).write(to: base)
        try Data(Self.unformattedSnapshot(entities: 1_600, tag: "later").utf8).write(to: later)
        let target = folder.appendingPathComponent("report.json")
        try Self.hammer(
            ["diff", base.path, later.path, "--format", "json", "-o", target.path], target: target,
            old: Data("{\"old\": true}\n".utf8), folder: folder, budget: 8, status: 1)
    }
}
