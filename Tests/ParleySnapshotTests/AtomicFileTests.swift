import Foundation
import ParleyCore
import ParleySnapshot
import ParleyTestSupport
import Testing

/// Files written whole or not at all, at once or piece by piece.
@Suite struct AtomicFileTests {
    func leftovers(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".tmp") }
    }

    @Test func aStreamAppearsWholeWhenCommitted() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.json")
        try Data("old".utf8).write(to: target)
        let out = try AtomicFile.Stream(path: target.path)
        try out.write(Array("{\"a\": ".utf8)[...])
        try out.write(Array(repeating: UInt8(ascii: "7"), count: 100_000)[...])
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")  // not yet
        try out.write(Array("}\n".utf8)[...])
        try out.commit()
        let text = try String(contentsOf: target, encoding: .utf8)
        #expect(text.hasPrefix("{\"a\": 777") && text.hasSuffix("7}\n") && text.utf8.count == 100_008)
        #expect(try leftovers(in: folder).isEmpty)
    }

    @Test func anExistingFileKeepsItsPermissions() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("private.json")
        try Data("old".utf8).write(to: target)
        chmod(target.path, 0o600)
        let out = try AtomicFile.Stream(path: target.path)
        try out.write(Array("new".utf8)[...])
        try out.commit()
        try AtomicFile.write(Array("newer".utf8), to: target.path)
        let attributes = try FileManager.default.attributesOfItem(atPath: target.path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        #expect(try String(contentsOf: target, encoding: .utf8) == "newer")
    }

    /// Discarded, or dropped without a commit: the target keeps what it had, and no
    /// temporary file remains.
    @Test(arguments: [true, false])
    func aStreamGivenUpLeavesTheTargetAsItWas(discards: Bool) throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let target = folder.appendingPathComponent("out.json")
        try Data("old".utf8).write(to: target)
        do {
            let out = try AtomicFile.Stream(path: target.path)
            try out.write(Array("half of it".utf8)[...])
            #expect(try leftovers(in: folder).count == 1)
            if discards {
                out.discard()
                #expect(throws: Diagnostics.self) { try out.write(Array("more".utf8)[...]) }
                #expect(throws: Diagnostics.self) { try out.commit() }
            }
        }
        #expect(try String(contentsOf: target, encoding: .utf8) == "old")
        #expect(try leftovers(in: folder).isEmpty)
    }

    @Test func aFolderThatCannotBeWrittenIsNamed() throws {
        let missing = "/nonexistent-\(UUID().uuidString)/out.json"
        do {
            _ = try AtomicFile.Stream(path: missing)
            Issue.record("a stream opened in a missing folder")
        } catch {
            #expect(error.items.first?.message.contains("cannot write \(missing)") == true, "\(error.items)")
        }
        #expect(throws: Diagnostics.self) { try AtomicFile.write(Array("x".utf8), to: missing) }
    }
}
