import ParleyCore

/// A 1-based line and column (counted in Unicode scalars) inside a snapshot file.
struct TextMark: Sendable, Hashable {
    var line: Int32
    var column: Int32

    init(line: Int, column: Int) {
        self.line = Int32(truncatingIfNeeded: line)
        self.column = Int32(truncatingIfNeeded: column)
    }

    /// The same line, `n` scalars further right.
    func advanced(by n: Int) -> TextMark { TextMark(line: Int(line), column: Int(column) + n) }

    func location(in file: String) -> SourceLocation {
        SourceLocation(file: file, line: Int(line), column: Int(column))
    }
}

/// How a scalar was written, which decides what typed value it stands for.
enum ScalarKind: UInt8, Sendable {
    /// A YAML plain (unquoted, untagged) scalar: resolved by YAML's rules (`12` is an integer,
    /// `yes` a boolean, `2025-11-24` a date, `~` null).
    case plain
    /// A YAML quoted or block scalar, or one tagged `!!str`: always a string.
    case string
    /// A JSON string: a string, except that an attribute value of the form `YYYY-MM-DD` naming a
    /// real day is a date (JSON has no date type).
    case jsonString
    /// A JSON number literal.
    case jsonNumber
    /// JSON `true` or `false`.
    case jsonBool
    /// JSON `null`.
    case jsonNull
}

/// A scalar of a YAML or JSON document: its text as written (after unescaping), how it was
/// written, and where.
struct DocScalar: Sendable {
    var text: String
    var kind: ScalarKind
    var mark: TextMark
    /// For quoted scalars, the number of characters before the text starts (1 for the quote),
    /// so that a position inside the text can be reported.
    var contentOffset: Int { kind == .plain || kind == .jsonNumber || kind == .jsonBool ? 0 : 1 }

    /// Whether the scalar stands for null (`~`, `null`, an empty plain scalar, JSON `null`).
    var isNull: Bool {
        switch kind {
        case .jsonNull: true
        case .plain: YAMLScalarResolution.isNull(text)
        default: false
        }
    }

    /// The typed value the scalar stands for.
    /// - Complexity: O(length of the text).
    var value: Value {
        switch kind {
        case .plain: YAMLScalarResolution.resolve(text)
        case .string: .string(text)
        case .jsonString:
            if text.utf8.count == 10, let d = LocalDate(iso: text) { .date(d) } else { .string(text) }
        case .jsonNumber: JSONNumber.value(of: text)
        case .jsonBool: .bool(text == "true")
        case .jsonNull: .null
        }
    }
}

/// A parsed YAML or JSON node with positions: what the snapshot decoder reads. Readers build it
/// one section element at a time so that a large file never exists twice in memory.
enum DocNode: Sendable {
    case scalar(DocScalar)
    case list([DocNode], TextMark)
    case map([DocEntry], TextMark)

    var mark: TextMark {
        switch self {
        case .scalar(let s): s.mark
        case .list(_, let m), .map(_, let m): m
        }
    }

    var scalar: DocScalar? { if case .scalar(let s) = self { s } else { nil } }

    /// Whether the node is a null scalar (an empty value in YAML, `null` in JSON).
    var isNull: Bool { scalar?.isNull ?? false }

    /// A word for the node's shape in error messages: "a list", "a mapping", "a string" …
    var shapeDescription: String {
        switch self {
        case .scalar(let s):
            if s.isNull { "empty" } else if s.value.typeName == "integer" { "an integer" } else { "a \(s.value.typeName)" }
        case .list: "a list"
        case .map: "a mapping"
        }
    }

    /// The plain typed value of the node: scalars resolved, lists and maps recursively.
    var value: Value {
        switch self {
        case .scalar(let s): s.value
        case .list(let items, _): .list(items.map(\.value))
        case .map(let entries, _):
            .map(Dictionary(entries.map { ($0.key.text, $0.value.value) }, uniquingKeysWith: { _, last in last }))
        }
    }
}

/// One `key: value` pair of a mapping.
struct DocEntry: Sendable {
    var key: DocScalar
    var value: DocNode
}

/// Conversion of JSON number literals.
enum JSONNumber {
    /// An integer when the literal has no fraction or exponent and fits, else a float.
    static func value(of text: String) -> Value {
        var isInteger = true
        for b in text.utf8 where b == UInt8(ascii: ".") || b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            isInteger = false
            break
        }
        if isInteger, let i = Int(text) { return .int(i) }
        return .float(Double(text) ?? .nan)
    }
}
