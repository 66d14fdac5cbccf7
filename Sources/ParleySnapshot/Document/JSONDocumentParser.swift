import Foundation
import ParleyCore

/// A JSON syntax error and where it is.
struct JSONSyntaxError: Error {
    var message: String
    var mark: TextMark
}

/// A byte-level JSON pull parser (RFC 8259) that tracks line and column and builds
/// ``DocNode``s one value at a time, so that a large snapshot can be decoded element by element
/// without first building a tree of the whole file.
///
/// Columns count Unicode scalars, as libyaml does for YAML, so that positions agree between the
/// two formats. The parser works on a buffer owned by the caller and never lets a pointer escape.
struct JSONDocumentParser {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int = 0
    private var line = 1
    private var lineStart = 0
    /// UTF-8 continuation bytes seen on the current line before `index`.
    private var continuationBytes = 0
    /// Deepest nesting accepted; deeper input is reported rather than overflowing the stack.
    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is allowed before the text.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// The position of the next byte.
    var mark: TextMark { TextMark(line: line, column: index - lineStart - continuationBytes + 1) }

    private static let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), newline = UInt8(ascii: "\n"),
        carriageReturn = UInt8(ascii: "\r"), quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

    // MARK: Structure

    /// Skips white space and returns the next byte without consuming it (nil at the end).
    mutating func peek() -> UInt8? {
        while index < bytes.count {
            let b = bytes[index]
            if b == Self.space || b == Self.tab || b == Self.carriageReturn {
                index += 1
            } else if b == Self.newline {
                index += 1
                line += 1
                lineStart = index
                continuationBytes = 0
            } else {
                return b
            }
        }
        return nil
    }

    /// Consumes `byte` after white space, or throws "expected …".
    mutating func expect(_ byte: UInt8, _ what: String) throws(JSONSyntaxError) {
        guard let b = peek() else { throw error("expected \(what) but the file ends") }
        guard b == byte else { throw unexpected(b, expected: what) }
        index += 1
    }

    /// After the last value: only white space may follow.
    mutating func expectEnd() throws(JSONSyntaxError) {
        if let b = peek() { throw unexpected(b, expected: "the end of the file") }
    }

    /// Starts reading an object's members; call ``nextKey(first:)`` for each.
    mutating func beginObject() throws(JSONSyntaxError) -> TextMark {
        _ = peek()
        let m = mark
        try expect(UInt8(ascii: "{"), "'{'")
        return m
    }

    /// The next member's key (with the `:` after it consumed), or nil when the object closes.
    mutating func nextKey(first: Bool) throws(JSONSyntaxError) -> DocScalar? {
        guard let b = peek() else { throw error("expected '}' but the file ends") }
        if b == UInt8(ascii: "}") {
            index += 1
            return nil
        }
        if !first {
            guard b == UInt8(ascii: ",") else { throw unexpected(b, expected: "',' or '}'") }
            index += 1
            guard let c = peek() else { throw error("expected a key but the file ends") }
            if c == UInt8(ascii: "}") { throw error("trailing ',' before '}'") }
        }
        guard let k = peek() else { throw error("expected a key but the file ends") }
        guard k == Self.quote else { throw unexpected(k, expected: "a key in double quotes") }
        let key = try parseString()
        try expect(UInt8(ascii: ":"), "':' after the key")
        return key
    }

    /// Starts reading an array's items; call ``nextItem(first:)`` before each.
    mutating func beginArray() throws(JSONSyntaxError) -> TextMark {
        _ = peek()
        let m = mark
        try expect(UInt8(ascii: "["), "'['")
        return m
    }

    /// Whether another item follows (consuming the `,` before it), false when the array closes.
    mutating func nextItem(first: Bool) throws(JSONSyntaxError) -> Bool {
        guard let b = peek() else { throw error("expected ']' but the file ends") }
        if b == UInt8(ascii: "]") {
            index += 1
            return false
        }
        if !first {
            guard b == UInt8(ascii: ",") else { throw unexpected(b, expected: "',' or ']'") }
            index += 1
            guard let c = peek() else { throw error("expected a value but the file ends") }
            if c == UInt8(ascii: "]") { throw error("trailing ',' before ']'") }
        }
        return true
    }

    // MARK: Values

    /// Parses one complete value.
    /// - Complexity: O(size of the value).
    mutating func parseValue(depth: Int = 0) throws(JSONSyntaxError) -> DocNode {
        guard let b = peek() else { throw error("expected a value but the file ends") }
        switch b {
        case Self.quote:
            var s = try parseString()
            s.kind = .jsonString
            return .scalar(s)
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            let m = try beginObject()
            var entries: [DocEntry] = []
            var first = true
            while let key = try nextKey(first: first) {
                first = false
                entries.append(DocEntry(key: key, value: try parseValue(depth: depth + 1)))
            }
            return .map(entries, m)
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            let m = try beginArray()
            var items: [DocNode] = []
            var first = true
            while try nextItem(first: first) {
                first = false
                items.append(try parseValue(depth: depth + 1))
            }
            return .list(items, m)
        case UInt8(ascii: "t"): return .scalar(try literal("true", .jsonBool))
        case UInt8(ascii: "f"): return .scalar(try literal("false", .jsonBool))
        case UInt8(ascii: "n"): return .scalar(try literal("null", .jsonNull))
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .scalar(try parseNumber())
        default: throw unexpected(b, expected: "a value")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: ScalarKind) throws(JSONSyntaxError) -> DocScalar {
        let m = mark
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + w.count <= bytes.count, (0..<w.count).allSatisfy({ bytes[index + $0] == w[$0] }) else {
            throw JSONSyntaxError(message: "expected a value (did you mean '\(word)'?)", mark: m)
        }
        index += w.count
        return DocScalar(text: "\(word)", kind: kind, mark: m)
    }

    private mutating func parseNumber() throws(JSONSyntaxError) -> DocScalar {
        let m = mark
        let start = index
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        guard digit(index) else { throw error("expected a digit") }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if digit(index) { throw error("a number may not start with 0") }
        } else {
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            guard digit(index) else { throw error("expected a digit after '.'") }
            while digit(index) { index += 1 }
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard digit(index) else { throw error("expected a digit in the exponent") }
            while digit(index) { index += 1 }
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        return DocScalar(text: text, kind: .jsonNumber, mark: m)
    }

    /// Parses a string at the current position (which must be `"`).
    /// - Complexity: O(length); strings without escapes are copied once.
    mutating func parseString() throws(JSONSyntaxError) -> DocScalar {
        let m = mark
        index += 1  // opening quote
        let start = index
        var nonASCII = false
        // Fast path: no escapes.
        while index < bytes.count {
            let b = bytes[index]
            if b == Self.quote {
                let slice = UnsafeBufferPointer(rebasing: bytes[start..<index])
                index += 1
                return DocScalar(text: try makeString(slice, nonASCII: nonASCII, at: m), kind: .string, mark: m)
            }
            if b == Self.backslash { break }
            if b < 0x20 { throw controlCharacter(b) }
            if b >= 0x80 {
                nonASCII = true
                if b & 0xC0 == 0x80 { continuationBytes += 1 }
            }
            index += 1
        }
        guard index < bytes.count else { throw JSONSyntaxError(message: "unterminated string", mark: m) }
        // Slow path: unescape into a buffer.
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == Self.quote {
                index += 1
                let text = try buffer.withUnsafeBufferPointer { (p) throws(JSONSyntaxError) -> String in
                    try makeString(p, nonASCII: nonASCII, at: m)
                }
                return DocScalar(text: text, kind: .string, mark: m)
            }
            if b < 0x20 { throw controlCharacter(b) }
            if b == Self.backslash {
                try unescape(into: &buffer, nonASCII: &nonASCII)
                continue
            }
            if b >= 0x80 {
                nonASCII = true
                if b & 0xC0 == 0x80 { continuationBytes += 1 }
            }
            buffer.append(b)
            index += 1
        }
        throw JSONSyntaxError(message: "unterminated string", mark: m)
    }

    private mutating func unescape(into buffer: inout [UInt8], nonASCII: inout Bool) throws(JSONSyntaxError) {
        guard index + 1 < bytes.count else { throw error("unterminated string") }
        let c = bytes[index + 1]
        index += 2
        switch c {
        case Self.quote, Self.backslash, UInt8(ascii: "/"): buffer.append(c)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"):
            index -= 2
            let escapeMark = mark
            index += 2
            var scalar = try hex4()
            if (0xD800...0xDBFF).contains(scalar) {
                guard index + 1 < bytes.count, bytes[index] == Self.backslash, bytes[index + 1] == UInt8(ascii: "u") else {
                    throw JSONSyntaxError(message: "lone surrogate in \\u escape", mark: escapeMark)
                }
                index += 2
                let low = try hex4()
                guard (0xDC00...0xDFFF).contains(low) else {
                    throw JSONSyntaxError(message: "lone surrogate in \\u escape", mark: escapeMark)
                }
                scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
            } else if (0xDC00...0xDFFF).contains(scalar) {
                throw JSONSyntaxError(message: "lone surrogate in \\u escape", mark: escapeMark)
            }
            guard let u = Unicode.Scalar(scalar) else {
                throw JSONSyntaxError(message: "invalid \\u escape", mark: escapeMark)
            }
            if scalar >= 0x80 { nonASCII = true }
            buffer.append(contentsOf: String(Character(u)).utf8)
        default:
            index -= 2
            throw error("invalid escape '\\\(Character(Unicode.Scalar(c)))'")
        }
    }

    private mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
        guard index + 4 <= bytes.count else { throw error("expected four hex digits after \\u") }
        var v: UInt32 = 0
        for _ in 0..<4 {
            let b = bytes[index]
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 97...102: d = b - 87
            case 65...70: d = b - 55
            default: throw error("expected four hex digits after \\u")
            }
            v = v << 4 | UInt32(d)
            index += 1
        }
        return v
    }

    private func makeString(_ p: UnsafeBufferPointer<UInt8>, nonASCII: Bool, at m: TextMark) throws(JSONSyntaxError) -> String {
        let s = String(decoding: p, as: UTF8.self)
        if !nonASCII { return s }
        // Decoding repairs ill-formed UTF-8 (with U+FFFD), so the text is valid exactly when
        // decoding kept every byte. (Cheaper than `String(validating:as:)`, which is generic.)
        var copy = s
        let unchanged = copy.withUTF8 { decoded in
            guard decoded.count == p.count, let a = decoded.baseAddress, let b = p.baseAddress else {
                return decoded.count == p.count
            }
            return memcmp(a, b, p.count) == 0
        }
        guard unchanged else { throw JSONSyntaxError(message: "the string is not valid UTF-8", mark: m) }
        return s
    }

    // MARK: Errors

    func error(_ message: String) -> JSONSyntaxError { JSONSyntaxError(message: message, mark: mark) }

    private func controlCharacter(_ b: UInt8) -> JSONSyntaxError {
        b == Self.newline ? error("unterminated string (a line break must be written \\n)")
            : error("control character U+\(String(b, radix: 16, uppercase: true)) in a string (escape it)")
    }

    private func unexpected(_ b: UInt8, expected: String) -> JSONSyntaxError {
        let shown = b >= 0x20 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16))"
        return error("expected \(expected) but found \(shown)")
    }
}
