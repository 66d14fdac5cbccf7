import Foundation
import ParleyCore
import ParleyGraphML
import ParleyTestSupport
import Testing

@Suite("GraphML writer and round trip")
struct GraphMLWriterTests {
    static let graphs: [(String, Graph)] = [
        ("negotiation", SampleGraphs.negotiation()), ("adversarial", SampleGraphs.adversarial()), ("empty", Graph()),
    ]

    @Test("read(write(g)) == g", arguments: 0..<3)
    func roundTrip(index: Int) throws {
        let (name, g) = Self.graphs[index]
        let data = try GraphMLWriter.data(for: g)
        let result = try GraphMLReader.read(bytes: data, name: name)
        #expect(result.isParleyFile)
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics)")
        let differences = g.differences(from: result.graph)
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
        #expect(result.graph == g)
        #expect(result.graph.checkInvariants().isEmpty)
        #expect(result.graph.symmetricTypes == g.symmetricTypes.intersection(g.relationTypeCounts.keys))
    }

    @Test("the same graph gives byte-identical GraphML, whatever order it was built in")
    func deterministic() throws {
        let g = SampleGraphs.negotiation()
        var reversed = Graph(metadata: g.metadata)
        reversed.symmetricTypes = g.symmetricTypes
        reversed.setSources(g.sources.reversed())
        for e in g.entities.reversed() { try reversed.addEntity(e) }
        for h in g.relationHandles.reversed() { try reversed.addRelation(g.portable(h)) }
        #expect(reversed == g)
        #expect(try GraphMLWriter.data(for: g) == GraphMLWriter.data(for: reversed))
    }

    @Test("the written file follows the documented layout: keys, labels for APOC and Gephi, directed=false")
    func layout() throws {
        let text = String(decoding: try GraphMLWriter.data(for: SampleGraphs.negotiation()), as: UTF8.self)
        #expect(text.contains(#"<key id="labels" for="node" attr.name="labels" attr.type="string"/>"#))
        #expect(text.contains(#"<key id="n.label" for="node" attr.name="label" attr.type="string"/>"#))
        #expect(text.contains(#"<key id="label" for="edge" attr.name="label" attr.type="string"/>"#))
        #expect(text.contains(#"<key id="na.int.limit" for="node" attr.name="limit" attr.type="long"/>"#))
        #expect(text.contains(#"<key id="na.float.share" for="node" attr.name="share" attr.type="double"/>"#))
        #expect(text.contains(#"<key id="na.bool.agreed" for="node" attr.name="agreed" attr.type="boolean"/>"#))
        #expect(text.contains(#"<data key="labels">:Official:Leader</data>"#))
        #expect(text.contains(#"<data key="n.label">Volodymyr Zelensky</data>"#))
        #expect(text.contains(#"source="witkoff" target="ushakov" directed="false""#))
        #expect(text.contains(#"<data key="label">DEMANDS</data>"#))
        #expect(!text.contains("\u{7}"))
    }

    @Test("Parley's GraphML validates against the GraphML XML Schema", arguments: 0..<3)
    func validates(index: Int) throws {
        guard let xmllint = ExternalTools.find("xmllint") else {
            print("skipped: xmllint is not installed (apt-get install libxml2-utils)")
            return
        }
        let xsd = Paths.shared.appendingPathComponent("graphml-xsd/graphml.xsd").path
        guard FileManager.default.fileExists(atPath: xsd) else {
            print("skipped: \(xsd) is missing")
            return
        }
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("g.graphml").path
        try GraphMLWriter.write(Self.graphs[index].1, to: file)
        let run = try ExternalTools.run(xmllint, ["--nonet", "--noout", "--schema", xsd, file])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("validates"))
    }

    @Test("writing to a file is atomic and leaves no temporary file")
    func atomicWrite() throws {
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("g.graphml").path
        try GraphMLWriter.write(SampleGraphs.negotiation(), to: file)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.graphml"])
        let back = try GraphMLReader.read(path: file)
        #expect(back.graph == SampleGraphs.negotiation())
        #expect(throws: GraphMLWriteError.self) { try GraphMLWriter.write(Graph(), to: dir.appendingPathComponent("no/such/dir.graphml").path) }
    }
}

@Suite("GraphML write options")
struct GraphMLWriteOptionsTests {
    @Test("without per-edge direction, symmetric types still round-trip through g.symmetric_types")
    func noPerEdgeDirection() throws {
        let g = SampleGraphs.negotiation()
        let data = try GraphMLWriter.data(for: g, options: GraphMLWriteOptions(perEdgeDirection: false))
        #expect(!String(decoding: data, as: UTF8.self).contains("directed=\"false\""))
        let back = try GraphMLReader.read(bytes: data)
        #expect(back.graph == g)
        #expect(back.graph.symmetricTypes == ["MEETS_WITH"])
    }
}
