import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyIO
import ParleySchema
import ParleyTestSupport
import Testing

/// The worked dataset's snapshots and golden-file helpers for the analyst tests.
enum Dataset {
    static let folder = Paths.graphs.appendingPathComponent("ukraine-2025")
    static let plan = "2025-11-21-28-point-plan.yaml"
    static let geneva = "2025-11-24-after-geneva.yaml"
    static let abuDhabi = "2025-11-26-after-abu-dhabi.yaml"
    static let snapshots = [plan, geneva, abuDhabi]

    /// An analyst over one snapshot, read against the negotiation schema.
    static func analyst(_ file: String = abuDhabi) throws -> Analyst {
        let path = folder.appendingPathComponent(file).path
        let loaded = try GraphLoader.load(path)
        let errors = loaded.diagnostics.filter { $0.severity == .error }.map(\.description)
        #expect(errors.isEmpty, "\(file): \(errors)")
        let schema = try Schema.load(path: Paths.schema.path)
        return Analyst(graph: loaded.graph, schema: schema)
    }
}

/// Golden files in Tests/Fixtures/analysis/. Set PARLEY_UPDATE_GOLDEN=1 to rewrite them (then
/// read the diff against the articles before committing).
enum Golden {
    static let folder = Paths.fixtures.appendingPathComponent("analysis")

    static func check(_ actual: String, _ name: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let url = folder.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["PARLEY_UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url, options: .atomic)
            return
        }
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing golden file \(name) (run with PARLEY_UPDATE_GOLDEN=1)", sourceLocation: sourceLocation)
            return
        }
        let expected = String(decoding: data, as: UTF8.self)
        if expected != actual {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let first = Array(zip(e, a)).firstIndex { $0.0 != $0.1 } ?? min(e.count, a.count)
            Issue.record(
                "\(name) differs from line \(first + 1):\n  expected: \(first < e.count ? String(e[first]) : "<end>")\n  actual:   \(first < a.count ? String(a[first]) : "<end>")",
                sourceLocation: sourceLocation)
        }
    }
}

extension AnalystReport {
    /// The value of a field in every item, in order.
    func values(_ field: String) -> [String] { items.map { $0.fields[field].map { "\($0)" } ?? "" } }
}
