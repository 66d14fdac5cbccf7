import Foundation
import ParleyCore

/// How quotes are compared with their sources' text: white space folded, typographic quotes,
/// apostrophes and dashes made plain, case kept.
public enum QuoteText {
    /// The most words a citation's quote may have.
    public static let maximumWords = 30

    /// The comparison form of a text: `“Peace” — now’s the time` → `"Peace"-now's the time`.
    /// Runs of white space become one space, spaces around a dash are dropped (sources differ on
    /// them), soft hyphens and zero-width characters vanish, `…` becomes `...`.
    /// - Complexity: O(n) in the length of the text.
    public static func normalize(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        var lastWasDash = false
        for s in text.unicodeScalars {
            var mapped: String.UnicodeScalarView.Element? = s
            var expansion: String?
            switch s {
            case "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}", "\u{02BC}", "\u{2032}", "\u{0060}", "\u{00B4}": mapped = "'"
            case "\u{201C}", "\u{201D}", "\u{201E}", "\u{201F}", "\u{00AB}", "\u{00BB}", "\u{2033}": mapped = "\""
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2015}", "\u{2212}": mapped = "-"
            case "\u{2026}": expansion = "..."
            case "\u{00AD}", "\u{200B}", "\u{200C}", "\u{200D}", "\u{FEFF}": mapped = nil
            default: break
            }
            if let e = expansion {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.append(contentsOf: e.unicodeScalars)
                lastWasDash = false
                continue
            }
            guard let c = mapped else { continue }
            if c.properties.isWhitespace {
                pendingSpace = true
                continue
            }
            if c == "-" {
                pendingSpace = false  // no space before a dash
                out.append(c)
                lastWasDash = true
                continue
            }
            if pendingSpace && !out.isEmpty && !lastWasDash { out.append(" ") }
            pendingSpace = false
            lastWasDash = false
            out.append(c)
        }
        return String(out)
    }

    /// The number of words of a quote (runs of non-space characters).
    /// - Complexity: O(n), without allocating.
    public static func wordCount(_ text: String) -> Int {
        var count = 0
        var inWord = false
        for s in text.unicodeScalars {
            if s.properties.isWhitespace {
                inWord = false
            } else if !inWord {
                inWord = true
                count += 1
            }
        }
        return count
    }
}

/// A source's text, prepared once for looking up many quotes.
public struct SourceText: Sendable {
    /// The text in comparison form (``QuoteText/normalize(_:)``).
    public let normalized: String

    public init(_ text: String) { normalized = QuoteText.normalize(text) }

    /// Whether the quote occurs in the text. An elision (`...` or `…`, optionally in brackets)
    /// stands for any text: each part must occur, in order.
    /// - Complexity: O(text × quote) at worst; quotes are short.
    public func contains(quote: String) -> Bool {
        let q = QuoteText.normalize(quote)
        if q.isEmpty { return true }
        if normalized.contains(q) { return true }
        let parts = Self.elisionParts(q)
        guard parts.count > 1 else { return false }
        var rest = normalized[...]
        for part in parts {
            guard let r = rest.firstRange(of: part) else { return false }
            rest = rest[r.upperBound...]
        }
        return true
    }

    static func elisionParts(_ q: String) -> [String] {
        q.replacingOccurrences(of: "[...]", with: "...").components(separatedBy: "...")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The passage of the text that shares the longest run of leading (or trailing) words with the
    /// quote, about as long as the quote; nil when not even two words match.
    public func closestPassage(to quote: String) -> String? {
        let words = QuoteText.normalize(quote).split(separator: " ").map(String.init)
        guard words.count >= 2 else { return nil }
        // Longest prefix that occurs (occurrence is monotone in the prefix length).
        func longest(_ make: (Int) -> String) -> (Int, Range<String.Index>)? {
            var lo = 0, hi = words.count
            var best: Range<String.Index>?
            while lo < hi {
                let mid = (lo + hi + 1) / 2
                if let r = normalized.firstRange(of: make(mid)) {
                    lo = mid
                    best = r
                } else {
                    hi = mid - 1
                }
            }
            return best.map { (lo, $0) }
        }
        let prefix = longest { words.prefix($0).joined(separator: " ") }
        let suffix = longest { words.suffix($0).joined(separator: " ") }
        let quoteLength = words.joined(separator: " ").count
        if let p = prefix, p.0 >= 2, p.0 >= (suffix?.0 ?? 0) {
            return passage(from: p.1.lowerBound, length: quoteLength)
        }
        if let s = suffix, s.0 >= 2 {
            let end = s.1.upperBound
            let start = normalized.index(end, offsetBy: -quoteLength, limitedBy: normalized.startIndex) ?? normalized.startIndex
            return passage(from: start, length: quoteLength)
        }
        return nil
    }

    private func passage(from start: String.Index, length: Int) -> String {
        let end = normalized.index(start, offsetBy: length, limitedBy: normalized.endIndex) ?? normalized.endIndex
        var s = String(normalized[start..<end])
        if end < normalized.endIndex { s += "…" }
        return s
    }
}
