import Foundation
import ParleyCore

/// The relation records of JSON snapshots as byte ranges of their files, and the records two
/// files hold in the same text.
///
/// Comparing two snapshots need not build the relations both hold unchanged: a record written
/// alike in both files decodes to the same relation on both sides. `parley diff` finds those
/// records here, before reading, and hands each reader a ``RelationOmission``: each shared
/// record is decoded and checked in one of the two files (dealt so that both readers have
/// about the same work), skipped unread in the other, and left out of both graphs.
///
/// ```swift
/// let plan = a.withUnsafeBufferPointer { x in b.withUnsafeBufferPointer { y in RelationRecords.plan(x, y) } }
/// plan?.first.checked.count   // records old.json decodes for both files
/// ```
public enum RelationRecords {
    /// The byte ranges of the elements of the top-level `relations` list of a JSON snapshot,
    /// in file order (each range starts at the element's first byte, `{` or `"`, and ends after
    /// its last).
    ///
    /// Only the structure is scanned, not checked: the reader reports what is wrong with a
    /// file. Returns nil when the text is not a JSON object with plain keys (a key written with
    /// an escape, a truncated file, a stray byte between values), so that a caller falls back
    /// to reading everything. A `relations` key given twice counts once, as the reader reads it.
    /// - Complexity: O(bytes).
    public static func ranges(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>]? {
        var scan = Scanner(bytes)
        return scan.relationRecords()?.ranges
    }

    /// Which relation records two JSON snapshots share, and who reads them.
    ///
    /// Two records are shared when their text is the same once the white space between JSON
    /// tokens is set aside (`{"rel": "x DEMANDS y"}` and `{"rel":"x DEMANDS y"}`; inside
    /// strings every byte counts); records pair one to one (a text written twice in `a` and
    /// once in `b` pairs once). A shared record whose type (the middle word of `rel`, or
    /// `type`) `keepsType` accepts, or whose type cannot be told without decoding (escapes),
    /// is read in both files as usual. Every other shared record is checked by one side, the
    /// pairs dealt so that both readers have about as much to do (the bytes of the records
    /// they check, and twice those of the rest of their files less the records they skip, which
    /// are mostly decoded in full), and skipped by the other.
    ///
    /// Returns nil when either file is not a JSON snapshot as ``ranges(in:)`` reads it.
    /// - Complexity: O(bytes of both files) expected; the two files are scanned at once.
    public static func plan(
        _ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, keepsType: @Sendable (String) -> Bool = { _ in false }
    ) -> (first: RelationOmission, second: RelationOmission)? {
        nonisolated(unsafe) let (x, y) = (a, b)
        // Both files scanned at once; which of B's records are kept in both files (a type whose
        // summaries read it) is decided while pairing, for the paired records only.
        let (found, other) = Parallel.both({ Records(x) }, { Records(y) })
        guard let ra = found, let rb = other else { return nil }
        // Records are paired in two halves by the top bit of their hash, one on each core.
        let matched = withoutActuallyEscaping(keepsType) { keeps in
            Parallel.map(2) { half in RelationRecords.pair(x, ra, y, rb, KeptTypes(y, keeps), half: UInt64(half)) }
        }
        // Each reader's work besides the shared records: its file less its copies of them,
        // mostly records it decodes in full, which cost about twice what checking as many bytes
        // of a shared record does: each half of the pairs is dealt from the whole of that work,
        // so that it counts double and both readers end with about as much to do (callgrind,
        // 10k/50k pair: the readers' instructions went from 478M/450M to 463M/464M).
        let baseA = a.count - matched.reduce(0) { $0 + $1.bytesA }
        let baseB = b.count - matched.reduce(0) { $0 + $1.bytesB }
        // Each record's part, by index: -1 not shared, k >= 0 checked here (its copy is the
        // other file's record k), -2 - k skipped here (record k of the other file checks it).
        var partsA = [Int32](repeating: -1, count: ra.count), partsB = [Int32](repeating: -1, count: rb.count)
        partsA.withUnsafeMutableBufferPointer { pa in
            partsB.withUnsafeMutableBufferPointer { pb in
                nonisolated(unsafe) let (inA, inB) = (pa, pb)  // the halves' pairs are disjoint
                _ = Parallel.map(2) { half in
                    RelationRecords.deal(matched[half].pairs, ra, rb, loads: (baseA, baseB), inA, inB)
                }
            }
        }
        // Read back in file order: the omissions come out sorted, with no sort.
        let (p, q) = (partsA, partsB)
        return Parallel.both({ RelationOmission(parts: p, ranges: ra.ranges, partners: rb.ranges) },
                             { RelationOmission(parts: q, ranges: rb.ranges, partners: ra.ranges) })
    }

    /// Which of B's records are kept in both files: those whose type (as written) `keepsType`
    /// accepts, or cannot be told without decoding. Decided once per spelling.
    struct KeptTypes {
        let b: UnsafeBufferPointer<UInt8>
        let keepsType: @Sendable (String) -> Bool
        /// The spellings met so far (a handful), each with its length and first eight bytes.
        private var known: [(type: Range<Int>, head: UInt64, kept: Bool)] = []

        init(_ b: UnsafeBufferPointer<UInt8>, _ keepsType: @escaping @Sendable (String) -> Bool) {
            self.b = b
            self.keepsType = keepsType
        }

        mutating func isKept(_ spot: TypeSpot?) -> Bool {
            guard let type = spot?.type(in: b), let base = b.baseAddress else { return true }
            let head = RelationRecords.head(base + type.lowerBound, count: type.count)
            for k in known where k.head == head && k.type.count == type.count {
                if type.count <= 8 || memcmp(base + k.type.lowerBound + 8, base + type.lowerBound + 8, type.count - 8) == 0 { return k.kept }
            }
            let k = keepsType(String(decoding: UnsafeBufferPointer(rebasing: b[type]), as: UTF8.self))
            if known.count < 256 { known.append((type, head, k)) }
            return k
        }
    }

    /// The shared records of one half: each pair's record indices in A and B, and the bytes
    /// of the pairs' copies in each file.
    struct Matches: Sendable {
        var pairs: [(a: Int32, b: Int32)] = []
        var bytesA = 0
        var bytesB = 0
    }

    /// Pairs the records whose hash has `half` as its top bit (records kept in both files
    /// aside), each of B's with the first unpaired record of A with the same text.
    private static func pair(
        _ a: UnsafeBufferPointer<UInt8>, _ ra: Records, _ b: UnsafeBufferPointer<UInt8>, _ rb: Records, _ keptB: KeptTypes,
        half: UInt64
    ) -> Matches {
        // A's records by hash in an open-addressing table: the first index of each hash, the
        // rest chained.
        var capacity = 16
        while capacity < ra.count { capacity <<= 1 }  // about twice the records of one half
        let mask = capacity - 1
        var keys = [UInt64](repeating: 0, count: capacity)
        var heads = [Int32](repeating: -1, count: capacity)
        var next = [Int32](repeating: -1, count: ra.count)
        func slot(_ h: UInt64) -> Int {
            var k = Int(truncatingIfNeeded: h) & mask
            while heads[k] >= 0, keys[k] != h { k = (k + 1) & mask }
            return k
        }
        for i in stride(from: ra.count - 1, through: 0, by: -1) where ra.hashes[i] >> 63 == half && ra.shareable[i] {
            let k = slot(ra.hashes[i])
            next[i] = heads[k]
            keys[k] = ra.hashes[i]
            heads[k] = Int32(i)
        }
        var used = [Bool](repeating: false, count: ra.count)
        var kept = keptB
        var out = Matches()
        out.pairs.reserveCapacity(rb.count / 2)
        for j in 0..<rb.count where rb.hashes[j] >> 63 == half && rb.shareable[j] {
            var i = heads[slot(rb.hashes[j])]
            while i >= 0 {
                let k = Int(i)
                if !used[k], ra.same(k, rb, j) {
                    used[k] = true
                    if !kept.isKept(rb.types[j]) {
                        out.pairs.append((i, Int32(j)))
                        out.bytesA += ra.ranges[k].count
                        out.bytesB += rb.ranges[j].count
                    }
                    break
                }
                i = next[k]
            }
        }
        return out
    }

    /// Deals shared records to the two readers: each pair is checked by the reader with the
    /// less work so far (starting from `loads`, its other work) and skipped by the other; the
    /// outcome goes to each record's place in `partsA` and `partsB` (see ``plan(_:_:keepsType:)``).
    private static func deal(
        _ pairs: [(a: Int32, b: Int32)], _ ra: Records, _ rb: Records, loads: (Int, Int),
        _ partsA: UnsafeMutableBufferPointer<Int32>, _ partsB: UnsafeMutableBufferPointer<Int32>
    ) {
        var (loadA, loadB) = loads
        for (i, j) in pairs {
            if loadA <= loadB {
                partsA[Int(i)] = j
                partsB[Int(j)] = -2 - i
                loadA += ra.ranges[Int(i)].count
            } else {
                partsB[Int(j)] = i
                partsA[Int(i)] = -2 - j
                loadB += rb.ranges[Int(j)].count
            }
        }
    }

    /// Where the byte at `offset` stands: its line and column (columns count Unicode scalars,
    /// as the readers' do, for JSON and YAML alike).
    /// - Complexity: O(offset).
    public static func location(of offset: Int, in bytes: UnsafeBufferPointer<UInt8>, file: String) -> SourceLocation {
        var line = 1, column = 1
        for i in 0..<min(offset, bytes.count) {
            let b = bytes[i]
            if b == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if b & 0xC0 != 0x80 {
                column += 1
            }
        }
        return SourceLocation(file: file, line: line, column: column)
    }

    /// Where a record's type is written (read only for the records of one file, and only
    /// when needed).
    struct TypeSpot: Sendable {
        var text: Range<Int>
        /// True for a `rel` text (`FROM TYPE TO`), false for the value of `type`.
        var isRel: Bool

        /// The type's bytes: the middle of exactly three words separated by spaces or tabs, or
        /// the whole value; nil when it holds an escape or is not three words.
        func type(in bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
            guard let base = bytes.baseAddress else { return nil }
            if !isRel { return memchr(base + text.lowerBound, Int32(UInt8(ascii: "\\")), text.count) == nil ? text : nil }
            var count = 0
            var middle = 0..<0
            var start = -1
            var k = text.lowerBound
            let raw = UnsafeRawPointer(base)
            while k < text.upperBound {
                // Eight bytes without a space, a tab or a backslash at once.
                if k + 8 <= text.upperBound, TypeSpot.separatorOrEscapeMask(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) == 0 {
                    if start < 0 { start = k }
                    k += 8
                    continue
                }
                let end = min(k + 8, text.upperBound)
                while k < end {
                    let b = base[k]
                    if b == UInt8(ascii: "\\") { return nil }
                    if b == 0x20 || b == 0x09 {
                        if start >= 0 {
                            if count == 1 { middle = start..<k }
                            count += 1
                            start = -1
                        }
                    } else if start < 0 {
                        start = k
                    }
                    k += 1
                }
            }
            if start >= 0 {
                if count == 1 { middle = start..<text.upperBound }
                count += 1
            }
            return count == 3 ? middle : nil
        }

        /// Non-zero when one of the eight bytes of `w` is a space, a tab or a backslash.
        @inline(__always)
        static func separatorOrEscapeMask(_ w: UInt64) -> UInt64 {
            RelationRecords.byteMask(w, 0x20) | RelationRecords.byteMask(w, 0x09) | RelationRecords.byteMask(w, UInt8(ascii: "\\"))
        }
    }

    /// The first eight bytes at `p` (fewer when `count` is under 8, the rest zero) as one word.
    @inline(__always)
    static func head(_ p: UnsafePointer<UInt8>, count: Int) -> UInt64 {
        if count >= 8 { return UnsafeRawPointer(p).loadUnaligned(as: UInt64.self) }
        var w: UInt64 = 0
        withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: p, byteCount: count) }
        return w
    }

    /// One file's record ranges, a hash of each record's text, and where its type is written.
    struct Records: Sendable {
        var ranges: [Range<Int>] = []
        var hashes: [UInt64] = []
        /// False for a record with white space between two bytes of one token's kind (`tr ue`,
        /// `1 2`): invalid JSON that dropping the white space would make valid, so it is never
        /// taken as the same as another record.
        var shareable: [Bool] = []
        /// Where each record's type is written: a `rel` text (or the record itself as a
        /// string) whose middle word it is, or the value of `type`; nil when it cannot be told.
        var types: [TypeSpot?] = []
        /// Each record's text without the white space between tokens, one after the other:
        /// record k's is `texts[textStarts[k]..<textStarts[k + 1]]`.
        var texts = CompactTexts()
        var textStarts: [Int] = [0]
        var count: Int { ranges.count }

        /// Whether records `k` here and `l` of `other` hold the same text once the white space
        /// between tokens is set aside (inside strings every byte counts).
        /// - Complexity: O(length of the records).
        func same(_ k: Int, _ other: Records, _ l: Int) -> Bool {
            let (x, y) = (textStarts[k], other.textStarts[l])
            let n = textStarts[k + 1] - x
            return n == other.textStarts[l + 1] - y && memcmp(texts.base + x, other.texts.base + y, n) == 0
        }

        init?(_ bytes: UnsafeBufferPointer<UInt8>) {
            var scan = Scanner(bytes)
            guard let r = scan.relationRecords() else { return nil }
            self = r
        }

        init() {}
    }

    /// The high bit of each byte of `w` that is `"` or `\` (exact for the first such byte).
    @inline(__always)
    static func quoteOrBackslashMask(_ w: UInt64) -> UInt64 {
        byteMask(w, UInt8(ascii: "\"")) | byteMask(w, UInt8(ascii: "\\"))
    }

    /// The high bit of each byte of `w` equal to `b`: exact for the lowest such byte; a byte
    /// above it may be marked too (the subtraction's borrow), never one below.
    @inline(__always)
    static func byteMask(_ w: UInt64, _ b: UInt8) -> UInt64 {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let x = w ^ (ones &* UInt64(b))
        return (x &- ones) & ~x & 0x8080_8080_8080_8080
    }

    @inline(__always)
    static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 }

    /// A 64-bit hash of the bytes fed to it, one at a time or eight at a time alike (not for
    /// adversaries: records with equal hashes are compared with ``same(_:_:_:_:)``).
    struct Hasher64 {
        // Two states mixed in turns (each word into the older one), so that the multiplies of
        // consecutive words do not wait on each other.
        private var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        private var g: UInt64 = 0xC2B2_AE3D_27D4_EB4F
        /// Bytes not mixed in yet, the first in the highest byte used.
        private var word: UInt64 = 0
        private var filled = 0

        @inline(__always)
        mutating func add(_ b: UInt8) {
            word = word << 8 | UInt64(b)
            filled += 1
            if filled == 8 {
                mix(word)
                word = 0
                filled = 0
            }
        }

        /// The eight bytes of `w` as loaded from memory (little-endian), first byte first.
        @inline(__always)
        mutating func add(word w: UInt64) {
            let ordered = w.byteSwapped  // the first byte on top, as `add(_:)` builds a word
            if filled == 0 {
                mix(ordered)
                return
            }
            let f = UInt64(filled * 8)
            mix(word << (64 - f) | ordered >> f)
            word = ordered & ((1 << f) - 1)
        }

        /// The first `n` bytes (1 to 7) of `w` as loaded from memory, first byte first.
        @inline(__always)
        mutating func add(partial w: UInt64, count n: Int) {
            let ordered = w.byteSwapped >> UInt64(64 - 8 * n)  // the n bytes, first on top
            if filled + n < 8 {
                word = word << UInt64(8 * n) | ordered
                filled += n
                return
            }
            let take = 8 - filled, rest = n - take
            mix(word << UInt64(8 * take) | ordered >> UInt64(8 * rest))
            word = ordered & ((1 << UInt64(8 * rest)) &- 1)
            filled = rest
        }

        @inline(__always)
        private mutating func mix(_ w: UInt64) {
            let t = (h ^ w).multipliedFullWidth(by: 0xA076_1D64_78BD_642F).low ^ (h >> 29)
            h = g
            g = (t << 31) | (t >> 33)
        }

        mutating func finish() -> UInt64 {
            mix(word ^ UInt64(filled) << 56)
            let f = (h ^ (g << 23 | g >> 41) ^ 0xE703_7ED1_A0B4_28DB).multipliedFullWidth(by: 0xE703_7ED1_A0B4_28DB).low
            return f ^ (f >> 32)
        }
    }

    /// Where a scan writes the text it passes (white space between tokens left out).
    private protocol ScanText {
        mutating func append(_ b: UInt8)
        /// The first `count` (1 to 8) of the bytes of `w` as loaded from memory.
        mutating func append(word w: UInt64, count: Int)
    }

    /// Text that is only passed over.
    private struct DroppedText: ScanText {
        @inline(__always) mutating func append(_ b: UInt8) {}
        @inline(__always) mutating func append(word w: UInt64, count: Int) {}
    }

    /// The texts of a file's records, white space between tokens left out, one after the
    /// other in one buffer (a record's text is hashed at its end eight bytes at a time, and
    /// pairing compares two records' texts with one `memcmp`). Written once by the scan, then
    /// only read, from any thread.
    final class CompactTexts: @unchecked Sendable {
        private(set) var base: UnsafeMutableRawPointer
        private var capacity: Int
        /// Whether ``base`` is mapped on its own (``LargeBuffer``).
        private var mapped: Bool
        private(set) var count = 0

        /// Room for `capacity` bytes (a file's relation texts take at most its size): pages
        /// never written are never touched.
        init(capacity: Int = 1024) {
            self.capacity = max(capacity, 64)
            (base, mapped) = LargeBuffer.allocate(self.capacity)
        }

        deinit { LargeBuffer.deallocate(base, capacity, mapped: mapped) }

        /// The writing end, for a scan (a struct: its fields stay in registers).
        struct Writer: ScanText {
            var base: UnsafeMutableRawPointer
            var capacity: Int
            var mapped: Bool
            var count: Int
            /// Where the record being written starts.
            var start = 0

            @inline(__always)
            mutating func append(_ b: UInt8) {
                if count + 8 > capacity { grow() }
                base.storeBytes(of: b, toByteOffset: count, as: UInt8.self)
                count += 1
            }

            @inline(__always)
            mutating func append(word w: UInt64, count n: Int) {
                if count + 8 > capacity { grow() }
                base.storeBytes(of: w, toByteOffset: count, as: UInt64.self)  // the bytes past `n` are overwritten next
                count += n
            }

            private mutating func grow() {
                let (bigger, biggerMapped) = LargeBuffer.allocate(capacity * 2)
                bigger.copyMemory(from: base, byteCount: count)
                LargeBuffer.deallocate(base, capacity, mapped: mapped)
                mapped = biggerMapped
                base = bigger
                capacity *= 2
            }

            /// ``Hasher64`` of the record's text (since `start`): what feeding it the bytes one
            /// at a time gives.
            func hash() -> UInt64 {
                var hasher = Hasher64()
                var k = start
                while k + 8 <= count {
                    hasher.add(word: base.loadUnaligned(fromByteOffset: k, as: UInt64.self))
                    k += 8
                }
                if k < count {
                    var w: UInt64 = 0
                    withUnsafeMutableBytes(of: &w) { $0.baseAddress!.copyMemory(from: base + k, byteCount: count - k) }
                    hasher.add(partial: w, count: count - k)
                }
                return hasher.finish()
            }
        }

        /// Hands the buffer to a writer (this object holds nothing until ``keep(_:)``).
        func write() -> Writer { Writer(base: base, capacity: capacity, mapped: mapped, count: count) }

        /// Takes back the buffer of the writer made by ``write()``.
        func keep(_ w: Writer) {
            (base, capacity, mapped, count) = (w.base, w.capacity, w.mapped, w.count)
        }
    }

    /// A structural scan of a JSON text: white space, strings, nesting; nothing is decoded.
    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0
        /// Set when white space inside the record being scanned stands between two bytes that
        /// are neither structural nor quotes (see ``Records/shareable``).
        var splitsToken = false

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            self.bytes = bytes
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3 }
        }

        mutating func relationRecords() -> Records? {
            guard peek() == UInt8(ascii: "{") else { return nil }
            i += 1
            var out = Records()
            var seen = false  // the reader reads the first `relations` only
            if peek() == UInt8(ascii: "}") {
                i += 1
                return peek() == nil ? out : nil
            }
            while true {
                guard peek() == UInt8(ascii: "\""), let key = plainKey() else { return nil }
                guard peek() == UInt8(ascii: ":") else { return nil }
                i += 1
                if !seen, key == "relations", peek() == UInt8(ascii: "[") {
                    guard listItems(into: &out) else { return nil }
                    seen = true
                } else {
                    if key == "relations" { seen = true }
                    var ignored = DroppedText()
                    guard peek() != nil, skipValue(into: &ignored) else { return nil }
                }
                switch peek() {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "}"):
                    i += 1
                    return peek() == nil ? out : nil
                default: return nil
                }
            }
        }

        /// Reads a key at `i` (its opening quote); nil for a key with an escape or an
        /// unterminated one.
        private mutating func plainKey() -> Substring? {
            guard let r = plainString() else { return nil }
            return Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[r]), as: UTF8.self))
        }

        /// The content of a string without escapes at `i` (its opening quote), which is
        /// skipped; nil, and `i` unmoved, for one with an escape or an unterminated one.
        private mutating func plainString() -> Range<Int>? {
            let start = i + 1
            var j = start
            while j < bytes.count, bytes[j] != UInt8(ascii: "\"") {
                if bytes[j] == UInt8(ascii: "\\") { return nil }
                j += 1
            }
            guard j < bytes.count else { return nil }
            i = j + 1
            return start..<j
        }

        /// The list's items with their hashes and types; `i` is at `[`.
        private mutating func listItems(into out: inout Records) -> Bool {
            i += 1
            let guess = bytes.count / 200
            out.ranges.reserveCapacity(guess)
            out.hashes.reserveCapacity(guess)
            out.shareable.reserveCapacity(guess)
            out.types.reserveCapacity(guess)
            if peek() == UInt8(ascii: "]") {
                i += 1
                return true
            }
            // Each record's text without the white space between tokens, kept, and hashed at
            // its end.
            out.texts = CompactTexts(capacity: bytes.count - i + 16)
            var text = out.texts.write()
            defer { out.texts.keep(text) }
            out.textStarts.reserveCapacity(guess + 1)
            while true {
                guard peek() != nil else { return false }
                let start = i
                text.start = text.count
                var type: TypeSpot?
                splitsToken = false
                guard record(into: &text, type: &type) else { return false }
                out.ranges.append(start..<i)
                out.hashes.append(text.hash())
                out.textStarts.append(text.count)
                out.types.append(type)
                out.shareable.append(!splitsToken)
                switch peek() {
                case UInt8(ascii: ","): i += 1
                case UInt8(ascii: "]"):
                    i += 1
                    return true
                default: return false
                }
            }
        }

        /// Skips one relation record, writing its text to `text` and finding where its type is
        /// written: the middle word of a bare string or of `rel`, or the value of `type`.
        private mutating func record(into text: inout CompactTexts.Writer, type: inout TypeSpot?) -> Bool {
            switch bytes[i] {
            case UInt8(ascii: "\""):
                let start = i + 1
                guard skipString(into: &text) else { return false }
                type = TypeSpot(text: start..<i - 1, isRel: true)
                return true
            case UInt8(ascii: "{"):
                text.append(bytes[i])
                i += 1
                var rel: Range<Int>?, typeValue: Range<Int>?, repeated = false
                if peek() == UInt8(ascii: "}") {
                    text.append(bytes[i])
                    i += 1
                    return true
                }
                while true {
                    guard peek() == UInt8(ascii: "\"") else { return false }
                    let keyStart = i + 1
                    guard skipString(into: &text) else { return false }
                    let key = keyStart..<i - 1
                    guard peek() == UInt8(ascii: ":") else { return false }
                    text.append(bytes[i])
                    i += 1
                    guard let b = peek() else { return false }
                    let valueStart = i + 1
                    guard skipValue(into: &text) else { return false }
                    if b == UInt8(ascii: "\"") {
                        if spells(key, "rel") {
                            repeated = repeated || rel != nil
                            rel = valueStart..<i - 1
                        } else if spells(key, "type") {
                            repeated = repeated || typeValue != nil
                            typeValue = valueStart..<i - 1
                        }
                    } else if spells(key, "rel") || spells(key, "type") {
                        repeated = true  // not a string: the reader will say so
                    }
                    switch peek() {
                    case UInt8(ascii: ","):
                        text.append(bytes[i])
                        i += 1
                    case UInt8(ascii: "}"):
                        text.append(bytes[i])
                        i += 1
                        // Both forms, or a key twice: left to the reader (kept in both files).
                        if !repeated, (rel == nil) != (typeValue == nil) {
                            type = rel.map { TypeSpot(text: $0, isRel: true) } ?? typeValue.map { TypeSpot(text: $0, isRel: false) }
                        }
                        return true
                    default: return false
                    }
                }
            default:
                return skipValue(into: &text)
            }
        }

        private func spells(_ r: Range<Int>, _ word: StaticString) -> Bool {
            r.count == word.utf8CodeUnitCount && (0..<r.count).allSatisfy { bytes[r.lowerBound + $0] == word.utf8Start[$0] }
        }

        /// A byte of a number or literal token: not white space, structure or a quote.
        @inline(__always)
        static func isTokenByte(_ b: UInt8) -> Bool {
            switch b {
            case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "["), UInt8(ascii: "]"),
                UInt8(ascii: ","), UInt8(ascii: ":"), UInt8(ascii: "\""):
                return false
            default: return true
            }
        }

        /// Skips white space; the next byte, or nil at the end.
        private mutating func peek() -> UInt8? {
            while i < bytes.count {
                let b = bytes[i]
                if RelationRecords.isSpace(b) { i += 1 } else { return b }
            }
            return nil
        }

        /// Skips one value starting at `i`, writing its bytes to `text` except white space
        /// between tokens; false when the text ends inside it.
        private mutating func skipValue<T: ScanText>(into text: inout T) -> Bool {
            var depth = 0
            repeat {
                guard i < bytes.count else { return false }
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "\""):
                    guard skipString(into: &text) else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    text.append(b)
                    depth += 1
                    i += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    guard depth > 0 else { return false }
                    text.append(b)
                    depth -= 1
                    i += 1
                case 0x20, 0x0A, 0x0D, 0x09:
                    if depth == 0 { return false }
                    let before = bytes[i - 1]
                    while i < bytes.count, RelationRecords.isSpace(bytes[i]) { i += 1 }
                    if i < bytes.count, Scanner.isTokenByte(before), Scanner.isTokenByte(bytes[i]) { splitsToken = true }
                default:
                    if depth == 0 {
                        // A number or a literal: up to the next delimiter.
                        let start = i
                        while i < bytes.count {
                            let c = bytes[i]
                            if c == UInt8(ascii: ",") || c == UInt8(ascii: "}") || c == UInt8(ascii: "]") || RelationRecords.isSpace(c) { break }
                            text.append(c)
                            i += 1
                        }
                        return i > start
                    }
                    text.append(b)
                    i += 1
                }
            } while depth > 0
            return true
        }

        /// Skips a string, writing every byte to `text`; `i` is at its opening quote. Runs
        /// without a quote or a backslash are taken eight bytes at a time.
        private mutating func skipString<T: ScanText>(into text: inout T) -> Bool {
            let n = bytes.count
            let raw = UnsafeRawPointer(bytes.baseAddress!)
            var j = i
            // The first word holds the opening quote: its own bit is cleared.
            var skipFirst: UInt64 = 0x80
            while j + 8 <= n {
                let w = raw.loadUnaligned(fromByteOffset: j, as: UInt64.self)
                let m = RelationRecords.quoteOrBackslashMask(w) & ~skipFirst
                skipFirst = 0
                if m == 0 {
                    text.append(word: w, count: 8)
                    j += 8
                    continue
                }
                let k = m.trailingZeroBitCount / 8
                if raw.load(fromByteOffset: j + k, as: UInt8.self) == UInt8(ascii: "\"") {
                    // Up to the closing quote, in one store.
                    text.append(word: w, count: k + 1)
                    i = j + k + 1
                    return true
                }
                // A backslash: the byte it escapes goes with it.
                if k < 7 {
                    text.append(word: w, count: k + 2)
                    j += k + 2
                } else {
                    text.append(word: w, count: 8)
                    j += 8
                    guard j < n else { return false }
                    text.append(bytes[j])
                    j += 1
                }
            }
            // The last bytes of the text, one at a time.
            if skipFirst != 0 {
                text.append(bytes[j])
                j += 1
            }
            while j < n {
                let b = bytes[j]
                text.append(b)
                j += 1
                if b == UInt8(ascii: "\"") {
                    i = j
                    return true
                }
                if b == UInt8(ascii: "\\") {
                    guard j < n else { return false }
                    text.append(bytes[j])
                    j += 1
                }
            }
            return false
        }
    }
}

/// How a JSON reader treats the relation records it shares with another file
/// (``RelationRecords/plan(_:_:keepsType:)``): records it skips unread, and records it decodes
/// and checks for both files but leaves out of its graph. The ranges and starts are those the
/// plan found in the file read (a range that is not a record's makes the reader report a
/// syntax error where it ends).
public struct RelationOmission: Sendable, Hashable {
    /// A record this side checks for both: where it starts here and where its copy starts in
    /// the other file.
    public struct Checked: Sendable, Hashable {
        public var start: Int
        public var partner: Int
    }

    /// Records to skip unread (the other file checks their copies), by start.
    public var skipped: [Range<Int>] = []
    /// Records to decode and check but leave out of the graph, by start.
    public var checked: [Checked] = []

    public init(skipped: [Range<Int>] = [], checked: [Checked] = []) {
        self.skipped = skipped
        self.checked = checked
    }

    /// From each record's part (by index, in file order; see ``RelationRecords/plan(_:_:keepsType:)``):
    /// `ranges` are this file's records, `partners` the other file's.
    init(parts: [Int32], ranges: [Range<Int>], partners: [Range<Int>]) {
        for (k, part) in parts.enumerated() where part != -1 {
            if part >= 0 {
                checked.append(Checked(start: ranges[k].lowerBound, partner: partners[Int(part)].lowerBound))
            } else {
                skipped.append(ranges[k])
            }
        }
    }
}
