import Foundation

/// Normalisation of names for look-up: `Zelenskyy`, `ZELENSKYY` and `Zelénskyy` give the same key.
public enum TextKey {
    /// Lower-cased, diacritics removed, typographic apostrophes and dashes made plain, runs of
    /// white space folded to one space, trimmed.
    ///
    /// - Complexity: O(n) in the length of the text; pure ASCII text takes a byte-level path
    ///   that allocates only the result (none when the text is already folded).
    public static func fold(_ text: String) -> String {
        if let folded = foldASCII(text) { return folded }
        var folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
        folded = folded.lowercased()
        var scalars = String.UnicodeScalarView()
        for s in folded.unicodeScalars {
            switch s {
            case "\u{2018}", "\u{2019}", "\u{02BC}", "\u{2032}": scalars.append("'")
            case "\u{201C}", "\u{201D}", "\u{00AB}", "\u{00BB}": scalars.append("\"")
            case "\u{2010}", "\u{2011}", "\u{2012}", "\u{2013}", "\u{2014}", "\u{2212}": scalars.append("-")
            case "\u{00A0}", "\u{2009}", "\u{202F}": scalars.append(" ")
            default: scalars.append(s)
            }
        }
        folded = String(scalars)
        // Fold white space.
        var out = ""
        out.reserveCapacity(folded.utf8.count)
        var pendingSpace = false
        for ch in folded {
            if ch.isWhitespace {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(" "); pendingSpace = false }
                out.append(ch)
            }
        }
        return out
    }

    /// The fold of an ASCII text, byte by byte (ASCII white space is tab, line feed, vertical
    /// tab, form feed, carriage return and space); nil when the text is not ASCII.
    private static func foldASCII(_ text: String) -> String? {
        // One scan: is it ASCII, and is it folded already (no upper case, no white space but
        // single spaces between words)?
        var folded = true
        var previousSpace = true
        for b in text.utf8 {
            if b >= 0x80 { return nil }
            if b >= 0x41 && b <= 0x5A { folded = false }
            let space = b == 0x20 || (b >= 0x09 && b <= 0x0D)
            if space && (b != 0x20 || previousSpace) { folded = false }
            previousSpace = space
        }
        if previousSpace { folded = false }  // trailing space (or empty, handled below)
        if folded || text.isEmpty { return text }
        let count = text.utf8.count
        return String(unsafeUninitializedCapacity: count) { out in
            var n = 0
            var pendingSpace = false
            for b in text.utf8 {
                if b == 0x20 || (b >= 0x09 && b <= 0x0D) {
                    pendingSpace = n > 0
                } else {
                    if pendingSpace {
                        out[n] = 0x20
                        n += 1
                        pendingSpace = false
                    }
                    out[n] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                    n += 1
                }
            }
            return n
        }
    }
}
