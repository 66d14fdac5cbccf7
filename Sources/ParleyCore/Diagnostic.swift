/// Where something came from: a file (or `<query>`, `<stdin>`), a 1-based line and column.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One problem found in a file, a schema or a query, with where it is.
///
/// Printed as `graphs/x.yaml:41:7: error: relation DEMANDS from 'moscow' …`.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Error {
    public enum Severity: String, Sendable, Hashable, Comparable {
        case note, warning, error
        public static func < (a: Severity, b: Severity) -> Bool {
            let order: [Severity] = [.note, .warning, .error]
            return order.firstIndex(of: a)! < order.firstIndex(of: b)!
        }
    }

    public var severity: Severity
    public var location: SourceLocation?
    public var message: String

    public init(_ severity: Severity, _ message: String, at location: SourceLocation? = nil) {
        self.severity = severity
        self.message = message
        self.location = location
    }

    public static func error(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.error, message, at: location)
    }

    public static func warning(_ message: String, at location: SourceLocation? = nil) -> Diagnostic {
        Diagnostic(.warning, message, at: location)
    }

    public var description: String {
        if let location { "\(location): \(severity.rawValue): \(message)" } else { "\(severity.rawValue): \(message)" }
    }
}

/// A list of diagnostics that is itself an error: thrown when loading cannot go on, and
/// returned when it can, so that every problem in a file is reported in one run.
public struct Diagnostics: Error, Sendable, CustomStringConvertible {
    public var items: [Diagnostic]
    public init(_ items: [Diagnostic] = []) { self.items = items }
    public var hasErrors: Bool { items.contains { $0.severity == .error } }
    public var errors: [Diagnostic] { items.filter { $0.severity == .error } }
    public var warnings: [Diagnostic] { items.filter { $0.severity == .warning } }
    public mutating func append(_ d: Diagnostic) { items.append(d) }
    public mutating func append(contentsOf ds: [Diagnostic]) { items.append(contentsOf: ds) }
    /// Sorted by file, line and column; diagnostics without a location first.
    public var sorted: [Diagnostic] {
        items.enumerated().sorted { a, b in
            switch (a.element.location, b.element.location) {
            case (nil, nil): return a.offset < b.offset
            case (nil, _): return true
            case (_, nil): return false
            case (let x?, let y?): return x == y ? a.offset < b.offset : x < y
            }
        }.map(\.element)
    }
    public var description: String { sorted.map(\.description).joined(separator: "\n") }
}

/// "Did you mean …?" for a misspelt name: the closest candidate by edit distance, ignoring
/// case and diacritics, when it is close enough to be a plausible typo.
public func closestMatch(to word: String, among candidates: some Sequence<String>) -> String? {
    let w = Array(TextKey.fold(word).unicodeScalars)
    var best: (String, Int)?
    for c in candidates {
        let d = editDistance(w, Array(TextKey.fold(c).unicodeScalars))
        if best == nil || d < best!.1 || (d == best!.1 && c < best!.0) { best = (c, d) }
    }
    guard let (name, d) = best else { return nil }
    let limit = max(1, min(3, w.count / 3 + 1))
    return d <= limit ? name : nil
}

/// Levenshtein distance between two sequences.
public func editDistance<T: Equatable>(_ a: [T], _ b: [T]) -> Int {
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var prev = Array(0...b.count)
    var cur = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        cur[0] = i
        for j in 1...b.count {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&prev, &cur)
    }
    return prev[b.count]
}
