import Foundation
import ParleyCore
import ParleySnapshot
import ParleyTestSupport
import Testing

/// tools/generate.py writes snapshots the reader takes without a complaint, the same graph in
/// YAML and JSON, and the same bytes for the same seed.
@Suite struct GeneratorTests {
    static func generate(_ arguments: [String]) throws -> [UInt8] {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", Paths.root.appendingPathComponent("tools/generate.py").path] + arguments
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        #expect(p.terminationStatus == 0)
        return [UInt8](data)
    }

    @Test func yamlAndJSONGiveTheSameGraphWithoutDiagnostics() throws {
        let yaml = try SnapshotReader.read(Self.generate(["--relations", "400", "--seed", "5", "--format", "yaml"]), file: "g.yaml", format: .yaml)
        let json = try SnapshotReader.read(Self.generate(["--relations", "400", "--seed", "5", "--format", "json"]), file: "g.json", format: .json)
        #expect(yaml.diagnostics.isEmpty, "\(yaml.diagnostics.prefix(5))")
        #expect(json.diagnostics.isEmpty, "\(json.diagnostics.prefix(5))")
        #expect(yaml.graph.relationCount == 400)
        #expect(yaml.graph.entityCount >= 30)
        #expect(yaml.graph == json.graph, "\(yaml.graph.differences(from: json.graph, limit: 5))")
        // Non-ASCII names, attributes, citations and validity dates are all there.
        #expect(yaml.graph.entities.contains { $0.name?.unicodeScalars.contains { $0.value > 0x400 } == true })
        #expect(yaml.graph.relationHandles.contains { !yaml.graph[$0].citations.isEmpty })
        #expect(yaml.graph.relationHandles.contains { yaml.graph[$0].validFrom != nil })
        #expect(yaml.graph.relationHandles.contains { !yaml.graph[$0].attributes.isEmpty })
    }

    @Test func theSameSeedGivesTheSameBytes() throws {
        let a = try Self.generate(["--relations", "100", "--seed", "9"])
        let b = try Self.generate(["--relations", "100", "--seed", "9"])
        let c = try Self.generate(["--relations", "100", "--seed", "10"])
        #expect(a == b)
        #expect(a != c)
    }
}
