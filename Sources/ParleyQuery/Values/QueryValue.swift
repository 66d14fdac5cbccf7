import ParleyCore

/// A walk through the graph: `nodes.count == relationships.count + 1`.
public struct PathValue: Sendable, Hashable {
    public var nodes: [EntityHandle]
    public var relationships: [RelationHandle]
    public init(nodes: [EntityHandle], relationships: [RelationHandle]) {
        self.nodes = nodes
        self.relationships = relationships
    }
    /// The number of relationships walked.
    public var length: Int { relationships.count }
}

/// A value a query computes: a scalar or date (`.value`), a node, a relationship, a path, or a
/// list or map of query values.
///
/// `.value` holds only null, booleans, integers, floats, strings and dates; lists and maps are
/// always `.list` / `.map` so that they may hold nodes. ``init(_:)`` converts a store value.
public enum QueryValue: Sendable, Hashable {
    case value(Value)
    case node(EntityHandle)
    case relationship(RelationHandle)
    case path(PathValue)
    case list([QueryValue])
    case map([String: QueryValue])

    public static let null = QueryValue.value(.null)
    public static let `true` = QueryValue.value(.bool(true))
    public static let `false` = QueryValue.value(.bool(false))

    /// Converts a store value, turning its lists and maps into `.list` and `.map`.
    public init(_ v: Value) {
        switch v {
        case .list(let l): self = .list(l.map(QueryValue.init))
        case .map(let m): self = .map(m.mapValues(QueryValue.init))
        default: self = .value(v)
        }
    }

    public static func int(_ i: Int) -> QueryValue { .value(.int(i)) }
    public static func float(_ f: Double) -> QueryValue { .value(.float(f)) }
    public static func string(_ s: String) -> QueryValue { .value(.string(s)) }
    public static func bool(_ b: Bool) -> QueryValue { .value(.bool(b)) }

    public var isNull: Bool { if case .value(.null) = self { true } else { false } }
    public var boolValue: Bool? { if case .value(.bool(let b)) = self { b } else { nil } }
    public var intValue: Int? { if case .value(.int(let i)) = self { i } else { nil } }
    public var stringValue: String? { if case .value(.string(let s)) = self { s } else { nil } }
    public var numberValue: Double? {
        switch self {
        case .value(.int(let i)): Double(i)
        case .value(.float(let f)): f
        default: nil
        }
    }
    public var listValue: [QueryValue]? { if case .list(let l) = self { l } else { nil } }

    /// The store value this stands for, when it holds no graph element.
    public var storeValue: Value? {
        switch self {
        case .value(let v): return v
        case .list(let l):
            var out: [Value] = []
            for x in l { guard let v = x.storeValue else { return nil }; out.append(v) }
            return .list(out)
        case .map(let m):
            var out: [String: Value] = [:]
            for (k, x) in m { guard let v = x.storeValue else { return nil }; out[k] = v }
            return .map(out)
        default: return nil
        }
    }

    /// The Cypher type name, for error messages.
    public var typeName: String {
        switch self {
        case .value(let v):
            switch v {
            case .null: "Null"
            case .bool: "Boolean"
            case .int: "Integer"
            case .float: "Float"
            case .string: "String"
            case .date: "Date"
            case .list: "List"
            case .map: "Map"
            }
        case .node: "Node"
        case .relationship: "Relationship"
        case .path: "Path"
        case .list: "List"
        case .map: "Map"
        }
    }
}

// MARK: - Equality, comparison and ordering with Cypher semantics

extension QueryValue {
    /// Cypher `=`: null when either side is (or holds, where it matters) null, numbers compare
    /// by value across integer and float.
    public static func cypherEquals(_ a: QueryValue, _ b: QueryValue) -> Bool? {
        switch (a, b) {
        case (.value(.null), _), (_, .value(.null)): return nil
        case (.value(let x), .value(let y)):
            if let p = x.numberValue, let q = y.numberValue {
                if case .int(let i) = x, case .int(let j) = y { return i == j }
                return p == q
            }
            switch (x, y) {
            case (.bool(let p), .bool(let q)): return p == q
            case (.string(let p), .string(let q)): return p == q
            case (.date(let p), .date(let q)): return p == q
            default: return false
            }
        case (.node(let x), .node(let y)): return x == y
        case (.relationship(let x), .relationship(let y)): return x == y
        case (.path(let x), .path(let y)): return x == y
        case (.list(let x), .list(let y)):
            guard x.count == y.count else { return false }
            var sawNull = false
            for (p, q) in zip(x, y) {
                switch cypherEquals(p, q) {
                case .some(false): return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        case (.map(let x), .map(let y)):
            guard Set(x.keys) == Set(y.keys) else { return false }
            var sawNull = false
            for (k, p) in x {
                switch cypherEquals(p, y[k] ?? .null) {
                case .some(false): return false
                case nil: sawNull = true
                default: break
                }
            }
            return sawNull ? nil : true
        default: return false
        }
    }

    /// Cypher `<`: null for values of different kinds or when either side is null.
    public static func cypherCompare(_ a: QueryValue, _ b: QueryValue) -> Int? {
        switch (a, b) {
        case (.value(.null), _), (_, .value(.null)): return nil
        case (.value(let x), .value(let y)):
            if case .int(let i) = x, case .int(let j) = y { return i < j ? -1 : (i == j ? 0 : 1) }
            if let p = x.numberValue, let q = y.numberValue {
                if p.isNaN || q.isNaN { return nil }
                return p < q ? -1 : (p == q ? 0 : 1)
            }
            switch (x, y) {
            case (.bool(let p), .bool(let q)): return p == q ? 0 : (p ? 1 : -1)
            case (.string(let p), .string(let q)): return p < q ? -1 : (p == q ? 0 : 1)
            case (.date(let p), .date(let q)): return p < q ? -1 : (p == q ? 0 : 1)
            default: return nil
            }
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                guard let c = cypherCompare(p, q) else { return nil }
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        default: return nil
        }
    }

    /// Rank of a value's kind in Cypher's global sort order (ascending; null last).
    var orderRank: Int {
        switch self {
        case .map: 0
        case .node: 1
        case .relationship: 2
        case .list: 3
        case .path: 4
        case .value(let v):
            switch v {
            case .map: 0
            case .list: 3
            case .date: 5
            case .string: 6
            case .bool: 7
            case .int, .float: 8
            case .null: 9
            }
        }
    }

    /// Cypher's total order used by ORDER BY: kinds in a fixed order, nulls last, NaN after
    /// every other number.
    /// - Complexity: O(size of the values).
    public static func orderCompare(_ a: QueryValue, _ b: QueryValue) -> Int {
        let ra = a.orderRank
        let rb = b.orderRank
        if ra != rb { return ra < rb ? -1 : 1 }
        switch (a, b) {
        case (.value(let x), .value(let y)):
            switch (x, y) {
            case (.int(let i), .int(let j)): return i < j ? -1 : (i == j ? 0 : 1)
            default:
                if let p = x.numberValue, let q = y.numberValue {
                    if p.isNaN { return q.isNaN ? 0 : 1 }
                    if q.isNaN { return -1 }
                    if p == q {
                        // Integers before floats of the same value, for a stable total order.
                        if case .int = x, case .float = y { return -1 }
                        if case .float = x, case .int = y { return 1 }
                        return 0
                    }
                    return p < q ? -1 : 1
                }
                return cypherCompare(a, b) ?? 0
            }
        case (.node(let x), .node(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.relationship(let x), .relationship(let y)): return x < y ? -1 : (x == y ? 0 : 1)
        case (.list(let x), .list(let y)):
            for (p, q) in zip(x, y) {
                let c = orderCompare(p, q)
                if c != 0 { return c }
            }
            return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
        case (.path(let x), .path(let y)):
            return orderCompare(.list(x.nodes.map { .node($0) }), .list(y.nodes.map { .node($0) }))
        case (.map(let x), .map(let y)):
            let kx = x.keys.sorted()
            let ky = y.keys.sorted()
            let c = orderCompare(.list(kx.map { .string($0) }), .list(ky.map { .string($0) }))
            if c != 0 { return c }
            for k in kx {
                let c = orderCompare(x[k] ?? .null, y[k] ?? .null)
                if c != 0 { return c }
            }
            return 0
        default: return 0
        }
    }

    /// The key under which DISTINCT and grouping consider two values the same: numbers by value
    /// (so `1` and `1.0` group together), everything else structurally.
    var groupingKey: QueryValue {
        switch self {
        case .value(.float(let f)):
            if f.rounded() == f, abs(f) < 9.0e15 { return .value(.int(Int(f))) }
            return self
        case .list(let l): return .list(l.map(\.groupingKey))
        case .map(let m): return .map(m.mapValues(\.groupingKey))
        default: return self
        }
    }
}
