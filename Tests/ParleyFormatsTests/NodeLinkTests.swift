import Foundation
import ParleyCore
import ParleyExport
import ParleyTestSupport
import Testing

@Suite("Node-link JSON")
struct NodeLinkTests {
    static let graphs: [(String, Graph)] = [
        ("negotiation", SampleGraphs.negotiation()), ("adversarial", SampleGraphs.adversarial()), ("empty", Graph()),
    ]

    @Test("read(write(g)) == g", arguments: 0..<3)
    func roundTrip(index: Int) throws {
        let g = Self.graphs[index].1
        let text = NodeLinkWriter.json(for: g)
        let r = try NodeLinkReader.read(bytes: Array(text.utf8))
        #expect(r.isParleyFile)
        #expect(r.diagnostics.isEmpty, "\(r.diagnostics)")
        #expect(g.differences(from: r.graph).isEmpty, "\(g.differences(from: r.graph).joined(separator: "\n"))")
        #expect(r.graph.symmetricTypes == g.symmetricTypes.intersection(g.relationTypeCounts.keys))
        #expect(NodeLinkWriter.json(for: r.graph) == text)
    }

    @Test("layout: directed multigraph, links with keys, dates plain where uniform")
    func layout() throws {
        let text = NodeLinkWriter.json(for: SampleGraphs.negotiation())
        #expect(text.hasPrefix("{\n  \"directed\": true,\n  \"multigraph\": true,\n  \"graph\": {\"parley\": {"))
        #expect(text.contains(#"{"source": "witkoff", "target": "ushakov", "key": 0, "type": "MEETS_WITH", "date": "2025-10-14", "mode": "phone"}"#))
        #expect(text.contains(#"{"source": "witkoff", "target": "ushakov", "key": 1, "type": "MEETS_WITH", "date": "2025-11-30""#))
        #expect(text.contains(#""id": "zelensky", "type": "Official", "label": "Volodymyr Zelensky""#))
        #expect(text.contains(#""since": {"$date":"2025-11-20"}"#) || text.contains(#""since": "2025-11-20""#))
    }

    @Test("NetworkX reads Parley's node-link JSON with node_link_graph")
    func networkxReads() throws {
        guard let python = ExternalTools.find("python3") else { return }
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("g.json")
        try NodeLinkWriter.json(for: SampleGraphs.negotiation()).write(to: file, atomically: true, encoding: .utf8)
        let script = """
            import json, sys
            try:
                import networkx as nx
            except ImportError:
                print("SKIP"); sys.exit(0)
            data = json.load(open(sys.argv[1]))
            g = nx.node_link_graph(data, edges="links")
            print(g.is_directed(), g.is_multigraph(), g.number_of_nodes(), g.number_of_edges(), g.nodes["russia"]["type"], sorted(k for u, v, k in g.edges(keys=True) if u == "witkoff"))
            """
        let run = try ExternalTools.run(python, ["-c", script, file.path])
        if run.stdout.hasPrefix("SKIP") { return }
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True True 6 7 Party [0, 1]")
    }

    @Test("foreign node-link JSON: NetworkX's own output, D3 index links, undirected")
    func foreign() throws {
        let d3 = #"""
            {"directed": false, "multigraph": false, "graph": {"name": "karate"},
             "nodes": [{"id": 1, "club": "Mr. Hi", "name": "One"}, {"id": "two", "labels": ":Party:Side"}],
             "links": [{"source": 0, "target": 1, "weight": 4, "relation": "KNOWS"}, {"source": "two", "target": "ghost"}]}
            """#
        let r = try NodeLinkReader.read(bytes: Array(d3.utf8), name: "d3.json", options: NodeLinkImportOptions(relationKey: "relation"))
        let g = r.graph
        #expect(!r.isParleyFile)
        #expect(g.entity(withID: "1")?.name == "One" && g.entity(withID: "1")?.attributes["club"] == "Mr. Hi")
        #expect(g.entity(withID: "1")?.type == "Node")
        #expect(g.entity(withID: "two")?.type == "Party" && g.entity(withID: "two")?.labels == ["Side"])
        #expect(g.relationTypeCounts == ["KNOWS": 1, "RELATED": 1])
        #expect(g.symmetricTypes == ["KNOWS", "RELATED"])
        #expect(g.metadata.attributes["name"] == "karate")
        #expect(r.diagnostics.contains { $0.severity == .warning && $0.message.contains("'ghost'") && $0.location?.line == 3 })
    }

    @Test(
        "broken JSON: a clear error with line and column",
        arguments: [
            ("", 1, 1, "empty file"), ("{\"nodes\": [1,\n  2,, ]}", 2, 5, "unexpected character ','"),
            ("[1, 2]", 1, 1, "must be an object"), ("{\"links\": []}", 1, 1, "needs a \"nodes\" list"),
            ("{\"nodes\": [{\"id\": \"a\"}], \"links\": [{\"source\": \"a\"}]}", 1, 36, "needs a \"source\" and a \"target\""),
            ("{\"nodes\": \"x\\q\"}", 1, 13, "unknown escape"),
        ])
    func broken(text: String, line: Int, column: Int, message: String) throws {
        do {
            let r = try NodeLinkReader.read(bytes: Array(text.utf8), name: "x.json")
            let d = try #require(r.diagnostics.first { $0.severity == .error })
            #expect(d.location == SourceLocation(file: "x.json", line: line, column: column), "\(d)")
            #expect(d.message.contains(message), "\(d)")
        } catch let error as Diagnostics {
            let d = try #require(error.items.first)
            #expect(d.location == SourceLocation(file: "x.json", line: line, column: column), "\(d)")
            #expect(d.message.contains(message), "\(d)")
        }
    }

    @Test("content sniffing")
    func sniff() {
        #expect(NodeLinkReader.looksLikeNodeLink(Array(#"{"nodes": [], "links": []}"#.utf8)))
        #expect(NodeLinkReader.looksLikeNodeLink(Array(#"{"nodes": [], "edges": []}"#.utf8)))
        #expect(!NodeLinkReader.looksLikeNodeLink(Array(#"{"snapshot": {}, "entities": []}"#.utf8)))
    }
}
