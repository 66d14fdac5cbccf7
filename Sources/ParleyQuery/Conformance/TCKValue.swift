import ParleyCore

/// A value as the openCypher TCK writes it in expected results and parameters:
/// `(:L {p: 1})`, `[:T {p: 1}]`, `<(:A)-[:T]->(:B)>`, `'text'`, `[1, 2]`, `{k: 'v'}`.
public indirect enum TCKValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case list([TCKValue])
    case map([String: TCKValue])
    case node(labels: [String], properties: [String: TCKValue])
    case relationship(type: String, properties: [String: TCKValue])
    /// A start node, then (relationship, walked forward?, node) steps.
    case path(TCKValue, [TCKPathStep])

    /// A canonical text form: equal values give equal text (labels and keys sorted; lists sorted
    /// too when `sortLists`).
    public func canonical(sortLists: Bool = false) -> String {
        func props(_ m: [String: TCKValue]) -> String {
            m.isEmpty ? "" : " {" + m.keys.sorted().map { "\($0): \(m[$0]!.canonical(sortLists: sortLists))" }.joined(separator: ", ") + "}"
        }
        switch self {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return Value.formatFloat(f)
        case .string(let s): return "'" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        case .list(let l):
            var items = l.map { $0.canonical(sortLists: sortLists) }
            if sortLists { items.sort() }
            return "[" + items.joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(m[$0]!.canonical(sortLists: sortLists))" }.joined(separator: ", ") + "}"
        case .node(let labels, let p): return "(" + labels.sorted().map { ":" + $0 }.joined() + props(p) + ")"
        case .relationship(let t, let p): return "[:" + t + props(p) + "]"
        case .path(let start, let steps):
            var s = "<" + start.canonical(sortLists: sortLists)
            for st in steps {
                let r = st.relationship.canonical(sortLists: sortLists)
                s += st.forward ? "-\(r)->" : "<-\(r)-"
                s += st.node.canonical(sortLists: sortLists)
            }
            return s + ">"
        }
    }

    /// The value as a query parameter (graph elements cannot be parameters).
    public var queryValue: QueryValue {
        switch self {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .list(let l): return .list(l.map(\.queryValue))
        case .map(let m): return .map(m.mapValues(\.queryValue))
        default: return .null
        }
    }

    /// A query result value in TCK form.
    public init(_ v: QueryValue, graph g: Graph) {
        switch v {
        case .value(let x):
            switch x {
            case .null: self = .null
            case .bool(let b): self = .bool(b)
            case .int(let i): self = .int(i)
            case .float(let f): self = .float(f)
            case .string(let s): self = .string(s)
            case .date(let d): self = .string(d.description)
            case .list, .map: self = TCKValue(QueryValue(x), graph: g)
            }
        case .node(let h):
            self = .node(labels: g[h].allLabels, properties: PropertyMapping.nodeProperties(g[h]).mapValues { TCKValue($0, graph: g) })
        case .relationship(let h):
            self = .relationship(type: g[h].type, properties: PropertyMapping.relationshipProperties(g[h]).mapValues { TCKValue($0, graph: g) })
        case .path(let p):
            var steps: [TCKPathStep] = []
            for (k, r) in p.relationships.enumerated() {
                steps.append(TCKPathStep(
                    relationship: TCKValue(.relationship(r), graph: g), forward: g[r].from == p.nodes[k] && g[r].to == p.nodes[k + 1],
                    node: TCKValue(.node(p.nodes[k + 1]), graph: g)))
            }
            self = .path(TCKValue(.node(p.nodes[0]), graph: g), steps)
        case .list(let l): self = .list(l.map { TCKValue($0, graph: g) })
        case .map(let m): self = .map(m.mapValues { TCKValue($0, graph: g) })
        }
    }

    /// Parses the TCK notation.
    public static func parse(_ text: String) throws -> TCKValue {
        var p = TCKValueParser(Array(text.unicodeScalars))
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.s.count else { throw TCKError("trailing text in value '\(text)'") }
        return v
    }
}

public struct TCKPathStep: Sendable, Hashable {
    public var relationship: TCKValue
    public var forward: Bool
    public var node: TCKValue
}

public struct TCKError: Error, CustomStringConvertible, Sendable {
    public var description: String
    init(_ d: String) { description = d }
}

struct TCKValueParser {
    let s: [Unicode.Scalar]
    var i = 0
    init(_ s: [Unicode.Scalar]) { self.s = s }

    mutating func skipSpace() { while i < s.count, s[i] == " " || s[i] == "\t" || s[i] == "\n" { i += 1 } }
    func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }
    mutating func expect(_ c: Unicode.Scalar) throws {
        skipSpace()
        guard peek() == c else { throw TCKError("expected '\(c)' at \(i)") }
        i += 1
    }
    mutating func word() -> String {
        skipSpace()
        var out = ""
        if peek() == "`" {
            i += 1
            while let c = peek(), c != "`" { out.unicodeScalars.append(c); i += 1 }
            i += 1
            return out
        }
        while let c = peek(), c.properties.isAlphabetic || c == "_" || ("0"..."9").contains(c) { out.unicodeScalars.append(c); i += 1 }
        return out
    }

    mutating func value() throws -> TCKValue {
        skipSpace()
        guard let c = peek() else { throw TCKError("empty value") }
        switch c {
        case "'", "\"":
            i += 1
            var out = ""
            while let d = peek(), d != c {
                if d == "\\", let e = peek(1) {
                    i += 2
                    switch e {
                    case "n": out += "\n"
                    case "t": out += "\t"
                    default: out.unicodeScalars.append(e)
                    }
                    continue
                }
                out.unicodeScalars.append(d)
                i += 1
            }
            i += 1
            return .string(out)
        case "[":
            i += 1
            skipSpace()
            if peek() == ":" { return try relationshipBody() }
            var items: [TCKValue] = []
            skipSpace()
            if peek() == "]" { i += 1; return .list([]) }
            while true {
                items.append(try value())
                skipSpace()
                if peek() == "," { i += 1; continue }
                try expect("]")
                return .list(items)
            }
        case "{": return .map(try mapBody())
        case "(": return try node()
        case "<":
            i += 1
            let start = try node()
            var steps: [TCKPathStep] = []
            while true {
                skipSpace()
                if peek() == ">" { i += 1; return .path(start, steps) }
                var back = false
                if peek() == "<" { back = true; i += 1 }
                try expect("-")
                try expect("[")
                let r = try relationshipBody()
                try expect("-")
                var fwd = false
                if peek() == ">" { fwd = true; i += 1 }
                _ = back
                steps.append(TCKPathStep(relationship: r, forward: fwd, node: try node()))
            }
        default:
            let w = wordOrNumber()
            switch w {
            case "null": return .null
            case "true": return .bool(true)
            case "false": return .bool(false)
            case "NaN": return .float(.nan)
            case "Inf": return .float(.infinity)
            case "-Inf": return .float(-.infinity)
            default:
                if let n = Int(w) { return .int(n) }
                if let d = Double(w) { return .float(d) }
                throw TCKError("cannot read value '\(w)'")
            }
        }
    }

    mutating func wordOrNumber() -> String {
        var out = ""
        while let c = peek(), !(c == "," || c == "]" || c == "}" || c == " " || c == ")") { out.unicodeScalars.append(c); i += 1 }
        return out
    }

    mutating func mapBody() throws -> [String: TCKValue] {
        try expect("{")
        var m: [String: TCKValue] = [:]
        skipSpace()
        if peek() == "}" { i += 1; return m }
        while true {
            let k = word()
            try expect(":")
            m[k] = try value()
            skipSpace()
            if peek() == "," { i += 1; continue }
            try expect("}")
            return m
        }
    }

    mutating func node() throws -> TCKValue {
        try expect("(")
        var labels: [String] = []
        skipSpace()
        while peek() == ":" { i += 1; labels.append(word()); skipSpace() }
        var props: [String: TCKValue] = [:]
        if peek() == "{" { props = try mapBody() }
        try expect(")")
        return .node(labels: labels, properties: props)
    }

    /// After `[`: `:TYPE {props}]`.
    mutating func relationshipBody() throws -> TCKValue {
        try expect(":")
        let t = word()
        skipSpace()
        var props: [String: TCKValue] = [:]
        if peek() == "{" { props = try mapBody() }
        try expect("]")
        return .relationship(type: t, properties: props)
    }
}
