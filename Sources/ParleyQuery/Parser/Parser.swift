import ParleyCore

/// Recursive-descent parser from tokens to ``QueryAST``. Errors name what was expected and what
/// was found, at the found token's position.
struct Parser {
    var tokens: [Token]
    var i = 0
    let text: String
    let bytes: [UInt8]
    var anonymousCount = 0
    /// How deep the expression being parsed is nested (see ``enterNesting()``).
    var nesting = 0
    /// The deepest expression nesting accepted, counting sub-expressions, prefix operators and
    /// the links of operator chains; real queries stay far below it. The binder and evaluator
    /// recurse once per level: 400 overflowed an 8 MiB stack in the fuzzer's sanitized build
    /// (an `ORDER BY` chain of 340 `+` links), 200 leaves room.
    static let maximumNesting = 200

    init(_ text: String) throws(QueryError) {
        self.text = text
        self.bytes = Array(text.utf8)
        self.tokens = try Lexer.tokenize(text)
    }

    /// Parses a whole statement.
    static func parse(_ text: String) throws(QueryError) -> QueryAST {
        var p = try Parser(text)
        return try p.statement()
    }

    // MARK: Token helpers

    var current: Token { tokens[i] }
    func peekToken(_ k: Int = 1) -> Token { tokens[min(i + k, tokens.count - 1)] }
    mutating func advance() { if i < tokens.count - 1 { i += 1 } }

    func error(_ message: String, at token: Token? = nil, code: String? = nil) -> QueryError {
        QueryError(.syntax, message, at: (token ?? current).position, code: code)
    }

    func expected(_ what: String) -> QueryError {
        error("expected \(what) but found \(current.display)", code: "UnexpectedSyntax")
    }

    mutating func acceptKeyword(_ k: String) -> Bool {
        if current.isKeyword(k) { advance(); return true }
        return false
    }

    mutating func expectKeyword(_ k: String) throws(QueryError) {
        guard acceptKeyword(k) else { throw expected(k) }
    }

    mutating func acceptSymbol(_ s: String) -> Bool {
        if current.isSymbol(s) { advance(); return true }
        return false
    }

    mutating func expectSymbol(_ s: String) throws(QueryError) {
        guard acceptSymbol(s) else { throw expected("'\(s)'") }
    }

    /// A name: an identifier, quoted or not (keywords allowed where a name is expected).
    mutating func name(_ what: String = "a name") throws(QueryError) -> String {
        guard case .identifier(let s) = current.kind else { throw expected(what) }
        advance()
        return s
    }

    /// The text between the start of token `from` and the end of the previous token.
    func sourceText(from: Int) -> String {
        let start = tokens[from].position.offset
        let last = tokens[max(from, i - 1)]
        let end = last.position.offset + last.text.utf8.count
        guard start <= end, end <= bytes.count else { return "" }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }

    static let reserved: Set<String> = [
        "MATCH", "OPTIONAL", "WHERE", "WITH", "RETURN", "UNWIND", "CREATE", "ORDER", "SKIP", "LIMIT",
        "UNION", "AS", "AND", "OR", "XOR", "NOT", "IN", "STARTS", "ENDS", "CONTAINS", "IS", "NULL", "TRUE",
        "FALSE", "CASE", "WHEN", "THEN", "ELSE", "END", "DISTINCT", "MERGE", "DELETE", "DETACH", "SET",
        "REMOVE", "CALL", "YIELD", "ASC", "DESC", "ASCENDING", "DESCENDING", "BY", "ON", "EXPLAIN", "PROFILE",
    ]

    // MARK: Statements and clauses

    mutating func statement() throws(QueryError) -> QueryAST {
        let explain = acceptKeyword("EXPLAIN")
        var parts = [try singleQuery()]
        var unionAll: [Bool] = []
        while acceptKeyword("UNION") {
            unionAll.append(acceptKeyword("ALL"))
            parts.append(try singleQuery())
        }
        _ = acceptSymbol(";")
        guard case .end = current.kind else { throw expected("a clause or end of input") }
        return QueryAST(parts: parts, unionAll: unionAll, explain: explain)
    }

    mutating func singleQuery() throws(QueryError) -> SingleQuery {
        var clauses: [Clause] = []
        while true {
            guard let k = current.keyword else { break }
            switch k {
            case "MATCH":
                clauses.append(.match(try matchClause(optional: false)))
            case "OPTIONAL":
                let t = current
                advance()
                guard current.isKeyword("MATCH") else { throw expected("MATCH after OPTIONAL") }
                _ = t
                clauses.append(.match(try matchClause(optional: true)))
            case "UNWIND":
                advance()
                let e = try expression()
                try expectKeyword("AS")
                clauses.append(.unwind(e, try variable()))
            case "WITH":
                let pos = current.position
                advance()
                clauses.append(.with(try projection(pos, allowWhere: true)))
            case "RETURN":
                let pos = current.position
                advance()
                clauses.append(.return(try projection(pos, allowWhere: false)))
            case "CREATE":
                let pos = current.position
                advance()
                clauses.append(.create(CreateClause(parts: try patternList(), position: pos)))
            case "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "CALL", "FOREACH", "LOAD":
                throw QueryError(.unsupported, "\(k) is not supported (Parley runs a read subset of openCypher plus CREATE)", at: current.position, code: "Unsupported")
            default:
                break
            }
            if case .end = current.kind { break }
            if current.isKeyword("UNION") || current.isSymbol(";") { break }
            if let k = current.keyword, ["MATCH", "OPTIONAL", "UNWIND", "WITH", "RETURN", "CREATE", "MERGE", "DELETE", "DETACH", "SET", "REMOVE", "CALL", "FOREACH", "LOAD"].contains(k) { continue }
            throw expected(clauses.isEmpty ? "a clause (MATCH, RETURN …)" : "a clause, UNION or end of input")
        }
        guard !clauses.isEmpty else { throw expected("a clause (MATCH, RETURN …)") }
        return SingleQuery(clauses: clauses)
    }

    mutating func matchClause(optional: Bool) throws(QueryError) -> MatchClause {
        let pos = current.position
        try expectKeyword("MATCH")
        let parts = try patternList()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        return MatchClause(optional: optional, parts: parts, predicate: predicate, position: pos)
    }

    mutating func variable() throws(QueryError) -> Variable {
        let t = current
        guard case .identifier(let s) = t.kind else { throw expected("a variable name") }
        if !t.quoted, Parser.reserved.contains(s.uppercased()) { throw expected("a variable name") }
        advance()
        return Variable(name: s, position: t.position)
    }

    mutating func projection(_ pos: QueryPosition, allowWhere: Bool) throws(QueryError) -> Projection {
        let distinct = acceptKeyword("DISTINCT")
        var star = false
        var items: [ProjectionItem] = []
        if acceptSymbol("*") {
            star = true
            if acceptSymbol(",") { items = try projectionItems() }
        } else {
            items = try projectionItems()
        }
        var orderBy: [SortItem] = []
        if acceptKeyword("ORDER") {
            try expectKeyword("BY")
            repeat {
                let e = try expression()
                var asc = true
                if acceptKeyword("DESC") || acceptKeyword("DESCENDING") { asc = false }
                else { _ = acceptKeyword("ASC") || acceptKeyword("ASCENDING") }
                orderBy.append(SortItem(expr: e, ascending: asc))
            } while acceptSymbol(",")
        }
        var skip: Expr?
        var limit: Expr?
        if acceptKeyword("SKIP") { skip = try expression() }
        if acceptKeyword("LIMIT") { limit = try expression() }
        var predicate: Expr?
        if allowWhere, acceptKeyword("WHERE") { predicate = try expression() }
        return Projection(
            distinct: distinct, star: star, items: items, orderBy: orderBy, skip: skip, limit: limit,
            predicate: predicate, position: pos)
    }

    mutating func projectionItems() throws(QueryError) -> [ProjectionItem] {
        var items: [ProjectionItem] = []
        repeat {
            let from = i
            let pos = current.position
            let e = try expression()
            let text = sourceText(from: from)
            var alias: Variable?
            if acceptKeyword("AS") { alias = try variable() }
            items.append(ProjectionItem(expr: e, alias: alias, text: text, position: pos))
        } while acceptSymbol(",")
        return items
    }
}
