import Foundation
import Testing
import ParleyTestSupport
@testable import ParleyQuery

/// The openCypher TCK must not pass fewer scenarios than recorded in tools/tck/expected-passing.txt.
@Suite struct ConformanceTests {
    @Test func tckPassingCountDoesNotFall() throws {
        let tck = Paths.shared.appendingPathComponent("opencypher-tck")
        try #require(FileManager.default.fileExists(atPath: tck.path), "the TCK is expected at \(tck.path)")
        let recordedText = try String(contentsOf: Paths.root.appendingPathComponent("tools/tck/expected-passing.txt"), encoding: .utf8)
        let recorded = try #require(Int(recordedText.trimmingCharacters(in: .whitespacesAndNewlines)))
        let report = try TCKRunner(root: tck).run()
        #expect(report.passed >= recorded, "\(report.summary)")
        #expect(report.results.count > 1000)
    }

    @Test func tckValuesRoundTrip() throws {
        for text in ["(:A:B {name: 'x', n: 1})", "[:T {w: 2.5}]", "<(:A)-[:T]->(:B)<-[:U]-()>", "[1, 'a', null, {k: [true]}]"] {
            let v = try TCKValue.parse(text)
            #expect(try TCKValue.parse(v.canonical()) == v)
        }
    }
}
