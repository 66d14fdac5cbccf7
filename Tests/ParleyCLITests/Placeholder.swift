import ParleyTestSupport
import Testing

@Suite struct VersionTests {
    @Test func versionPrints() throws {
        let r = try runParley(["--version"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("0.1.0"))
    }
}
