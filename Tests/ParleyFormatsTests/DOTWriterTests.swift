import Foundation
import ParleyCore
import ParleyExport
import ParleySchema
import ParleyTestSupport
import Testing

@Suite("DOT writer")
struct DOTWriterTests {
    static let schema: Schema? = try? Schema.load(path: Paths.schema.path)

    /// Runs `dot -Tsvg` on the text; nil when Graphviz is not installed.
    static func render(_ dot: String) throws -> ExternalTools.Run? {
        guard let dotTool = ExternalTools.find("dot") else {
            print("skipped: Graphviz's dot is not installed (apt-get install graphviz)")
            return nil
        }
        return try ExternalTools.run(dotTool, ["-Tsvg"], stdin: Data(dot.utf8))
    }

    static let cases: [(String, Graph, DOTOptions)] = [
        ("negotiation, schema, clusters", SampleGraphs.negotiation(), DOTOptions(schema: schema, clusters: true)),
        ("negotiation, no schema, no legend", SampleGraphs.negotiation(), DOTOptions(legend: false)),
        ("adversarial, schema, clusters", SampleGraphs.adversarial(), DOTOptions(schema: schema, clusters: true)),
        ("adversarial, no schema", SampleGraphs.adversarial(), DOTOptions(rankdir: "TB")),
        ("empty", Graph(), DOTOptions()),
    ]

    @Test("every DOT the writer makes goes through the real dot -Tsvg without error", arguments: 0..<5)
    func graphvizAccepts(index: Int) throws {
        let (_, graph, options) = Self.cases[index]
        let dot = DOTWriter.dot(for: graph, options: options)
        guard let run = try Self.render(dot) else { return }
        #expect(run.status == 0, "\(run.stderr)\n\(dot)")
        #expect(!run.stderr.lowercased().contains("error"), "\(run.stderr)")
        #expect(run.stdout.contains("</svg>"))
    }

    @Test("each adversarial name survives as its own node: every id in the SVG, one node per entity")
    func adversarialNamesAreDistinctNodes() throws {
        let g = SampleGraphs.adversarial()
        let dot = DOTWriter.dot(for: g, options: DOTOptions(legend: false))
        guard let run = try Self.render(dot) else { return }
        #expect(run.status == 0)
        let nodeCount = run.stdout.components(separatedBy: "class=\"node\"").count - 1
        #expect(nodeCount == g.entityCount)
        let edgeCount = run.stdout.components(separatedBy: "class=\"edge\"").count - 1
        #expect(edgeCount == g.relationCount)
        // Labels show the names themselves: a backslash sequence is not interpreted.
        #expect(run.stdout.contains(">\\N</text>") || run.stdout.contains(">\\N<"))
        #expect(run.stdout.contains("&lt;b&gt;html&lt;/b&gt;"))
        #expect(run.stdout.contains("Київ"))
    }

    @Test("quoting", arguments: [
        ("node", "\"node\""), ("a\"b", "\"a\\\"b\""), ("x\\", "\"x\\\\\""), ("a\nb", "\"a\\nb\""), ("", "\"\""), ("Київ", "\"Київ\""),
    ])
    func quoting(name: String, quoted: String) {
        #expect(DOTQuoting.id(name) == quoted)
    }

    @Test("labels disarm escapes and entities")
    func labels() {
        #expect(DOTQuoting.label("\\N & <x>") == "\"\\\\N &amp; &lt;x&gt;\"")
        #expect(DOTQuoting.label("a\r\nb") == "\"a\\nb\"")
    }

    @Test("styles come from the schema; symmetric relations have no arrowheads; tooltips carry the evidence")
    func styling() throws {
        let schema = try #require(Self.schema)
        let dot = DOTWriter.dot(for: SampleGraphs.negotiation(), options: DOTOptions(schema: schema))
        #expect(dot.contains(##""russia" [label="Russia\nParty", shape="box", color="#1f4e79", fillcolor="#dbe8f5""##))
        #expect(dot.contains(#""zelensky" [label="Volodymyr Zelensky\nOfficial", shape="ellipse""#))
        #expect(dot.contains(##"[label="DEMANDS", color="#b71c1c", style="bold""##))
        #expect(dot.contains(##"[label="REJECTS", color="#c62828", style="dashed""##))
        let meets = dot.split(separator: "\n").filter { $0.contains("\"witkoff\" -> \"ushakov\"") }
        #expect(meets.count == 2)
        #expect(meets.allSatisfy { $0.contains("dir=none") })
        #expect(!dot.split(separator: "\n").filter { $0.contains("DEMANDS") && $0.contains("->") }.contains { $0.contains("dir=none") })
        #expect(dot.contains("The Guardian, 2025-11-25, US to send envoy to Moscow: “Russia continues to demand that Ukraine cede \\\"the 30%\\\"”"))
        #expect(dot.contains("no source cited"))
        #expect(dot.contains("subgraph \"cluster_legend\""))
    }

    @Test("clusters put officials with the party they represent")
    func clusters() throws {
        let dot = DOTWriter.dot(for: SampleGraphs.negotiation(), options: DOTOptions(schema: Self.schema, clusters: true, legend: false))
        let blocks = dot.components(separatedBy: "subgraph ").dropFirst()
        let russia = try #require(blocks.first { $0.contains("label=\"Russia\"") })
        #expect(russia.contains("\"ushakov\" ["))
        #expect(!russia.contains("\"zelensky\" ["))
        let ukraine = try #require(blocks.first { $0.contains("label=\"Ukraine\"") })
        #expect(ukraine.contains("\"zelensky\" ["))
    }

    @Test("the same graph gives byte-identical DOT")
    func deterministic() throws {
        let g = SampleGraphs.negotiation()
        var reversed = Graph(metadata: g.metadata)
        reversed.symmetricTypes = g.symmetricTypes
        reversed.setSources(g.sources.reversed())
        for e in g.entities.reversed() { try reversed.addEntity(e) }
        for h in g.relationHandles.reversed() { try reversed.addRelation(g.portable(h)) }
        let options = DOTOptions(schema: Self.schema, clusters: true)
        #expect(DOTWriter.dot(for: g, options: options) == DOTWriter.dot(for: reversed, options: options))
    }
}
