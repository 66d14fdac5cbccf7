import ParleyCore

/// Spelling of names and literals in openCypher text that Neo4j, FalkorDB and Memgraph all read
/// the same way.
///
/// ```swift
/// CypherSyntax.name("Party")            // Party
/// CypherSyntax.name("said by")          // `said by`
/// CypherSyntax.string("Zelensky's plan") // 'Zelensky\'s plan'
/// ```
public enum CypherSyntax {
    /// Words that cannot stand as a bare name in openCypher (compared case-insensitively); a
    /// label, relationship type or property key spelt like one is backquoted.
    static let reservedWords: Set<String> = [
        "all", "and", "as", "asc", "ascending", "by", "call", "case", "contains", "create", "delete", "desc",
        "descending", "detach", "distinct", "else", "end", "ends", "exists", "false", "foreach", "in", "is",
        "limit", "match", "merge", "not", "null", "on", "optional", "or", "order", "remove", "return", "set",
        "skip", "starts", "then", "true", "union", "unwind", "when", "where", "with", "xor", "yield",
        "constraint", "index", "drop", "for", "require", "unique", "assert", "load", "csv", "from", "to",
        "use", "count", "filter", "extract", "any", "none", "single", "reduce", "of", "add", "do", "mandatory",
        "scalar", "node", "relationship", "rel", "exists",
    ]

    /// A label, relationship type, property key or variable name: bare when it is a plain ASCII
    /// identifier that is not a reserved word, otherwise in backquotes with inner backquotes doubled.
    ///
    /// - Complexity: O(n) in the length of the name.
    public static func name(_ text: String) -> String {
        if isPlainIdentifier(text) { return text }
        return "`" + text.replacingOccurrences(of: "`", with: "``") + "`"
    }

    /// Whether `text` can be written without backquotes: an ASCII letter or `_` followed by ASCII
    /// letters, digits or `_`, and not a reserved word.
    public static func isPlainIdentifier(_ text: String) -> Bool {
        let u = Array(text.utf8)
        guard let first = u.first, isLetter(first) || first == UInt8(ascii: "_") else { return false }
        for c in u.dropFirst() where !(isLetter(c) || isDigit(c) || c == UInt8(ascii: "_")) { return false }
        return !reservedWords.contains(text.lowercased())
    }

    private static func isLetter(_ c: UInt8) -> Bool { (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    /// A single-quoted string literal.
    ///
    /// Backslash, single quote, newline, carriage return, tab, backspace and form feed are written
    /// as the escapes every openCypher implementation reads (`\\`, `\'`, `\n`, `\r`, `\t`, `\b`,
    /// `\f`). Other characters, non-ASCII and the remaining control characters included, are
    /// written as themselves (UTF-8): the openCypher grammar allows them inside a literal, while the
    /// `\uXXXX` escape is not understood by FalkorDB (it keeps the six characters). The one
    /// exception is U+0000, which no server accepts raw; it is written `\u0000` (see
    /// ``CypherFit`` which reports it as unstorable in FalkorDB).
    ///
    /// The result never contains a raw line feed, so a statement stays on one line.
    /// - Complexity: O(n) in the length of the text.
    public static func string(_ text: String) -> String {
        var out = "'"
        out.reserveCapacity(text.utf8.count + 2)
        for s in text.unicodeScalars {
            switch s {
            case "\\": out += "\\\\"
            case "'": out += "\\'"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{00}": out += "\\u0000"
            default: out.unicodeScalars.append(s)
            }
        }
        out += "'"
        return out
    }

    /// A float literal: the shortest round-tripping decimal form, with a decimal point or an
    /// exponent, and without the `+` in an exponent that the openCypher grammar does not allow.
    /// Returns nil for NaN and the infinities, which have no literal.
    public static func float(_ f: Double) -> String? {
        guard f.isFinite else { return nil }
        return Value.formatFloat(f).replacingOccurrences(of: "e+", with: "e")
    }

    /// A literal for a property value: strings quoted, dates as `date('YYYY-MM-DD')`, lists in
    /// brackets, maps in braces with sorted keys. Returns nil when some part has no literal
    /// (NaN or an infinite float).
    public static func literal(_ value: Value) -> String? {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return float(f)
        case .string(let s): return string(s)
        case .date(let d): return "date('\(d)')"
        case .list(let items):
            var parts: [String] = []
            parts.reserveCapacity(items.count)
            for item in items {
                guard let p = literal(item) else { return nil }
                parts.append(p)
            }
            return "[" + parts.joined(separator: ", ") + "]"
        case .map(let m):
            var parts: [String] = []
            for key in m.keys.sorted() {
                guard let p = literal(m[key]!) else { return nil }
                parts.append(name(key) + ": " + p)
            }
            return "{" + parts.joined(separator: ", ") + "}"
        }
    }
}
