import ParleyCore

/// How the canonical writer spells scalars in YAML: plain where YAML reads the text back as the
/// same string, double-quoted with escapes everywhere else.
enum YAMLScalarStyle {
    /// The YAML spelling of a string: plain when safe, else double-quoted.
    /// - Parameter flow: inside `[ … ]`, where `,`, `[`, `]`, `{`, `}` and `:` also need quotes.
    static func string(_ s: String, flow: Bool = false) -> String {
        isPlainSafe(s, flow: flow) ? s : doubleQuoted(s)
    }

    /// The YAML spelling of a scalar value (not a list or map).
    static func scalar(_ v: Value, flow: Bool = false) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let f): float(f)
        case .date(let d): d.description
        case .string(let s): string(s, flow: flow)
        case .list, .map: ""
        }
    }

    /// A float that every YAML reader takes for a float: `1.0`, `1.0e+20`, `.inf`, `.nan`.
    static func float(_ f: Double) -> String {
        if f.isNaN { return ".nan" }
        if f.isInfinite { return f < 0 ? "-.inf" : ".inf" }
        var s = Value.formatFloat(f)
        // YAML 1.1 readers want a point in the mantissa: 1e+20 → 1.0e+20.
        if !s.contains("."), let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            s.insert(contentsOf: ".0", at: e)
        }
        return s
    }

    /// Whether `s` may be written without quotes and read back as the same string.
    static func isPlainSafe(_ s: String, flow: Bool) -> Bool {
        if YAMLScalarResolution.couldBeNonString(s) { return false }
        let scalars = s.unicodeScalars
        guard let first = scalars.first, let last = scalars.last else { return false }
        if "-?:,[]{}#&*!|>'\"%@`".unicodeScalars.contains(first) { return false }
        if first == " " || last == " " || last == ":" { return false }
        var previous: Unicode.Scalar = " "
        for c in scalars {
            if !isPrintable(c) || c == "\t" { return false }
            if c == "#" && previous == " " { return false }
            if previous == ":" && c == " " { return false }
            if flow, c == "," || c == "[" || c == "]" || c == "{" || c == "}" || c == ":" || c == "#" { return false }
            previous = c
        }
        return true
    }

    /// Characters YAML lets stand unescaped (libyaml's printable set, without line breaks).
    static func isPrintable(_ c: Unicode.Scalar) -> Bool {
        switch c.value {
        case 0x20...0x7E: true
        case 0xA0...0xD7FF: c.value != 0x2028 && c.value != 0x2029
        case 0xE000...0xFFFD: c.value != 0xFEFF
        case 0x10000...0x10FFFF: true
        default: false
        }
    }

    /// A double-quoted YAML string with escapes for everything not printable.
    static func doubleQuoted(_ s: String) -> String {
        var out = "\""
        out.reserveCapacity(s.utf8.count + 2)
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\0": out += "\\0"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            default:
                if isPrintable(c) {
                    out.unicodeScalars.append(c)
                } else {
                    out += hexEscape(c)
                }
            }
        }
        out += "\""
        return out
    }

    private static func hexEscape(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16, uppercase: true)
        if c.value <= 0xFF { return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex }
        if c.value <= 0xFFFF { return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex }
        return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
    }
}
