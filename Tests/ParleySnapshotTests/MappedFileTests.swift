import Foundation
import ParleyCore
import ParleySnapshot
import ParleyTestSupport
import Testing

/// Files read by mapping them into memory: the same bytes as reading them, for every kind of
/// file, and the same errors.
@Suite struct MappedFileTests {
    @Test(arguments: [0, 1, 4095, 4096, 70_001])
    func mappedBytesAreTheFilesBytes(size: Int) throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("f.json").path
        let content = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(content).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        #expect(file.withBytes { Array($0) } == content)
        #expect(file.withBytes { Array($0) } == (try FileBytes.contents(ofFile: path)))
        #expect(file.count == size)
    }

    @Test func filesThatCannotBeMappedAreRead() throws {
        // A device reads as the plain reader reads it; a pipe is read to its end.
        let null = try MappedFile(path: "/dev/null")
        #expect(null.withBytes { Array($0) } == (try FileBytes.contents(ofFile: "/dev/null")))
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let fifo = folder.appendingPathComponent("pipe").path
        try #require(mkfifo(fifo, 0o600) == 0)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            _ = "through a pipe".withCString { write(fd, $0, 14) }
            close(fd)
        }
        writer.start()
        let got = try MappedFile(path: fifo).withBytes { String(decoding: $0, as: UTF8.self) }
        #expect(got == "through a pipe")
    }

    @Test func missingFilesAndFoldersAreNamed() throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = folder.appendingPathComponent("nope.json").path
        #expect(throws: Diagnostics.self) { try MappedFile(path: missing) }
        do {
            _ = try MappedFile(path: folder.path)
            Issue.record("a folder was mapped")
        } catch {
            #expect(error.items.first?.message.contains("is a folder") == true)
        }
    }

    /// A snapshot read in place from mapped bytes is the one read from an array, errors and
    /// positions included.
    @Test(arguments: [
        #"{"snapshot": {"id": "s", "as_of": "2025-11-24"}, "entities": [{"id": "a", "type": "Party"}, {"id": "b", "type": "Party"}], "relations": ["a DEMANDS b"]}"#,
        "{\"entities\": [{\"id\": \"a\", \"type\": \"Party\"},\n  {\"id\": 3}]}",
        "snapshot: {id: s, as_of: 2025-11-24}\nentities:\n  - {id: a, type: Party}\n",
    ])
    func readingInPlaceIsReadingAnArray(_ text: String) throws {
        let folder = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: folder) }
        let format: SnapshotFormat = text.hasPrefix("{") ? .json : .yaml
        let path = folder.appendingPathComponent("s.\(format.fileExtension)").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let file = try MappedFile(path: path)
        let mapped = try file.withBytes { bytes throws(Diagnostics) in try SnapshotReader.read(buffer: bytes, file: path, format: format) }
        let array = try SnapshotReader.read(Array(text.utf8), file: path, format: format)
        #expect(mapped.graph == array.graph)
        #expect(mapped.diagnostics.map(\.description) == array.diagnostics.map(\.description))
    }
}
