import Testing
import ParleyCore
@testable import ParleyQuery

@Suite struct ExpressionTests {
    /// `RETURN <expression>` and the value it must give, in TCK notation.
    static let cases: [(String, String)] = [
        // literals
        ("1", "1"), ("-3", "-3"), ("0x1F", "31"), ("1.5e3", "1500.0"), (".5", "0.5"), ("'it\\'s'", "'it\\'s'"),
        ("\"a\\tb\"", "'a\tb'"), ("true", "true"), ("null", "null"), ("[1, 'a', null]", "[1, 'a', null]"),
        ("{b: 1, a: [2]}", "{a: [2], b: 1}"),
        // arithmetic
        ("1 + 2 * 3", "7"), ("(1 + 2) * 3", "9"), ("7 / 2", "3"), ("7 / 2.0", "3.5"), ("7 % 3", "1"), ("2 ^ 3", "8.0"),
        ("-(2 + 3)", "-5"), ("1 + null", "null"), ("'a' + 1", "'a1'"), ("[1] + [2]", "[1, 2]"), ("[1] + 2", "[1, 2]"),
        // comparison and three-valued logic
        ("1 < 2", "true"), ("1 = 1.0", "true"), ("1 < 'a'", "null"), ("null = null", "null"), ("1 <> 2", "true"),
        ("1 < 2 < 3", "true"), ("3 > 2 > 2", "false"), ("[1, 2] = [1, 2]", "true"), ("[1, null] = [1, 2]", "null"),
        ("true AND null", "null"), ("false AND null", "false"), ("true OR null", "true"), ("false OR null", "null"),
        ("true XOR true", "false"), ("NOT null", "null"), ("null IS NULL", "true"), ("1 IS NOT NULL", "true"),
        // strings, lists, IN
        ("'hello' STARTS WITH 'he'", "true"), ("'hello' ENDS WITH 'lo'", "true"), ("'hello' CONTAINS 'ell'", "true"),
        ("'abc' =~ 'a.*'", "true"), ("'abc' =~ 'b'", "false"), ("2 IN [1, 2]", "true"), ("3 IN [1, null]", "null"),
        ("[1, 2, 3][0]", "1"), ("[1, 2, 3][-1]", "3"), ("[1, 2, 3][5]", "null"), ("[1, 2, 3, 4][1..3]", "[2, 3]"),
        ("[1, 2, 3][..-1]", "[1, 2]"), ("{a: 1}['a']", "1"), ("{a: {b: 2}}.a.b", "2"),
        ("[x IN range(1, 5) WHERE x % 2 = 1 | x * 10]", "[10, 30, 50]"), ("[x IN [1, 2] | x + 1]", "[2, 3]"),
        ("all(x IN [1, 2] WHERE x > 0)", "true"), ("any(x IN [1, 2] WHERE x > 1)", "true"),
        ("none(x IN [1, 2] WHERE x > 5)", "true"), ("single(x IN [1, 2] WHERE x > 1)", "true"),
        ("reduce(s = 0, x IN [1, 2, 3] | s + x)", "6"),
        // CASE
        ("CASE 2 WHEN 1 THEN 'one' WHEN 2 THEN 'two' ELSE 'many' END", "'two'"),
        ("CASE WHEN 1 > 2 THEN 'a' ELSE 'b' END", "'b'"), ("CASE WHEN false THEN 1 END", "null"),
        // functions
        ("size([1, 2])", "2"), ("size('abc')", "3"), ("head([1, 2])", "1"), ("last([1, 2])", "2"), ("tail([1, 2])", "[2]"),
        ("range(1, 3)", "[1, 2, 3]"), ("range(3, 1, -1)", "[3, 2, 1]"), ("coalesce(null, 2, 3)", "2"),
        ("toString(1.5)", "'1.5'"), ("toInteger('42')", "42"), ("toInteger(3.9)", "3"), ("toInteger('x')", "null"),
        ("toFloat('1.5')", "1.5"), ("toBoolean('TRUE')", "true"), ("toLower('AbC')", "'abc'"), ("toUpper('abc')", "'ABC'"),
        ("trim('  a ')", "'a'"), ("replace('aXbX', 'X', '-')", "'a-b-'"), ("split('a,b', ',')", "['a', 'b']"),
        ("substring('hello', 1, 3)", "'ell'"), ("substring('hello', 2)", "'llo'"), ("abs(-2)", "2"), ("abs(-2.5)", "2.5"),
        ("keys({b: 1, a: 2})", "['a', 'b']"), ("properties({a: 1})", "{a: 1}"), ("reverse([1, 2])", "[2, 1]"),
    ]

    @Test(arguments: cases) func evaluates(_ c: (String, String)) throws {
        let rows = try QueryFixtures.rows("RETURN \(c.0) AS v", graph: Graph())
        #expect(rows == [c.1])
    }

    @Test func graphFunctions() throws {
        let rows = try QueryFixtures.rows("""
            MATCH p = (a:Party {id: 'russia'})-[r:DEMANDS]->(x {id: 'no-nato'})
            RETURN type(r), labels(a), startNode(r).id, endNode(r).id, size(nodes(p)), size(relationships(p)), length(p),
                   properties(x).points, id(a) = id(startNode(r)), exists(a.name), a:Party, x:Party
            """)
        #expect(rows == ["'DEMANDS' | ['Party'] | 'russia' | 'no-nato' | 2 | 1 | 1 | 3 | true | true | true | false"])
    }

    @Test func patternPredicates() throws {
        let rows = try QueryFixtures.rows("""
            MATCH (p:Provision)
            WHERE (:Party)-[:DEMANDS]->(p) AND NOT EXISTS { MATCH (p)<-[:REJECTS]-(:Party) }
            RETURN p.id ORDER BY p.id
            """)
        #expect(rows == ["'army-cap'", "'guarantees'"])
        let counts = try QueryFixtures.rows("MATCH (a:Party {id: 'russia'}) RETURN size([(a)-[:DEMANDS]->(x) | x.id]) AS n")
        #expect(counts == ["3"])
    }

    @Test(arguments: ["1 / 0", "toInteger([1])", "[1][ 'a' ]", "'a' - 1"]) func runtimeErrors(_ expr: String) {
        #expect(throws: QueryError.self) { try QueryFixtures.rows("WITH \(expr) AS v RETURN v", graph: Graph()) }
    }

    @Test func literalParameters() throws {
        #expect(try QueryEngine.parseLiteral("[1, 'a', {b: true}]") == .list([.int(1), .string("a"), .map(["b": .true])]))
        #expect(try QueryEngine.parseLiteral("-2.5") == .float(-2.5))
        let p = try QueryEngine.parseParameter("who='russia'")
        #expect(p.name == "who" && p.value == .string("russia"))
        #expect(throws: QueryError.self) { try QueryEngine.parseParameter("novalue") }
        #expect(throws: QueryError.self) { try QueryEngine.parseLiteral("x + 1") }
    }
}
