/// JSON text for values, with three tagged objects so that every ``Value`` reads back as itself:
/// - a date is `{"$date": "2025-11-24"}` (or a plain string where the caller asks for it);
/// - a float JSON cannot spell is `{"$float": "NaN"}` (or `"Infinity"`, `"-Infinity"`), and a
///   finite float always carries a decimal point or an exponent (`1.0`), so it does not read back
///   as an integer;
/// - a map with a key starting with `$` is wrapped: `{"$map": {...}}`.
///
/// Map keys are written sorted, so the text is deterministic. GraphML's structured fields and
/// the node-link exporter both write through this one writer.
public enum TypedJSON {
    /// The compact JSON text of a value.
    public static func encode(_ value: Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    /// Appends the JSON text of `value` to `out`.
    /// - Parameters:
    ///   - spaced: a space after `,` and `:` (easier to read), or none (compact).
    ///   - plainDates: a date as a plain `"YYYY-MM-DD"` string (for readers that know no tags).
    /// - Complexity: O(n) in the size of the value, plus sorting each map's keys.
    public static func write(_ value: Value, into out: inout String, spaced: Bool = false, plainDates: Bool = false) {
        let comma = spaced ? ", " : ","
        let colon = spaced ? ": " : ":"
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let f):
            if f.isFinite {
                out += Value.formatFloat(f)
            } else {
                out += "{\"$float\"" + colon
                writeString(Value.formatFloat(f), into: &out)
                out += "}"
            }
        case .string(let s): writeString(s, into: &out)
        case .date(let d):
            if plainDates {
                writeString(d.description, into: &out)
            } else {
                out += "{\"$date\"" + colon + "\"" + d.description + "\"}"
            }
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += comma }
                write(item, into: &out, spaced: spaced)
            }
            out += "]"
        case .map(let m):
            let wrap = m.keys.contains { $0.hasPrefix("$") }
            if wrap { out += "{\"$map\"" + colon }
            out += "{"
            for (i, key) in m.keys.sorted().enumerated() {
                if i > 0 { out += comma }
                writeString(key, into: &out)
                out += colon
                write(m[key] ?? .null, into: &out, spaced: spaced)
            }
            out += "}"
            if wrap { out += "}" }
        }
    }

    /// A JSON string literal: `"`, `\`, control characters, U+2028/U+2029 (line breaks to
    /// JavaScript) and the non-characters U+FFFE/U+FFFF escaped, everything else as is.
    /// Whether the UTF-8 of a string may need an escape in ``writeString(_:into:)``: false means
    /// the string is written as it is, between quotes. (0xE2 and 0xEF lead the UTF-8 of
    /// U+2028/U+2029 and U+FFFE/U+FFFF; a string holding either byte takes the slow path.)
    /// - Complexity: O(bytes).
    @inlinable
    public static func mayNeedEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        for b in utf8 where b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 || b == 0xEF { return true }
        return false
    }

    public static func writeString(_ s: String, into out: inout String) {
        // Most strings need no escape: copy them whole.
        var s = s
        if !s.withUTF8(mayNeedEscape) {
            out += "\""
            out += s
            out += "\""
            return
        }
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                let v = scalar.value
                if v < 0x20 || v == 0x7F || v == 0x2028 || v == 0x2029 || v == 0xFFFE || v == 0xFFFF {
                    let hex = String(v, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// `s` as a JSON string literal, escaped as `writeString(_:into:)` does.
    public static func quoted(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count + 2)
        writeString(s, into: &out)
        return out
    }
}
