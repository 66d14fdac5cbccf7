import ParleyCore

/// A JSON document as the patch and JSON outputs write it and the patch reader reads it:
/// objects keep their key order (writers choose it, so output is deterministic), and integers
/// stay apart from floats.
enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case float(Double)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    static func == (a: JSONValue, b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        case (.float(let x), .float(let y)): x == y || (x.isNaN && y.isNaN)
        case (.string(let x), .string(let y)): x == y
        case (.array(let x), .array(let y)): x == y
        case (.object(let x), .object(let y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    func hash(into h: inout Hasher) {
        switch self {
        case .null: h.combine(0)
        case .bool(let b): h.combine(b)
        case .int(let i): h.combine(i)
        case .float(let f): h.combine(f)
        case .string(let s): h.combine(s)
        case .array(let a): h.combine(a)
        case .object(let o):
            for (k, v) in o {
                h.combine(k)
                h.combine(v)
            }
        }
    }

    /// The value of `key` in an object (the first one when a key repeats).
    subscript(key: String) -> JSONValue? {
        guard case .object(let pairs) = self else { return nil }
        return pairs.first { $0.0 == key }?.1
    }

    var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    var objectValue: [(String, JSONValue)]? { if case .object(let o) = self { o } else { nil } }
}

// MARK: Writing

extension JSONValue {
    /// The document as text: indented by two spaces per level when `pretty`, else on one line.
    /// Floats are written in their shortest round-tripping form with a decimal point.
    /// - Complexity: O(size of the text); written as bytes, made a string once.
    func rendered(pretty: Bool = true) -> String {
        var out: [UInt8] = []
        write(to: &out, indent: pretty ? 0 : nil)
        if pretty { out.append(UInt8(ascii: "\n")) }
        return String(decoding: out, as: UTF8.self)
    }

    private func write(to out: inout [UInt8], indent: Int?) {
        switch self {
        case .null: JSONValue.append("null", to: &out)
        case .bool(let b): JSONValue.append(b ? "true" : "false", to: &out)
        case .int(let i): JSONValue.append(String(i), to: &out)
        case .float(let f):
            // JSON has no NaN or infinities; the patch format writes those as tagged strings.
            JSONValue.append(f.isFinite ? Value.formatFloat(f) : "null", to: &out)
        case .string(let s): JSONValue.writeString(s, to: &out)
        case .array(let items):
            if items.isEmpty {
                JSONValue.append("[]", to: &out)
                return
            }
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent.map { $0 + 1 })
                item.write(to: &out, indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out.append(UInt8(ascii: "]"))
        case .object(let pairs):
            if pairs.isEmpty {
                JSONValue.append("{}", to: &out)
                return
            }
            out.append(UInt8(ascii: "{"))
            for (i, (k, v)) in pairs.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                newline(&out, indent.map { $0 + 1 })
                JSONValue.writeString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                if indent != nil { out.append(UInt8(ascii: " ")) }
                v.write(to: &out, indent: indent.map { $0 + 1 })
            }
            newline(&out, indent)
            out.append(UInt8(ascii: "}"))
        }
    }

    private func newline(_ out: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<(2 * indent) { out.append(UInt8(ascii: " ")) }
    }

    private static func append(_ s: String, to out: inout [UInt8]) {
        var s = s
        s.withUTF8 { out.append(contentsOf: $0) }
    }

    /// Whether the bytes hold a control character, `"`, `\`, DEL or 0xE2 (which starts
    /// U+2028 and U+2029), eight bytes at a time. Never false when one is there; true only
    /// then, too (a byte test's borrow runs on only from a byte that matched).
    static func mayNeedEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let raw = UnsafeRawPointer(base)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func zero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x }
        @inline(__always) func special(_ w: UInt64) -> Bool {
            let m = zero(w ^ (ones &* 0x22)) | zero(w ^ (ones &* 0x5C)) | zero(w ^ (ones &* 0x7F)) | zero(w ^ (ones &* 0xE2))
                | ((w &- ones &* 0x20) & ~w)
            return m & highs != 0
        }
        var i = 0
        while i + 8 <= utf8.count {
            if special(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)) { return true }
            i += 8
        }
        // The last bytes as the last whole word (which overlaps bytes already seen).
        if i < utf8.count, utf8.count >= 8 {
            return special(raw.loadUnaligned(fromByteOffset: utf8.count - 8, as: UInt64.self))
        }
        while i < utf8.count {
            let byte = utf8[i]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || byte == 0x7F || byte == 0xE2 { return true }
            i += 1
        }
        return false
    }

    static func writeString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole. (0xE2 starts U+2028 and U+2029.)
        let plain = s.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !mayNeedEscape(utf8) else { return false }
            out.append(contentsOf: utf8)
            return true
        }
        if plain == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        var escaped = ""
        for u in s.unicodeScalars {
            switch u {
            case "\"": escaped.append("\\\"")
            case "\\": escaped.append("\\\\")
            case "\n": escaped.append("\\n")
            case "\r": escaped.append("\\r")
            case "\t": escaped.append("\\t")
            case _ where u.value < 0x20 || u.value == 0x7F || u.value == 0x2028 || u.value == 0x2029:
                let hex = String(u.value, radix: 16)
                escaped.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
            default: escaped.unicodeScalars.append(u)
            }
        }
        append(escaped, to: &out)
        out.append(UInt8(ascii: "\""))
    }
}
