import Foundation
import ParleySchema
import ParleyTestSupport
import Testing

/// schema/snapshot.schema.json is generated from schema/negotiation.yaml and must accept every
/// snapshot in graphs/ (checked with Python's jsonschema, as an editor would).
@Suite("Snapshot JSON Schema")
struct SnapshotJSONSchemaTests {
    func python(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3"] + arguments
        p.currentDirectoryURL = Paths.root
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test("the JSON Schema is up to date and every snapshot in graphs/ validates against it")
    func graphsValidate() throws {
        let modules = try python(["-c", "import yaml, jsonschema"])
        try #require(modules.status == 0, "python3 with PyYAML and jsonschema is needed: run tools/setup.sh\n\(modules.output)")
        let run = try python(["tools/snapshot_json_schema.py"])
        #expect(run.status == 0, "\(run.output)")
        #expect(run.output.contains("0 invalid"), "\(run.output)")
    }

    @Test("the JSON Schema rejects what the validator rejects in structure")
    func rejects() throws {
        let modules = try python(["-c", "import yaml, jsonschema"])
        try #require(modules.status == 0, "python3 with PyYAML and jsonschema is needed: run tools/setup.sh")
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let bad = """
            snapshot: {id: bad}
            entities:
              - {id: a, type: Partie}
              - {id: b, type: Party, attributes: {kind: empire}}
            relations:
              - a DEMANDZ b
              - {rel: a demands b, from: a}
              - {from: a, type: MEETS_WITH, to: b, attributes: {mode: pigeon}}

            """
        let good = """
            snapshot: {id: good}
            entities:
              - {id: a, type: party}
              - {id: b, type: OFFICIAL}
            relations:
              - a Meets_With b
              - {from: a, type: meets-with, to: b, attributes: {mode: phone}, cite: [src: "a short quote"]}

            """
        try bad.write(to: dir.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        try good.write(to: dir.appendingPathComponent("good.yaml"), atomically: true, encoding: .utf8)
        let badRun = try python(["tools/snapshot_json_schema.py", dir.appendingPathComponent("bad.yaml").path])
        #expect(badRun.status == 1)
        for path in ["entities/0/type", "entities/1", "relations/0", "relations/1", "relations/2"] {
            #expect(badRun.output.contains("bad.yaml: \(path)"), "\(path) not reported:\n\(badRun.output)")
        }
        let goodRun = try python(["tools/snapshot_json_schema.py", dir.appendingPathComponent("good.yaml").path])
        #expect(goodRun.status == 0, "\(goodRun.output)")
    }
}
