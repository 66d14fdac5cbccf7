import ParleyCore

/// One openCypher query behind an analyst command, with its parameters.
///
/// The text uses `$name` parameters so that user input never becomes query text;
/// ``portableText`` writes the parameters in as literals, giving a query a user can paste into
/// Neo4j, FalkorDB or `parley query` as it is (what `--show-query` prints).
public struct AnalystQuery: Sendable, Hashable {
    /// The command the query answers (`positions`, `contested` …).
    public var command: String
    /// The query text, with `$name` parameters.
    public var text: String
    /// The values of the parameters the text uses.
    public var parameters: [String: Value]

    public init(command: String, text: String, parameters: [String: Value] = [:]) {
        self.command = command
        self.text = text
        self.parameters = parameters
    }

    /// The text with every `$name` replaced by its value as a Cypher literal.
    ///
    /// Parameters are only replaced outside string literals and only as whole names.
    /// - Complexity: O(length of the text).
    public var portableText: String {
        var out = ""
        let chars = Array(text)
        var i = 0
        var quote: Character?
        while i < chars.count {
            let c = chars[i]
            if let q = quote {
                out.append(c)
                if c == "\\", i + 1 < chars.count {
                    out.append(chars[i + 1])
                    i += 2
                    continue
                }
                if c == q { quote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" {
                quote = c
                out.append(c)
                i += 1
                continue
            }
            if c == "$" {
                var j = i + 1
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" { j += 1 }
                let name = String(chars[(i + 1)..<j])
                if let v = parameters[name] {
                    out += CypherLiteral.render(v)
                    i = j
                    continue
                }
            }
            out.append(c)
            i += 1
        }
        return out
    }
}

/// Values written as openCypher literals: `'text'`, `[1, 2]`, `{k: true}`, `date('2025-11-24')`.
public enum CypherLiteral {
    /// The literal for a value. Strings are single-quoted with `\` and `'` escaped.
    public static func render(_ v: Value) -> String {
        switch v {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return Value.formatFloat(f)
        case .string(let s): return string(s)
        case .date(let d): return "date('\(d)')"
        case .list(let l): return "[" + l.map(render).joined(separator: ", ") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { "\(name($0)): \(render(m[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    /// A single-quoted string literal.
    public static func string(_ s: String) -> String {
        var out = "'"
        for ch in s {
            switch ch {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default: out.append(ch)
            }
        }
        return out + "'"
    }

    /// A name (label, relationship type, key) as Cypher writes it: bare when it is a plain
    /// identifier, else in back-quotes.
    public static func name(_ s: String) -> String {
        let plain = !s.isEmpty && s.first.map { $0.isLetter || $0 == "_" } == true
            && s.allSatisfy { ($0.isLetter || $0.isNumber || $0 == "_") && $0.isASCII }
        return plain ? s : "`" + s.replacingOccurrences(of: "`", with: "``") + "`"
    }
}
