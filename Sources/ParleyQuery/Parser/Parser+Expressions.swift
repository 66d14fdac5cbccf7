import ParleyCore

extension Parser {
    mutating func expression() throws(QueryError) -> Expr {
        try enterNesting()
        defer { nesting -= 1 }
        return try orExpr()
    }

    /// Counts one level of nesting (a sub-expression, a `NOT`/`-` prefix, one more link of an
    /// operator chain, which builds a left-deep tree) and refuses to go deeper than
    /// ``maximumNesting``: every later stage walks the tree recursively, and a hostile query must
    /// end with an error, not a stack overflow. The caller undoes it (`nesting -= 1`).
    mutating func enterNesting() throws(QueryError) {
        guard nesting < Self.maximumNesting else {
            throw error("expression nested deeper than \(Self.maximumNesting) levels", code: "NestingTooDeep")
        }
        nesting += 1
    }

    mutating func orExpr() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try xorExpr()
        while current.isKeyword("OR") {
            try enterNesting()
            links += 1
            let p = current.position
            advance()
            e = .binary(.or, e, try xorExpr(), p)
        }
        return e
    }

    mutating func xorExpr() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try andExpr()
        while current.isKeyword("XOR") {
            try enterNesting()
            links += 1
            let p = current.position
            advance()
            e = .binary(.xor, e, try andExpr(), p)
        }
        return e
    }

    mutating func andExpr() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try notExpr()
        while current.isKeyword("AND") {
            try enterNesting()
            links += 1
            let p = current.position
            advance()
            e = .binary(.and, e, try notExpr(), p)
        }
        return e
    }

    mutating func notExpr() throws(QueryError) -> Expr {
        if current.isKeyword("NOT") {
            let p = current.position
            advance()
            try enterNesting()
            defer { nesting -= 1 }
            return .unary(.not, try notExpr(), p)
        }
        return try comparison()
    }

    mutating func comparisonOperator() -> BinaryOperator? {
        guard case .symbol(let s) = current.kind else { return nil }
        switch s {
        case "=": return .equal
        case "<>", "!=": return .notEqual
        case "<": return .less
        case ">": return .greater
        case "<=": return .lessEqual
        case ">=": return .greaterEqual
        default: return nil
        }
    }

    mutating func comparison() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        let p = current.position
        let first = try predicateExpr()
        var operands = [first]
        var ops: [BinaryOperator] = []
        while let op = comparisonOperator() {
            try enterNesting()
            links += 1
            advance()
            ops.append(op)
            operands.append(try predicateExpr())
        }
        if ops.isEmpty { return first }
        if ops.count == 1 { return .binary(ops[0], operands[0], operands[1], p) }
        return .comparisonChain(operands, ops, p)
    }

    mutating func predicateExpr() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try addSub()
        while true {
            try enterNesting()
            links += 1
            let p = current.position
            if current.isKeyword("STARTS") && peekToken().isKeyword("WITH") {
                advance(); advance()
                e = .binary(.startsWith, e, try addSub(), p)
            } else if current.isKeyword("ENDS") && peekToken().isKeyword("WITH") {
                advance(); advance()
                e = .binary(.endsWith, e, try addSub(), p)
            } else if current.isKeyword("CONTAINS") {
                advance()
                e = .binary(.contains, e, try addSub(), p)
            } else if current.isKeyword("IN") {
                advance()
                e = .binary(.in, e, try addSub(), p)
            } else if current.isSymbol("=~") {
                advance()
                e = .binary(.regex, e, try addSub(), p)
            } else if current.isKeyword("IS") {
                advance()
                let negated = acceptKeyword("NOT")
                try expectKeyword("NULL")
                e = .isNull(e, negated: negated)
            } else {
                return e
            }
        }
    }

    mutating func addSub() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try mulDiv()
        while current.isSymbol("+") || current.isSymbol("-") {
            try enterNesting()
            links += 1
            let p = current.position
            let op: BinaryOperator = current.isSymbol("+") ? .add : .subtract
            advance()
            e = .binary(op, e, try mulDiv(), p)
        }
        return e
    }

    mutating func mulDiv() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try power()
        while current.isSymbol("*") || current.isSymbol("/") || current.isSymbol("%") {
            try enterNesting()
            links += 1
            let p = current.position
            let op: BinaryOperator = current.isSymbol("*") ? .multiply : (current.isSymbol("/") ? .divide : .modulo)
            advance()
            e = .binary(op, e, try power(), p)
        }
        return e
    }

    mutating func power() throws(QueryError) -> Expr {
        var links = 0
        defer { nesting -= links }
        var e = try unary()
        while current.isSymbol("^") {
            try enterNesting()
            links += 1
            let p = current.position
            advance()
            e = .binary(.power, e, try unary(), p)
        }
        return e
    }

    mutating func unary() throws(QueryError) -> Expr {
        let p = current.position
        try enterNesting()
        defer { nesting -= 1 }
        if acceptSymbol("-") {
            // Fold a negative integer literal so that the smallest integer can be written.
            if case .integer(let n) = current.kind, !peekToken().isSymbol("."), !peekToken().isSymbol("[") {
                advance()
                return try postfix(.literal(.int(-n)))
            }
            return .unary(.negate, try unary(), p)
        }
        if acceptSymbol("+") { return .unary(.plus, try unary(), p) }
        return try postfix(try primary())
    }

    mutating func postfix(_ base: Expr) throws(QueryError) -> Expr {
        var e = base
        var links = 0
        defer { nesting -= links }
        while true {
            try enterNesting()
            links += 1
            if current.isSymbol(".") {
                advance()
                e = .property(e, try name("a property name"))
            } else if current.isSymbol("[") {
                let p = current.position
                advance()
                if acceptSymbol("..") {
                    let hi: Expr? = current.isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    e = .slice(e, nil, hi)
                    continue
                }
                let idx = try expression()
                if acceptSymbol("..") {
                    let hi: Expr? = current.isSymbol("]") ? nil : try expression()
                    try expectSymbol("]")
                    e = .slice(e, idx, hi)
                    continue
                }
                try expectSymbol("]")
                e = .index(e, idx, p)
            } else if current.isSymbol(":"), case .identifier = peekToken().kind {
                var labels: [String] = []
                while acceptSymbol(":") { labels.append(try name("a label")) }
                e = .hasLabels(e, labels)
            } else {
                return e
            }
        }
    }

    mutating func primary() throws(QueryError) -> Expr {
        let t = current
        switch t.kind {
        case .integer(let n): advance(); return .literal(.int(n))
        case .float(let f): advance(); return .literal(.float(f))
        case .string(let s): advance(); return .literal(.string(s))
        case .parameter(let s): advance(); return .parameter(s, t.position)
        case .symbol("["): return try listOrComprehension()
        case .symbol("{"): return try mapLiteral()
        case .symbol("("):
            let save = i
            if let part = try? patternChain(t.position), !part.relationships.isEmpty {
                return .exists(ExistsPattern(parts: [part], predicate: nil, position: t.position))
            }
            i = save
            advance()
            let e = try expression()
            try expectSymbol(")")
            return e
        case .identifier(let s):
            if !t.quoted {
                switch s.uppercased() {
                case "TRUE": advance(); return .literal(.bool(true))
                case "FALSE": advance(); return .literal(.bool(false))
                case "NULL": advance(); return .literal(.null)
                case "CASE": return try caseExpression()
                case "COUNT" where peekToken().isSymbol("(") && peekToken(2).isSymbol("*"):
                    advance(); advance(); advance()
                    try expectSymbol(")")
                    return .countStar(t.position)
                case "EXISTS" where peekToken().isSymbol("{"):
                    return try existsSubquery()
                case "ALL", "ANY", "NONE", "SINGLE":
                    if peekToken().isSymbol("("), case .identifier = peekToken(2).kind, peekToken(3).isKeyword("IN") {
                        return try quantifier()
                    }
                case "REDUCE" where peekToken().isSymbol("("):
                    return try reduceExpression()
                default: break
                }
            }
            if peekToken().isSymbol("(") || (peekToken().isSymbol(".") && isNamespacedCall()) {
                return try functionCall()
            }
            if !t.quoted, Parser.reserved.contains(s.uppercased()) { throw expected("an expression") }
            advance()
            return .variable(Variable(name: s, position: t.position))
        default:
            throw expected("an expression")
        }
    }

    /// `a.b.c(` : a namespaced function name.
    func isNamespacedCall() -> Bool {
        var k = i
        while true {
            guard case .identifier = tokens[k].kind else { return false }
            if tokens[k + 1].isSymbol("(") { return true }
            guard tokens[k + 1].isSymbol(".") else { return false }
            k += 2
            if k >= tokens.count - 1 { return false }
        }
    }

    mutating func functionCall() throws(QueryError) -> Expr {
        let pos = current.position
        var fname = try name()
        while acceptSymbol(".") { fname += "." + (try name()) }
        try expectSymbol("(")
        let distinct = acceptKeyword("DISTINCT")
        var args: [Expr] = []
        if !current.isSymbol(")") {
            repeat { args.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol(")")
        return .function(name: fname, args: args, distinct: distinct, position: pos)
    }

    mutating func listOrComprehension() throws(QueryError) -> Expr {
        let pos = current.position
        try expectSymbol("[")
        // [x IN list WHERE p | e]
        if case .identifier = current.kind, peekToken().isKeyword("IN") {
            let save = i
            let v = try variable()
            advance()
            let list = try expression()
            if current.isKeyword("WHERE") || current.isSymbol("|") || current.isSymbol("]") {
                var filter: Expr?
                var map: Expr?
                if acceptKeyword("WHERE") { filter = try expression() }
                if acceptSymbol("|") { map = try expression() }
                try expectSymbol("]")
                return .listComprehension(v, list: list, filter: filter, map: map)
            }
            i = save
        }
        // [(a)-->(b) WHERE p | e] or [p = (a)-->(b) | e]
        if current.isSymbol("(") || (peekToken().isSymbol("=") && peekToken(2).isSymbol("(")) {
            let save = i
            if let part = try? patternPart(), !part.relationships.isEmpty,
                current.isKeyword("WHERE") || current.isSymbol("|")
            {
                var filter: Expr?
                if acceptKeyword("WHERE") { filter = try expression() }
                try expectSymbol("|")
                let proj = try expression()
                try expectSymbol("]")
                return .patternComprehension(ExistsPattern(parts: [part], predicate: filter, position: pos), projection: proj)
            }
            i = save
        }
        var items: [Expr] = []
        if !current.isSymbol("]") {
            repeat { items.append(try expression()) } while acceptSymbol(",")
        }
        try expectSymbol("]")
        return .list(items)
    }

    mutating func mapLiteral() throws(QueryError) -> Expr {
        try expectSymbol("{")
        var entries: [MapEntry] = []
        if !current.isSymbol("}") {
            repeat {
                let k = try name("a map key")
                try expectSymbol(":")
                entries.append(MapEntry(key: k, value: try expression()))
            } while acceptSymbol(",")
        }
        try expectSymbol("}")
        return .map(entries)
    }

    mutating func caseExpression() throws(QueryError) -> Expr {
        try expectKeyword("CASE")
        var subject: Expr?
        if !current.isKeyword("WHEN") { subject = try expression() }
        var branches: [CaseBranch] = []
        while acceptKeyword("WHEN") {
            let w = try expression()
            try expectKeyword("THEN")
            branches.append(CaseBranch(when: w, then: try expression()))
        }
        guard !branches.isEmpty else { throw expected("WHEN") }
        var otherwise: Expr?
        if acceptKeyword("ELSE") { otherwise = try expression() }
        try expectKeyword("END")
        return .caseExpr(subject: subject, branches: branches, otherwise: otherwise)
    }

    mutating func existsSubquery() throws(QueryError) -> Expr {
        let pos = current.position
        advance()
        try expectSymbol("{")
        _ = acceptKeyword("MATCH")
        let parts = try patternList()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        try expectSymbol("}")
        let x = ExistsPattern(parts: parts, predicate: predicate, position: pos)
        x.isSubquery = true
        return .exists(x)
    }

    mutating func quantifier() throws(QueryError) -> Expr {
        let pos = current.position
        let kind = QuantifierKind(rawValue: (try name()).lowercased()) ?? .all
        try expectSymbol("(")
        let v = try variable()
        try expectKeyword("IN")
        let list = try expression()
        var predicate: Expr?
        if acceptKeyword("WHERE") { predicate = try expression() }
        try expectSymbol(")")
        return .quantifier(kind, v, list: list, predicate: predicate, pos)
    }

    mutating func reduceExpression() throws(QueryError) -> Expr {
        advance()
        try expectSymbol("(")
        let acc = try variable()
        try expectSymbol("=")
        let initial = try expression()
        try expectSymbol(",")
        let v = try variable()
        try expectKeyword("IN")
        let list = try expression()
        try expectSymbol("|")
        let body = try expression()
        try expectSymbol(")")
        return .reduce(accumulator: acc, initial: initial, v, list: list, body: body)
    }
}
