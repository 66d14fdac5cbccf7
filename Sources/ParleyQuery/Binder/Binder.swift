import ParleyCore

/// What a name in scope stands for, as far as the binder can tell.
enum VariableKind: Sendable, Equatable {
    case node, relationship, relationshipList, path, value
    /// A value whose type is known from how it was written: Boolean, Integer, Float, String, List, Map.
    case scalar(String)
}

/// A name visible at some point of a query, with its slot.
struct ScopeEntry: Sendable, Equatable {
    var slot: Int
    var kind: VariableKind
}

/// The result of binding: the statement with every variable resolved to a row slot, and the
/// number of slots a row needs.
struct BoundStatement: Sendable {
    var ast: QueryAST
    var slotCount: Int
    /// Column names of the result (the same for every part of a UNION).
    var columns: [String]
    var warnings: [Diagnostic]
}

/// Resolves names to slots and raises semantic errors before anything runs: unknown variables,
/// variables bound twice, aggregates where they are not allowed, unknown functions, wrong
/// argument types that a literal makes knowable.
struct Binder {
    private var slotCount = 0
    private var anonymous = 0

    static func bind(_ ast: QueryAST) throws(QueryError) -> BoundStatement {
        var b = Binder()
        var out = ast
        var columns: [String]?
        for k in out.parts.indices {
            let cols = try b.bind(&out.parts[k])
            if let columns, columns != cols {
                throw QueryError(.syntax, "all parts of a UNION must return the same columns (\(columns.joined(separator: ", ")) vs \(cols.joined(separator: ", ")))", at: nil, code: "DifferentColumnsInUnion")
            }
            columns = cols
        }
        return BoundStatement(ast: out, slotCount: b.slotCount, columns: columns ?? [], warnings: [])
    }

    mutating func newSlot() -> Int {
        defer { slotCount += 1 }
        return slotCount
    }

    static func semantic(_ message: String, at pos: QueryPosition?, code: String) -> QueryError {
        QueryError(.syntax, message, at: pos, code: code)
    }

    /// Binds one single query in place; returns its column names (empty when it ends without RETURN).
    mutating func bind(_ q: inout SingleQuery) throws(QueryError) -> [String] {
        var scope: [String: ScopeEntry] = [:]
        var columns: [String] = []
        for idx in q.clauses.indices {
            let isLast = idx == q.clauses.count - 1
            switch q.clauses[idx] {
            case .match(var m):
                m.boundBefore = Set(scope.values.map(\.slot))
                for k in m.parts.indices { try bindPattern(&m.parts[k], scope: &scope, creating: false, local: false) }
                if let p = m.predicate {
                    try Binder.noAggregates(p, clause: "WHERE")
                    m.predicate = try bindExpr(p, scope)
                    try Binder.checkPredicateType(m.predicate!, scope)
                }
                q.clauses[idx] = .match(m)
            case .unwind(let e, var v):
                try Binder.noAggregates(e, clause: "UNWIND")
                let be = try bindExpr(e, scope)
                if scope[v.name] != nil {
                    throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
                }
                v.slot = newSlot()
                scope[v.name] = ScopeEntry(slot: v.slot, kind: .value)
                q.clauses[idx] = .unwind(be, v)
            case .create(var c):
                c.boundBefore = Set(scope.values.map(\.slot))
                var declared: Set<String> = []
                for k in c.parts.indices {
                    try checkCreate(c.parts[k], scope: scope, declared: &declared)
                    try bindPattern(&c.parts[k], scope: &scope, creating: true, local: false)
                }
                q.clauses[idx] = .create(c)
            case .with(var p):
                scope = try bindProjection(&p, scope: scope, isWith: true)
                q.clauses[idx] = .with(p)
            case .return(var p):
                guard isLast else {
                    throw Binder.semantic("RETURN must be the last clause", at: p.position, code: "UnexpectedSyntax")
                }
                scope = try bindProjection(&p, scope: scope, isWith: false)
                columns = p.items.map(\.name)
                q.clauses[idx] = .return(p)
            }
        }
        if let last = q.clauses.last {
            switch last {
            case .return, .create: break
            case .with(let p):
                throw Binder.semantic("a query cannot end with WITH", at: p.position, code: "InvalidClauseComposition")
            case .match(let m):
                throw Binder.semantic("a query cannot end with MATCH", at: m.position, code: "InvalidClauseComposition")
            case .unwind(_, let v):
                throw Binder.semantic("a query cannot end with UNWIND", at: v.position, code: "InvalidClauseComposition")
            }
        }
        return columns
    }

    // MARK: Patterns

    private func checkCreate(_ part: PatternPart, scope: [String: ScopeEntry], declared: inout Set<String>) throws(QueryError) {
        for n in part.nodes {
            guard let v = n.variable else { continue }
            let bound = scope[v.name] != nil
            if bound, !n.labels.isEmpty || n.properties != nil || part.nodes.count == 1 {
                throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
            }
            if !bound, declared.contains(v.name), !n.labels.isEmpty || n.properties != nil {
                throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
            }
            declared.insert(v.name)
        }
        for r in part.relationships {
            if let v = r.variable, scope[v.name] != nil || declared.contains(v.name) {
                throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
            }
            if let v = r.variable { declared.insert(v.name) }
            if r.types.count != 1 {
                throw Binder.semantic("a relationship to CREATE needs exactly one type", at: r.position, code: "NoSingleRelationshipType")
            }
            if r.direction == .both {
                throw Binder.semantic("a relationship to CREATE needs a direction", at: r.position, code: "RequiresDirectedRelationship")
            }
            if r.length != nil {
                throw Binder.semantic("CREATE cannot make a variable-length relationship", at: r.position, code: "CreatingVarLength")
            }
        }
        if let v = part.pathVariable, scope[v.name] != nil {
            throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
        }
    }

    /// Gives every node, relationship and path of a pattern a slot: the slot of a bound name, or a
    /// new one (new names enter `scope` unless `local`).
    mutating func bindPattern(_ part: inout PatternPart, scope: inout [String: ScopeEntry], creating: Bool, local: Bool) throws(QueryError) {
        let outer = scope
        if !creating {
            for pr in part.nodes.map(\.properties) + part.relationships.map(\.properties) {
                if case .parameter(let name, let pos)? = pr {
                    throw Binder.semantic("a parameter cannot stand for the property map of a pattern to match ($\(name))", at: pos, code: "InvalidParameterUse")
                }
            }
        }
        for k in part.nodes.indices {
            var n = part.nodes[k]
            if let p = n.properties {
                try Binder.noAggregates(p, clause: "a pattern")
                n.properties = try bindExpr(p, outer)
            }
            var v = n.variable ?? Variable(name: "  node\(anonymous)", position: n.position)
            if n.variable == nil { anonymous += 1 }
            if let e = scope[v.name] {
                if e.kind != .node && e.kind != .value {
                    throw Binder.semantic("variable '\(v.name)' is not a node", at: v.position, code: "VariableTypeConflict")
                }
                v.slot = e.slot
            } else {
                v.slot = newSlot()
                if n.variable != nil { scope[v.name] = ScopeEntry(slot: v.slot, kind: .node) }
            }
            n.variable = v
            part.nodes[k] = n
        }
        var seenRels: Set<String> = []
        for k in part.relationships.indices {
            var r = part.relationships[k]
            if let p = r.properties {
                try Binder.noAggregates(p, clause: "a pattern")
                r.properties = try bindExpr(p, outer)
            }
            var v = r.variable ?? Variable(name: "  rel\(anonymous)", position: r.position)
            if r.variable == nil { anonymous += 1 }
            let kind: VariableKind = r.length == nil ? .relationship : .relationshipList
            if r.variable != nil, !seenRels.insert(v.name).inserted {
                throw Binder.semantic("relationship variable '\(v.name)' is used twice in one pattern", at: v.position, code: "RelationshipUniquenessViolation")
            }
            if let e = scope[v.name] {
                if e.kind == .node || e.kind == .path || (e.kind != kind && e.kind != .value && !(kind == .relationshipList && e.kind == .scalar("List"))) || creating {
                    let code = creating ? "VariableAlreadyBound" : "VariableTypeConflict"
                    throw Binder.semantic("variable '\(v.name)' is already bound as something else", at: v.position, code: code)
                }
                v.slot = e.slot
            } else {
                v.slot = newSlot()
                if r.variable != nil { scope[v.name] = ScopeEntry(slot: v.slot, kind: kind) }
            }
            r.variable = v
            part.relationships[k] = r
        }
        if var v = part.pathVariable {
            if scope[v.name] != nil {
                throw Binder.semantic("variable '\(v.name)' is already bound", at: v.position, code: "VariableAlreadyBound")
            }
            v.slot = newSlot()
            scope[v.name] = ScopeEntry(slot: v.slot, kind: .path)
            part.pathVariable = v
        }
        if part.shortest != nil {
            guard part.relationships.count == 1 else {
                throw Binder.semantic("shortestPath needs a pattern with one relationship", at: part.position, code: "InvalidArgumentType")
            }
        }
        if local { _ = 0 }
    }

    // MARK: Projections

    mutating func bindProjection(_ p: inout Projection, scope: [String: ScopeEntry], isWith: Bool) throws(QueryError) -> [String: ScopeEntry] {
        var items = p.items
        if p.star {
            let visible = scope.keys.filter { !$0.hasPrefix(" ") }.sorted()
            if visible.isEmpty && items.isEmpty && !isWith {
                throw Binder.semantic("'*' needs variables in scope", at: p.position, code: "NoVariablesInScope")
            }
            let starItems = visible.map {
                ProjectionItem(expr: .variable(Variable(name: $0, position: p.position)), alias: nil, text: $0, position: p.position)
            }
            items = starItems + items
        }
        var newScope: [String: ScopeEntry] = [:]
        var names: Set<String> = []
        var hasAggregate = false
        for k in items.indices {
            var item = items[k]
            if isWith, item.alias == nil {
                guard case .variable = item.expr else {
                    throw Binder.semantic("expression in WITH must be aliased (use AS)", at: item.position, code: "NoExpressionAlias")
                }
            }
            guard names.insert(item.name).inserted else {
                throw Binder.semantic("column '\(item.name)' is defined twice", at: item.position, code: "ColumnNameConflict")
            }
            try Binder.checkAggregateNesting(item.expr, inside: false)
            if Binder.containsAggregate(item.expr) { hasAggregate = true }
            if case .exists(let x) = item.expr, !x.isSubquery {
                throw Binder.semantic("a pattern cannot be projected; use EXISTS { … } or a pattern comprehension", at: item.position, code: "UnexpectedSyntax")
            }
            let kind = Binder.staticKind(item.expr, scope) ?? .value
            item.expr = try bindExpr(item.expr, scope)
            var alias = item.alias ?? Variable(name: item.text, position: item.position)
            alias.slot = newSlot()
            item.alias = alias
            newScope[alias.name] = ScopeEntry(slot: alias.slot, kind: kind)
            items[k] = item
        }
        p.items = items
        p.star = false
        // ORDER BY sees the projected names and, unless the projection aggregates or is
        // DISTINCT, the names before it.
        var orderScope = scope
        for (k, v) in newScope { orderScope[k] = v }
        let aggregatingOrDistinct = hasAggregate || p.distinct
        if hasAggregate {
            try checkAmbiguousAggregation(items, scope: scope)
        }
        for k in p.orderBy.indices {
            let e = p.orderBy[k].expr
            if hasAggregate {
                // Sub-expressions equal to a projected one read the projected column; any other
                // aggregate is computed alongside the projection's.
                let substituted = Binder.substitute(e, items: items)
                if Binder.containsAggregate(e) {
                    try Binder.checkOrderAggregation(substituted, items: items, projected: newScope)
                }
                p.orderBy[k].expr = try bindExpr(substituted, orderScope)
                continue
            }
            if aggregatingOrDistinct {
                // Allowed: projected names, or an expression equal to a projected one.
                if items.contains(where: { Binder.sameExpression($0.expr, e, scope) }) {
                    p.orderBy[k].expr = try bindExpr(e, orderScope)
                    continue
                }
                if Binder.containsAggregate(e) && !hasAggregate {
                    throw Binder.semantic("aggregation in ORDER BY needs an aggregating projection", at: nil, code: "InvalidAggregation")
                }
                p.orderBy[k].expr = try bindExpr(e, newScope.merging(Binder.outerForOrder(scope, newScope, distinct: p.distinct, aggregating: hasAggregate)) { a, _ in a })
            } else {
                if Binder.containsAggregate(e) {
                    throw Binder.semantic("aggregation in ORDER BY needs an aggregating projection", at: nil, code: "InvalidAggregation")
                }
                p.orderBy[k].expr = try bindExpr(e, orderScope)
            }
        }
        if let s = p.skip { p.skip = try bindConstant(s, what: "SKIP") }
        if let l = p.limit { p.limit = try bindConstant(l, what: "LIMIT") }
        if let w = p.predicate {
            try Binder.noAggregates(w, clause: "WHERE")
            p.predicate = try bindExpr(w, orderScope)
            try Binder.checkPredicateType(p.predicate!, orderScope)
        }
        return newScope
    }

    /// Names of the outer scope ORDER BY may still see after an aggregating or DISTINCT
    /// projection: none (the rows are new).
    static func outerForOrder(_ outer: [String: ScopeEntry], _ inner: [String: ScopeEntry], distinct: Bool, aggregating: Bool) -> [String: ScopeEntry] {
        [:]
    }

    /// Whether two unbound expressions are the same (ignoring positions).
    static func sameExpression(_ a: Expr, _ b: Expr, _ scope: [String: ScopeEntry]) -> Bool {
        a.normalized == b.normalized
    }

    /// SKIP and LIMIT: constants or parameters only, and not negative when known.
    mutating func bindConstant(_ e: Expr, what: String) throws(QueryError) -> Expr {
        if Binder.mentionsVariables(e) {
            throw Binder.semantic("\(what) must be a constant or a parameter", at: nil, code: "NonConstantExpression")
        }
        if case .literal(let v) = e {
            switch v {
            case .int(let n) where n < 0:
                throw Binder.semantic("\(what) cannot be negative", at: nil, code: "NegativeIntegerArgument")
            case .int: break
            default:
                throw Binder.semantic("\(what) must be an integer", at: nil, code: "InvalidArgumentType")
            }
        }
        return try bindExpr(e, [:])
    }

    static func mentionsVariables(_ e: Expr) -> Bool {
        var found = false
        e.visit { if case .variable = $0 { found = true } }
        return found
    }

    // MARK: Aggregation checks

    static let aggregateNames: Set<String> = ["count", "collect", "sum", "avg", "min", "max", "stdev", "stdevp", "percentilecont", "percentiledisc"]

    static func isAggregate(_ e: Expr) -> Bool {
        switch e {
        case .countStar: return true
        case .function(let name, _, _, _): return aggregateNames.contains(name.lowercased())
        default: return false
        }
    }

    static func containsAggregate(_ e: Expr) -> Bool {
        var found = false
        e.visit { if isAggregate($0) { found = true } }
        return found
    }

    static func noAggregates(_ e: Expr, clause: String) throws(QueryError) {
        var pos: QueryPosition?
        var found = false
        e.visit {
            if isAggregate($0) {
                found = true
                if case .function(_, _, _, let p) = $0 { pos = p }
                if case .countStar(let p) = $0 { pos = p }
            }
        }
        if found { throw semantic("aggregation is not allowed in \(clause)", at: pos, code: "InvalidAggregation") }
    }

    /// `ORDER BY x + count(*)` after an aggregating projection: `x` must be a projected column.
    static func checkOrderAggregation(_ e: Expr, items: [ProjectionItem], projected: [String: ScopeEntry]) throws(QueryError) {
        if isAggregate(e) { return }
        if case .variable(let v) = e, projected[v.name] == nil {
            let inItems = items.contains { item in
                var found = false
                item.expr.visit { if case .variable(let w) = $0, w.name == v.name { found = true } }
                return found
            }
            throw semantic(
                inItems ? "'\(v.name)' is used beside an aggregate in ORDER BY but is not a projected column"
                    : "variable '\(v.name)' is not defined after the projection",
                at: v.position, code: inItems ? "AmbiguousAggregationExpression" : "UndefinedVariable")
        }
        for c in e.children { try checkOrderAggregation(c, items: items, projected: projected) }
    }

    static func checkAggregateNesting(_ e: Expr, inside: Bool) throws(QueryError) {
        if isAggregate(e) {
            if inside { throw semantic("aggregations cannot be nested", at: nil, code: "NestedAggregation") }
            if case .function(_, let args, _, let pos) = e {
                for a in args {
                    var random = false
                    a.visit { if case .function(let n, _, _, _) = $0, n.lowercased() == "rand" { random = true } }
                    if random { throw semantic("an aggregate cannot take a random argument", at: pos, code: "NonConstantExpression") }
                }
            }
            if case .function(_, let args, _, _) = e {
                for a in args { try checkAggregateNesting(a, inside: true) }
            }
            return
        }
        for c in e.children { try checkAggregateNesting(c, inside: inside) }
    }
}
