import Testing
import ParleyCore
@testable import ParleyQuery

/// A query that must fail before running, with where and why.
struct ErrorCase: CustomTestStringConvertible, Sendable {
    var query: String
    var line: Int
    var column: Int
    var message: String
    var code: String?
    var testDescription: String { query }
}

@Suite struct ErrorTests {
    static let cases: [ErrorCase] = [
        ErrorCase(query: "MATCH (p:Party {id: 'russia'} RETURN p", line: 1, column: 31, message: "expected ')' but found 'RETURN'"),
        ErrorCase(query: "MATCH (p)\nRETURN q", line: 2, column: 8, message: "variable 'q' is not defined", code: "UndefinedVariable"),
        ErrorCase(query: "MATCH (a)-[r]->(b)\nMATCH (r) RETURN r", line: 2, column: 8, message: "variable 'r' is not a node", code: "VariableTypeConflict"),
        ErrorCase(query: "MATCH (a) CREATE (a:X) RETURN a", line: 1, column: 19, message: "variable 'a' is already bound", code: "VariableAlreadyBound"),
        ErrorCase(query: "RETURN 'abc", line: 1, column: 8, message: "unterminated string"),
        ErrorCase(query: "RETURN frobnicate(1)", line: 1, column: 8, message: "unknown function 'frobnicate'", code: "UnknownFunction"),
        ErrorCase(query: "RETURN size(1, 2)", line: 1, column: 8, message: "size() takes 1 argument, not 2", code: "InvalidNumberOfArguments"),
        ErrorCase(query: "MATCH (n) WHERE count(n) > 1 RETURN n", line: 1, column: 17, message: "aggregation is not allowed in WHERE", code: "InvalidAggregation"),
        ErrorCase(query: "WITH 1 + 1 RETURN 2", line: 1, column: 6, message: "expression in WITH must be aliased (use AS)", code: "NoExpressionAlias"),
        ErrorCase(query: "RETURN 1 AND 'x'", line: 1, column: 10, message: "AND needs booleans", code: "InvalidArgumentType"),
        ErrorCase(query: "MATCH (a)-[r]->(b)\nRETURN labels(r)", line: 2, column: 8, message: "labels() needs a node", code: "InvalidArgumentType"),
        ErrorCase(query: "MATCH (n) RETURN n, n", line: 1, column: 21, message: "column 'n' is defined twice", code: "ColumnNameConflict"),
        ErrorCase(query: "MATCH (n)\n  RETURN n ORDER BY n.x LIMIT -1", line: 0, column: 0, message: "LIMIT cannot be negative", code: "NegativeIntegerArgument"),
        ErrorCase(query: "MERGE (n) RETURN n", line: 1, column: 1, message: "MERGE is not supported", code: "Unsupported"),
    ]

    @Test(arguments: cases) func compileTimeError(_ c: ErrorCase) {
        var engine = QueryEngine(graph: QueryFixtures.graph)
        do {
            _ = try engine.run(c.query)
            Issue.record("expected an error")
        } catch {
            #expect(error.isCompileTime)
            #expect(error.message.hasPrefix(c.message), "\(error.message)")
            if c.line > 0 {
                #expect(error.line == c.line)
                #expect(error.column == c.column)
            }
            if let code = c.code { #expect(error.code == code) }
        }
    }

    @Test func renderedWithCaret() {
        var engine = QueryEngine(graph: Graph())
        do {
            _ = try engine.run("MATCH (p:Party {id: 'russia'} RETURN p")
            Issue.record("expected an error")
        } catch {
            #expect(error.description == """
                1:31: expected ')' but found 'RETURN'
                MATCH (p:Party {id: 'russia'} RETURN p
                                              ^
                """)
        }
    }

    @Test func missingParameterIsARuntimeError() {
        var engine = QueryEngine(graph: Graph())
        #expect {
            _ = try engine.run("RETURN $x")
        } throws: { e in
            (e as? QueryError)?.kind == .parameterMissing
        }
    }

    @Test func timeoutStopsARunawayQuery() throws {
        var g = Graph()
        var prev: EntityHandle?
        for i in 0..<60 {
            let h = try g.addEntity(Entity(id: "n\(i)", type: "N"))
            if let p = prev { try g.addRelation(Relation(from: p, type: "T", to: h)); try g.addRelation(Relation(from: h, type: "T", to: p)) }
            prev = h
        }
        var engine = QueryEngine(graph: g, options: QueryOptions(maxUnboundedLength: 10_000, timeout: 0.2))
        #expect {
            _ = try engine.run("MATCH (a)-[*]-(b) RETURN count(*)")
        } throws: { e in
            (e as? QueryError)?.kind == .timeout
        }
    }

    @Test func unboundedLengthIsCappedWithAWarning() throws {
        var g = Graph()
        var prev: EntityHandle?
        for i in 0..<10 {
            let h = try g.addEntity(Entity(id: "n\(i)", type: "N"))
            if let p = prev { try g.addRelation(Relation(from: p, type: "T", to: h)) }
            prev = h
        }
        var engine = QueryEngine(graph: g, options: QueryOptions(maxUnboundedLength: 3))
        let r = try engine.run("MATCH ({id: 'n0'})-[*]->(b) RETURN count(b)")
        #expect(r.rows == [[.int(3)]])
        #expect(r.warnings.contains { $0.message.contains("cut at 3") })
        let bounded = try engine.run("MATCH ({id: 'n0'})-[*..5]->(b) RETURN count(b)")
        #expect(bounded.rows == [[.int(5)]])
        #expect(bounded.warnings.isEmpty)
    }
}
