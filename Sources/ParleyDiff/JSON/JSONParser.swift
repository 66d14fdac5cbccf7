import ParleyCore

/// A strict JSON reader (RFC 8259) that keeps object key order and tells integers from floats,
/// and reports errors at `file:line:col`.
struct JSONParser {
    private let bytes: [UInt8]
    private var i = 0
    private var line = 1
    private var lineStart = 0
    private let file: String
    /// Deeper nesting is refused rather than risking the stack on hostile input.
    private let maxDepth = 512
    /// Where each value starts, by its path (`$.entities.add[3].id`), for error messages.
    private(set) var locations: [String: SourceLocation] = [:]
    private var path: [String] = ["$"]

    init(_ text: String, file: String) {
        self.bytes = Array(text.utf8)
        self.file = file
    }

    /// Parses a whole document and where each of its values starts.
    /// - Throws: ``Diagnostic`` with the position of the problem.
    static func parse(_ text: String, file: String) throws(Diagnostic) -> (JSONValue, [String: SourceLocation]) {
        var p = JSONParser(text, file: file)
        p.skipSpace()
        let v = try p.value(depth: 0)
        p.skipSpace()
        if p.i < p.bytes.count { throw p.error("unexpected text after the JSON document") }
        return (v, p.locations)
    }

    var location: SourceLocation { SourceLocation(file: file, line: line, column: i - lineStart + 1) }

    private func error(_ message: String) -> Diagnostic { .error(message, at: location) }

    private mutating func skipSpace() {
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

    private mutating func value(depth: Int) throws(Diagnostic) -> JSONValue {
        guard depth < maxDepth else { throw error("nesting deeper than \(maxDepth) levels") }
        guard i < bytes.count else { throw error("unexpected end of input, expected a value") }
        locations[path.joined()] = location
        switch bytes[i] {
        case UInt8(ascii: "{"):
            i += 1
            var pairs: [(String, JSONValue)] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") { i += 1; return .object(pairs) }
            while true {
                skipSpace()
                guard i < bytes.count else { throw error("unexpected end of input, expected a key") }
                guard bytes[i] == UInt8(ascii: "\"") else { throw error("expected a key in quotes") }
                let k = try string()
                skipSpace()
                try expect(UInt8(ascii: ":"), "':' after a key")
                skipSpace()
                path.append("." + k)
                pairs.append((k, try value(depth: depth + 1)))
                path.removeLast()
                skipSpace()
                if try endOrComma(UInt8(ascii: "}")) { return .object(pairs) }
            }
        case UInt8(ascii: "["):
            i += 1
            var items: [JSONValue] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") { i += 1; return .array(items) }
            while true {
                skipSpace()
                path.append("[\(items.count)]")
                items.append(try value(depth: depth + 1))
                path.removeLast()
                skipSpace()
                if try endOrComma(UInt8(ascii: "]")) { return .array(items) }
            }
        case UInt8(ascii: "\""): return .string(try string())
        case UInt8(ascii: "t"): try word("true"); return .bool(true)
        case UInt8(ascii: "f"): try word("false"); return .bool(false)
        case UInt8(ascii: "n"): try word("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
        default: throw error("unexpected character '\(Character(Unicode.Scalar(bytes[i])))', expected a value")
        }
    }

    private mutating func endOrComma(_ close: UInt8) throws(Diagnostic) -> Bool {
        guard i < bytes.count else { throw error("unexpected end of input, expected ',' or '\(Character(Unicode.Scalar(close)))'") }
        if bytes[i] == close { i += 1; return true }
        if bytes[i] == UInt8(ascii: ",") { i += 1; return false }
        throw error("expected ',' or '\(Character(Unicode.Scalar(close)))'")
    }

    private mutating func expect(_ b: UInt8, _ what: String) throws(Diagnostic) {
        guard i < bytes.count, bytes[i] == b else { throw error("expected \(what)") }
        i += 1
    }

    private mutating func word(_ w: String) throws(Diagnostic) {
        for b in w.utf8 {
            guard i < bytes.count, bytes[i] == b else { throw error("expected '\(w)'") }
            i += 1
        }
    }

    private mutating func number() throws(Diagnostic) -> JSONValue {
        let start = i
        var isFloat = false
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard i < bytes.count, (48...57).contains(bytes[i]) else { throw error("expected a digit") }
        if bytes[i] == 48, i + 1 < bytes.count, (48...57).contains(bytes[i + 1]) {
            throw error("a number may not start with 0")
        }
        while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            isFloat = true
            i += 1
            guard i < bytes.count, (48...57).contains(bytes[i]) else { throw error("expected a digit after '.'") }
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isFloat = true
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard i < bytes.count, (48...57).contains(bytes[i]) else { throw error("expected a digit in the exponent") }
            while i < bytes.count, (48...57).contains(bytes[i]) { i += 1 }
        }
        let text = String(decoding: bytes[start..<i], as: UTF8.self)
        if !isFloat, let n = Int(text) { return .int(n) }
        guard let f = Double(text) else { throw error("number '\(text)' is out of range") }
        return .float(f)
    }

    private mutating func string() throws(Diagnostic) -> String {
        i += 1  // opening quote
        var scalars = String.UnicodeScalarView()
        var runStart = i
        func flush(_ s: inout String.UnicodeScalarView, _ from: Int, _ to: Int, _ bytes: [UInt8]) {
            if to > from { s.append(contentsOf: String(decoding: bytes[from..<to], as: UTF8.self).unicodeScalars) }
        }
        while true {
            guard i < bytes.count else { throw error("unterminated string") }
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                flush(&scalars, runStart, i, bytes)
                i += 1
                return String(scalars)
            }
            if b < 0x20 { throw error("control character in a string (escape it)") }
            if b != UInt8(ascii: "\\") { i += 1; continue }
            flush(&scalars, runStart, i, bytes)
            i += 1
            guard i < bytes.count else { throw error("unterminated escape") }
            let e = bytes[i]
            i += 1
            switch e {
            case UInt8(ascii: "\""): scalars.append("\"")
            case UInt8(ascii: "\\"): scalars.append("\\")
            case UInt8(ascii: "/"): scalars.append("/")
            case UInt8(ascii: "b"): scalars.append("\u{08}")
            case UInt8(ascii: "f"): scalars.append("\u{0C}")
            case UInt8(ascii: "n"): scalars.append("\n")
            case UInt8(ascii: "r"): scalars.append("\r")
            case UInt8(ascii: "t"): scalars.append("\t")
            case UInt8(ascii: "u"):
                var code = try hex4()
                if (0xD800...0xDBFF).contains(code) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                        throw error("lone high surrogate in \\u escape")
                    }
                    i += 2
                    let low = try hex4()
                    guard (0xDC00...0xDFFF).contains(low) else { throw error("bad low surrogate in \\u escape") }
                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                }
                guard let u = Unicode.Scalar(code) else { throw error("\\u escape is not a character") }
                scalars.append(u)
            default: throw error("unknown escape '\\\(Character(Unicode.Scalar(e)))'")
            }
            runStart = i
        }
    }

    private mutating func hex4() throws(Diagnostic) -> UInt32 {
        var v: UInt32 = 0
        for _ in 0..<4 {
            guard i < bytes.count else { throw error("short \\u escape") }
            let b = bytes[i]
            let d: UInt32
            switch b {
            case 48...57: d = UInt32(b - 48)
            case 65...70: d = UInt32(b - 55)
            case 97...102: d = UInt32(b - 87)
            default: throw error("bad hex digit in \\u escape")
            }
            v = v * 16 + d
            i += 1
        }
        return v
    }
}
