import Foundation
import ParleyCore
import ParleyTestSupport
import PropertyBased
import Testing

@testable import ParleySnapshot

/// The quick check of relation records read for both files of a comparison: it takes the plain
/// shapes straight from the bytes, and its outcome is always that of decoding them in full.
@Suite struct QuickCheckTests {
    /// A JSON snapshot with entities `a`, `b`, `c` and these relation records, and where each
    /// record starts.
    static func snapshot(_ records: [String]) -> (bytes: [UInt8], starts: [Int]) {
        var text = #"{"entities": [{"id": "a", "type": "Party"}, {"id": "b", "type": "Party"}, {"id": "c", "type": "Proposal"}],"#
        text += "\n \"relations\": [\n"
        var starts: [Int] = []
        for (i, r) in records.enumerated() {
            text += "  "
            starts.append(text.utf8.count)
            text += r + (i + 1 < records.count ? ",\n" : "\n")
        }
        text += "]}\n"
        return (Array(text.utf8), starts)
    }

    /// Reads `records` with every one of them checked for both files, quickly or not.
    static func read(_ records: [String], quick: Bool) -> Result<SnapshotReadResult, Diagnostics> {
        let (bytes, starts) = snapshot(records)
        var options = SnapshotReadOptions(
            recordsPositions: false, omittedRelations: RelationOmission(checked: starts.map { .init(start: $0, partner: $0 + 1) }))
        options.quickChecks = quick
        return bytes.withUnsafeBufferPointer { b in
            Result { () throws(Diagnostics) in try SnapshotReader.read(buffer: b, file: "x.json", format: .json, options: options) }
        }
    }

    static func outcome(_ r: Result<SnapshotReadResult, Diagnostics>) -> String {
        switch r {
        case .success(let s):
            return "ok \(s.graph.relationCount) \(s.checkedRelations) \(s.diagnostics.map(\.description))"
        case .failure(let d):
            return "failed \(d.items.map(\.description))"
        }
    }

    static let fields: [[String]] = [
        [#""rel": "a DEMANDS c""#, #""rel": "a  SUPPORTS\#tb""#, #""rel": "a DEMANDS""#, #""rel": "a DEMANDS zz""#, #""rel": "a DÉMANDS c""#,
         #""rel": "a DEMANDS c d""#, #""rel": 5"#, #""rel": null"#, #""rel": "a \u0044EMANDS c""#],
        [#""attributes": {}"#, #""attributes": {"note": "привет", "n": -1.5e3, "ok": true, "x": null, "f": false}"#,
         #""attributes": {"n": 1, "n": 2}"#, #""attributes": {"n": 01}"#, #""attributes": {"n": [1]}"#, #""attributes": {"é": 1}"#,
         #""attributes": null"#, #""attributes": {"n": tru}"#, #""attributes": {"n": 1.}"#, #""attributes": {"q": "a\"b"}"#],
        [#""valid_from": "2025-11-21""#, #""valid_from": "2025-02-30""#, #""valid_from": null"#, #""valid_from": 2025"#],
        [#""valid_until": "2025-12-01""#, #""valid_until": "soon""#],
        [#""confidence": "high""#, #""confidence": "medium""#, #""confidence": "sure""#, #""confidence": null"#],
        [#""cite": []"#, #""cite": ["src-1", {"src-2": "a quote"}, {"src-3": null}]"#, #""cite": [{"a": "x", "b": "y"}]"#,
         #""cite": [{}]"#, #""cite": [1]"#, #""cite": "src-1""#, #""cite": [{"src": ["q"]}]"#],
        [#""from": "a", "type": "DEMANDS", "to": "c""#, #""citations": [{"source": "s", "quote": "q"}]"#, #""colour": "red""#],
    ]

    /// Random records, plain ones and ones with every kind of fault: with the quick check or
    /// without, the same diagnostics and the same checked relations.
    @Test func quickAndFullCheckingAgree() async {
        await propertyCheck(count: 400, input: Gen.int(in: 0...1_000_000)) { seed in
            var rng = SplitMix64(seed: UInt64(seed))
            var records: [String] = []
            for _ in 0..<Int(rng.next() % 5) + 1 {
                switch rng.next() % 8 {
                case 0: records.append(["\"a DEMANDS c\"", "\"b REJECTS\"", "\"a X q\"", "\"a\tY  b\""][Int(rng.next() % 4)])
                case 1: records.append(["{}", "[1]", "7", "{\"rel\": \"a DEMANDS c\",}", "{\"rel\" \"a B c\"}", "{\"rel\": \"a B c\" x}"][Int(rng.next() % 6)])
                default:
                    var parts: [String] = []
                    // `rel` usually first, with the first (good) value most often.
                    if rng.next() % 8 != 0 { parts.append(rng.next() % 3 == 0 ? Self.pick(Self.fields[0], &rng) : Self.fields[0][0]) }
                    for group in Self.fields.dropFirst() where rng.next() % 3 == 0 {
                        parts.append(rng.next() % 2 == 0 ? group[0] : Self.pick(group, &rng))
                    }
                    if rng.next() % 10 == 0, let again = parts.first { parts.append(again) }  // a key twice
                    if rng.next() % 2 == 0 { parts.shuffle(using: &rng) }
                    let compact = rng.next() % 2 == 0
                    records.append("{" + parts.joined(separator: compact ? "," : ",\n    ") + "}")
                }
            }
            let full = Self.outcome(Self.read(records, quick: false))
            let quick = Self.outcome(Self.read(records, quick: true))
            #expect(full == quick, "\(records)")
        }
    }

    static func pick(_ options: [String], _ rng: inout SplitMix64) -> String { options[Int(rng.next() % UInt64(options.count))] }

    /// The plain shapes are taken by the quick check (the full decoding is not needed for
    /// them); anything odd is left to it.
    @Test(arguments: [
        (#""a DEMANDS c""#, true),
        (#"{"rel": "a DEMANDS c"}"#, true),
        (#"{"rel":"a DEMANDS c","attributes":{"note":"переговоры","n":6,"d":true},"valid_from":"2025-09-08","confidence":"low","cite":[{"s-1":"q"},"s-2"]}"#, true),
        (#"{ "cite" : [ ] , "rel" : "b SUPPORTS a" }"#, true),
        (#"{"rel": "a DEMANDS q"}"#, false),  // no entity q
        (#"{"rel": "a DEMANDS c", "valid_from": "2025-13-01"}"#, false),
        (#"{"rel": "a DEMANDS c", "rel": "a DEMANDS c"}"#, false),
        (#"{"rel": "a DEMANDS c", "from": "a"}"#, false),
        (#"{"rel": "a DEMANDS c", "attributes": {"q": "x\ny"}}"#, false),
        (#"{"rel": "a DEMANDS c", "attributes": {"n": 1e}}"#, false),
    ])
    func plainShapesAreTakenQuickly(_ record: String, _ taken: Bool) {
        let (bytes, starts) = Self.snapshot([record])
        // Malformed JSON fails the read: the full decoding's error, as the full check gives.
        let result = try? Self.read([record], quick: true).get()
        #expect(result.map { $0.graph.relationCount == 0 } ?? true)
        // Taken quickly: a decoder that has read the same entities records it without a
        // document tree, and says where it ends.
        bytes.withUnsafeBufferPointer { b in
            var decoder = SnapshotDecoder(
                file: "x.json", options: SnapshotReadOptions(omittedRelations: RelationOmission(checked: [.init(start: starts[0], partner: 9)])),
                tree: DocTree(source: b))
            for (i, id) in ["a", "b", "c"].enumerated() {
                _ = try? decoder.graph.addEntity(Entity(id: id, type: "Party"))
                decoder.entityIDs.insert(id, EntityHandle(i))
            }
            decoder.markEntitiesComplete()
            let end = decoder.quickCheck(at: starts[0])
            #expect((end != nil) == taken, "\(record)")
            if let end {
                #expect(end == starts[0] + record.utf8.count)
                #expect(decoder.checkedRelations.count == 1 && decoder.checkedRelations[0].partner == 9)
                #expect(result?.checkedRelations.map(\.type) == decoder.checkedRelations.map(\.type))
            } else {
                #expect(decoder.checkedRelations.isEmpty)
            }
        }
    }

    /// The eight-byte test for four two-byte UTF-8 sequences agrees with the byte-by-byte
    /// rule (Unicode's table 3-7), at the edges of every range.
    @Test func fourTwoByteSequencesAreToldEightBytesAtOnce() {
        let edges: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xD0, 0xDF, 0xE0, 0xED, 0xF0, 0xFF]
        var rng = SplitMix64(seed: 42)
        for _ in 0..<200_000 {
            let b = (0..<8).map { _ in rng.next() % 3 == 0 ? UInt8(truncatingIfNeeded: rng.next()) : edges[Int(rng.next() % UInt64(edges.count))] }
            // Mostly lead/continuation pairs, so that the true case is common.
            let pairs = rng.next() % 2 == 0
                ? (0..<4).flatMap { _ in [UInt8(0xC2 + rng.next() % 30), UInt8(0x80 + rng.next() % 64)] }.enumerated().map { i, x in rng.next() % 20 == 0 ? b[i] : x }
                : b
            let w = pairs.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << UInt64(8 * $1.offset) }
            let expected = stride(from: 0, to: 8, by: 2).allSatisfy { (0xC2...0xDF).contains(pairs[$0]) && (0x80...0xBF).contains(pairs[$0 + 1]) }
            #expect(JSONDocumentParser.isFourTwoByteSequences(w) == expected, "\(pairs)")
        }
    }
}
