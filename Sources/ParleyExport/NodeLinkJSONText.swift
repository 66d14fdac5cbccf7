import ParleyCore

/// JSON text for the node-link exporter: a small writer with deterministic key order, and a
/// reader that keeps each value's line and column and tells integers from floats.
enum NodeLinkJSON {
    // MARK: Writing

    /// Writes a value as spaced typed JSON (see ``TypedJSON``); dates plain when `plainDates`.
    static func write(_ value: Value, into out: inout String, plainDates: Bool = false) {
        TypedJSON.write(value, into: &out, spaced: true, plainDates: plainDates)
    }

    /// A JSON string literal (see ``TypedJSON/writeString(_:into:)``).
    static func writeString(_ s: String, into out: inout String) {
        TypedJSON.writeString(s, into: &out)
    }

    // MARK: Reading

    /// A parsed JSON value with where it starts.
    struct Node {
        indirect enum Kind {
            case null, bool(Bool), int(Int), float(Double), string(String), array([Node]), object([(String, Node)])
        }
        var kind: Kind
        var line: Int
        var column: Int

        subscript(key: String) -> Node? {
            if case .object(let pairs) = kind { return pairs.first { $0.0 == key }?.1 }
            return nil
        }
        var string: String? { if case .string(let s) = kind { s } else { nil } }
        var array: [Node]? { if case .array(let a) = kind { a } else { nil } }
        var object: [(String, Node)]? { if case .object(let o) = kind { o } else { nil } }
        var bool: Bool? { if case .bool(let b) = kind { b } else { nil } }
        var typeName: String {
            switch kind {
            case .null: "null"
            case .bool: "a boolean"
            case .int, .float: "a number"
            case .string: "a string"
            case .array: "a list"
            case .object: "an object"
            }
        }

        /// The value, reading `{"$date"}`, `{"$float"}` and `{"$map"}` tags.
        var value: Value {
            switch kind {
            case .null: return .null
            case .bool(let b): return .bool(b)
            case .int(let i): return .int(i)
            case .float(let f): return .float(f)
            case .string(let s): return .string(s)
            case .array(let a): return .list(a.map(\.value))
            case .object(let pairs):
                if pairs.count == 1 {
                    let (k, v) = pairs[0]
                    if k == "$date", let s = v.string, let d = LocalDate(iso: s) { return .date(d) }
                    if k == "$float", let s = v.string, let f = Double(s) { return .float(f) }
                    if k == "$map", case .object(let inner) = v.kind {
                        return .map(Dictionary(inner.map { ($0.0, $0.1.value) }, uniquingKeysWith: { _, b in b }))
                    }
                }
                return .map(Dictionary(pairs.map { ($0.0, $0.1.value) }, uniquingKeysWith: { _, b in b }))
            }
        }
    }

    struct ParseError: Error {
        var message: String
        var line: Int
        var column: Int
    }

    /// Parses JSON text (RFC 8259) into positioned nodes.
    /// - Complexity: O(n) in the length of the text.
    static func parse(_ bytes: [UInt8]) throws(ParseError) -> Node {
        var p = Parser(bytes: bytes)
        p.skipBOM()
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < bytes.count { throw p.error("unexpected text after the JSON value") }
        return v
    }

    struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        var column: Int { i - lineStart + 1 }

        func error(_ message: String) -> ParseError { ParseError(message: message, line: line, column: column) }

        mutating func skipBOM() {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3; lineStart = 3 }
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A:
                    i += 1
                    line += 1
                    lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(ParseError) -> Node {
            guard depth < 512 else { throw error("JSON nested more than 512 levels deep") }
            guard i < bytes.count else { throw error(bytes.isEmpty ? "empty file: no JSON in it" : "unexpected end of the file") }
            let l = line
            let c = column
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, Node)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return Node(kind: .object(pairs), line: l, column: c)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in double quotes") }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error("expected ':' after the key") }
                    i += 1
                    skipSpace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the file inside an object") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw error("expected ',' or '}'")
                }
                return Node(kind: .object(pairs), line: l, column: c)
            case UInt8(ascii: "["):
                i += 1
                var items: [Node] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return Node(kind: .array(items), line: l, column: c)
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw error("unexpected end of the file inside a list") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                    throw error("expected ',' or ']'")
                }
                return Node(kind: .array(items), line: l, column: c)
            case UInt8(ascii: "\""):
                return Node(kind: .string(try string()), line: l, column: c)
            case UInt8(ascii: "t"):
                try literal("true")
                return Node(kind: .bool(true), line: l, column: c)
            case UInt8(ascii: "f"):
                try literal("false")
                return Node(kind: .bool(false), line: l, column: c)
            case UInt8(ascii: "n"):
                try literal("null")
                return Node(kind: .null, line: l, column: c)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                return Node(kind: try number(), line: l, column: c)
            default:
                throw error("unexpected character '\(String(decoding: [bytes[i]], as: UTF8.self))'")
            }
        }

        mutating func literal(_ word: String) throws(ParseError) {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count else { throw error("unexpected end of the file") }
            for k in 0..<w.count where bytes[i + k] != w[k] { throw error("unexpected word; expected \(word)") }
            i += w.count
        }

        mutating func number() throws(ParseError) -> Node.Kind {
            let start = i
            var isFloat = false
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            while i < bytes.count {
                let b = bytes[i]
                if b >= 0x30 && b <= 0x39 {
                    i += 1
                } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+")
                    || (b == UInt8(ascii: "-") && i > start)
                {
                    isFloat = true
                    i += 1
                } else {
                    break
                }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            if !isFloat, let n = Int(text) { return .int(n) }
            guard let f = Double(text) else {
                i = start
                throw error("malformed number '\(text)'")
            }
            return .float(f)
        }

        mutating func string() throws(ParseError) -> String {
            i += 1  // opening quote
            var out = [UInt8]()
            while true {
                guard i < bytes.count else { throw error("unterminated string") }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { throw error("control character in a string (write it as \\u\(String(format4: Int(b))))") }
                if b != UInt8(ascii: "\\") {
                    out.append(b)
                    i += 1
                    continue
                }
                guard i + 1 < bytes.count else { throw error("unterminated string") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "\""): out.append(0x22)
                case UInt8(ascii: "\\"): out.append(0x5C)
                case UInt8(ascii: "/"): out.append(0x2F)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                    }
                    let scalar = Unicode.Scalar(code) ?? "\u{FFFD}"
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    i -= 2
                    throw error("unknown escape '\\\(String(decoding: [e], as: UTF8.self))' in a string")
                }
            }
        }

        mutating func hex4() throws(ParseError) -> UInt32 {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + 4)], as: UTF8.self), radix: 16) else {
                throw error("\\u must be followed by four hex digits")
            }
            i += 4
            return v
        }
    }
}

extension String {
    /// Four hex digits.
    init(format4 n: Int) {
        let h = String(n, radix: 16)
        self = String(repeating: "0", count: Swift.max(0, 4 - h.count)) + h
    }
}
