import ParleyCore
import ParleyDiff
import ParleySchema
import ParleyTestSupport
import Testing

@Suite struct SchemaRulesTests {
    /// The rules the tests write out by hand are the ones the negotiation schema gives.
    @Test func rulesFromTheNegotiationSchema() throws {
        let schema = try Schema.load(path: Paths.schema.path)
        let rules = DiffRules(schema: schema)
        #expect(rules == negotiationRules)
    }
}
