import Foundation
import ParleyCore
import PropertyBased
import Testing

/// The fold as it was before the byte-level ASCII path: every input must fold the same.
private func referenceFold(_ text: String) -> String {
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
    var out = ""
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

@Suite struct TextKeyTests {
    @Test(arguments: [
        ("Zelenskyy", "zelenskyy"), ("  Volodymyr \t\n Zelensky  ", "volodymyr zelensky"), ("", ""), ("   ", ""),
        ("already folded", "already folded"), ("a\r\nb", "a b"), ("A\u{0B}B\u{0C}C", "a b c"), ("Zelénskyy", "zelenskyy"),
        ("Straße", "strasse"), ("İstanbul", "istanbul"), ("DONBAS\u{2013}WITHDRAWAL", "donbas-withdrawal"),
        ("e\u{301}", "e"), ("\u{2018}quoted\u{2019}", "'quoted'"), ("non\u{00A0}breaking", "non breaking"),
    ])
    func knownFolds(_ text: String, _ expected: String) {
        #expect(TextKey.fold(text) == expected)
        #expect(TextKey.fold(text) == referenceFold(text))
    }

    /// Random texts drawn from ASCII (control characters and white space included) and a set of
    /// troublesome scalars: combining marks, ß, the Turkish dotted and dotless i, typographic
    /// punctuation, no-break and thin spaces, Cyrillic, full-width letters, a CR LF pair.
    @Test func foldAgreesWithTheReferenceOnRandomText() async {
        let extra: [Character] = [
            "ß", "İ", "ı", "é", "e\u{301}", "\u{301}", "Ω", "Ж", "ж", "Ａ", "\u{2019}", "\u{201C}", "\u{2013}", "\u{00A0}",
            "\u{2009}", "\u{202F}", "\u{85}", "\u{2028}", "\r\n", "ǅ", "ﬁ", "Å", "\u{1F600}",
        ]
        let alphabet: [Character] = (0..<128).map { Character(Unicode.Scalar(UInt8($0))) } + extra
        await propertyCheck(count: 2000, input: Gen.int(in: 0...Int(UInt32.max))) { seed in
            var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
            func next() -> Int {
                state ^= state << 13
                state ^= state >> 7
                state ^= state << 17
                return Int(truncatingIfNeeded: state >> 1)
            }
            let asciiOnly = next() % 2 == 0
            var text = ""
            for _ in 0..<(next() % 24) {
                text.append(asciiOnly ? alphabet[next() % 128] : alphabet[next() % alphabet.count])
            }
            #expect(TextKey.fold(text) == referenceFold(text), "\(text.unicodeScalars.map { $0.value })")
        }
    }
}
