import Foundation
import ParleyCore

/// JSON text for values that GraphML has no type for (lists, maps, dates inside them) and for
/// Parley's structured fields (aliases, citations, sources, snapshot attributes).
///
/// Plain JSON for null, booleans, integers, floats, strings, lists and maps, with three tagged
/// objects so that every ``Value`` reads back as itself:
/// - a date is `{"$date": "2025-11-24"}`;
/// - a float JSON cannot spell is `{"$float": "NaN"}` (or `"Infinity"`, `"-Infinity"`), and a
///   finite float always carries a decimal point or an exponent (`1.0`), so it does not read back
///   as an integer;
/// - a map with a key starting with `$` is wrapped: `{"$map": {...}}`.
///
/// Map keys are written sorted, so the text is deterministic.
enum TypedJSON {
    /// The JSON text of a value.
    static func encode(_ value: Value) -> String {
        var out = ""
        write(value, into: &out)
        return out
    }

    static func write(_ value: Value, into out: inout String) {
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .float(let f):
            if f.isFinite {
                out += Value.formatFloat(f)
            } else {
                out += "{\"$float\":"
                writeString(Value.formatFloat(f), into: &out)
                out += "}"
            }
        case .string(let s): writeString(s, into: &out)
        case .date(let d):
            out += "{\"$date\":\""
            out += d.description
            out += "\"}"
        case .list(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .map(let m):
            let wrap = m.keys.contains { $0.hasPrefix("$") }
            if wrap { out += "{\"$map\":" }
            out += "{"
            for (i, key) in m.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                write(m[key] ?? .null, into: &out)
            }
            out += "}"
            if wrap { out += "}" }
        }
    }

    /// A JSON string literal: `"`, `\` and control characters escaped, everything else as is.
    static func writeString(_ s: String, into out: inout String) {
        out += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || (0xFFFE...0xFFFF).contains(scalar.value) {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Why a JSON text could not be read.
    struct DecodeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads JSON text written by ``encode(_:)`` (or any JSON) back into a value.
    static func decode(_ text: String) throws(DecodeError) -> Value {
        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: Data(text.utf8), options: [.fragmentsAllowed])
        } catch {
            throw DecodeError(message: "not valid JSON: \(text.prefix(80))")
        }
        return try value(of: object)
    }

    /// Converts what `JSONSerialization` returns into a value, reading the tagged objects.
    static func value(of object: Any) throws(DecodeError) -> Value {
        switch object {
        case is NSNull: return .null
        case let s as String: return .string(s)
        case let n as NSNumber:
            switch String(cString: n.objCType) {
            case "c", "B": return .bool(n.boolValue)
            case "f", "d": return .float(n.doubleValue)
            default: return .int(n.intValue)
            }
        case let list as [Any]:
            var out: [Value] = []
            out.reserveCapacity(list.count)
            for item in list { out.append(try value(of: item)) }
            return .list(out)
        case let dict as [String: Any]:
            if dict.count == 1, let (key, inner) = dict.first {
                switch key {
                case "$date":
                    guard let s = inner as? String, let d = LocalDate(iso: s) else {
                        throw DecodeError(message: "\"$date\" must hold a date YYYY-MM-DD")
                    }
                    return .date(d)
                case "$float":
                    guard let s = inner as? String, let f = Double(s) else {
                        throw DecodeError(message: "\"$float\" must hold NaN, Infinity or -Infinity")
                    }
                    return .float(f)
                case "$map":
                    guard let m = inner as? [String: Any] else { throw DecodeError(message: "\"$map\" must hold an object") }
                    return try plainMap(m)
                default: break
                }
            }
            return try plainMap(dict)
        default:
            throw DecodeError(message: "unexpected JSON value \(object)")
        }
    }

    private static func plainMap(_ dict: [String: Any]) throws(DecodeError) -> Value {
        var out: [String: Value] = [:]
        for (k, v) in dict { out[k] = try value(of: v) }
        return .map(out)
    }
}
