import Foundation
import ParleyCore
import ParleyExport
import ParleyGraphML
import ParleyTestSupport
import Testing

/// Runs tools/interop/graphml_interop.py: NetworkX and igraph read Parley's GraphML, and Parley
/// reads GraphML they wrote. Skipped (with a message) when python3, networkx or igraph is missing.
@Suite("GraphML interop with NetworkX and igraph")
struct InteropTests {
    static var script: String { Paths.root.appendingPathComponent("tools/interop/graphml_interop.py").path }

    static func python(_ arguments: [String]) throws -> ExternalTools.Run? {
        guard let python = ExternalTools.find("python3") else {
            print("skipped: python3 is not installed")
            return nil
        }
        let run = try ExternalTools.run(python, [script] + arguments)
        if run.status == 77 {
            print("skipped: \(run.stdout)")
            return nil
        }
        return run
    }

    static let graphs: [(String, Graph)] = [("negotiation", SampleGraphs.negotiation()), ("adversarial", SampleGraphs.adversarial())]

    @Test("NetworkX read_graphml and igraph Read_GraphML read every node, edge, attribute and type of Parley's export", arguments: 0..<2)
    func toolsReadParley(index: Int) throws {
        let g = Self.graphs[index].1
        let dir = try Paths.temporaryDirectory()
        let graphml = dir.appendingPathComponent("g.graphml").path
        let expected = dir.appendingPathComponent("g.json").path
        try GraphMLWriter.write(g, to: graphml, options: GraphMLWriteOptions(perEdgeDirection: false))
        try NodeLinkWriter.json(for: g).write(toFile: expected, atomically: true, encoding: .utf8)
        guard let run = try Self.python(["check", graphml, expected]) else { return }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }

    @Test("the check notices a difference: a changed attribute, a missing relation")
    func checkNoticesDifferences() throws {
        let g = SampleGraphs.negotiation()
        var changed = g
        let ru = try #require(changed.handle(forID: "russia"))
        try changed.updateEntity(ru) { $0.attributes["kind"] = "alliance" }
        try changed.removeRelation(try #require(changed.relations(ofType: "REJECTS").first))
        let dir = try Paths.temporaryDirectory()
        let graphml = dir.appendingPathComponent("g.graphml").path
        let expected = dir.appendingPathComponent("g.json").path
        try GraphMLWriter.write(g, to: graphml, options: GraphMLWriteOptions(perEdgeDirection: false))
        try NodeLinkWriter.json(for: changed).write(toFile: expected, atomically: true, encoding: .utf8)
        guard let run = try Self.python(["check", graphml, expected]) else { return }
        #expect(run.status == 1)
        #expect(run.stdout.contains("networkx: node 'russia': attribute 'kind' (string) is 'state', expected 'alliance'"), "\(run.stdout)")
        #expect(run.stdout.contains("igraph: unexpected edge 'ukraine' -> 'cede-donetsk'"), "\(run.stdout)")
    }

    @Test("Parley reads GraphML that NetworkX and igraph wrote")
    func parleyReadsTools() throws {
        let dir = try Paths.temporaryDirectory()
        let expected = dir.appendingPathComponent("g.json").path
        try NodeLinkWriter.json(for: SampleGraphs.negotiation()).write(toFile: expected, atomically: true, encoding: .utf8)
        guard let written = try Self.python(["write", dir.path, expected]) else { return }
        #expect(written.status == 0, "\(written.stdout)\(written.stderr)")
        for tool in ["networkx", "igraph"] {
            let read = try GraphMLReader.read(path: dir.appendingPathComponent("\(tool).graphml").path)
            #expect(!read.diagnostics.contains { $0.severity == .error }, "\(read.diagnostics)")
            try NodeLinkWriter.json(for: read.graph).write(
                to: dir.appendingPathComponent("\(tool).parley.json"), atomically: true, encoding: .utf8)
        }
        guard let run = try Self.python(["check-import", dir.path, expected]) else { return }
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
