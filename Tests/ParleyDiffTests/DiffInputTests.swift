import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleySnapshot
import ParleyTestSupport
import PropertyBased
import Testing

@testable import ParleyDiff

/// Reading two snapshots for a diff without the relation records they share gives the very
/// reports that reading them whole gives, and still reports every fault of either file.
@Suite struct DiffInputTests {
    static let schema: Schema = {
        do { return try Schema.load(path: Paths.schema.path) } catch { fatalError("the negotiation schema does not load: \(error)") }
    }()

    /// Every output of the report that reading can change (the drawing reads whole files).
    static func outputs(_ x: DiffInput.Loaded, _ y: DiffInput.Loaded) -> [String] {
        let report = DiffReport(before: x.graph, after: y.graph, rules: DiffRules(schema: schema))
        return [
            String(decoding: JSONRenderer.renderBytes(report), as: UTF8.self), TextRenderer.render(report, color: false),
            PatchFile.encode(report.diff), "\(report.diff.isEmpty)",
        ]
    }

    @Test func leavingOutSharedRecordsChangesNoReport() async throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        nonisolated(unsafe) var leftOut = 0
        await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000_000)) { seed in
            do {
                let (a, b) = try RandomGraphs.pair(seed: seed)
                let pa = dir.appendingPathComponent("a-\(seed).json").path, pb = dir.appendingPathComponent("b-\(seed).json").path
                try GraphLoader.save(a, to: pa)
                try GraphLoader.save(b, to: pb)
                if seed % 2 == 0 {  // the other file written compactly: shared records differ in white space only
                    let text = try String(contentsOfFile: pb, encoding: .utf8)
                    try jsonWithoutSpaceBetweenTokens(text).write(toFile: pb, atomically: true, encoding: .utf8)
                }
                let (x, y) = try DiffInput.loadPair(DiffInput(pa), DiffInput(pb), schema: Self.schema, omittingUnchanged: true)
                let (wx, wy) = try DiffInput.loadPair(DiffInput(pa), DiffInput(pb), schema: Self.schema, omittingUnchanged: false)
                #expect(wx.checked.isEmpty && wy.checked.isEmpty)
                leftOut += x.checked.count + y.checked.count
                #expect(Self.outputs(x, y) == Self.outputs(wx, wy), "seed \(seed)")
                // A file against itself, written differently: equal, with every record left out
                // but the summary types.
                let (p, q) = try DiffInput.loadPair(DiffInput(pa), DiffInput(pa), schema: Self.schema)
                #expect(DiffReport(before: p.graph, after: q.graph, rules: DiffRules(schema: Self.schema)).diff.isEmpty, "seed \(seed)")
                let summaryKept = a.relationHandles.filter { ["PART_OF", "REPRESENTS"].contains(a[$0].type) }.count
                #expect(p.graph.relationCount == summaryKept && q.graph.relationCount == summaryKept, "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
        #expect(leftOut > 150, "the shared records were not left out: the test would compare whole reads only")
    }

    /// A damaged file, earlier or later (a byte changed, white space inserted, the file cut
    /// short), fails to read, or reads to the same reports, whether shared records are left
    /// out or not.
    @Test func damagedFilesFailAlikeOrGiveTheSameReports() async throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        nonisolated(unsafe) var failures = 0
        await propertyCheck(count: 150, input: Gen.int(in: 0...1_000_000_000)) { seed in
            do {
                var rng = SplitMix(seed: seed)
                let (a, b) = try RandomGraphs.pair(seed: seed)
                let pa = dir.appendingPathComponent("a-\(seed).json").path, pb = dir.appendingPathComponent("b-\(seed).json").path
                try GraphLoader.save(a, to: pa)
                try GraphLoader.save(b, to: pb)
                let damaged = Bool.random(using: &rng) ? pa : pb
                var bytes = Array(try Data(contentsOf: URL(fileURLWithPath: damaged)))
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<3, using: &rng) {
                case 0:
                    let junk = Array("{}[]\",: x\\e1".utf8)
                    bytes[at] = junk[Int.random(in: 0..<junk.count, using: &rng)]
                case 1: bytes.removeSubrange(at...)
                default: bytes.insert(contentsOf: Array(" \n".utf8), at: at)
                }
                try Data(bytes).write(to: URL(fileURLWithPath: damaged))
                let omitting = Result { () throws(Diagnostics) in try DiffInput.loadPair(DiffInput(pa), DiffInput(pb), schema: Self.schema) }
                let whole = Result { () throws(Diagnostics) in
                    try DiffInput.loadPair(DiffInput(pa), DiffInput(pb), schema: Self.schema, omittingUnchanged: false)
                }
                switch (omitting, whole) {
                case (.success(let (x, y)), .success(let (wx, wy))):
                    #expect(Self.outputs(x, y) == Self.outputs(wx, wy), "seed \(seed)")
                case (.failure, .failure): failures += 1
                default: Issue.record("seed \(seed): one way failed, the other did not: \(omitting) / \(whole)")
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
        #expect(failures > 20, "the damage never made a file unreadable: the test would compare good files only")
    }

    static func write(_ text: String, _ name: String, in dir: URL) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func snapshot(entities: [String], relations: [String]) -> String {
        """
        {
          "snapshot": {"id": "s", "as_of": "2025-11-21"},
          "entities": [
        \(entities.map { "    {\"id\": \"\($0)\", \"type\": \"Party\"}" }.joined(separator: ",\n"))
          ],
          "relations": [
        \(relations.map { "    " + $0 }.joined(separator: ",\n"))
          ]
        }

        """
    }

    /// A shared record naming an entity only one file has: the file without it is at fault,
    /// whichever side checked the record.
    @Test(arguments: [false, true])
    func anEndMissingFromOneFileIsReportedInThatFile(_ swapped: Bool) throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shared = (0..<6).map { #"{"rel": "a DEMANDS b\#($0)"}"# }
        let ids = ["a"] + (0..<6).map { "b\($0)" }
        let good = try Self.write(Self.snapshot(entities: ids, relations: shared), "good.json", in: dir)
        let bad = try Self.write(Self.snapshot(entities: ids.filter { $0 != "b3" && $0 != "b4" }, relations: shared), "bad.json", in: dir)
        let (first, second) = swapped ? (bad, good) : (good, bad)
        do {
            _ = try DiffInput.loadPair(DiffInput(first), DiffInput(second), schema: Self.schema)
            Issue.record("a relation to a missing entity was not reported")
        } catch {
            let text = error.items.map(\.description).joined(separator: "\n")
            // Where: the record's line (the column is the record's, or the end's when the
            // file at fault read the record itself).
            #expect(error.items.count == 2, "\(text)")
            for (id, line) in [("b3", 14), ("b4", 15)] {
                #expect(
                    error.items.contains {
                        $0.location?.file.hasSuffix("bad.json") == true && $0.location?.line == line
                            && $0.message.contains("relation 'a DEMANDS \(id)': no entity '\(id)' in this file")
                    }, "\(text)")
            }
            #expect(!text.contains("good.json"), "\(text)")
        }
    }

    /// A fault in a record both files share is reported (once, in the file that read it), and
    /// the faults of both files are reported together.
    @Test func aFaultInASharedRecordIsStillReported() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let relations = (0..<4).map { #"{"rel": "a DEMANDS b", "valid_from": "2025-02-3\#($0)"}"# }
        let text = Self.snapshot(entities: ["a", "b"], relations: relations)
        let x = try Self.write(text, "x.json", in: dir), y = try Self.write(jsonWithoutSpaceBetweenTokens(text), "y.json", in: dir)
        do {
            _ = try DiffInput.loadPair(DiffInput(x), DiffInput(y), schema: Self.schema)
            Issue.record("a malformed date was not reported")
        } catch {
            let text = error.items.map(\.description).joined(separator: "\n")
            for day in 30...33 { #expect(text.contains("not '2025-02-\(day)'"), "\(text)") }
            #expect(error.items.count == 4, "\(text)")
        }
    }

    /// Positions after skipped records (on the same line, with non-ASCII text in them) are the
    /// positions a whole read gives.
    @Test(arguments: [false, true])
    func positionsAfterSkippedRecordsAreExact(_ compacted: Bool) throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shared = (0..<8).map { #"{"rel": "a DEMANDS b", "attributes": {"note": "Sicherheit — безопасность \#($0)"}}"# }
        let a = Self.snapshot(entities: ["a", "b"], relations: shared)
        let bText = Self.snapshot(entities: ["a", "b"], relations: shared + [#"{"rel": "a SUPPORTS b", "valid_from": "2025-13-01"}"#])
        let x = try Self.write(a, "a.json", in: dir)
        let y = try Self.write(compacted ? jsonWithoutSpaceBetweenTokens(bText) : bText, "b.json", in: dir)
        let whole = try GraphLoader.load(y, schema: Self.schema).diagnostics.filter { $0.severity == .error }
        #expect(whole.count == 1)
        do {
            _ = try DiffInput.loadPair(DiffInput(x), DiffInput(y), schema: Self.schema)
            Issue.record("the malformed date was not reported")
        } catch {
            #expect(error.items == whole)
        }
    }

    /// Relations listed before the entities (held back until the entities are read) are left
    /// out and checked all the same.
    @Test func relationsBeforeEntitiesAreLeftOutToo() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        func text(_ relations: [String], _ ids: [String]) -> String {
            """
            {"snapshot": {"id": "s", "as_of": "2025-11-21"},
             "relations": [\(relations.joined(separator: ", "))],
             "entities": [\(ids.map { "{\"id\": \"\($0)\", \"type\": \"Party\"}" }.joined(separator: ", "))]}
            """
        }
        let shared = (0..<6).map { #"{"rel": "a DEMANDS b\#($0)"}"# }
        let ids = ["a"] + (0..<6).map { "b\($0)" }
        let x = try Self.write(text(shared, ids), "x.json", in: dir)
        let y = try Self.write(text(shared + [#"{"rel": "a REJECTS b0"}"#], ids), "y.json", in: dir)
        let (p, q) = try DiffInput.loadPair(DiffInput(x), DiffInput(y), schema: Self.schema)
        #expect(p.checked.count + q.checked.count == 6)
        #expect(p.graph.relationCount == 0 && q.graph.relationCount == 1)
        let (wp, wq) = try DiffInput.loadPair(DiffInput(x), DiffInput(y), schema: Self.schema, omittingUnchanged: false)
        #expect(Self.outputs(p, q) == Self.outputs(wp, wq))
        // An end missing from the later file is found whichever side checked the record.
        let z = try Self.write(text(shared, ids.filter { $0 != "b5" }), "z.json", in: dir)
        #expect(throws: Diagnostics.self) { try DiffInput.loadPair(DiffInput(x), DiffInput(z), schema: Self.schema) }
    }

    @Test func aLeftOutTypeTheSummariesReadOrTwoSchemasReadDifferentlyMeanReadingWhole() throws {
        let rules = DiffRules(schema: Self.schema)
        func side(_ types: [String], schema: Schema?) -> DiffInput.Loaded {
            DiffInput.Loaded(
                graph: Graph(), schema: schema, warnings: [],
                checked: types.map { CheckedRelation(partner: 0, from: EntityHandle(0), type: $0, to: EntityHandle(1)) })
        }
        #expect(DiffInput.omissionHolds(side(["DEMANDS", "meets-with"], schema: Self.schema), side(["SUPPORTS"], schema: Self.schema)))
        #expect(!DiffInput.omissionHolds(side(["works-for"], schema: Self.schema), side([], schema: Self.schema)))  // REPRESENTS
        #expect(!DiffInput.omissionHolds(side(["demands"], schema: Self.schema), side([], schema: nil)))
        #expect(DiffInput.summaryTypeKeys(Self.schema).isSuperset(of: ["represents", "speaks_for", "part_of", "within", "revises", "amends"]))
        #expect(rules.summaryRelationTypes == ["REPRESENTS", "PART_OF", "REVISES"])
    }

    /// The distinct types of the records a side checked: short spellings through their own
    /// table, long and non-ASCII ones too, and spellings equal as strings (NFC, NFD) once.
    @Test func distinctCheckedTypesAreThoseOfASet() {
        let nfc = "CR\u{00C9}E", nfd = "CRE\u{0301}E"
        let long = "A_RELATION_TYPE_LONGER_THAN_FIFTEEN_BYTES"
        var types: [String] = []
        for i in 0..<2000 { types.append(["DEMANDS", "SUPPORTS", long, nfc, nfd, "ПОДДЕРЖИВАЕТ", "T\(i % 300)"][i % 7]) }
        let relations = types.map { CheckedRelation(partner: 0, from: EntityHandle(0), type: $0, to: EntityHandle(1)) }
        #expect(DiffInput.distinctTypes(relations) == Set(types))
        #expect(DiffInput.distinctTypes(relations).count == 5 + 300 - 0 - (300 - Set((0..<2000).filter { $0 % 7 == 6 }.map { $0 % 300 }).count))
        #expect(DiffInput.distinctTypes([]).isEmpty)
    }

    /// Dates and drawings read whole files.
    @Test func slicedSidesAreReadWhole() throws {
        let dir = try Paths.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = Self.snapshot(entities: ["a", "b"], relations: [#"{"rel": "a DEMANDS b"}"#])
        let x = try Self.write(text, "x.json", in: dir)
        let (p, q) = try DiffInput.loadPair(DiffInput(x + "@2025-11-21"), DiffInput(x), schema: Self.schema)
        #expect(p.graph.relationCount == 1 && q.graph.relationCount == 1)
        let (r, s) = try DiffInput.loadPair(DiffInput(x), DiffInput(x), schema: Self.schema)
        #expect(r.graph.relationCount == 0 && s.graph.relationCount == 0)
        let (u, v) = try DiffInput.loadPair(DiffInput(x), DiffInput(x), schema: Self.schema, omittingUnchanged: false)
        #expect(u.graph.relationCount == 1 && v.graph.relationCount == 1)
    }
}
