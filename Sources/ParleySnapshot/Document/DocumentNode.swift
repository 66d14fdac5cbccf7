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

    /// For quoted scalars, the number of characters before the text starts (1 for the quote),
    /// so that a position inside the text can be reported.
    var contentOffset: Int { self == .plain || self == .jsonNumber || self == .jsonBool ? 0 : 1 }
}

/// A node of a ``DocTree``: its index in the tree's node array.
struct DocNode: Sendable, Hashable {
    var index: Int
}

/// One `key: value` pair of a mapping: the key is a scalar node and its value the node after it.
struct DocEntry: Sendable {
    var key: DocNode
    var value: DocNode { DocNode(index: key.index + 1) }
}

/// The shape of a node.
enum DocShape: UInt8, Sendable {
    case scalar, list, map
}

/// One section element of a YAML or JSON document (or a whole small section), with positions,
/// as a flat array of nodes in document order: what the snapshot decoder reads.
///
/// A list or mapping node is followed by its children (a mapping's by key, value, key, value …);
/// each node knows where its subtree ends, so children are walked without pointers. Scalar texts
/// are not copied: a JSON scalar is a byte range of the file (checked UTF-8), and only texts that
/// differ from their bytes (escaped JSON strings, YAML scalars) are kept as strings. Readers
/// reuse one tree for every element, so that decoding a large file allocates no tree nodes.
struct DocTree {
    struct Node {
        /// Where the text starts in ``source`` (when `length >= 0`), else its index in ``strings``.
        var start: Int
        /// Byte length of the text in ``source``, or -1 when the text is in ``strings``.
        var length: Int32
        /// The index just past the node's subtree.
        var end: Int32
        var mark: TextMark
        var shape: DocShape
        var kind: ScalarKind
        /// The number of items (lists) or entries (mappings).
        var count: Int32
    }

    private(set) var nodes: [Node] = []
    private(set) var strings: [String] = []
    /// The bytes that source slices point into (a JSON file), valid while the tree is read.
    let source: UnsafeBufferPointer<UInt8>

    init(source: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0)) {
        self.source = source
    }

    /// Forgets every node, keeping the storage for the next element.
    mutating func removeAll() {
        nodes.removeAll(keepingCapacity: true)
        if !strings.isEmpty { strings.removeAll(keepingCapacity: true) }
    }

    var isEmpty: Bool { nodes.isEmpty }

    // MARK: Building

    /// Appends a scalar whose text is `source[start..<start + length]`.
    mutating func appendScalar(start: Int, length: Int, kind: ScalarKind, mark: TextMark) -> DocNode {
        // A text too long for the node's length field is kept as a string instead.
        guard length <= Int(Int32.max) else {
            let text = String(decoding: UnsafeBufferPointer(rebasing: source[start..<start + length]), as: UTF8.self)
            return appendScalar(text, kind: kind, mark: mark)
        }
        let i = nodes.count
        nodes.append(Node(start: start, length: Int32(truncatingIfNeeded: length), end: Int32(truncatingIfNeeded: i + 1),
                          mark: mark, shape: .scalar, kind: kind, count: 0))
        return DocNode(index: i)
    }

    /// Appends a scalar with a text of its own.
    mutating func appendScalar(_ text: String, kind: ScalarKind, mark: TextMark) -> DocNode {
        let i = nodes.count
        strings.append(text)
        nodes.append(Node(start: strings.count - 1, length: -1, end: Int32(truncatingIfNeeded: i + 1), mark: mark,
                          shape: .scalar, kind: kind, count: 0))
        return DocNode(index: i)
    }

    /// Opens a list or mapping; its children follow, then ``close(_:count:)``.
    mutating func open(_ shape: DocShape, mark: TextMark) -> DocNode {
        let i = nodes.count
        nodes.append(Node(start: 0, length: 0, end: 0, mark: mark, shape: shape, kind: .string, count: 0))
        return DocNode(index: i)
    }

    /// Closes a list (`count` items) or a mapping (`count` entries) after its last child.
    mutating func close(_ node: DocNode, count: Int) {
        nodes[node.index].end = Int32(truncatingIfNeeded: nodes.count)
        nodes[node.index].count = Int32(truncatingIfNeeded: count)
    }

    /// Changes the kind of a scalar (a JSON string read as a key is a plain string).
    mutating func setKind(_ node: DocNode, _ kind: ScalarKind) { nodes[node.index].kind = kind }

    // MARK: Reading

    func shape(_ n: DocNode) -> DocShape { nodes[n.index].shape }
    func mark(_ n: DocNode) -> TextMark { nodes[n.index].mark }
    func kind(_ n: DocNode) -> ScalarKind { nodes[n.index].kind }
    func count(_ n: DocNode) -> Int { Int(nodes[n.index].count) }
    func isScalar(_ n: DocNode) -> Bool { nodes[n.index].shape == .scalar }

    /// The items of a list.
    func items(_ n: DocNode) -> Children { Children(nodes: nodes, index: n.index + 1, end: Int(nodes[n.index].end), step: 1) }

    /// The entries of a mapping.
    func entries(_ n: DocNode) -> Entries { Entries(children: Children(nodes: nodes, index: n.index + 1, end: Int(nodes[n.index].end), step: 2)) }

    /// The children of a list (`step` 1) or the keys of a mapping (`step` 2).
    struct Children: Sequence, IteratorProtocol {
        let nodes: [Node]
        var index: Int
        let end: Int
        let step: Int
        mutating func next() -> DocNode? {
            guard index < end else { return nil }
            let n = DocNode(index: index)
            // A key is one node; the next key stands after its value's subtree.
            index = Int(nodes[index + step - 1].end)
            return n
        }
    }

    struct Entries: Sequence, IteratorProtocol {
        var children: Children
        mutating func next() -> DocEntry? { children.next().map { DocEntry(key: $0) } }
    }

    /// The first entry of a mapping (which must have one).
    func firstEntry(_ n: DocNode) -> DocEntry { DocEntry(key: DocNode(index: n.index + 1)) }

    /// The text of a scalar as written (after unescaping).
    /// - Complexity: O(length); the string is made on each call.
    func text(_ n: DocNode) -> String {
        let node = nodes[n.index]
        if node.length < 0 { return strings[node.start] }
        return String(decoding: UnsafeBufferPointer(rebasing: source[node.start..<node.start + Int(node.length)]), as: UTF8.self)
    }

    /// Where a scalar's text starts in ``source``, when it is a slice of it.
    func sourceStart(_ n: DocNode) -> Int? {
        let node = nodes[n.index]
        return node.length < 0 ? nil : node.start
    }

    /// Calls `body` with the UTF-8 bytes of a scalar's text.
    func withUTF8<R>(_ n: DocNode, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let node = nodes[n.index]
        if node.length < 0 {
            var s = strings[node.start]
            return s.withUTF8(body)
        }
        return body(UnsafeBufferPointer(rebasing: source[node.start..<node.start + Int(node.length)]))
    }

    /// Whether a scalar's text is exactly `word` (byte for byte).
    func textIs(_ n: DocNode, _ word: StaticString) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        return withUTF8(n) { $0.elementsEqual(w) }
    }

    /// The key of `table` a scalar's text spells, compared byte for byte without making a
    /// string.
    func key<K>(_ n: DocNode, in table: KeyTable<K>) -> K? {
        withUTF8(n) { table.key(spelled: $0) }
    }

    /// The date a scalar's text spells as `YYYY-MM-DD`, if it does (read from its bytes).
    func date(_ n: DocNode) -> LocalDate? {
        withUTF8(n) { $0.count == 10 ? LocalDate(isoBytes: $0) : nil }
    }

    /// Whether the node is a null scalar (`~`, `null`, an empty plain scalar, JSON `null`).
    func isNull(_ n: DocNode) -> Bool {
        let node = nodes[n.index]
        guard node.shape == .scalar else { return false }
        switch node.kind {
        case .jsonNull: return true
        case .plain: return YAMLScalarResolution.isNull(text(n))
        default: return false
        }
    }

    /// The typed value a scalar stands for.
    /// - Complexity: O(length of the text).
    func scalarValue(_ n: DocNode) -> Value {
        switch kind(n) {
        case .plain: return YAMLScalarResolution.resolve(text(n))
        case .string: return .string(text(n))
        case .jsonString:
            if let d = date(n) { return .date(d) }
            return .string(text(n))
        case .jsonNumber: return JSONNumber.value(of: text(n))
        case .jsonBool: return .bool(textIs(n, "true"))
        case .jsonNull: return .null
        }
    }

    /// The plain typed value of the node: scalars resolved, lists and maps recursively.
    func value(_ n: DocNode) -> Value {
        switch shape(n) {
        case .scalar: return scalarValue(n)
        case .list: return .list(items(n).map(value))
        case .map:
            return .map(Dictionary(entries(n).map { (text($0.key), value($0.value)) }, uniquingKeysWith: { _, last in last }))
        }
    }

    /// A word for the node's shape in error messages: "a list", "a mapping", "a string" …
    func shapeDescription(_ n: DocNode) -> String {
        switch shape(n) {
        case .scalar:
            if isNull(n) { return "empty" }
            let v = scalarValue(n)
            return v.typeName == "integer" ? "an integer" : "a \(v.typeName)"
        case .list: return "a list"
        case .map: return "a mapping"
        }
    }
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

/// A few keys (of at most 16 bytes each) with their meanings, found by their bytes: how the
/// snapshot decoder tells the keys of a mapping apart without making strings of them. For keys
/// of ASCII letters and `_` (a snapshot's keys) equal bytes are string equality: no other text
/// is canonically equivalent to such a word.
struct KeyTable<K: Sendable>: Sendable {
    private var entries: [(low: UInt64, high: UInt64, count: Int, key: K)] = []

    init(_ keys: [(String, K)]) {
        for (word, key) in keys {
            let bytes = Array(word.utf8)
            precondition(bytes.count <= 16, "a key table holds keys of at most 16 bytes")
            let (low, high) = bytes.withUnsafeBufferPointer { Self.pack($0) }
            entries.append((low, high, bytes.count, key))
        }
    }

    /// The key whose bytes these are, or nil.
    /// - Complexity: O(number of keys).
    func key(spelled bytes: UnsafeBufferPointer<UInt8>) -> K? {
        guard bytes.count <= 16 else { return nil }
        let (low, high) = Self.pack(bytes)
        for e in entries where e.low == low && e.high == high && e.count == bytes.count { return e.key }
        return nil
    }

    /// Up to 16 bytes packed into two words, zero-padded.
    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt64, UInt64) {
        var words: (UInt64, UInt64) = (0, 0)
        if let base = bytes.baseAddress {
            withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: min(bytes.count, 16)) }
        }
        return words
    }
}
