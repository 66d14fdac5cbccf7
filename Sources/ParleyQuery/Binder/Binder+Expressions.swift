import ParleyCore

extension Binder {
    /// Every function the engine knows, with how many arguments it takes.
    static let functionArity: [String: ClosedRange<Int>] = [
        "id": 1...1, "labels": 1...1, "type": 1...1, "properties": 1...1, "keys": 1...1, "size": 1...1,
        "length": 1...1, "nodes": 1...1, "relationships": 1...1, "startnode": 1...1, "endnode": 1...1,
        "head": 1...1, "last": 1...1, "tail": 1...1, "range": 2...3, "coalesce": 1...Int.max,
        "tostring": 1...1, "tointeger": 1...1, "tofloat": 1...1, "toboolean": 1...1, "tolower": 1...1,
        "toupper": 1...1, "trim": 1...1, "ltrim": 1...1, "rtrim": 1...1, "replace": 3...3, "split": 2...2,
        "substring": 2...3, "left": 2...2, "right": 2...2, "abs": 1...1, "ceil": 1...1, "floor": 1...1,
        "round": 1...1, "sign": 1...1, "sqrt": 1...1, "exp": 1...1, "log": 1...1, "log10": 1...1,
        "reverse": 1...1, "exists": 1...1, "rand": 0...0, "pi": 0...0, "e": 0...0, "isempty": 1...1,
        "tostringornull": 1...1, "tointegerornull": 1...1, "tofloatornull": 1...1, "tobooleanornull": 1...1,
        "date": 0...1,
        "count": 1...1, "collect": 1...1, "sum": 1...1, "avg": 1...1, "min": 1...1, "max": 1...1,
        "stdev": 1...1, "stdevp": 1...1, "percentilecont": 2...2, "percentiledisc": 2...2,
    ]

    /// Resolves variables in an expression against `scope`.
    mutating func bindExpr(_ e: Expr, _ scope: [String: ScopeEntry]) throws(QueryError) -> Expr {
        switch e {
        case .literal, .parameter, .countStar, .aggregateSlot:
            return e
        case .variable(var v):
            guard let entry = scope[v.name] else {
                throw Binder.semantic("variable '\(v.name)' is not defined", at: v.position, code: "UndefinedVariable")
            }
            v.slot = entry.slot
            return .variable(v)
        case .property(let x, let k):
            if let kind = Binder.staticKind(x, scope) {
                switch kind {
                case .scalar(let t) where t != "Map":
                    throw QueryError(.syntax, "cannot read property '\(k)' of a \(t)", at: nil, code: "InvalidArgumentType")
                case .path, .relationshipList:
                    throw QueryError(.syntax, "cannot read property '\(k)' of a path or list", at: nil, code: "InvalidArgumentType")
                default: break
                }
            }
            return .property(try bindExpr(x, scope), k)
        case .hasLabels(let x, let l): return .hasLabels(try bindExpr(x, scope), l)
        case .isNull(let x, let n): return .isNull(try bindExpr(x, scope), negated: n)
        case .index(let a, let b, let p):
            let ba = try bindExpr(a, scope)
            let bb = try bindExpr(b, scope)
            if case .literal(let lit) = ba, case .literal(let idx) = bb {
                if lit.listValue != nil, idx.intValue == nil, !idx.isNull {
                    throw QueryError(.syntax, "a list index must be an integer", at: p, code: "InvalidArgumentType")
                }
            }
            return .index(ba, bb, p)
        case .slice(let a, let b, let c):
            return .slice(try bindExpr(a, scope), try b.map { x throws(QueryError) in try bindExpr(x, scope) }, try c.map { x throws(QueryError) in try bindExpr(x, scope) })
        case .list(let l):
            var out: [Expr] = []
            for x in l { out.append(try bindExpr(x, scope)) }
            return .list(out)
        case .map(let m):
            var out: [MapEntry] = []
            for x in m { out.append(MapEntry(key: x.key, value: try bindExpr(x.value, scope))) }
            return .map(out)
        case .unary(let o, let x, let p):
            let bx = try bindExpr(x, scope)
            if o == .not, let k = Binder.staticKind(bx, scope), k != .scalar("Boolean") {
                throw QueryError(.syntax, "NOT needs a boolean", at: p, code: "InvalidArgumentType")
            }
            return .unary(o, bx, p)
        case .binary(let o, let a, let b, let p):
            let ba = try bindExpr(a, scope)
            let bb = try bindExpr(b, scope)
            if [.and, .or, .xor].contains(o) {
                for side in [ba, bb] {
                    if let k = Binder.staticKind(side, scope), k != .scalar("Boolean") {
                        throw QueryError(.syntax, "\(o.rawValue) needs booleans", at: p, code: "InvalidArgumentType")
                    }
                }
            }
            return .binary(o, ba, bb, p)
        case .comparisonChain(let l, let o, let p):
            var out: [Expr] = []
            for x in l { out.append(try bindExpr(x, scope)) }
            return .comparisonChain(out, o, p)
        case .function(let name, let args, let distinct, let p):
            let lower = name.lowercased()
            guard let arity = Binder.functionArity[lower] else {
                throw QueryError(.syntax, "unknown function '\(name)'", at: p, code: "UnknownFunction")
            }
            guard arity.contains(args.count) else {
                throw QueryError(.syntax, "\(name)() takes \(arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) or more") argument\(arity.upperBound == 1 ? "" : "s"), not \(args.count)", at: p, code: "InvalidNumberOfArguments")
            }
            var out: [Expr] = []
            for x in args { out.append(try bindExpr(x, scope)) }
            try Binder.checkArgumentTypes(lower, out, scope: scope, at: p)
            return .function(name: name, args: out, distinct: distinct, position: p)
        case .caseExpr(let s, let branches, let o):
            var bs: [CaseBranch] = []
            for b in branches { bs.append(CaseBranch(when: try bindExpr(b.when, scope), then: try bindExpr(b.then, scope))) }
            return .caseExpr(subject: try s.map { x throws(QueryError) in try bindExpr(x, scope) }, branches: bs, otherwise: try o.map { x throws(QueryError) in try bindExpr(x, scope) })
        case .listComprehension(var v, let l, let f, let m):
            let bl = try bindExpr(l, scope)
            v.slot = newSlot()
            var inner = scope
            inner[v.name] = ScopeEntry(slot: v.slot, kind: .value)
            return .listComprehension(v, list: bl, filter: try f.map { x throws(QueryError) in try bindExpr(x, inner) }, map: try m.map { x throws(QueryError) in try bindExpr(x, inner) })
        case .quantifier(let k, var v, let l, let pr, let p):
            let bl = try bindExpr(l, scope)
            v.slot = newSlot()
            var inner = scope
            inner[v.name] = ScopeEntry(slot: v.slot, kind: .value)
            return .quantifier(k, v, list: bl, predicate: try pr.map { x throws(QueryError) in try bindExpr(x, inner) }, p)
        case .reduce(var acc, let i, var v, let l, let body):
            let bi = try bindExpr(i, scope)
            let bl = try bindExpr(l, scope)
            acc.slot = newSlot()
            v.slot = newSlot()
            var inner = scope
            inner[acc.name] = ScopeEntry(slot: acc.slot, kind: .value)
            inner[v.name] = ScopeEntry(slot: v.slot, kind: .value)
            return .reduce(accumulator: acc, initial: bi, v, list: bl, body: try bindExpr(body, inner))
        case .exists(let x):
            if !x.isSubquery {
                // A bare pattern predicate may not introduce named variables.
                for part in x.parts {
                    let names = part.nodes.compactMap(\.variable) + part.relationships.compactMap(\.variable)
                    for v in names where scope[v.name] == nil {
                        throw Binder.semantic("variable '\(v.name)' is not defined (a pattern predicate cannot introduce variables)", at: v.position, code: "UndefinedVariable")
                    }
                }
                if x.parts.count == 1, x.parts[0].relationships.isEmpty {
                    throw Binder.semantic("a single node is not a pattern predicate", at: x.position, code: "InvalidArgumentType")
                }
            }
            return .exists(try bindExistsPattern(x, scope, introducesAllowed: true))
        case .patternComprehension(let x, let proj):
            var inner = scope
            let bx = try bindExistsPattern(x, scope, introducesAllowed: true, innerScope: &inner)
            return .patternComprehension(bx, projection: try bindExpr(proj, inner))
        }
    }

    mutating func bindExistsPattern(_ x: ExistsPattern, _ scope: [String: ScopeEntry], introducesAllowed: Bool) throws(QueryError) -> ExistsPattern {
        var inner = scope
        return try bindExistsPattern(x, scope, introducesAllowed: introducesAllowed, innerScope: &inner)
    }

    mutating func bindExistsPattern(_ x: ExistsPattern, _ scope: [String: ScopeEntry], introducesAllowed: Bool, innerScope inner: inout [String: ScopeEntry]) throws(QueryError) -> ExistsPattern {
        var parts = x.parts
        for k in parts.indices { try bindPattern(&parts[k], scope: &inner, creating: false, local: true) }
        let out = ExistsPattern(parts: parts, predicate: nil, position: x.position)
        out.isSubquery = x.isSubquery
        if let p = x.predicate { out.predicate = try bindExpr(p, inner) }
        out.outerSlots = Set(scope.values.map(\.slot))
        return out
    }

    /// Argument types that are wrong whatever the data: a literal of the wrong kind, or a node
    /// where a relationship is needed.
    static func checkArgumentTypes(_ name: String, _ args: [Expr], scope: [String: ScopeEntry], at p: QueryPosition) throws(QueryError) {
        func kindOf(_ e: Expr) -> VariableKind? {
            if case .variable(let v) = e, let entry = scope[v.name] { return entry.kind }
            return nil
        }
        func literal(_ e: Expr) -> Value? { if case .literal(let v) = e { v } else { nil } }
        func fail(_ what: String) -> QueryError {
            QueryError(.syntax, "\(name)() \(what)", at: p, code: "InvalidArgumentType")
        }
        guard let first = args.first else { return }
        switch name {
        case "type", "startnode", "endnode":
            if let k = kindOf(first), k == .node || k == .path || k == .relationshipList { throw fail("needs a relationship") }
            if let v = literal(first), !v.isNull { throw fail("needs a relationship, not a \(v.typeName)") }
        case "labels":
            if let k = kindOf(first), k == .relationship || k == .path || k == .relationshipList { throw fail("needs a node") }
            if let v = literal(first), !v.isNull { throw fail("needs a node, not a \(v.typeName)") }
        case "length", "nodes", "relationships":
            if let k = kindOf(first), k == .node || k == .relationship { throw fail("needs a path") }
            if name != "length", let v = literal(first), !v.isNull { throw fail("needs a path, not a \(v.typeName)") }
        case "properties":
            if let k = Binder.staticKind(first, scope), case .scalar(let t) = k, t != "Map" { throw fail("needs a node, relationship or map, not a \(t)") }
        case "tointeger", "tofloat", "toboolean", "tostring":
            if let v = literal(first), v.listValue != nil || v.mapValue != nil { throw fail("cannot convert a \(v.typeName)") }
            if let k = kindOf(first), k != .value { throw fail("cannot convert a graph element") }
        case "sum", "avg":
            if let v = literal(first), v.stringValue != nil || v.boolValue != nil { throw fail("needs numbers") }
        default: break
        }
    }
}

extension Binder {
    /// The kind of value an expression certainly has, when the way it is written tells.
    static func staticKind(_ e: Expr, _ scope: [String: ScopeEntry]) -> VariableKind? {
        switch e {
        case .literal(let v):
            switch v {
            case .null: return nil
            case .bool: return .scalar("Boolean")
            case .int: return .scalar("Integer")
            case .float: return .scalar("Float")
            case .string: return .scalar("String")
            case .date: return nil
            case .list: return .scalar("List")
            case .map: return .scalar("Map")
            }
        case .list, .listComprehension, .patternComprehension: return .scalar("List")
        case .map: return .scalar("Map")
        case .variable(let v):
            guard let k = scope[v.name]?.kind, k != .value else { return nil }
            return k
        case .comparisonChain, .isNull, .hasLabels, .quantifier, .exists: return .scalar("Boolean")
        case .binary(let o, _, _, _):
            switch o {
            case .and, .or, .xor, .equal, .notEqual, .less, .greater, .lessEqual, .greaterEqual, .startsWith, .endsWith,
                .contains, .in, .regex:
                return .scalar("Boolean")
            default: return nil
            }
        case .unary(.not, _, _): return .scalar("Boolean")
        default: return nil
        }
    }

    /// A WHERE predicate must be able to be a boolean.
    static func checkPredicateType(_ e: Expr, _ scope: [String: ScopeEntry]) throws(QueryError) {
        if let k = staticKind(e, scope), k != .scalar("Boolean") {
            throw QueryError(.syntax, "WHERE needs a boolean predicate", at: nil, code: "InvalidArgumentType")
        }
    }

    /// Replaces sub-expressions equal to a projected item with the item's column.
    static func substitute(_ e: Expr, items: [ProjectionItem]) -> Expr {
        if let item = items.first(where: { $0.expr.normalized == e.normalized && Binder.isSimple($0.expr) }), let a = item.alias {
            if case .variable(let v) = e, v.name == a.name { return e }
            return .variable(Variable(name: a.name, position: a.position))
        }
        switch e {
        case .binary(let o, let a, let b, let p): return .binary(o, substitute(a, items: items), substitute(b, items: items), p)
        case .unary(let o, let a, let p): return .unary(o, substitute(a, items: items), p)
        case .function(let n, let args, let d, let p):
            if Binder.aggregateNames.contains(n.lowercased()) { return e }
            return .function(name: n, args: args.map { substitute($0, items: items) }, distinct: d, position: p)
        case .property(let a, let k): return .property(substitute(a, items: items), k)
        case .list(let l): return .list(l.map { substitute($0, items: items) })
        default: return e
        }
    }

    static func isSimple(_ e: Expr) -> Bool {
        switch e {
        case .variable, .property(.variable, _): return true
        default: return containsAggregate(e)
        }
    }

    /// In `RETURN a.x + count(*)`, `a.x` must be a grouping key; variables used outside
    /// aggregates must be projected as such.
    func checkAmbiguousAggregation(_ items: [ProjectionItem], scope: [String: ScopeEntry]) throws(QueryError) {
        let keys = items.filter { !Binder.containsAggregate($0.expr) }.map(\.expr.normalized)
        func check(_ e: Expr) throws(QueryError) {
            if Binder.isAggregate(e) { return }
            switch e {
            case .variable(let v):
                if !keys.contains(Expr.variable(v).normalized) {
                    throw QueryError(.syntax, "'\(v.name)' is used beside an aggregate but is not a grouping key", at: v.position, code: "AmbiguousAggregationExpression")
                }
            case .property(let base, _):
                if keys.contains(e.normalized) { return }
                try check(base)
            case .listComprehension, .quantifier, .reduce, .exists, .patternComprehension:
                return
            default:
                for c in e.children { try check(c) }
            }
        }
        for item in items where Binder.containsAggregate(item.expr) {
            try check(item.expr.normalized)
        }
    }
}
