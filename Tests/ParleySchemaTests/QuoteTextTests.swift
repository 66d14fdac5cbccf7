import ParleySchema
import Testing

@Suite("Quote comparison")
struct QuoteTextTests {
    @Test(
        "normalisation folds white space and typographic marks, keeps case",
        arguments: [
            ("“Peace”  now", "\"Peace\" now"), ("Zelensky’s", "Zelensky's"), ("war — and", "war-and"), ("war–and", "war-and"),
            ("a\n\tb", "a b"), ("wait…", "wait..."), ("  lead and trail ", "lead and trail"), ("Kyiv", "Kyiv"),
            ("soft\u{00AD}hyphen", "softhyphen"),
        ])
    func normalize(input: String, expected: String) {
        #expect(QuoteText.normalize(input) == expected)
    }

    @Test("word count")
    func words() {
        #expect(QuoteText.wordCount("one two  three\nfour") == 4)
        #expect(QuoteText.wordCount("") == 0)
    }

    @Test("closest passage is nil when nothing matches")
    func noPassage() {
        let t = SourceText("The quick brown fox jumps over the lazy dog.")
        #expect(t.closestPassage(to: "entirely different words here") == nil)
        #expect(t.closestPassage(to: "the lazy cat sleeps") == "the lazy dog.")
    }
}
