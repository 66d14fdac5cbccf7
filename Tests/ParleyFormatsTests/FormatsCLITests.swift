import Foundation
import ParleyCore
import ParleyExport
import ParleyGraphML
import ParleyIO
import ParleySchema
import ParleyTestSupport
import Testing

/// `parley export`, `parley import` and `parley render` as a user runs them, and GraphML and
/// node-link JSON through ``GraphLoader``.
@Suite("Formats on the command line and in GraphLoader")
struct FormatsCLITests {
    static let snapshot = "graphs/example/minimal.yaml"

    static func loaded(_ path: String) throws -> Graph { try GraphLoader.load(path).graph }

    @Test("export --to graphml | json, then import, gives back the snapshot's graph", arguments: ["graphml", "json"])
    func exportImportRoundTrip(format: String) throws {
        let dir = try Paths.temporaryDirectory()
        let exported = dir.appendingPathComponent("g.\(format)").path
        let back = dir.appendingPathComponent("back.yaml").path
        let e = try runParley(["export", Self.snapshot, "--to", format, "-o", exported])
        #expect(e.status == 0, "\(e.stderr)")
        #expect(e.stdout.isEmpty)
        let i = try runParley(["import", exported, "-o", back])
        #expect(i.status == 0, "\(i.stderr)")
        let original = try Self.loaded(Paths.root.appendingPathComponent(Self.snapshot).path)
        let reimported = try Self.loaded(back)
        #expect(original.differences(from: reimported).isEmpty, "\(original.differences(from: reimported))")
        // Every command reads the exported file directly too.
        #expect(try Self.loaded(exported) == original)
    }

    @Test("export to standard output is deterministic, and -o writes the same bytes", arguments: ["graphml", "dot", "json"])
    func stdoutAndFile(format: String) throws {
        let a = try runParley(["export", Self.snapshot, "--to", format])
        let b = try runParley(["export", Self.snapshot, "--to", format, "-o", "-"])
        #expect(a.status == 0 && b.status == 0)
        #expect(!a.stdout.isEmpty && a.stdout == b.stdout)
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("out").path
        #expect(try runParley(["export", Self.snapshot, "--to", format, "-o", file]).status == 0)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == a.stdout)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["out"])
    }

    @Test("export --focus --depth --types --at slices; the DOT uses the schema's styles")
    func slicing() throws {
        let r = try runParley(["export", Self.snapshot, "--to", "dot", "--focus", "witkoff", "--depth", "1", "--no-legend"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("\"witkoff\" -> \"putin\""))
        #expect(!r.stdout.contains("\"ukraine\" ["))
        #expect(r.stdout.contains("shape=\"ellipse\""))  // Official's style in schema/negotiation.yaml
        let typed = try runParley(["export", Self.snapshot, "--to", "json", "--types", "Party"])
        #expect(typed.status == 0)
        #expect(!typed.stdout.contains("\"type\": \"Official\""))
        let bad = try runParley(["export", Self.snapshot, "--to", "dot", "--focus", "witkof"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("error: --focus: no entity 'witkof' (did you mean 'witkoff'?)"))
        let badDate = try runParley(["export", Self.snapshot, "--to", "dot", "--at", "2025-02-30"])
        #expect(badDate.status != 0)
    }

    @Test("export of GraphML for NetworkX leaves out per-edge direction")
    func networkxFlag() throws {
        let plain = try runParley(["export", Self.snapshot, "--to", "graphml"])
        let nx = try runParley(["export", Self.snapshot, "--to", "graphml", "--networkx"])
        #expect(plain.stdout.contains("directed=\"false\"") || !plain.stdout.contains("MEETS_WITH"))
        #expect(!nx.stdout.contains("directed=\"false\""))
    }

    @Test("import with a mapping, from standard input, and with --schema canonical types")
    func importMapping() throws {
        let fixture = Paths.fixtures.appendingPathComponent("graphml/foreign/networkx-undirected.graphml").path
        let r = try runParley(["import", fixture, "--relation-key", "relation", "-o", "-"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("a MEETS_WITH b"))
        let gephi = try String(contentsOfFile: Paths.fixtures.appendingPathComponent("graphml/foreign/apoc.graphml").path, encoding: .utf8)
        let s = try runParley(["import", "-", "-o", "-"], stdin: gephi)
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("n0 REPRESENTS n1"))
        let d3 = #"{"nodes": [{"id": "a", "type": "party"}, {"id": "b", "type": "party"}], "links": [{"source": "a", "target": "b", "type": "meets-with"}]}"#
        let dir = try Paths.temporaryDirectory()
        let file = dir.appendingPathComponent("d3.json").path
        try d3.write(toFile: file, atomically: true, encoding: .utf8)
        let c = try runParley(["import", file, "--schema", Paths.schema.path, "-o", "-"])
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("a MEETS_WITH b"))
        #expect(c.stdout.contains("type: Party"))
    }

    @Test("import reports problems with file:line:col and writes nothing on errors")
    func importErrors() throws {
        let dir = try Paths.temporaryDirectory()
        let out = dir.appendingPathComponent("out.yaml").path
        let hostile = "Tests/Fixtures/graphml/hostile/external-entity.graphml"
        let r = try runParley(["import", hostile, "-o", out])
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(hostile):"))
        #expect(r.stderr.contains("declares entities"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let duplicate = try runParley(["import", "Tests/Fixtures/graphml/foreign/no-namespace-undeclared.graphml", "-o", out])
        #expect(duplicate.status == 1)
        #expect(duplicate.stderr.contains("no-namespace-undeclared.graphml:8:") && duplicate.stderr.contains("error: duplicate node id 'a'"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let warn = try runParley(["import", "Tests/Fixtures/graphml/foreign/edge-to-undeclared-node.graphml", "-o", out])
        #expect(warn.status == 0)
        #expect(warn.stderr.contains("edge-to-undeclared-node.graphml:6:") && warn.stderr.contains("warning: edge to undeclared node 'donbas'"))
        #expect(try String(contentsOfFile: out, encoding: .utf8).contains("russia RELATED donbas"))
        let missing = try runParley(["import", "nothing-here.graphml", "-o", out])
        #expect(missing.status == 1 && missing.stderr.contains("no such file"))
    }

    @Test("render writes SVG, PNG and PDF through dot, atomically", arguments: ["svg", "png", "pdf"])
    func render(ext: String) throws {
        guard ExternalTools.find("dot") != nil else {
            print("skipped: Graphviz's dot is not installed")
            return
        }
        let dir = try Paths.temporaryDirectory()
        let out = dir.appendingPathComponent("g.\(ext)").path
        let r = try runParley(["render", Self.snapshot, "-o", out, "--clusters"])
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: URL(fileURLWithPath: out))
        let magic: [String: [UInt8]] = ["svg": Array("<?xml".utf8), "png": [0x89, 0x50, 0x4E, 0x47], "pdf": Array("%PDF".utf8)]
        #expect(Array(data.prefix(magic[ext]!.count)) == magic[ext]!)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["g.\(ext)"])
    }

    @Test("render without Graphviz says how to install it; a bad extension is refused")
    func renderErrors() throws {
        let dir = try Paths.temporaryDirectory()
        let out = dir.appendingPathComponent("g.svg").path
        let process = Process()
        process.executableURL = parleyBinary
        process.arguments = ["render", Self.snapshot, "-o", out]
        process.currentDirectoryURL = Paths.root
        process.environment = ["PATH": dir.path]
        let err = Pipe()
        process.standardError = err
        try process.run()
        let text = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(text.contains("apt-get install graphviz"))
        #expect(!FileManager.default.fileExists(atPath: out))
        let bad = try runParley(["render", Self.snapshot, "-o", dir.appendingPathComponent("g.txt").path])
        #expect(bad.status != 0 && bad.stderr.contains(".svg, .png or .pdf"))
    }

    @Test("GraphLoader picks GraphML and node-link JSON by extension and by content")
    func loaderDispatch() throws {
        let g = SampleGraphs.negotiation()
        let dir = try Paths.temporaryDirectory()
        let xml = dir.appendingPathComponent("g.xml").path
        try GraphMLWriter.write(g, to: xml)
        let nodeLink = dir.appendingPathComponent("g.json").path
        try NodeLinkWriter.json(for: g).write(toFile: nodeLink, atomically: true, encoding: .utf8)
        let noExt = dir.appendingPathComponent("g-graphml").path
        try FileManager.default.copyItem(atPath: xml, toPath: noExt)
        let a = try GraphLoader.load(xml)
        #expect(a.format == .graphml && a.graph == g)
        let b = try GraphLoader.load(nodeLink)
        #expect(b.format == .nodeLinkJSON && b.graph == g)
        let c = try GraphLoader.load(noExt)
        #expect(c.format == .graphml && c.graph == g)
        #expect(GraphLoader.detectFormat(Array(#"{"snapshot": {"id": "x"}, "nodes": []}"#.utf8)) == .json)
        #expect(GraphLoader.detectFormat(Array(#"{"directed": true, "nodes": [], "links": []}"#.utf8)) == .nodeLinkJSON)
        let saved = dir.appendingPathComponent("s.graphml").path
        try GraphLoader.save(g, to: saved)
        #expect(try GraphLoader.load(saved).graph == g)
        // stats reads GraphML like any other graph.
        let stats = try runParley(["stats", xml])
        #expect(stats.status == 0 && stats.stdout.contains("entities: 6"))
    }
}

@Suite("The dataset through every format")
struct DatasetFormatsTests {
    static let snapshots: [String] = {
        let fm = FileManager.default
        guard let e = fm.enumerator(atPath: Paths.graphs.path) else { return [] }
        return e.compactMap { $0 as? String }.filter { $0.hasSuffix(".yaml") }.sorted().map { Paths.graphs.appendingPathComponent($0).path }
    }()

    @Test("each snapshot in graphs/: GraphML and node-link JSON read back equal, the GraphML validates, dot draws the DOT")
    func everySnapshot() throws {
        #expect(!Self.snapshots.isEmpty)
        let xsd = Paths.shared.appendingPathComponent("graphml-xsd/graphml.xsd").path
        let dir = try Paths.temporaryDirectory()
        for path in Self.snapshots {
            let loaded = try GraphLoader.load(path)
            let g = loaded.graph
            let graphml = dir.appendingPathComponent("g.graphml").path
            try GraphMLWriter.write(g, to: graphml)
            #expect(try GraphMLReader.read(path: graphml).graph == g, "\(path)")
            #expect(try NodeLinkReader.read(bytes: Array(NodeLinkWriter.json(for: g).utf8)).graph == g, "\(path)")
            if let xmllint = ExternalTools.find("xmllint") {
                let v = try ExternalTools.run(xmllint, ["--nonet", "--noout", "--schema", xsd, graphml])
                #expect(v.status == 0, "\(path): \(v.stderr)")
            }
            if let dot = ExternalTools.find("dot") {
                let text = DOTWriter.dot(for: g, options: DOTOptions(schema: Schema.default(near: path), clusters: true))
                let r = try ExternalTools.run(dot, ["-Tsvg"], stdin: Data(text.utf8))
                #expect(r.status == 0, "\(path): \(r.stderr)")
            }
        }
    }
}
