import Foundation
import ParleyCore
import Testing

/// `LocalDate(iso:)` reads a string's bytes in place; the answers are those of `isoBytes`.
@Suite struct LocalDateParsingTests {
    static let cases: [(String, LocalDate?)] = [
        ("2025-11-24", LocalDate(year: 2025, month: 11, day: 24)),
        ("2024-02-29", LocalDate(year: 2024, month: 2, day: 29)),
        ("2025-02-29", nil), ("2025-13-01", nil), ("2025-1-01", nil), ("2025-01-1", nil), ("20250-1-01", nil),
        ("2025-01-0a", nil), ("２０２５-01-01", nil), ("", nil), ("2025/01/01", nil), (" 2025-01-01", nil),
    ]

    @Test(arguments: cases.indices)
    func stringsSubstringsAndBytesAgree(_ i: Int) {
        let (text, expected) = Self.cases[i]
        #expect(LocalDate(iso: text) == expected)
        #expect(LocalDate(iso: ("x" + text + "y").dropFirst().dropLast()) == expected)
        #expect(LocalDate(isoBytes: Array(text.utf8)) == expected)
        // A bridged (non-native) string has no contiguous UTF-8 to lend and takes the copying path.
        #expect(LocalDate(iso: NSString(string: text) as String) == expected)
    }
}
