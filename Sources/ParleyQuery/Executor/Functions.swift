import Foundation
import ParleyCore

extension ExecutionContext {
    /// Calls a scalar function (aggregates are computed by the Aggregate operator).
    func callFunction(_ name: String, _ argExprs: [Expr], distinct: Bool, _ row: Row) throws -> QueryValue {
        if Binder.aggregateNames.contains(name) {
            throw QueryError.runtime(.semantic, "\(name)() is an aggregate and is only allowed in WITH and RETURN", code: "InvalidAggregation")
        }
        let args = try argExprs.map { try eval($0, row) }
        if name == "  propertiesmatch" {
            // A pattern's property map given as a parameter: every key must be equal.
            guard case .map(let want) = args[1] else { return args[1].isNull ? .false : .true }
            for (k, v) in want where QueryValue.cypherEquals(try property(of: args[0], k), v) != true { return .false }
            return .true
        }
        func arg(_ k: Int) -> QueryValue { k < args.count ? args[k] : .null }
        let a = arg(0)
        func fail(_ what: String) -> QueryError { typeError("\(name)(): \(what), got \(a.typeName)", code: "InvalidArgumentValue") }
        func str(_ v: QueryValue) throws -> String {
            guard let s = v.stringValue else { throw typeError("\(name)(): expected a string, got \(v.typeName)") }
            return s
        }
        func int(_ v: QueryValue) throws -> Int {
            guard let i = v.intValue else { throw typeError("\(name)(): expected an integer, got \(v.typeName)") }
            return i
        }
        // Functions for which null in gives null out.
        let nullIn = !["coalesce", "exists", "range", "rand", "pi", "e", "date"].contains(name)
        if nullIn, args.contains(where: \.isNull) { return .null }
        switch name {
        case "id":
            switch a {
            case .node(let h): return .int(h.int)
            case .relationship(let h): return .int(h.int)
            default: throw fail("expected a node or relationship")
            }
        case "labels":
            guard case .node(let h) = a else { throw fail("expected a node") }
            return .list(graph[h].allLabels.map { .string($0) })
        case "type":
            guard case .relationship(let h) = a else { throw fail("expected a relationship") }
            return .string(graph[h].type)
        case "properties":
            switch a {
            case .node(let h): return .map(PropertyMapping.nodeProperties(graph[h]))
            case .relationship(let h): return .map(PropertyMapping.relationshipProperties(graph[h]))
            case .map: return a
            default: throw fail("expected a node, relationship or map")
            }
        case "keys":
            switch a {
            case .node(let h):
                return .list(PropertyMapping.orderedKeys(PropertyMapping.nodeProperties(graph[h]), first: PropertyMapping.nodeFirstKeys).map { .string($0) })
            case .relationship(let h):
                return .list(PropertyMapping.orderedKeys(PropertyMapping.relationshipProperties(graph[h]), first: PropertyMapping.relationshipFirstKeys).map { .string($0) })
            case .map(let m): return .list(m.keys.sorted().map { .string($0) })
            default: throw fail("expected a node, relationship or map")
            }
        case "size":
            switch a {
            case .list(let l): return .int(l.count)
            case .value(.string(let s)): return .int(s.count)
            case .map(let m): return .int(m.count)
            default: throw fail("expected a list or string")
            }
        case "length":
            switch a {
            case .path(let p): return .int(p.length)
            case .list(let l): return .int(l.count)
            case .value(.string(let s)): return .int(s.count)
            default: throw fail("expected a path")
            }
        case "isempty":
            switch a {
            case .list(let l): return .bool(l.isEmpty)
            case .value(.string(let s)): return .bool(s.isEmpty)
            case .map(let m): return .bool(m.isEmpty)
            default: throw fail("expected a list, string or map")
            }
        case "nodes":
            guard case .path(let p) = a else { throw fail("expected a path") }
            return .list(p.nodes.map { .node($0) })
        case "relationships":
            guard case .path(let p) = a else { throw fail("expected a path") }
            return .list(p.relationships.map { .relationship($0) })
        case "startnode":
            guard case .relationship(let h) = a else { throw fail("expected a relationship") }
            return .node(graph[h].from)
        case "endnode":
            guard case .relationship(let h) = a else { throw fail("expected a relationship") }
            return .node(graph[h].to)
        case "head":
            guard case .list(let l) = a else { throw fail("expected a list") }
            return l.first ?? .null
        case "last":
            guard case .list(let l) = a else { throw fail("expected a list") }
            return l.last ?? .null
        case "tail":
            guard case .list(let l) = a else { throw fail("expected a list") }
            return .list(Array(l.dropFirst()))
        case "reverse":
            switch a {
            case .list(let l): return .list(l.reversed())
            case .value(.string(let s)): return .string(String(s.reversed()))
            default: throw fail("expected a list or string")
            }
        case "range":
            guard let lo = arg(0).intValue, let hi = arg(1).intValue else {
                throw typeError("range(): bounds must be integers", code: "InvalidArgumentType")
            }
            let step = args.count > 2 ? try int(arg(2)) : 1
            if step == 0 { throw QueryError.runtime(.argument, "range(): step cannot be 0", code: "NumberOutOfRange") }
            var out: [QueryValue] = []
            var k = lo
            while step > 0 ? k <= hi : k >= hi {
                out.append(.int(k))
                k += step
                if out.count > 10_000_000 { throw QueryError.runtime(.argument, "range(): too many elements") }
            }
            return .list(out)
        case "coalesce":
            return args.first { !$0.isNull } ?? .null
        case "exists":
            return .bool(!a.isNull)
        case "tostring", "tostringornull":
            switch a {
            case .value(.null): return .null
            case .value(.string): return a
            case .value(.int(let i)): return .string(String(i))
            case .value(.float(let f)): return .string(Value.formatFloat(f))
            case .value(.bool(let b)): return .string(b ? "true" : "false")
            case .value(.date(let d)): return .string(d.description)
            default:
                if name == "tostringornull" { return .null }
                throw fail("cannot convert to a string")
            }
        case "tointeger", "tointegerornull":
            switch a {
            case .value(.int): return a
            case .value(.float(let f)):
                guard f.isFinite, abs(f) < 9.2e18 else { return .null }
                return .int(Int(f.rounded(.towardZero)))
            case .value(.string(let s)):
                let t = s.trimmingCharacters(in: .whitespaces)
                if let i = Int(t) { return .int(i) }
                if let f = Double(t), f.isFinite, abs(f) < 9.2e18 { return .int(Int(f.rounded(.towardZero))) }
                return .null
            case .value(.bool(let b)): return .int(b ? 1 : 0)
            default:
                if name == "tointegerornull" { return .null }
                throw fail("cannot convert to an integer")
            }
        case "tofloat", "tofloatornull":
            switch a {
            case .value(.float): return a
            case .value(.int(let i)): return .float(Double(i))
            case .value(.string(let s)):
                return Double(s.trimmingCharacters(in: .whitespaces)).map { .float($0) } ?? .null
            default:
                if name == "tofloatornull" { return .null }
                throw fail("cannot convert to a float")
            }
        case "toboolean", "tobooleanornull":
            switch a {
            case .value(.bool): return a
            case .value(.string(let s)):
                switch s.trimmingCharacters(in: .whitespaces).lowercased() {
                case "true": return .true
                case "false": return .false
                default: return .null
                }
            case .value(.int(let i)): return .bool(i != 0)
            default:
                if name == "tobooleanornull" { return .null }
                throw fail("cannot convert to a boolean")
            }
        case "tolower": return .string(try str(a).lowercased())
        case "toupper": return .string(try str(a).uppercased())
        case "trim": return .string(try str(a).trimmingCharacters(in: .whitespaces))
        case "ltrim": return .string(String(try str(a).drop { $0 == " " || $0 == "\t" }))
        case "rtrim":
            var s = try str(a)
            while s.last == " " || s.last == "\t" { s.removeLast() }
            return .string(s)
        case "replace":
            let s = try str(a)
            let from = try str(arg(1))
            let to = try str(arg(2))
            if from.isEmpty { return .string(s) }
            return .string(s.replacingOccurrences(of: from, with: to))
        case "split":
            let s = try str(a)
            let sep = try str(arg(1))
            if sep.isEmpty { return .list(s.map { .string(String($0)) }) }
            return .list(s.components(separatedBy: sep).map { .string($0) })
        case "substring":
            let s = Array(try str(a))
            let start = try int(arg(1))
            let len = args.count > 2 ? try int(arg(2)) : s.count
            if start < 0 || len < 0 {
                throw QueryError.runtime(.argument, "substring(): start and length must not be negative", code: "NumberOutOfRange")
            }
            let lo = min(start, s.count)
            let hi = min(s.count, lo + len)
            return .string(String(s[lo..<hi]))
        case "left", "right":
            let s = Array(try str(a))
            let n = try int(arg(1))
            if n < 0 { throw QueryError.runtime(.argument, "\(name)(): length must not be negative", code: "NumberOutOfRange") }
            let k = min(n, s.count)
            return .string(String(name == "left" ? s[..<k] : s[(s.count - k)...]))
        case "abs":
            if case .value(.int(let i)) = a { return .int(abs(i)) }
            guard let f = a.numberValue else { throw fail("expected a number") }
            return .float(abs(f))
        case "ceil", "floor", "round", "sqrt", "exp", "log", "log10", "sign":
            guard let f = a.numberValue else { throw fail("expected a number") }
            switch name {
            case "ceil": return .float(f.rounded(.up))
            case "floor": return .float(f.rounded(.down))
            case "round": return .float(f.rounded(.toNearestOrAwayFromZero))
            case "sqrt": return .float(f.squareRoot())
            case "exp": return .float(Foundation.exp(f))
            case "log": return .float(Foundation.log(f))
            case "log10": return .float(Foundation.log10(f))
            default: return .int(f > 0 ? 1 : (f < 0 ? -1 : 0))
            }
        case "rand": return .float(Double.random(in: 0..<1))
        case "pi": return .float(Double.pi)
        case "e": return .float(M_E)
        case "date":
            if args.isEmpty { throw QueryError.runtime(.argument, "date() needs a 'YYYY-MM-DD' string") }
            if case .value(.date) = a { return a }
            guard let s = a.stringValue, let d = LocalDate(iso: s) else {
                throw QueryError.runtime(.argument, "date(): '\(a)' is not a YYYY-MM-DD date", code: "InvalidArgumentValue")
            }
            return .value(.date(d))
        default:
            throw QueryError.runtime(.semantic, "unknown function '\(name)'", code: "UnknownFunction")
        }
    }
}
