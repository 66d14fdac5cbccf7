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
    /// UTF-8 continuation bytes seen on the current line before `index`, besides those of
    /// ``uncounted``.
    private var continuationBytes = 0
    /// A stretch of the current line passed by ``skip(to:)`` whose continuation bytes are not
    /// counted yet: they are counted only if a position on that line is asked for (a snapshot
    /// written one record a line never asks: the next newline drops them uncounted).
    private var uncounted = 0..<0
    /// Deepest nesting accepted; deeper input is reported rather than overflowing the stack.
    static let maximumDepth = 512

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        // A UTF-8 byte-order mark is allowed before the text.
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    /// The position of the next byte.
    var mark: TextMark {
        let pending = uncounted.isEmpty ? 0 : Self.continuationBytes(in: bytes, uncounted)
        return TextMark(line: line, column: index - lineStart - continuationBytes - pending + 1)
    }

    /// ``mark``, counting what ``uncounted`` holds once for the positions that follow on its line.
    @inline(__always)
    private mutating func here() -> TextMark {
        if !uncounted.isEmpty {
            continuationBytes += Self.continuationBytes(in: bytes, uncounted)
            uncounted = 0..<0
        }
        return TextMark(line: line, column: index - lineStart - continuationBytes + 1)
    }

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
                uncounted = 0..<0
            } else {
                return b
            }
        }
        return nil
    }

    /// Moves to `end` without reading what lies between (a value already scanned), keeping
    /// line and column right for what follows.
    /// - Complexity: O(end - index), with memchr; the column's count of UTF-8 continuation
    ///   bytes on the last line is left until a position on that line is asked for.
    mutating func skip(to end: Int) {
        let stop = min(end, bytes.count)
        guard let base = bytes.baseAddress, index < stop else { return }
        // Lines: newlines found with memchr; the column then counts from the last one.
        var from = index
        while from < stop, let hit = memchr(base + from, Int32(Self.newline), stop - from) {
            let at = UnsafePointer<UInt8>(hit.assumingMemoryBound(to: UInt8.self)) - base
            line += 1
            lineStart = at + 1
            continuationBytes = 0
            uncounted = 0..<0
            from = at + 1
        }
        let rest = max(from, index)..<stop
        if uncounted.isEmpty {
            uncounted = rest
        } else if uncounted.upperBound == rest.lowerBound {
            uncounted = uncounted.lowerBound..<rest.upperBound
        } else {
            continuationBytes += Self.continuationBytes(in: bytes, uncounted)
            uncounted = rest
        }
        index = stop
    }

    /// The UTF-8 continuation bytes (10xxxxxx) of `range`, eight at a time.
    private static func continuationBytes(in bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = bytes.baseAddress, !range.isEmpty else { return 0 }
        let raw = UnsafeRawPointer(base)
        var count = 0
        var i = range.lowerBound
        // Each word's continuation bytes as ones in its eight lanes, added up lane by lane for
        // up to 255 words at a time, then the lanes summed (no popcount instruction needed).
        while i + 8 <= range.upperBound {
            var lanes: UInt64 = 0
            var words = 0
            while words < 255, i + 8 <= range.upperBound {
                let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                lanes &+= (w & ~(w << 1) & 0x8080_8080_8080_8080) >> 7
                i += 8
                words += 1
            }
            let pairs = (lanes & 0x00FF_00FF_00FF_00FF) &+ (lanes >> 8 & 0x00FF_00FF_00FF_00FF)
            count += Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
        }
        while i < range.upperBound {
            if bytes[i] & 0xC0 == 0x80 { count += 1 }
            i += 1
        }
        return count
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
        let m = here()
        try expect(UInt8(ascii: "{"), "'{'")
        return m
    }

    /// The next member's key (with the `:` after it consumed), appended to `tree` as a
    /// string scalar, or nil when the object closes.
    mutating func nextKey(first: Bool, into tree: inout DocTree) throws(JSONSyntaxError) -> DocNode? {
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
        let key = try parseString(into: &tree, kind: .string)
        try expect(UInt8(ascii: ":"), "':' after the key")
        return key
    }

    /// Starts reading an array's items; call ``nextItem(first:)`` before each.
    mutating func beginArray() throws(JSONSyntaxError) -> TextMark {
        _ = peek()
        let m = here()
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

    /// Parses one complete value and appends its nodes to `tree`.
    /// - Complexity: O(size of the value); no allocation once the tree has room.
    @discardableResult
    mutating func parseValue(into tree: inout DocTree, depth: Int = 0) throws(JSONSyntaxError) -> DocNode {
        guard let b = peek() else { throw error("expected a value but the file ends") }
        switch b {
        case Self.quote:
            return try parseString(into: &tree, kind: .jsonString)
        case UInt8(ascii: "{"):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            let node = tree.open(.map, mark: try beginObject())
            var count = 0
            while try nextKey(first: count == 0, into: &tree) != nil {
                count += 1
                try parseValue(into: &tree, depth: depth + 1)
            }
            tree.close(node, count: count)
            return node
        case UInt8(ascii: "["):
            guard depth < Self.maximumDepth else { throw error("nesting deeper than \(Self.maximumDepth) levels") }
            let node = tree.open(.list, mark: try beginArray())
            var count = 0
            while try nextItem(first: count == 0) {
                count += 1
                try parseValue(into: &tree, depth: depth + 1)
            }
            tree.close(node, count: count)
            return node
        case UInt8(ascii: "t"): return try literal("true", .jsonBool, into: &tree)
        case UInt8(ascii: "f"): return try literal("false", .jsonBool, into: &tree)
        case UInt8(ascii: "n"): return try literal("null", .jsonNull, into: &tree)
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber(into: &tree)
        default: throw unexpected(b, expected: "a value")
        }
    }

    private mutating func literal(_ word: StaticString, _ kind: ScalarKind, into tree: inout DocTree) throws(JSONSyntaxError) -> DocNode {
        let m = here()
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard index + w.count <= bytes.count, (0..<w.count).allSatisfy({ bytes[index + $0] == w[$0] }) else {
            throw JSONSyntaxError(message: "expected a value (did you mean '\(word)'?)", mark: m)
        }
        let node = tree.appendScalar(start: index, length: w.count, kind: kind, mark: m)
        index += w.count
        return node
    }

    private mutating func parseNumber(into tree: inout DocTree) throws(JSONSyntaxError) -> DocNode {
        let m = here()
        let start = index
        switch Self.numberEnd(bytes, from: index) {
        case .success(let end):
            index = end
            return tree.appendScalar(start: start, length: index - start, kind: .jsonNumber, mark: m)
        case .failure(let problem):
            index = problem.at
            throw error(problem.message)
        }
    }

    /// Why a number is malformed, and where.
    struct NumberProblem: Error {
        var message: String
        var at: Int
    }

    /// Where the JSON number that starts at `from` ends (`-`? then `0` or digits, an optional
    /// fraction and exponent), or what is wrong with it and where.
    static func numberEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Result<Int, NumberProblem> {
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 48 && bytes[i] <= 57 }
        var i = from
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { return .failure(NumberProblem(message: "expected a digit", at: i)) }
        if bytes[i] == UInt8(ascii: "0") {
            i += 1
            if digit(i) { return .failure(NumberProblem(message: "a number may not start with 0", at: i)) }
        } else {
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { return .failure(NumberProblem(message: "expected a digit after '.'", at: i)) }
            while digit(i) { i += 1 }
        }
        if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            i += 1
            if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard digit(i) else { return .failure(NumberProblem(message: "expected a digit in the exponent", at: i)) }
            while digit(i) { i += 1 }
        }
        return .success(i)
    }

    /// Parses a string at the current position (which must be `"`) and appends it to `tree`.
    ///
    /// The text must be well-formed UTF-8, checked while scanning: a string without escapes
    /// becomes a byte range of the file, with no copy; one with escapes is unescaped into a
    /// string of its own.
    /// - Complexity: O(length).
    mutating func parseString(into tree: inout DocTree, kind: ScalarKind) throws(JSONSyntaxError) -> DocNode {
        let m = here()
        index += 1  // opening quote
        let start = index
        var validUTF8 = true
        // Fast path: no escapes.
        while index < bytes.count {
            skipPlainASCII()
            guard index < bytes.count else { break }
            let b = bytes[index]
            if b == Self.quote {
                guard validUTF8 else { throw JSONSyntaxError(message: "the string is not valid UTF-8", mark: m) }
                let node = tree.appendScalar(start: start, length: index - start, kind: kind, mark: m)
                index += 1
                return node
            }
            if b == Self.backslash { break }
            if b < 0x20 { throw controlCharacter(b) }
            if b >= 0x80 {
                let from = index
                skipTwoByteRuns()
                if index == from { scanNonASCII(&validUTF8) }
            } else {
                index += 1
            }
        }
        guard index < bytes.count else { throw JSONSyntaxError(message: "unterminated string", mark: m) }
        // Slow path: unescape into a buffer. Escapes always produce whole UTF-8 sequences, so
        // the text is valid exactly when every run of raw bytes between them is.
        var buffer = [UInt8](UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let b = bytes[index]
            if b == Self.quote {
                index += 1
                guard validUTF8 else { throw JSONSyntaxError(message: "the string is not valid UTF-8", mark: m) }
                return tree.appendScalar(String(decoding: buffer, as: UTF8.self), kind: kind, mark: m)
            }
            if b < 0x20 { throw controlCharacter(b) }
            if b == Self.backslash {
                try unescape(into: &buffer)
                continue
            }
            if b >= 0x80 {
                let from = index
                scanNonASCII(&validUTF8)
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<index]))
            } else {
                buffer.append(b)
                index += 1
            }
        }
        throw JSONSyntaxError(message: "unterminated string", mark: m)
    }

    /// Steps over plain string text (ASCII bytes other than a quote, backslash or control
    /// character, and whole two-byte UTF-8 sequences, mixed) eight bytes at a time, counting
    /// its continuation bytes; the byte loop handles what stops it.
    @inline(__always)
    private mutating func skipPlainASCII() {
        index = Self.plainTextEnd(bytes, from: index, continuations: &continuationBytes)
    }

    /// Where the run of plain string text that starts at `from` stops, taken eight bytes at a
    /// time: each word must be plain ASCII bytes (no quote, backslash or control character)
    /// and well-formed two-byte UTF-8 sequences (lead C2 to DF, then a continuation byte)
    /// mixed, every sequence whole inside the word. Stops at the first word that is not (or
    /// the last whole word); the byte loop handles what stops it. Adds the continuation bytes
    /// passed to `continuations`.
    /// - Complexity: O(bytes passed), about 25 instructions a word.
    @inline(__always)
    static func plainTextEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, continuations: inout Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        var i = from
        while i + 8 <= bytes.count {
            let w = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
            guard let n = plainTextContinuations(w) else { return i }
            continuations += n
            i += 8
        }
        return i
    }

    /// For eight bytes (as loaded from memory) of plain string text as ``plainTextEnd(_:from:continuations:)``
    /// takes them, the number of continuation bytes among them; nil for any other word.
    @inline(__always)
    static func plainTextContinuations(_ w: UInt64) -> Int? {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let quote = w ^ (ones &* 0x22), backslash = w ^ (ones &* 0x5C)
        // The high bit of a byte that is a quote, a backslash or below 0x20 (a byte above one
        // of those may be marked too, by the borrow: the word is refused either way).
        let special = (((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash) | ((w &- ones &* 0x20) & ~w)) & high
        guard special == 0 else { return nil }
        let top = w & high
        if top == 0 { return 0 }
        // Leads 110xxxxx and continuations 10xxxxxx, marked on each byte's high bit.
        let leads = w & (w << 1) & ~(w << 2) & high
        let conts = w & ~(w << 1) & high
        // Every high byte a lead or a continuation, each continuation just after a lead (the
        // next byte up), no lead in the last byte, and no lead C0 or C1 (overlong: none of
        // the bits 0x1E set).
        guard top == leads | conts, conts == leads << 8, leads & 0x8000_0000_0000_0000 == 0 else { return nil }
        let notOverlong = ((w & 0x1E1E_1E1E_1E1E_1E1E) &+ 0x7F7F_7F7F_7F7F_7F7F) & high
        guard leads & ~notOverlong == 0 else { return nil }
        return Int(truncatingIfNeeded: ((conts >> 7) &* ones) >> 56)
    }

    /// The length of the well-formed UTF-8 sequence at `i` (a byte of 0x80 or more; Unicode's
    /// table 3-7), or 0.
    static func utf8SequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int) -> Int {
        func cont(_ k: Int, _ low: UInt8 = 0x80, _ high: UInt8 = 0xBF) -> Bool {
            k < bytes.count && bytes[k] >= low && bytes[k] <= high
        }
        switch bytes[i] {
        case 0xC2...0xDF: return cont(i + 1) ? 2 : 0
        case 0xE0: return cont(i + 1, 0xA0) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF: return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED: return cont(i + 1, 0x80, 0x9F) && cont(i + 2) ? 3 : 0
        case 0xF0: return cont(i + 1, 0x90) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3: return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4: return cont(i + 1, 0x80, 0x8F) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default: return 0
        }
    }

    /// Steps over well-formed two-byte UTF-8 sequences (Latin, Greek, Cyrillic, …) four at a
    /// time, counting their continuation bytes; what stops it is left to the byte loop.
    @inline(__always)
    private mutating func skipTwoByteRuns() {
        let end = Self.twoByteRunsEnd(bytes, from: index)
        continuationBytes += (end - index) / 2
        index = end
    }

    /// Where the well-formed two-byte UTF-8 sequences that start at `from` stop, taken four
    /// at a time (eight bytes): at the first word that is not four of them.
    @inline(__always)
    static func twoByteRunsEnd(_ bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        guard let base = bytes.baseAddress else { return from }
        var i = from
        while i + 8 <= bytes.count, isFourTwoByteSequences(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)) { i += 8 }
        return i
    }

    /// Whether eight bytes (as loaded from memory) are four well-formed two-byte UTF-8
    /// sequences: each a lead byte C2 to DF, then a continuation byte 80 to BF.
    @inline(__always)
    static func isFourTwoByteSequences(_ w: UInt64) -> Bool {
        // Leads 110xxxxx and continuations 10xxxxxx; a lead of C0 or C1 (overlong) has
        // none of the bits 0x1E set, so a lane's leads plus 0x7FFF reach bit 15 exactly when
        // it is C2 or more.
        guard w & 0xC0E0_C0E0_C0E0_C0E0 == 0x80C0_80C0_80C0_80C0 else { return false }
        return ((w & 0x001E_001E_001E_001E) &+ 0x7FFF_7FFF_7FFF_7FFF) & 0x8000_8000_8000_8000 == 0x8000_8000_8000_8000
    }

    /// Steps over the UTF-8 sequence that starts at `index` (a byte of 0x80 or more): the whole
    /// sequence when it is well-formed (Unicode's table 3-7), else one byte, clearing `valid`.
    /// Counts continuation bytes for columns either way.
    private mutating func scanNonASCII(_ valid: inout Bool) {
        let b = bytes[index]
        let length = Self.utf8SequenceLength(bytes, at: index)
        if length == 0 {
            valid = false
            if b & 0xC0 == 0x80 { continuationBytes += 1 }
            index += 1
        } else {
            continuationBytes += length - 1
            index += length
        }
    }

    private mutating func unescape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
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
            let escapeMark = here()
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
