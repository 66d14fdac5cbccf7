import ParleyCore

/// Writes indented JSON straight into bytes, with no ``JSONValue`` tree in between: the same text
/// as `JSONValue.rendered(pretty: true)` (two spaces per level, `[]` and `{}` for empty
/// containers, strings escaped by `JSONValue.writeString`), for documents too large to build
/// as a tree first.
///
/// ```swift
/// var w = JSONWriter()
/// w.beginObject(); w.key("equal"); w.bool(true); w.endObject()
/// w.finish()   // {\n  "equal": true\n}\n
/// ```
///
/// A large array can be written in pieces on several threads: each piece is a ``fragment(depth:)``
/// writer whose elements all start with a comma, and ``array(ofPieces:parts:)`` places them in
/// a skeleton document.
struct JSONWriter: ~Copyable {
    /// The bytes written so far (`count` of `capacity`), owned by `storage`. Written through
    /// this pointer (no array uniqueness or capacity checks on every byte), and grown by
    /// doubling. Not copyable: a copy would write into the same buffer.
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// How many bytes are written.
    private(set) var count = 0
    private let storage: JSONBytes
    /// Elements written so far in each open container, innermost last.
    private var counts: [Int] = []
    /// A key was just written: the next value follows it on the same line.
    private var afterKey = false
    /// Where the skeleton's bytes not yet in a ``DocumentPart`` begin.
    private var skeletonStart = 0

    init(capacity: Int = 0) {
        self.capacity = max(capacity, 256)
        base = .allocate(capacity: self.capacity)
        storage = JSONBytes(base)
    }

    /// A writer for elements of an array with `depth` containers open around them, the array
    /// included (2 for an array that is a value of the top-level object), each element led by
    /// `,`: place such pieces with ``array(ofPieces:parts:)``.
    static func fragment(depth: Int, capacity: Int = 0) -> JSONWriter {
        var w = JSONWriter(capacity: capacity)
        w.counts = [Int](repeating: 1, count: depth)
        return w
    }

    /// The bytes written, handed over (the writer is done).
    consuming func written() -> JSONBytes {
        storage.count = count
        return storage
    }

    /// The bytes written, as an array (a copy).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    // MARK: Bytes

    @inline(__always)
    private mutating func append(_ b: UInt8) {
        if count == capacity { grow(1) }
        base[count] = b
        count += 1
    }

    @inline(__always)
    private mutating func append(_ p: UnsafeBufferPointer<UInt8>) {
        if capacity - count < p.count { grow(p.count) }
        if let from = p.baseAddress { (base + count).update(from: from, count: p.count) }
        count += p.count
    }

    /// Room for `n` more bytes: twice the capacity, or more when that is not enough.
    private mutating func grow(_ n: Int) {
        let bigger = max(2 * capacity, count + n)
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: bigger)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = bigger
        storage.base = fresh
    }

    // MARK: Containers

    mutating func beginObject() {
        prefix()
        append(UInt8(ascii: "{"))
        counts.append(0)
    }

    mutating func endObject() { close(UInt8(ascii: "}")) }

    mutating func beginArray() {
        prefix()
        append(UInt8(ascii: "["))
        counts.append(0)
    }

    mutating func endArray() { close(UInt8(ascii: "]")) }

    /// A part of a document written as a skeleton (this writer's bytes) with pieces written
    /// elsewhere in between, so that the pieces are never copied into one buffer.
    enum DocumentPart: Sendable {
        /// A range of the skeleton's bytes.
        case own(Range<Int>)
        /// A piece (a ``fragment(depth:)`` writer's bytes), without its leading comma when it
        /// is the first element of its array.
        case piece(Int, dropsComma: Bool)
    }

    /// An array made of pieces written by ``fragment(depth:)`` writers at this writer's depth
    /// + 1, which need not be written yet: `parts` gets the skeleton so far and a place for each
    /// piece that has elements (`isEmpty` tells those that have none; the first one's leading
    /// comma is dropped). Close the skeleton with ``finish(parts:)``.
    mutating func array(ofPieces pieces: [(id: Int, isEmpty: Bool)], parts: inout [DocumentPart]) {
        prefix()
        append(UInt8(ascii: "["))
        parts.append(.own(skeletonStart..<count))
        var first = true
        for p in pieces where !p.isEmpty {
            parts.append(.piece(p.id, dropsComma: first))
            first = false
        }
        skeletonStart = count
        if !first { newline(counts.count) }
        append(UInt8(ascii: "]"))
    }

    /// ``finish()`` for a skeleton: the rest of its bytes are the last part.
    consuming func finish(parts: inout [DocumentPart]) -> JSONBytes {
        append(UInt8(ascii: "\n"))
        parts.append(.own(skeletonStart..<count))
        return written()
    }

    private mutating func close(_ bracket: UInt8) {
        let n = counts.removeLast()
        if n > 0 { newline(counts.count) }
        append(bracket)
    }

    /// What goes before a value: nothing after a key, else the separator and indentation of a
    /// new array element.
    private mutating func prefix() {
        if afterKey {
            afterKey = false
            return
        }
        element()
    }

    private mutating func element() {
        guard let n = counts.last else { return }
        if n > 0 { append(UInt8(ascii: ",")) }
        counts[counts.count - 1] = n + 1
        newline(counts.count)
    }

    /// A line break and the indentation of `level` (two spaces each), the spaces stored eight
    /// at a time (up to seven more are stored past the end, within the capacity, and later
    /// written over).
    private mutating func newline(_ level: Int) {
        let n = 1 + 2 * level
        if capacity - count < n + 8 { grow(n + 8) }
        let to = UnsafeMutableRawPointer(base + count)
        to.storeBytes(of: UInt8(ascii: "\n"), as: UInt8.self)
        var i = 1
        while i < n {
            to.storeBytes(of: 0x2020_2020_2020_2020, toByteOffset: i, as: UInt64.self)
            i += 8
        }
        count += n
    }

    // MARK: Keys and scalars

    mutating func key(_ k: String) {
        element()
        writeString(k)
        append(UInt8(ascii: ":"))
        append(UInt8(ascii: " "))
        afterKey = true
    }

    /// A key written in the program, such as `"kind"` (plain text that needs no escape):
    /// its bytes are copied as they are, never checked.
    mutating func field(_ name: StaticString) {
        element()
        quoted(name, asKey: true)
        afterKey = true
    }

    /// `s` in quotes, followed by `: ` when `asKey`: text written in the program (a field name,
    /// a change kind) that needs no escape, its bytes copied as they are.
    private mutating func quoted(_ s: StaticString, asKey: Bool) {
        let n = s.utf8CodeUnitCount
        assert(!JSONValue.mayNeedEscape(UnsafeBufferPointer(start: s.utf8Start, count: n)), "text written in the program needs no escape")
        let total = n + (asKey ? 4 : 2)
        if capacity - count < total { grow(total) }
        let to = base + count
        to[0] = UInt8(ascii: "\"")
        (to + 1).update(from: s.utf8Start, count: n)
        to[n + 1] = UInt8(ascii: "\"")
        if asKey {
            to[n + 2] = UInt8(ascii: ":")
            to[n + 3] = UInt8(ascii: " ")
        }
        count += total
    }

    mutating func null() {
        prefix()
        raw("null")
    }

    mutating func bool(_ b: Bool) {
        prefix()
        raw(b ? "true" : "false")
    }

    mutating func int(_ i: Int) {
        prefix()
        raw(String(i))
    }

    /// A finite float in its shortest round-tripping form (JSON has no NaN: those are written `null`).
    mutating func float(_ f: Double) {
        prefix()
        raw(f.isFinite ? Value.formatFloat(f) : "null")
    }

    mutating func string(_ s: String) {
        prefix()
        writeString(s)
    }

    /// A string written in the program, such as `"relation.added"` (plain text that needs no
    /// escape): its bytes are copied as they are, never checked.
    mutating func plain(_ s: StaticString) {
        prefix()
        quoted(s, asKey: false)
    }

    mutating func string(_ s: String?) {
        if let s { string(s) } else { null() }
    }

    /// A date as the string `"YYYY-MM-DD"` (what `LocalDate.description` gives), written digit
    /// by digit.
    mutating func date(_ d: LocalDate) {
        prefix()
        append(UInt8(ascii: "\""))
        digits(d.year, 4)
        append(UInt8(ascii: "-"))
        digits(d.month, 2)
        append(UInt8(ascii: "-"))
        digits(d.day, 2)
        append(UInt8(ascii: "\""))
    }

    /// `n` (0 or more; a date's fields always are) with leading zeros to `width` digits.
    private mutating func digits(_ n: Int, _ width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        while divisor * 10 <= n { divisor *= 10 }
        var rest = n
        while divisor > 0 {
            append(UInt8(ascii: "0") + UInt8(rest / divisor))
            rest %= divisor
            divisor /= 10
        }
    }

    /// A date, or null.
    mutating func date(_ d: LocalDate?) {
        if let d { date(d) } else { null() }
    }

    /// A whole ``JSONValue`` at the current position.
    mutating func value(_ v: JSONValue) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .float(let f): float(f)
        case .string(let s): string(s)
        case .array(let items):
            beginArray()
            for item in items { value(item) }
            endArray()
        case .object(let pairs):
            beginObject()
            for (k, item) in pairs {
                key(k)
                value(item)
            }
            endObject()
        }
    }

    private mutating func raw(_ s: String) {
        var s = s
        let n = s.utf8.count
        if capacity - count < n { grow(n) }
        let to = base + count
        s.withUTF8 { utf8 in
            if let from = utf8.baseAddress { to.update(from: from, count: utf8.count) }
        }
        count += n
    }

    /// A string, quoted and escaped as `JSONValue.writeString` does it.
    private mutating func writeString(_ s: String) {
        let n = s.utf8.count
        if capacity - count < n + 2 { grow(n + 2) }
        let to = base + count
        // Most strings need no escape: copied whole. (0xE2 starts U+2028 and U+2029.) Their
        // bytes are read in place (a string that has none contiguous, rare, takes the slow path).
        let plain = s.utf8.withContiguousStorageIfAvailable { utf8 in
            guard !JSONValue.mayNeedEscape(utf8) else { return false }
            to[0] = UInt8(ascii: "\"")
            if let from = utf8.baseAddress { (to + 1).update(from: from, count: utf8.count) }
            to[1 + utf8.count] = UInt8(ascii: "\"")
            return true
        }
        if plain == true {
            count += n + 2
            return
        }
        var escaped: [UInt8] = []
        JSONValue.writeString(s, to: &escaped)
        for b in escaped { append(b) }
    }

    /// The document's bytes with the final newline.
    mutating func finish() -> [UInt8] {
        append(UInt8(ascii: "\n"))
        return bytes
    }
}

/// Bytes a ``JSONWriter`` wrote, handed over whole (read only from then on).
final class JSONBytes: @unchecked Sendable {
    // Set by the one writer that owns it; read only once it is handed over.
    fileprivate var base: UnsafeMutablePointer<UInt8>
    fileprivate(set) var count = 0

    fileprivate init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }

    deinit { base.deallocate() }

    /// Calls `body` with the bytes in `range` (which must lie within the written bytes).
    func withBytes<R, E: Error>(_ range: Range<Int>, _ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "a range of the written bytes")
        return try body(UnsafeRawBufferPointer(start: base + range.lowerBound, count: range.count))
    }

    /// The bytes, as an array (a copy).
    var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }
}
