extension Expr {
    /// The direct sub-expressions (not those inside nested patterns).
    var children: [Expr] {
        switch self {
        case .literal, .parameter, .variable, .countStar, .aggregateSlot: return []
        case .property(let e, _), .hasLabels(let e, _), .isNull(let e, _): return [e]
        case .index(let a, let b, _): return [a, b]
        case .slice(let a, let b, let c): return [a] + [b, c].compactMap { $0 }
        case .list(let l): return l
        case .map(let m): return m.map(\.value)
        case .unary(_, let e, _): return [e]
        case .binary(_, let a, let b, _): return [a, b]
        case .comparisonChain(let l, _, _): return l
        case .function(_, let args, _, _): return args
        case .caseExpr(let s, let branches, let o):
            return [s].compactMap { $0 } + branches.flatMap { [$0.when, $0.then] } + [o].compactMap { $0 }
        case .listComprehension(_, let l, let f, let m): return [l] + [f, m].compactMap { $0 }
        case .quantifier(_, _, let l, let p, _): return [l] + [p].compactMap { $0 }
        case .reduce(_, let i, _, let l, let b): return [i, l, b]
        case .exists(let x): return [x.predicate].compactMap { $0 }
        case .patternComprehension(let x, let p): return [x.predicate, p].compactMap { $0 }
        }
    }

    /// Calls `f` on this expression and every sub-expression, parents first.
    func visit(_ f: (Expr) -> Void) {
        f(self)
        for c in children { c.visit(f) }
    }

    /// The expression with every position zeroed, for comparing what two expressions say.
    var normalized: Expr {
        let z = QueryPosition(line: 0, column: 0, offset: 0)
        func v(_ x: Variable) -> Variable { Variable(name: x.name, position: z, slot: -1) }
        switch self {
        case .literal, .aggregateSlot, .exists, .patternComprehension: return self
        case .parameter(let n, _): return .parameter(n, z)
        case .variable(let x): return .variable(v(x))
        case .countStar: return .countStar(z)
        case .property(let e, let k): return .property(e.normalized, k)
        case .hasLabels(let e, let l): return .hasLabels(e.normalized, l)
        case .isNull(let e, let n): return .isNull(e.normalized, negated: n)
        case .index(let a, let b, _): return .index(a.normalized, b.normalized, z)
        case .slice(let a, let b, let c): return .slice(a.normalized, b?.normalized, c?.normalized)
        case .list(let l): return .list(l.map(\.normalized))
        case .map(let m): return .map(m.map { MapEntry(key: $0.key, value: $0.value.normalized) })
        case .unary(let o, let e, _): return .unary(o, e.normalized, z)
        case .binary(let o, let a, let b, _): return .binary(o, a.normalized, b.normalized, z)
        case .comparisonChain(let l, let o, _): return .comparisonChain(l.map(\.normalized), o, z)
        case .function(let n, let a, let d, _): return .function(name: n.lowercased(), args: a.map(\.normalized), distinct: d, position: z)
        case .caseExpr(let s, let b, let o):
            return .caseExpr(subject: s?.normalized, branches: b.map { CaseBranch(when: $0.when.normalized, then: $0.then.normalized) }, otherwise: o?.normalized)
        case .listComprehension(let x, let l, let f, let m):
            return .listComprehension(v(x), list: l.normalized, filter: f?.normalized, map: m?.normalized)
        case .quantifier(let k, let x, let l, let p, _): return .quantifier(k, v(x), list: l.normalized, predicate: p?.normalized, z)
        case .reduce(let a, let i, let x, let l, let b):
            return .reduce(accumulator: v(a), initial: i.normalized, v(x), list: l.normalized, body: b.normalized)
        }
    }
}
