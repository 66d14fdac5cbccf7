import Foundation
import ParleyCore
import ParleyGraphML
import ParleyTestSupport
import Testing

@Suite("GraphML reader: other tools' files, unsupported constructs, hostile input")
struct GraphMLReaderTests {
    static func fixture(_ name: String) -> String { Paths.fixtures.appendingPathComponent("graphml/\(name)").path }

    static func read(_ name: String, _ options: GraphMLImportOptions = .init()) throws -> GraphMLReadResult {
        try GraphMLReader.read(path: fixture(name), displayName: name, options: options)
    }

    @Test("NetworkX MultiDiGraph: types from 'type', names from 'label', parallel edges, typed attributes")
    func networkx() throws {
        let r = try Self.read("foreign/networkx-multidigraph.graphml")
        let g = r.graph
        #expect(!r.isParleyFile)
        #expect(g.entityCount == 3 && g.relationCount == 3)
        let ru = try #require(g.entity(withID: "russia"))
        #expect(ru.type == "Party" && ru.name == "Russia")
        #expect(ru.attributes["population"] == .int(144_000_000))
        #expect(ru.attributes["gdp"] == .float(2.2e12))
        #expect(ru.attributes["nuclear"] == .bool(true))
        #expect(g.entity(withID: "donbas")?.type == "Region")
        let demands = g.relations(ofType: "DEMANDS")
        #expect(demands.count == 1)
        #expect(g[demands[0]].attributes["weight"] == .float(0.9))
        #expect(g.relations(ofType: "CONTROLS").count == 1)
        #expect(g.symmetricTypes.isEmpty)
    }

    @Test("NetworkX undirected graph: relation type by --relation-key, undirected types become symmetric")
    func networkxUndirected() throws {
        let r = try Self.read("foreign/networkx-undirected.graphml", GraphMLImportOptions(relationKey: "relation"))
        #expect(r.graph.relationTypeCounts == ["MEETS_WITH": 2])
        #expect(r.graph.symmetricTypes == ["MEETS_WITH"])
        #expect(r.graph.entity(withID: "a")?.type == "Node")
    }

    @Test("igraph: node ids n0…, names from 'name', doubles as floats")
    func igraph() throws {
        let g = try Self.read("foreign/igraph.graphml").graph
        #expect(g.entity(withID: "n0")?.name == "russia")
        #expect(g.entity(withID: "n0")?.type == "Party")
        #expect(g.entity(withID: "n0")?.attributes["population"] == .float(144_000_000))
        #expect(g.relationTypeCounts == ["DEMANDS": 1, "REJECTS": 1])
    }

    @Test("Gephi: label is the name; edge label is the relation type; int attributes")
    func gephi() throws {
        let g = try Self.read("foreign/gephi.graphml").graph
        #expect(g.entity(withID: "0")?.name == "Russia")
        #expect(g.entity(withID: "0")?.attributes["Modularity Class"] == .int(1))
        #expect(g.relationTypeCounts == ["ATTACKS": 1])
    }

    @Test("yEd: names from the node graphics' label, graphics keys are not attributes")
    func yed() throws {
        let r = try Self.read("foreign/yed.graphml")
        let g = r.graph
        #expect(g.entity(withID: "n0")?.name == "Russia")
        #expect(g.entity(withID: "n0")?.attributes == ["description": "The aggressor"])
        #expect(g.entity(withID: "n1")?.name == "Ukraine")
        #expect(g.relationCount == 1)
        #expect(g.relationTypeCounts == ["RELATED": 1])
    }

    @Test("APOC: ':Official:Leader' labels give type and labels; edge label is the relationship type")
    func apoc() throws {
        let g = try Self.read("foreign/apoc.graphml").graph
        let putin = try #require(g.entity(withID: "n0"))
        #expect(putin.type == "Official" && putin.labels == ["Leader"] && putin.name == "Vladimir Putin")
        let rel = try #require(g.relations(ofType: "REPRESENTS").first)
        #expect(g[rel].attributes["since"] == .int(2000))
    }

    @Test("<default> values, all six attr.types, for=\"all\", per-edge directed, parallel edges")
    func defaultsAndTypes() throws {
        let g = try Self.read("foreign/all-types-defaults.graphml").graph
        let x = try #require(g.entity(withID: "x"))
        #expect(x.type == "Party")  // from the default
        #expect(x.attributes["b"] == .bool(false))
        #expect(x.attributes["i"] == .int(7))  // default
        #expect(x.attributes["l"] == .int(9_007_199_254_740_993))
        #expect(x.attributes["f"] == .float(1.5))
        #expect(x.attributes["d"] == .float(-0.0025))
        #expect(x.attributes["s"] == .string("mine"))
        let y = try #require(g.entity(withID: "y"))
        #expect(y.type == "Official" && y.attributes["i"] == .int(-3) && y.attributes["b"] == .bool(true))
        #expect(y.attributes["s"] == .string("everywhere"))
        #expect(g.relationTypeCounts == ["SUPPORTS": 1, "DEMANDS": 2])
        #expect(g.symmetricTypes == ["SUPPORTS"])  // undirected by edgedefault; DEMANDS edges say directed="true"
        let supports = try #require(g.relations(ofType: "SUPPORTS").first)
        #expect(g[supports].attributes["s"] == .string("everywhere"))
    }

    @Test("no namespace, edges before their nodes, edges to undeclared nodes, unknown keys, duplicate ids")
    func forgiving() throws {
        let r = try Self.read("foreign/no-namespace-undeclared.graphml")
        let g = r.graph
        #expect(g.entityCount == 3)
        #expect(g.entity(withID: "ghost")?.type == "Node")
        #expect(g.relationCount == 2)
        #expect(g.entity(withID: "a")?.attributes["mystery"] == .string("what is this"))
        let messages = r.diagnostics.map(\.description)
        #expect(messages.contains { $0.contains("no-namespace-undeclared.graphml:6:") && $0.contains("undeclared node 'ghost'") })
        #expect(messages.contains { $0.contains("undeclared key 'mystery'") })
        #expect(messages.contains { $0.contains("duplicate node id 'a'") && $0.contains(":8:") })
        #expect(!messages.contains { $0.contains("'later'") })
    }

    @Test(
        "nested graphs, hyperedges and ports: 'not supported' with the line",
        arguments: [
            ("unsupported/nested-graph.graphml", 5, "nested graphs"), ("unsupported/hyperedge.graphml", 5, "hyperedges are not supported"),
            ("unsupported/port.graphml", 5, "ports are not supported"),
        ])
    func unsupported(file: String, line: Int, message: String) throws {
        let error = #expect(throws: Diagnostics.self) { try Self.read(file) }
        let d = try #require(error?.items.last)
        #expect(d.severity == .error)
        #expect(d.location?.line == line)
        #expect(d.description.contains(message), "\(d)")
        #expect(d.description.hasPrefix("\(file):\(line):"))
    }

    @Test(
        "hostile and broken files give a clear error with line and column, and read nothing they point at",
        arguments: [
            ("hostile/billion-laughs.graphml", 0, "entit"),
            ("hostile/external-entity.graphml", 0, "declares entities"),
            ("hostile/external-parameter-entity.graphml", 0, ""),
            ("hostile/undeclared-entity.graphml", 4, "Entity 'nothing' not defined"),
            ("hostile/truncated.graphml", 0, ""),
            ("hostile/empty.graphml", 1, "empty file"),
            ("hostile/not-xml.graphml", 1, "not XML"),
            ("hostile/not-graphml.graphml", 2, "not a GraphML file: the root element is <html>"),
            ("hostile/mismatched-tags.graphml", 4, "mismatch"),
            ("hostile/invalid-utf8.graphml", 2, ""),
        ])
    func hostile(file: String, line: Int, message: String) throws {
        let started = Date()
        let error = #expect(throws: Diagnostics.self) { try Self.read(file) }
        #expect(Date().timeIntervalSince(started) < 5)
        let errors = error?.errors ?? []
        let d = try #require(errors.first)
        #expect(d.location?.file == file)
        if line > 0 { #expect(d.location?.line == line, "\(d)") }
        #expect((d.location?.column ?? 0) >= 1)
        if !message.isEmpty { #expect(d.message.contains(message), "\(d)") }
        #expect(!d.description.contains("root:x:0:0"), "the contents of /etc/passwd must never be read")
    }

    @Test("a DOCTYPE naming an external DTD is read without loading it")
    func externalDTDNotLoaded() throws {
        let r = try Self.read("hostile/external-dtd.graphml")
        #expect(r.graph.entityCount == 1)
        #expect(!r.diagnostics.map(\.description).joined().contains("root:"))
    }

    @Test("a missing file and a directory are clear errors")
    func missing() throws {
        let e1 = #expect(throws: Diagnostics.self) { try GraphMLReader.read(path: "/no/such/file.graphml") }
        #expect(e1?.description.contains("no such file") == true)
        let e2 = #expect(throws: Diagnostics.self) { try GraphMLReader.read(path: Paths.fixtures.path) }
        #expect(e2?.description.contains("directory") == true)
    }

    @Test("a document of many batches, with a text larger than a batch, reads the same from a file and from memory")
    func largeDocument() throws {
        let big = String(repeating: "é-x ", count: 200_000)  // 1 MB of text in one <data>
        var xml = """
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
              <key id="t" for="node" attr.name="type" attr.type="string"/>
              <key id="note" for="node" attr.name="note" attr.type="string"/>
              <key id="w" for="edge" attr.name="weight" attr.type="long"/>
              <graph edgedefault="directed">

            """
        xml += "<node id=\"big\"><data key=\"t\">Doc</data><data key=\"note\">\(big)</data></node>\n"
        for i in 0..<5_000 { xml += "<node id=\"n\(i)\"><data key=\"t\">Party</data><data key=\"note\">note &amp; \(i)</data></node>\n" }
        for i in 0..<5_000 { xml += "<edge source=\"n\(i)\" target=\"n\((i + 1) % 5_000)\"><data key=\"w\">\(i)</data></edge>\n" }
        xml += "<node id=\"last\"/>\n</graph>\n</graphml>\n"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parley-graphml-large-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("large.graphml").path
        try Data(xml.utf8).write(to: URL(fileURLWithPath: path))
        let fromFile = try GraphMLReader.read(path: path, displayName: "large.graphml")
        let fromMemory = try GraphMLReader.read(bytes: Array(xml.utf8), name: "large.graphml")
        for r in [fromFile, fromMemory] {
            let g = r.graph
            #expect(g.entityCount == 5_002 && g.relationCount == 5_000)
            #expect(g.entity(withID: "big")?.attributes["note"] == .string(big))
            #expect(g.entity(withID: "n4999")?.attributes["note"] == .string("note & 4999"))
            #expect(g.entity(withID: "last")?.type == "Node")
            #expect(r.sourceMap.location(of: .entity(try #require(g.handle(forID: "n0")))).line == 8)
        }
        #expect(fromFile.graph == fromMemory.graph)
    }

    @Test("content sniffing")
    func sniff() {
        #expect(GraphMLReader.looksLikeGraphML(prefix: Array("\u{FEFF}  <?xml version=\"1.0\"?><graphml>".utf8)))
        #expect(GraphMLReader.looksLikeGraphML(prefix: Array("<graphml>".utf8)))
        #expect(!GraphMLReader.looksLikeGraphML(prefix: Array("{\"nodes\": []}".utf8)))
    }
}
