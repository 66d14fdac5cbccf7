import Foundation
import ParleyCore

/// The check of a relation record read for both files of a comparison
/// (``RelationOmission/checked``), straight from the file's bytes.
///
/// Such a record is left out of the graph: decoding it only has to find its ends and type and
/// report what is wrong with it. Most records have one of a few plain shapes, which are
/// checked here in one pass over their bytes, without building a document tree or strings:
/// `"FROM TYPE TO"`, or a mapping of `rel`, `attributes` (scalar values), `valid_from`,
/// `valid_until`, `confidence` and `cite` (sources, or `{SOURCE: "quote"}`), with strings
/// without escapes. Anything else, and anything the full decoding would report (a bad date, an
/// unknown key, a missing entity, malformed JSON), is left to the full decoding: this check
/// accepts only records on which it reports nothing, and then records what it would.
extension SnapshotDecoder {
    /// Checks the record at `start` (its first byte) when this reader checks it for both
    /// files and it has one of the plain shapes; returns where it ends, after recording it in
    /// ``checkedRelations``. Nil when the record must be decoded in full (nothing is recorded).
    /// - Complexity: O(length of the record).
    mutating func quickCheck(at start: Int) -> Int? {
        guard entitiesComplete, tree.source.baseAddress != nil, let partner = checkedPartner(at: start) else { return nil }
        var cursor = QuickRecordCursor(bytes: tree.source, at: start)
        guard let parts = cursor.relationRecord(keys: &quickKeys) else { return nil }
        let source = tree.source
        let (from, to) = entityIDs.handles(
            forASCII: UnsafeBufferPointer(rebasing: source[parts.from]), UnsafeBufferPointer(rebasing: source[parts.to]))
        guard let from, let to else { return nil }
        let type = typeNames.name(UnsafeBufferPointer(rebasing: source[parts.type]))
        checkedRelations.append(CheckedRelation(partner: partner, from: from, type: type, to: to))
        return cursor.index
    }
}

/// A pass over one relation record's bytes that accepts only the plain shapes
/// (``SnapshotDecoder/quickCheck(at:)``): each method returns false (or nil) for anything
/// else, where it stands being then of no interest.
struct QuickRecordCursor {
    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var index: Int

    init(bytes: UnsafeBufferPointer<UInt8>, at index: Int) {
        self.bytes = bytes
        self.index = index
    }

    /// The words of the record's `FROM TYPE TO` text (ranges of the file), having passed the
    /// whole record; nil for any other shape or content.
    /// - Parameter keys: room for the attribute names of the record (emptied, then filled).
    mutating func relationRecord(keys: inout [Range<Int>]) -> (from: Range<Int>, type: Range<Int>, to: Range<Int>)? {
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "\"") {
            guard let text = string() else { return nil }
            return words(text)
        }
        guard bytes[index] == UInt8(ascii: "{") else { return nil }
        index += 1
        var seen: UInt8 = 0
        var rel: Range<Int>?
        guard peek() == UInt8(ascii: "\"") else { return nil }  // `{}` has no `rel`
        while true {
            guard peek() == UInt8(ascii: "\""), let key = string(), let field = Field(bytes, key), seen & field.rawValue == 0 else {
                return nil
            }
            seen |= field.rawValue
            guard peek() == UInt8(ascii: ":") else { return nil }
            index += 1
            guard let first = peek() else { return nil }
            switch field {
            case .rel:
                guard first == UInt8(ascii: "\""), let text = string() else { return nil }
                rel = text
            case .validFrom, .validUntil:
                guard first == UInt8(ascii: "\""), let text = string(), LocalDate(isoBytes: UnsafeBufferPointer(rebasing: bytes[text])) != nil else {
                    return nil
                }
            case .confidence:
                guard first == UInt8(ascii: "\""), let text = string(), Self.isConfidence(UnsafeBufferPointer(rebasing: bytes[text])) else {
                    return nil
                }
            case .attributes:
                guard first == UInt8(ascii: "{"), attributes(keys: &keys) else { return nil }
            case .cite:
                guard first == UInt8(ascii: "["), citations() else { return nil }
            default:
                return nil
            }
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                guard let rel else { return nil }
                return words(rel)
            default: return nil
            }
        }
    }

    /// The keys of a relation mapping the quick check knows, one bit each.
    struct Field: OptionSet {
        let rawValue: UInt8
        static let rel = Field(rawValue: 1)
        static let attributes = Field(rawValue: 2)
        static let validFrom = Field(rawValue: 4)
        static let validUntil = Field(rawValue: 8)
        static let confidence = Field(rawValue: 16)
        static let cite = Field(rawValue: 32)

        init(rawValue: UInt8) { self.rawValue = rawValue }

        /// The field a key spells; nil for any other key (`from`, `citations`, an unknown one).
        init?(_ bytes: UnsafeBufferPointer<UInt8>, _ key: Range<Int>) {
            let k = UnsafeBufferPointer(rebasing: bytes[key])
            if Self.spells(k, "rel") {
                self = .rel
            } else if Self.spells(k, "attributes") {
                self = .attributes
            } else if Self.spells(k, "valid_from") {
                self = .validFrom
            } else if Self.spells(k, "valid_until") {
                self = .validUntil
            } else if Self.spells(k, "confidence") {
                self = .confidence
            } else if Self.spells(k, "cite") {
                self = .cite
            } else {
                return nil
            }
        }

        static func spells(_ k: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
            k.count == word.utf8CodeUnitCount && memcmp(k.baseAddress!, word.utf8Start, k.count) == 0
        }
    }

    static func isConfidence(_ k: UnsafeBufferPointer<UInt8>) -> Bool {
        k.count > 0 && (Field.spells(k, "high") || Field.spells(k, "medium") || Field.spells(k, "low"))
    }

    /// Exactly three words of ASCII bytes, separated by spaces or tabs.
    private func words(_ text: Range<Int>) -> (from: Range<Int>, type: Range<Int>, to: Range<Int>)? {
        var found = (0..<0, 0..<0, 0..<0)
        var count = 0
        var start = -1
        func word(_ end: Int) {
            switch count {
            case 0: found.0 = start..<end
            case 1: found.1 = start..<end
            default: found.2 = start..<end
            }
            count += 1
        }
        let raw = UnsafeRawPointer(bytes.baseAddress!)
        var k = text.lowerBound
        while k < text.upperBound {
            // Eight bytes inside a word (ASCII, no space or tab) at once.
            if start >= 0, k + 8 <= text.upperBound, Self.isWordBytes(raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)) {
                k += 8
                continue
            }
            let b = bytes[k]
            guard b < 0x80 else { return nil }
            if b == UInt8(ascii: " ") || b == UInt8(ascii: "\t") {
                if start >= 0 {
                    guard count < 3 else { return nil }
                    word(k)
                    start = -1
                }
            } else if start < 0 {
                start = k
            }
            k += 1
        }
        if start >= 0 {
            guard count < 3 else { return nil }
            word(text.upperBound)
        }
        guard count == 3 else { return nil }
        return found
    }

    /// Whether eight bytes (as loaded from memory) are all ASCII and none a space or a tab.
    @inline(__always)
    static func isWordBytes(_ w: UInt64) -> Bool {
        (w & 0x8080_8080_8080_8080) | RelationRecords.byteMask(w, 0x20) | RelationRecords.byteMask(w, 0x09) == 0
    }

    /// An `attributes` mapping at `{`: keys of ASCII text, none twice, scalar values.
    private mutating func attributes(keys: inout [Range<Int>]) -> Bool {
        index += 1
        if peek() == UInt8(ascii: "}") {
            index += 1
            return true
        }
        keys.removeAll(keepingCapacity: true)
        while true {
            // ASCII keys: equal as strings exactly when their bytes are.
            guard peek() == UInt8(ascii: "\""), let key = string(), !bytes[key].contains(where: { $0 >= 0x80 }) else { return false }
            guard keys.count < 64 else { return false }
            for other in keys where other.count == key.count {
                if memcmp(bytes.baseAddress! + other.lowerBound, bytes.baseAddress! + key.lowerBound, key.count) == 0 { return false }
            }
            keys.append(key)
            guard peek() == UInt8(ascii: ":") else { return false }
            index += 1
            guard scalar() else { return false }
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "}"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// A `cite` list at `[`: source ids, or `{SOURCE: "quote"}` (or a null quote).
    private mutating func citations() -> Bool {
        index += 1
        if peek() == UInt8(ascii: "]") {
            index += 1
            return true
        }
        while true {
            switch peek() {
            case UInt8(ascii: "\""):
                guard string() != nil else { return false }
            case UInt8(ascii: "{"):
                index += 1
                guard peek() == UInt8(ascii: "\""), string() != nil, peek() == UInt8(ascii: ":") else { return false }
                index += 1
                switch peek() {
                case UInt8(ascii: "\""): guard string() != nil else { return false }
                case UInt8(ascii: "n"): guard literal("null") else { return false }
                default: return false
                }
                guard peek() == UInt8(ascii: "}") else { return false }
                index += 1
            default: return false
            }
            switch peek() {
            case UInt8(ascii: ","): index += 1
            case UInt8(ascii: "]"):
                index += 1
                return true
            default: return false
            }
        }
    }

    /// A string, number, `true`, `false` or `null`.
    private mutating func scalar() -> Bool {
        guard let first = peek() else { return false }
        switch first {
        case UInt8(ascii: "\""): return string() != nil
        case UInt8(ascii: "t"): return literal("true")
        case UInt8(ascii: "f"): return literal("false")
        case UInt8(ascii: "n"): return literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
        default: return false
        }
    }

    /// `word` followed by a byte that ends a token.
    private mutating func literal(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard index + n < bytes.count, memcmp(bytes.baseAddress! + index, word.utf8Start, n) == 0 else { return false }
        index += n
        return Self.endsToken(bytes[index])
    }

    /// A JSON number (the grammar the parser reads) followed by a byte that ends a token.
    private mutating func number() -> Bool {
        guard case .success(let end) = JSONDocumentParser.numberEnd(bytes, from: index) else { return false }
        index = end
        return index < bytes.count && Self.endsToken(bytes[index])
    }

    static func endsToken(_ b: UInt8) -> Bool {
        RelationRecords.isSpace(b) || b == UInt8(ascii: ",") || b == UInt8(ascii: "}") || b == UInt8(ascii: "]")
    }

    /// A string at `"` without escapes or control characters, of well-formed UTF-8: its
    /// content; the index is then past its closing quote.
    private mutating func string() -> Range<Int>? {
        index += 1
        let start = index
        while true {
            var continuations = 0  // not needed here
            index = JSONDocumentParser.plainTextEnd(bytes, from: index, continuations: &continuations)
            guard index < bytes.count else { return nil }
            let b = bytes[index]
            if b == UInt8(ascii: "\"") {
                index += 1
                return start..<index - 1
            }
            if b == UInt8(ascii: "\\") || b < 0x20 { return nil }
            if b < 0x80 {
                index += 1
            } else {
                index = JSONDocumentParser.twoByteRunsEnd(bytes, from: index)
                guard index < bytes.count, bytes[index] >= 0x80 else { continue }
                let n = JSONDocumentParser.utf8SequenceLength(bytes, at: index)
                guard n > 0 else { return nil }
                index += n
            }
        }
    }

    /// Skips white space; the next byte, or nil at the end.
    private mutating func peek() -> UInt8? {
        while index < bytes.count {
            let b = bytes[index]
            if RelationRecords.isSpace(b) { index += 1 } else { return b }
        }
        return nil
    }
}
