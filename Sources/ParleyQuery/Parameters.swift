import ParleyCore

extension QueryEngine {
    /// Reads a value written in Cypher literal syntax (`42`, `'text'`, `[1, 2]`, `{k: true}`,
    /// `-1.5`, `null`), as `--param name=value` takes it. Constant expressions are allowed.
    public static func parseLiteral(_ text: String) throws(QueryError) -> QueryValue {
        var p = try Parser(text)
        let e = try p.expression()
        guard case .end = p.current.kind else { throw p.expected("end of value") }
        var b = Binder()
        let bound = try b.bindExpr(e, [:])
        let ctx = ExecutionContext(graph: Graph(), parameters: [:], options: QueryOptions(), slotCount: 64)
        do {
            return try ctx.eval(bound, ctx.emptyRow)
        } catch let err as QueryError {
            throw err
        } catch {
            throw QueryError(.semantic, "\(error)")
        }
    }

    /// Splits `name=value` and reads the value as a Cypher literal.
    public static func parseParameter(_ assignment: String) throws(QueryError) -> (name: String, value: QueryValue) {
        guard let eq = assignment.firstIndex(of: "="), eq != assignment.startIndex else {
            throw QueryError(.syntax, "a parameter is written name=value (value in Cypher syntax), not '\(assignment)'")
        }
        let name = String(assignment[..<eq]).trimmingCharacters(in: .whitespaces)
        let value = String(assignment[assignment.index(after: eq)...])
        do {
            return (name, try parseLiteral(value))
        } catch {
            var e = error
            e.message = "parameter \(name): \(e.message)"
            if e.code == "UndefinedVariable" {
                e.message += " (values are Cypher literals: write text in quotes, as \(name)='\(value)')"
            }
            e.query = value
            throw e
        }
    }
}
