import Foundation

/// Normalisation of names for look-up: `Zelenskyy`, `ZELENSKYY` and `Zelénskyy` give the same key.
public enum TextKey {
    /// Lower-cased, diacritics removed, typographic apostrophes and dashes made plain, runs of
    /// white space folded to one space, trimmed.
    ///
    /// - Complexity: O(n) in the length of the text; pure ASCII text takes a fast path.
    public static func fold(_ text: String) -> String {
        var asciiOnly = true
        for b in text.utf8 where b >= 0x80 { asciiOnly = false; break }
        var folded: String
        if asciiOnly {
            folded = text.lowercased()
        } else {
            folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
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
        }
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
}
