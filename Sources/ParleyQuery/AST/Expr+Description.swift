import ParleyCore

extension Expr: CustomStringConvertible {
    /// The expression in Cypher syntax (for EXPLAIN and messages).
    var description: String {
        switch self {
        case .literal(let v): return Expr.literalText(QueryValue(v))
        case .parameter(let n, _): return "$\(n)"
        case .variable(let v): return v.name.hasPrefix(" ") ? "_" : v.name
        case .property(let e, let k): return "\(e).\(k)"
        case .index(let a, let b, _): return "\(a)[\(b)]"
        case .slice(let a, let b, let c): return "\(a)[\(b.map { "\($0)" } ?? "")..\(c.map { "\($0)" } ?? "")]"
        case .hasLabels(let e, let l): return "\(e)" + l.map { ":\($0)" }.joined()
        case .list(let l): return "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.map { "\($0.key): \($0.value)" }.joined(separator: ", ") + "}"
        case .unary(let o, let e, _): return o == .not ? "NOT \(e)" : "\(o.rawValue)\(e)"
        case .binary(let o, let a, let b, _): return "(\(a) \(o.rawValue) \(b))"
        case .comparisonChain(let l, let o, _):
            var s = l[0].description
            for (k, op) in o.enumerated() { s += " \(op.rawValue) \(l[k + 1])" }
            return s
        case .isNull(let e, let n): return "\(e) IS \(n ? "NOT " : "")NULL"
        case .function(let n, let a, let d, _):
            if n.hasPrefix(" ") { return "\(a[0]) matches \(a[1])" }
            return "\(n)(\(d ? "DISTINCT " : "")\(a.map(\.description).joined(separator: ", ")))"
        case .countStar: return "count(*)"
        case .caseExpr(let s, let b, let o):
            var out = "CASE"
            if let s { out += " \(s)" }
            for x in b { out += " WHEN \(x.when) THEN \(x.then)" }
            if let o { out += " ELSE \(o)" }
            return out + " END"
        case .listComprehension(let v, let l, let f, let m):
            return "[\(v.name) IN \(l)\(f.map { " WHERE \($0)" } ?? "")\(m.map { " | \($0)" } ?? "")]"
        case .quantifier(let k, let v, let l, let p, _):
            return "\(k.rawValue)(\(v.name) IN \(l)\(p.map { " WHERE \($0)" } ?? ""))"
        case .reduce(let a, let i, let v, let l, let b): return "reduce(\(a.name) = \(i), \(v.name) IN \(l) | \(b))"
        case .exists: return "EXISTS { … }"
        case .patternComprehension: return "[pattern | …]"
        case .aggregateSlot(let s): return "#\(s)"
        }
    }

    static func literalText(_ v: QueryValue) -> String {
        switch v {
        case .value(.string(let s)): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .value(let x): return x.description
        case .list(let l): return "[" + l.map(literalText).joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(literalText(m[$0]!))" }.joined(separator: ", ") + "}"
        default: return "?"
        }
    }
}
