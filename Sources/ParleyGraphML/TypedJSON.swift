import ParleyCore

/// Reading the typed JSON that ``TypedJSON`` (in ParleyCore) writes for GraphML's structured
/// fields (aliases, citations, sources, lists, maps and dates inside them).
extension TypedJSON {
    /// Why a JSON text could not be read.
    struct DecodeError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// Reads JSON text written by ``encode(_:)`` (or any JSON) back into a value: a byte-level
    /// parser straight to ``Value`` (Foundation's `JSONSerialization` made GraphML reading three
    /// times slower, as every relation carries its citations in JSON).
    /// - Complexity: O(n) in the length of the text.
    static func decode(_ text: String) throws(DecodeError) -> Value {
        var text = text
        let result: Result<Value, DecodeError> = text.withUTF8 { buffer in
            do throws(DecodeError) {
                return .success(try decode(bytes: buffer))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// ``decode(_:)`` over UTF-8 bytes.
    /// - Complexity: O(n) in the number of bytes.
    static func decode(bytes buffer: UnsafeBufferPointer<UInt8>) throws(DecodeError) -> Value {
        var p = Parser(bytes: buffer)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        guard p.i == buffer.count else { throw DecodeError(message: "not valid JSON: text after the value") }
        return v
    }

    /// The citations of a JSON list of `{"source": …, "quote": …}` objects whose members are
    /// those two keys with string values, read straight from the bytes (no intermediate maps);
    /// nil for anything else (other members, other values, a citation without a source,
    /// malformed JSON), which the caller then reads through ``decode(bytes:)`` for its
    /// diagnostics. Where both succeed they give the same citations.
    /// - Complexity: O(n) in the number of bytes.
    static func plainCitations(_ buffer: UnsafeBufferPointer<UInt8>) -> [Citation]? {
        var p = Parser(bytes: buffer)
        /// Whether the member name at `p.i` (an opening quote) is `k` written plainly; if so,
        /// moves past its closing quote.
        func name(_ k: StaticString, _ p: inout Parser) -> Bool {
            let n = k.utf8CodeUnitCount
            guard p.i + n + 1 < buffer.count, buffer[p.i + n + 1] == UInt8(ascii: "\"") else { return false }
            for j in 0..<n where buffer[p.i + 1 + j] != k.utf8Start[j] { return false }
            p.i += n + 2
            return true
        }
        do throws(DecodeError) {
            var out: [Citation] = []
            try p.expect(UInt8(ascii: "["))
            p.skipSpace()
            if p.i < buffer.count, buffer[p.i] == UInt8(ascii: "]") {
                p.i += 1
            } else {
                while true {
                    try p.expect(UInt8(ascii: "{"))
                    var source: String?
                    var quote: String?
                    p.skipSpace()
                    guard p.i < buffer.count, buffer[p.i] != UInt8(ascii: "}") else { return nil }
                    while true {
                        p.skipSpace()
                        guard p.i < buffer.count, buffer[p.i] == UInt8(ascii: "\"") else { return nil }
                        let isSource = name("source", &p)
                        guard isSource || name("quote", &p) else { return nil }  // another member, or an escaped name
                        try p.expect(UInt8(ascii: ":"))
                        p.skipSpace()
                        guard p.i < buffer.count, buffer[p.i] == UInt8(ascii: "\"") else { return nil }
                        let value = try p.string()
                        if isSource { source = value } else { quote = value }
                        p.skipSpace()
                        guard p.i < buffer.count else { return nil }
                        if buffer[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                        if buffer[p.i] == UInt8(ascii: "}") { p.i += 1; break }
                        return nil
                    }
                    guard let source else { return nil }
                    out.append(Citation(source: source, quote: quote))
                    p.skipSpace()
                    guard p.i < buffer.count else { return nil }
                    if buffer[p.i] == UInt8(ascii: ",") { p.i += 1; continue }
                    if buffer[p.i] == UInt8(ascii: "]") { p.i += 1; break }
                    return nil
                }
            }
            p.skipSpace()
            return p.i == buffer.count ? out : nil
        } catch {
            return nil
        }
    }

    /// The parser behind ``decode(_:)``; the buffer lives only during the call.
    struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        func fail(_ what: String) -> DecodeError { DecodeError(message: "not valid JSON: \(what) at byte \(i + 1)") }

        mutating func skipSpace() {
            while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
        }

        mutating func expect(_ b: UInt8) throws(DecodeError) {
            skipSpace()
            guard i < bytes.count, bytes[i] == b else { throw fail("expected '\(Character(Unicode.Scalar(b)))'") }
            i += 1
        }

        /// A value; `raw` leaves an object's tags unread (the inside of `{"$map": …}`).
        mutating func value(depth: Int, raw: Bool = false) throws(DecodeError) -> Value {
            guard depth < 256 else { throw fail("nesting too deep") }
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end") }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var m: [String: Value] = [:]
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .map(m)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw fail("expected a key") }
                    let key = try string()
                    try expect(UInt8(ascii: ":"))
                    m[key] = try value(depth: depth + 1, raw: key == "$map" && m.isEmpty)
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "}") { i += 1; break }
                    throw fail("expected ',' or '}'")
                }
                return raw ? .map(m) : try TypedJSON.untag(m)
            case UInt8(ascii: "["):
                i += 1
                var items: [Value] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .list(items)
                }
                while true {
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw fail("unexpected end") }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    if bytes[i] == UInt8(ascii: "]") { i += 1; break }
                    throw fail("expected ',' or ']'")
                }
                return .list(items)
            case UInt8(ascii: "\""): return .string(try string())
            case UInt8(ascii: "t"): try word("true"); return .bool(true)
            case UInt8(ascii: "f"): try word("false"); return .bool(false)
            case UInt8(ascii: "n"): try word("null"); return .null
            default: return try number()
            }
        }

        mutating func word(_ w: StaticString) throws(DecodeError) {
            let n = w.utf8CodeUnitCount
            guard i + n <= bytes.count else { throw fail("unexpected end") }
            for k in 0..<n where bytes[i + k] != w.utf8Start[k] { throw fail("unexpected word") }
            i += n
        }

        mutating func number() throws(DecodeError) -> Value {
            let start = i
            var isFloat = false
            while i < bytes.count {
                let b = bytes[i]
                if (b >= 0x30 && b <= 0x39) || b == UInt8(ascii: "-") {
                    i += 1
                } else if b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") || b == UInt8(ascii: "+") {
                    isFloat = true
                    i += 1
                } else {
                    break
                }
            }
            guard i > start else { throw fail("unexpected character") }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            if !isFloat, let n = Int(text) { return .int(n) }
            guard let f = Double(text) else { throw fail("malformed number") }
            return .float(f)
        }

        mutating func string() throws(DecodeError) -> String {
            i += 1
            let start = i
            // Fast path: no escapes.
            while i < bytes.count, bytes[i] != UInt8(ascii: "\""), bytes[i] != UInt8(ascii: "\\") { i += 1 }
            guard i < bytes.count else { throw fail("unterminated string") }
            if bytes[i] == UInt8(ascii: "\"") {
                let s = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                i += 1
                return s
            }
            var out = Array(UnsafeBufferPointer(rebasing: bytes[start..<i]))
            while true {
                guard i < bytes.count else { throw fail("unterminated string") }
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                guard b == UInt8(ascii: "\\") else {
                    out.append(b)
                    i += 1
                    continue
                }
                guard i + 1 < bytes.count else { throw fail("unterminated string") }
                let e = bytes[i + 1]
                i += 2
                switch e {
                case UInt8(ascii: "n"): out.append(0x0A)
                case UInt8(ascii: "t"): out.append(0x09)
                case UInt8(ascii: "r"): out.append(0x0D)
                case UInt8(ascii: "b"): out.append(0x08)
                case UInt8(ascii: "f"): out.append(0x0C)
                case UInt8(ascii: "u"):
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code), i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        i += 2
                        let low = try hex4()
                        if (0xDC00..<0xE000).contains(low) { code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00) }
                    }
                    out.append(contentsOf: Array(String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8))
                default: out.append(e)  // \" \\ \/
                }
            }
        }

        mutating func hex4() throws(DecodeError) -> UInt32 {
            guard i + 4 <= bytes.count,
                let v = UInt32(String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<(i + 4)]), as: UTF8.self), radix: 16)
            else { throw fail("bad \\u escape") }
            i += 4
            return v
        }
    }

    /// Reads the tagged objects: `{"$date"}`, `{"$float"}`, `{"$map"}`.
    static func untag(_ m: [String: Value]) throws(DecodeError) -> Value {
        guard m.count == 1, let (key, inner) = m.first, key.hasPrefix("$") else { return .map(m) }
        switch key {
        case "$date":
            guard case .string(let s) = inner, let d = LocalDate(iso: s) else {
                throw DecodeError(message: "\"$date\" must hold a date YYYY-MM-DD")
            }
            return .date(d)
        case "$float":
            guard case .string(let s) = inner, let f = Double(s) else {
                throw DecodeError(message: "\"$float\" must hold NaN, Infinity or -Infinity")
            }
            return .float(f)
        case "$map":
            guard case .map = inner else { throw DecodeError(message: "\"$map\" must hold an object") }
            return inner
        default:
            return .map(m)
        }
    }
}
