import Foundation
import ParleyCore

/// Expression evaluation with Cypher's three-valued logic: null propagates through arithmetic and
/// comparison, AND/OR/XOR follow Kleene logic, and type errors are raised at run time.
extension ExecutionContext {
    func typeError(_ message: String, code: String = "InvalidArgumentType") -> QueryError {
        QueryError.runtime(.type, message, code: code)
    }

    /// Evaluates a predicate: true only when the expression is `true` (null and false reject).
    /// - Complexity: O(size of the expression) plus what it touches.
    func isTrue(_ e: Expr, _ row: Row) throws -> Bool {
        let v = try eval(e, row)
        if case .value(.bool(let b)) = v { return b }
        if v.isNull { return false }
        throw typeError("expected a boolean, got \(v.typeName)")
    }

    func bool3(_ v: QueryValue) throws -> Bool? {
        switch v {
        case .value(.bool(let b)): return b
        case .value(.null): return nil
        default: throw typeError("expected a boolean, got \(v.typeName)")
        }
    }

    func eval(_ e: Expr, _ row: Row) throws -> QueryValue {
        switch e {
        case .literal(let v): return QueryValue(v)
        case .parameter(let name, let pos):
            guard let v = parameter(name) else {
                var err = QueryError(.parameterMissing, "parameter $\(name) was not given", at: pos, code: "MissingParameter", compileTime: false)
                err.isCompileTime = false
                throw err
            }
            return v
        case .variable(let v): return row[v.slot]
        case .aggregateSlot(let s): return row[s]
        case .property(let base, let key):
            return try property(of: try eval(base, row), key)
        case .index(let base, let idx, _):
            return try index(try eval(base, row), try eval(idx, row))
        case .slice(let base, let lo, let hi):
            let b = try eval(base, row)
            let l = try lo.map { try eval($0, row) }
            let h = try hi.map { try eval($0, row) }
            if b.isNull || l?.isNull == true || h?.isNull == true { return .null }
            guard case .list(let list) = b else { throw typeError("cannot slice a \(b.typeName)") }
            func bound(_ v: QueryValue?, _ dflt: Int) throws -> Int {
                guard let v else { return dflt }
                guard let i = v.intValue else { throw typeError("slice bounds must be integers") }
                let n = i < 0 ? list.count + i : i
                return max(0, min(list.count, n))
            }
            let a = try bound(l, 0)
            let z = try bound(h, list.count)
            return a < z ? .list(Array(list[a..<z])) : .list([])
        case .hasLabels(let base, let labels):
            let b = try eval(base, row)
            if b.isNull { return .null }
            switch b {
            case .node(let h):
                let all = graph[h].allLabels
                return .bool(labels.allSatisfy { all.contains($0) })
            case .relationship(let h):
                return .bool(labels.allSatisfy { $0 == graph[h].type })
            default: throw typeError("cannot test labels of a \(b.typeName)")
            }
        case .list(let items):
            return .list(try items.map { try eval($0, row) })
        case .map(let entries):
            var m: [String: QueryValue] = [:]
            for en in entries { m[en.key] = try eval(en.value, row) }
            return .map(m)
        case .unary(let op, let x, _):
            let v = try eval(x, row)
            switch op {
            case .not:
                guard let b = try bool3(v) else { return .null }
                return .bool(!b)
            case .negate:
                switch v {
                case .value(.int(let i)):
                    let (r, o) = (0).subtractingReportingOverflow(i)
                    if o { throw QueryError.runtime(.arithmetic, "integer overflow", code: "IntegerOverflow") }
                    return .int(r)
                case .value(.float(let f)): return .float(-f)
                case .value(.null): return .null
                default: throw typeError("cannot negate a \(v.typeName)")
                }
            case .plus:
                if v.isNull || v.numberValue != nil { return v }
                throw typeError("unary + needs a number, not a \(v.typeName)")
            }
        case .binary(let op, let a, let b, _):
            return try binary(op, a, b, row)
        case .comparisonChain(let operands, let ops, _):
            var result: Bool? = true
            var left = try eval(operands[0], row)
            for (k, op) in ops.enumerated() {
                let right = try eval(operands[k + 1], row)
                let c = try compare(op, left, right)
                if c == false { return .false }
                if c == nil { result = nil }
                left = right
            }
            return result.map { .bool($0) } ?? .null
        case .isNull(let x, let negated):
            let v = try eval(x, row)
            return .bool(v.isNull != negated)
        case .function(let name, let args, let distinct, _):
            return try callFunction(name.lowercased(), args, distinct: distinct, row)
        case .countStar:
            throw QueryError.runtime(.semantic, "count(*) is only allowed in WITH and RETURN", code: "InvalidAggregation")
        case .caseExpr(let subject, let branches, let otherwise):
            if let subject {
                let s = try eval(subject, row)
                for b in branches where QueryValue.cypherEquals(s, try eval(b.when, row)) == true {
                    return try eval(b.then, row)
                }
            } else {
                for b in branches where try eval(b.when, row).boolValue == true {
                    return try eval(b.then, row)
                }
            }
            return try otherwise.map { try eval($0, row) } ?? .null
        case .listComprehension(let v, let listExpr, let filter, let map):
            let l = try eval(listExpr, row)
            if l.isNull { return .null }
            guard case .list(let items) = l else { throw typeError("list comprehension needs a list, not a \(l.typeName)") }
            var out: [QueryValue] = []
            var r = row
            for x in items {
                r[v.slot] = x
                if let filter, try !isTrue(filter, r) { continue }
                out.append(try map.map { try eval($0, r) } ?? x)
            }
            return .list(out)
        case .quantifier(let kind, let v, let listExpr, let predicate, _):
            let l = try eval(listExpr, row)
            if l.isNull { return .null }
            guard case .list(let items) = l else { throw typeError("\(kind.rawValue)() needs a list, not a \(l.typeName)") }
            var r = row
            var trues = 0
            var nulls = 0
            for x in items {
                r[v.slot] = x
                let res: Bool? = try predicate.map { try bool3(try eval($0, r)) } ?? true
                switch res {
                case .some(true): trues += 1
                case nil: nulls += 1
                default: break
                }
            }
            let falses = items.count - trues - nulls
            switch kind {
            case .all: return falses > 0 ? .false : (nulls > 0 ? .null : .true)
            case .any: return trues > 0 ? .true : (nulls > 0 ? .null : .false)
            case .none: return trues > 0 ? .false : (nulls > 0 ? .null : .true)
            case .single:
                if trues > 1 { return .false }
                if nulls > 0 { return .null }
                return .bool(trues == 1)
            }
        case .reduce(let acc, let initial, let v, let listExpr, let body):
            var r = row
            r[acc.slot] = try eval(initial, row)
            let l = try eval(listExpr, row)
            if l.isNull { return .null }
            guard case .list(let items) = l else { throw typeError("reduce() needs a list") }
            for x in items {
                r[v.slot] = x
                r[acc.slot] = try eval(body, r)
            }
            return r[acc.slot]
        case .exists(let pattern):
            return .bool(try patternMatches(pattern, row).next() != nil)
        case .patternComprehension(let pattern, let projection):
            let source = try patternMatches(pattern, row)
            var out: [QueryValue] = []
            while let r = try source.next() { out.append(try eval(projection, r)) }
            return .list(out)
        }
    }

    /// The rows that extend `row` with a match of a pattern predicate.
    func patternMatches(_ pattern: ExistsPattern, _ row: Row) throws -> RowSource {
        let id = ObjectIdentifier(pattern)
        let steps: [MatchStep]
        if let s = patternPlans[id] {
            steps = s
        } else {
            var planner = Planner(options: options, graph: graph)
            steps = planner.planPattern(pattern.parts, predicate: pattern.predicate, bound: pattern.outerSlots)
            patternPlans[id] = steps
        }
        return MatchSource(input: SingleRowSource(row), steps: steps, ctx: self)
    }

    // MARK: Properties and indexing

    func property(of v: QueryValue, _ key: String) throws -> QueryValue {
        switch v {
        case .value(.null): return .null
        case .node(let h): return nodeProperty(h, key)
        case .relationship(let h): return relationshipProperty(h, key)
        case .map(let m): return m[key] ?? .null
        case .value(.date(let d)):
            switch key {
            case "year": return .int(d.year)
            case "month": return .int(d.month)
            case "day": return .int(d.day)
            default: return .null
            }
        default: throw typeError("cannot read property '\(key)' of a \(v.typeName)", code: "PropertyAccessOnNonMap")
        }
    }

    func index(_ b: QueryValue, _ i: QueryValue) throws -> QueryValue {
        if b.isNull || i.isNull { return .null }
        switch b {
        case .list(let l):
            guard let n = i.intValue else { throw typeError("list index must be an integer, not \(i.typeName)", code: "ListElementAccessByNonInteger") }
            let k = n < 0 ? l.count + n : n
            return k >= 0 && k < l.count ? l[k] : .null
        case .map, .node, .relationship:
            guard let key = i.stringValue else { throw typeError("map key must be a string, not \(i.typeName)", code: "MapElementAccessByNonString") }
            return try property(of: b, key)
        default:
            throw typeError("cannot index a \(b.typeName)", code: "InvalidElementAccess")
        }
    }

    // MARK: Operators

    func binary(_ op: BinaryOperator, _ ea: Expr, _ eb: Expr, _ row: Row) throws -> QueryValue {
        switch op {
        case .and:
            let a = try bool3(try eval(ea, row))
            if a == false { _ = try bool3(try eval(eb, row)); return .false }
            let b = try bool3(try eval(eb, row))
            if b == false { return .false }
            return a == nil || b == nil ? .null : .true
        case .or:
            let a = try bool3(try eval(ea, row))
            if a == true { _ = try bool3(try eval(eb, row)); return .true }
            let b = try bool3(try eval(eb, row))
            if b == true { return .true }
            return a == nil || b == nil ? .null : .false
        case .xor:
            guard let a = try bool3(try eval(ea, row)), let b = try bool3(try eval(eb, row)) else { return .null }
            return .bool(a != b)
        default: break
        }
        let a = try eval(ea, row)
        let b = try eval(eb, row)
        switch op {
        case .equal: return QueryValue.cypherEquals(a, b).map { .bool($0) } ?? .null
        case .notEqual: return QueryValue.cypherEquals(a, b).map { .bool(!$0) } ?? .null
        case .less, .greater, .lessEqual, .greaterEqual:
            return try compare(op, a, b).map { .bool($0) } ?? .null
        case .add, .subtract, .multiply, .divide, .modulo, .power:
            return try arithmetic(op, a, b)
        case .startsWith, .endsWith, .contains:
            if a.isNull || b.isNull { return .null }
            guard let s = a.stringValue, let t = b.stringValue else { return .null }
            switch op {
            case .startsWith: return .bool(s.unicodeScalars.starts(with: t.unicodeScalars))
            case .endsWith: return .bool(s.unicodeScalars.reversed().starts(with: t.unicodeScalars.reversed()))
            default: return .bool(t.isEmpty || s.contains(t))
            }
        case .in:
            if b.isNull { return .null }
            guard case .list(let l) = b else { throw typeError("IN needs a list, not a \(b.typeName)") }
            var sawNull = false
            for x in l {
                switch QueryValue.cypherEquals(a, x) {
                case .some(true): return .true
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .false
        case .regex:
            guard let s = a.stringValue, let p = b.stringValue else { return .null }
            guard let re = try? NSRegularExpression(pattern: "^(?:" + p + ")$", options: [.dotMatchesLineSeparators]) else {
                throw QueryError.runtime(.argument, "invalid regular expression '\(p)'", code: "InvalidArgumentValue")
            }
            let ns = s as NSString
            return .bool(re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) != nil)
        default: return .null
        }
    }

    func compare(_ op: BinaryOperator, _ a: QueryValue, _ b: QueryValue) throws -> Bool? {
        if op == .equal { return QueryValue.cypherEquals(a, b) }
        if op == .notEqual { return QueryValue.cypherEquals(a, b).map { !$0 } }
        if let x = a.numberValue, let y = b.numberValue, x.isNaN || y.isNaN { return false }
        guard let c = QueryValue.cypherCompare(a, b) else { return nil }
        switch op {
        case .less: return c < 0
        case .greater: return c > 0
        case .lessEqual: return c <= 0
        default: return c >= 0
        }
    }

    func arithmetic(_ op: BinaryOperator, _ a: QueryValue, _ b: QueryValue) throws -> QueryValue {
        if a.isNull || b.isNull { return .null }
        if op == .add {
            switch (a, b) {
            case (.list(let x), .list(let y)): return .list(x + y)
            case (.list(let x), _): return .list(x + [b])
            case (_, .list(let y)): return .list([a] + y)
            case (.value(.string(let x)), .value(.string(let y))): return .string(x + y)
            case (.value(.string(let x)), .value(let y)) where y.numberValue != nil: return .string(x + y.description)
            case (.value(let x), .value(.string(let y))) where x.numberValue != nil: return .string(x.description + y)
            default: break
            }
        }
        if case .value(.int(let x)) = a, case .value(.int(let y)) = b {
            func check(_ r: (Int, Bool)) throws -> QueryValue {
                if r.1 { throw QueryError.runtime(.arithmetic, "integer overflow", code: "IntegerOverflow") }
                return .int(r.0)
            }
            switch op {
            case .add: return try check(x.addingReportingOverflow(y))
            case .subtract: return try check(x.subtractingReportingOverflow(y))
            case .multiply: return try check(x.multipliedReportingOverflow(by: y))
            case .divide:
                if y == 0 { throw QueryError.runtime(.arithmetic, "division by zero", code: "DivisionByZero") }
                return try check(x.dividedReportingOverflow(by: y))
            case .modulo:
                if y == 0 { throw QueryError.runtime(.arithmetic, "division by zero", code: "DivisionByZero") }
                return try check(x.remainderReportingOverflow(dividingBy: y))
            case .power: return .float(pow(Double(x), Double(y)))
            default: break
            }
        }
        guard let x = a.numberValue, let y = b.numberValue else {
            throw typeError("cannot apply \(op.rawValue) to \(a.typeName) and \(b.typeName)")
        }
        switch op {
        case .add: return .float(x + y)
        case .subtract: return .float(x - y)
        case .multiply: return .float(x * y)
        case .divide: return .float(x / y)
        case .modulo: return .float(fmod(x, y))
        default: return .float(pow(x, y))
        }
    }
}
