/// Quoting for Graphviz's DOT language that holds for any name: keywords (`node`, `graph`,
/// `strict`), quotes, backslashes, line breaks, `<`, `&`, non-ASCII text, the empty string.
///
/// Every id and every string attribute is written as a double-quoted string. Inside one, DOT
/// turns `\"` into `"`, and Graphviz reads `\\` as one backslash; so `\` and `"` are escaped.
/// Labels and tooltips (Graphviz "escString"s) further read `\n`, `\l`, `\N`, `\G` …, which the
/// backslash escaping disarms, and HTML entities, which escaping `&` disarms.
public enum DOTQuoting {
    /// A DOT id for any string: `node` → `"node"`, `a"b` → `"a\"b"`, `x\` → `"x\\"`.
    /// Different strings give different ids. Line breaks are written `\n` and `\r` (inside an id
    /// these are plain text, so still distinct), and characters that cannot be shown are written
    /// as `\u{…}` text.
    public static func id(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if isInvisible(scalar) {
                    out += "\\\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// A label or tooltip showing `s` as it is: line breaks become centred line breaks, and
    /// backslash sequences and HTML entities in `s` are shown, not interpreted.
    public static func label(_ s: String) -> String {
        var out = "\""
        var lastWasCR = false
        for scalar in s.unicodeScalars {
            defer { lastWasCR = scalar == "\r" }
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": if !lastWasCR { out += "\\n" }
            case "\r": out += "\\n"
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default:
                if isInvisible(scalar) {
                    out += "\u{FFFD}"
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
        return out
    }

    /// Control characters (but tab) and the non-characters XML cannot carry: Graphviz copies them
    /// into SVG, where they would make the file unreadable.
    static func isInvisible(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        return (v < 0x20 && v != 0x09) || v == 0x7F || v == 0xFFFE || v == 0xFFFF
    }

    /// A value Parley chose itself (a colour from the schema, a shape, a number): quoted only
    /// because a schema could put anything there.
    public static func value(_ s: String) -> String { id(s) }
}
