import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyQuery
import ParleyTestSupport
import Testing

/// The queries themselves: the portable text (parameters written in) gives the same rows as the
/// parameterised one, and literals are written correctly.
@Suite struct AnalystQueryTests {
    @Test(arguments: AnalystQueries.examples())
    func portableTextGivesTheSameRows(_ query: AnalystQuery) throws {
        let a = try Dataset.analyst()
        let withParameters = try a.run(query)
        var engine = QueryEngine(graph: a.graph, schema: a.schema)
        let inlined = try engine.run(query.portableText)
        #expect(inlined.columns == withParameters.columns)
        #expect(inlined.rows == withParameters.rows)
        #expect(!query.portableText.contains("$"), "every parameter is written in")
        #expect(!withParameters.rows.isEmpty, "\(query.command) answers something on the dataset")
    }

    @Test(arguments: [
        (Value.string("it's"), "'it\\'s'"), (.string("a\\b"), "'a\\\\b'"), (.int(-3), "-3"), (.bool(true), "true"),
        (.date(LocalDate(iso: "2025-11-24")!), "date('2025-11-24')"), (.list(["a", 1]), "['a', 1]"), (.null, "null"),
    ])
    func literals(_ value: Value, _ expected: String) {
        #expect(CypherLiteral.render(value) == expected)
    }

    @Test func parametersInsideStringsAreLeftAlone() {
        let q = AnalystQuery(command: "t", text: "RETURN '$x' AS a, $x AS b, $xy AS c", parameters: ["x": "v"])
        #expect(q.portableText == "RETURN '$x' AS a, 'v' AS b, $xy AS c")
    }

    @Test func stanceTypesComeFromTheSchema() throws {
        let a = try Dataset.analyst()
        #expect(a.stances.all == ["DEMANDS", "SUPPORTS", "REJECTS", "PROPOSES"])
        #expect(a.stances.negative == ["REJECTS"])
        #expect(StanceTypes(schema: nil) == .standard)
    }

    @Test func resolutionIgnoresCaseAndDiacritics() throws {
        let a = try Dataset.analyst()
        for spelling in ["zelensky", "Zelenskyy", "ZELENSKYJ", "Zelénsky", "Volodymyr Zelensky"] {
            #expect(a.graph[try a.resolver.resolve(spelling)].id == "zelensky", "\(spelling)")
        }
        #expect(throws: ResolutionError.self) { try a.resolver.resolve("Zelenskiy-Putin") }
        do {
            _ = try a.resolver.resolve("Rusia")
            Issue.record("'Rusia' resolved")
        } catch {
            #expect(error.suggestion != nil)
            #expect(error.description.contains("did you mean"))
        }
    }
}
