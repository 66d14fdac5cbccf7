/// A typed property value: what an entity or relation attribute, a query result cell or a
/// GraphML `<data>` element holds.
///
/// The store is schema-agnostic, so any value may stand anywhere; `ParleySchema` checks types
/// against the negotiation schema on top.
public enum Value: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case date(LocalDate)
    case list([Value])
    case map([String: Value])

    /// The name of the value's type as the schema and error messages spell it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .float: "float"
        case .string: "string"
        case .date: "date"
        case .list: "list"
        case .map: "map"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var intValue: Int? { if case .int(let i) = self { i } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var dateValue: LocalDate? { if case .date(let d) = self { d } else { nil } }
    public var listValue: [Value]? { if case .list(let l) = self { l } else { nil } }
    public var mapValue: [String: Value]? { if case .map(let m) = self { m } else { nil } }
    /// Integers and floats as a `Double`.
    public var numberValue: Double? {
        switch self {
        case .int(let i): Double(i)
        case .float(let f): f
        default: nil
        }
    }
}

extension Value: CustomStringConvertible {
    /// A plain rendering for people: strings unquoted, lists as `[a, b]`, maps with sorted keys.
    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let f): Value.formatFloat(f)
        case .string(let s): s
        case .date(let d): d.description
        case .list(let l): "[" + l.map(\.description).joined(separator: ", ") + "]"
        case .map(let m):
            "{" + m.keys.sorted().map { "\($0): \(m[$0]!.description)" }.joined(separator: ", ") + "}"
        }
    }

    /// Shortest round-tripping form of a float, always with a decimal point or exponent
    /// (`1.0`, not `1`), so that it reads back as a float.
    public static func formatFloat(_ f: Double) -> String {
        if f.isNaN { return "NaN" }
        if f.isInfinite { return f < 0 ? "-Infinity" : "Infinity" }
        let s = "\(f)"
        if s.contains(".") || s.contains("e") || s.contains("E") { return s }
        return s + ".0"
    }
}

extension Value: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .int(value) }
    public init(floatLiteral value: Double) { self = .float(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: Value...) { self = .list(elements) }
    public init(nilLiteral: ()) { self = .null }
}
