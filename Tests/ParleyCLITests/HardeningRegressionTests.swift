import Foundation
import ParleyTestSupport
import Testing

/// Every input the fuzzers (`tools/fuzz`) or the bound tests found a crash, hang or memory error
/// with is kept in `Tests/Fixtures/hardening/TARGET/` and run through the command a user would
/// run on it: it must end, in time, with exit status 0 or 1 and, for 1, a message with a position.
@Suite("Fuzzer regressions")
struct HardeningRegressionTests {
    static func inputs(_ target: String) -> [String] {
        let folder = Paths.fixtures.appendingPathComponent("hardening/\(target)")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { "Tests/Fixtures/hardening/\(target)/\($0)" }
    }

    static func expectClean(_ run: BoundedRun, _ what: String) {
        #expect(run.signal == nil, "\(what): crashed with signal \(run.signal ?? 0): \(run.stderr.suffix(500))")
        #expect(!run.timedOut, "\(what): ran over its time limit")
        #expect(run.status == 0 || run.status == 1, "\(what): exit \(run.status): \(run.stderr.prefix(500))")
        if run.status == 1 {
            // `validate` reports on standard output, the other commands on standard error.
            #expect((run.stdout + run.stderr).range(of: #":\d+:\d+: |: error: "#, options: .regularExpression) != nil, "\(what): \(run.stderr.prefix(500))")
        }
    }

    @Test("the fuzz regression folders hold inputs")
    func inputsExist() {
        #expect(!Self.inputs("snapshot").isEmpty)
        #expect(!Self.inputs("cypher").isEmpty)
    }

    @Test("snapshot inputs are read or refused cleanly", arguments: inputs("snapshot"))
    func snapshot(path: String) throws {
        Self.expectClean(try runParleyBounded(["validate", path], seconds: 60), path)
        Self.expectClean(try runParleyBounded(["fmt", "--check", path], seconds: 60), path)
    }

    @Test("GraphML inputs are imported or refused cleanly", arguments: inputs("graphml"))
    func graphml(path: String) throws {
        Self.expectClean(try runParleyBounded(["import", path, "-o", "-"], seconds: 60), path)
    }

    @Test("query inputs are run or refused cleanly", arguments: inputs("cypher") + inputs("execute"))
    func query(path: String) throws {
        Self.expectClean(
            try runParleyBounded(["query", "Tests/Fixtures/query/talks.yaml", "-f", path, "--timeout", "5", "--max-length", "4"], seconds: 60), path)
    }
}
