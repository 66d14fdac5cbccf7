import ParleyCore

/// YAML's implicit typing of plain (unquoted) scalars, as Yams' default resolver does it
/// (YAML 1.1 core rules): null, booleans (`yes`, `off` …), integers (decimal, `0x`, `0o`, `0b`,
/// sexagesimal `1:30`), floats (`1.5`, `1e3`, `.inf`, `.nan`), and dates. A date-only timestamp
/// (`2025-11-24`) that names a real day becomes ``Value/date(_:)``; other timestamps stay strings,
/// since the store has no time-of-day type.
///
/// Hand-written rather than regular expressions because every scalar of a large snapshot goes
/// through it.
enum YAMLScalarResolution {
    private static let nullWords: Set<String> = ["", "~", "null", "Null", "NULL"]
    private static let trueWords: Set<String> = ["yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON"]
    private static let falseWords: Set<String> = ["no", "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF"]

    /// Whether a plain scalar with this text is null.
    static func isNull(_ text: String) -> Bool {
        text.utf8.count <= 4 && nullWords.contains(text)
    }

    /// The typed value of a plain scalar.
    /// - Complexity: O(length of the text); most identifiers are decided by their first byte.
    static func resolve(_ text: String) -> Value {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return resolveNumberOrDate(text) ?? .string(text)
        case UInt8(ascii: "~"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "y"), UInt8(ascii: "Y"),
            UInt8(ascii: "t"), UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"),
            UInt8(ascii: "O"):
            guard text.utf8.count <= 5 else { return .string(text) }
            if nullWords.contains(text) { return .null }
            if trueWords.contains(text) { return .bool(true) }
            if falseWords.contains(text) { return .bool(false) }
            return .string(text)
        default:
            return .string(text)
        }
    }

    /// Whether some YAML reader could take a plain scalar with this text for something other
    /// than a string. The writer quotes such strings. Deliberately broad: everything these rules
    /// type, anything that starts like a date or time stamp, `.5`-style and `...` beginnings, and
    /// the null and boolean words in any case.
    static func couldBeNonString(_ text: String) -> Bool {
        let u = text.utf8
        guard let first = u.first else { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"):
            if resolve(text) != .string(text) { return true }
            // 2025-11-24T10:00:00Z, 2025-1-2 10:00:00 …: time stamps stay strings here but not elsewhere.
            let head = Array(u.prefix(5))
            return head.count == 5 && head[0...3].allSatisfy { $0 >= 48 && $0 <= 57 } && head[4] == UInt8(ascii: "-")
        case UInt8(ascii: "."):
            // `.5`, `._` (YAML 1.1 lets `_` stand among a float's digits), `.inf`, `.NaN`, and
            // `...` (the document end marker); `../x` is a string.
            if resolve(text) != .string(text) { return true }
            if text.hasPrefix("...") || ["inf", "nan"].contains(text.dropFirst().lowercased()) { return true }
            return u.dropFirst().first.map { $0 >= 48 && $0 <= 57 } ?? true
        default:
            if u.count <= 5 {
                let lower = text.lowercased()
                if nullWords.contains(lower) || trueWords.contains(lower) || falseWords.contains(lower) { return true }
                if ["y", "n", "<<", "=", "~"].contains(lower) { return true }
            }
            return false
        }
    }

    // MARK: Numbers and dates

    private static func resolveNumberOrDate(_ text: String) -> Value? {
        let u = Array(text.utf8)
        if let i = integer(u) { return i }
        if let f = float(u) { return f }
        if u.count == 10, isDateShape(u) {
            if let d = LocalDate(iso: text) { return .date(d) }
            return .string(text)
        }
        return nil
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func isDateShape(_ u: [UInt8]) -> Bool {
        for (i, c) in u.enumerated() {
            if i == 4 || i == 7 { if c != UInt8(ascii: "-") { return false } } else if !isDigit(c) { return false }
        }
        return true
    }

    /// Splits an optional sign off the front.
    private static func sign(_ u: [UInt8]) -> (negative: Bool, rest: ArraySlice<UInt8>) {
        if let f = u.first, f == UInt8(ascii: "-") || f == UInt8(ascii: "+") {
            return (f == UInt8(ascii: "-"), u.dropFirst())
        }
        return (false, u[...])
    }

    private static func digits(_ s: ArraySlice<UInt8>, radix: Int, allowed: (UInt8) -> Bool) -> Int? {
        guard !s.isEmpty, s.allSatisfy({ allowed($0) || $0 == UInt8(ascii: "_") }) else { return nil }
        let clean = String(decoding: s.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        guard !clean.isEmpty else { return nil }
        return Int(clean, radix: radix)
    }

    private static func integer(_ u: [UInt8]) -> Value? {
        let (negative, r) = sign(u)
        guard let first = r.first else { return nil }
        func signed(_ n: Int?) -> Value? { n.map { .int(negative ? -$0 : $0) } }
        let isOctal: (UInt8) -> Bool = { $0 >= 48 && $0 <= 55 }
        let isHex: (UInt8) -> Bool = {
            isDigit($0) || ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "f"))
                || ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "F"))
        }
        if first == UInt8(ascii: "0") {
            if r.count == 1 { return .int(0) }
            let second = r[r.startIndex + 1]
            let tail = r.dropFirst(2)
            switch second {
            case UInt8(ascii: "b"): return signed(digits(tail, radix: 2) { $0 == 48 || $0 == 49 })
            case UInt8(ascii: "x"): return signed(digits(tail, radix: 16, allowed: isHex))
            case UInt8(ascii: "o"): return signed(digits(tail, radix: 8, allowed: isOctal))
            default: return signed(digits(r.dropFirst(), radix: 8, allowed: isOctal))
            }
        }
        guard first >= UInt8(ascii: "1"), first <= UInt8(ascii: "9") else { return nil }
        if r.contains(UInt8(ascii: ":")) {
            return sexagesimal(r).flatMap { $0.rounded() == $0 && !r.contains(UInt8(ascii: ".")) ? signed(Int(exactly: $0)) : nil }
        }
        // Decimal: parse with the sign so that Int.min fits.
        guard let magnitude = digits(r, radix: 10, allowed: isDigit) else {
            let clean = String(decoding: u.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            if negative, r.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: "_") }), let i = Int(clean) { return .int(i) }
            return nil
        }
        return .int(negative ? -magnitude : magnitude)
    }

    /// `1:30:15` style numbers: base-60 parts after a decimal first part; the last part may
    /// carry a fraction (floats only).
    private static func sexagesimal(_ r: ArraySlice<UInt8>) -> Double? {
        let parts = r.split(separator: UInt8(ascii: ":"), omittingEmptySubsequences: false)
        guard parts.count >= 2, let head = digits(parts[0], radix: 10, allowed: isDigit) else { return nil }
        var total = Double(head)
        for (i, p) in parts.dropFirst().enumerated() {
            let isLast = i == parts.count - 2
            var whole = p
            var fraction: ArraySlice<UInt8> = []
            if isLast, let dot = p.firstIndex(of: UInt8(ascii: ".")) {
                whole = p[p.startIndex..<dot]
                fraction = p[(dot + 1)...]
                guard fraction.allSatisfy({ isDigit($0) || $0 == UInt8(ascii: "_") }) else { return nil }
            }
            // [0-5]?[0-9]
            guard (1...2).contains(whole.count), whole.allSatisfy(isDigit) else { return nil }
            if whole.count == 2, whole[whole.startIndex] > UInt8(ascii: "5") { return nil }
            var v = Double(Int(String(decoding: whole, as: UTF8.self)) ?? 0)
            let f = String(decoding: fraction.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
            if !f.isEmpty { v += Double("0." + f) ?? 0 }
            total = total * 60 + v
        }
        return total
    }

    private static func float(_ u: [UInt8]) -> Value? {
        let (negative, r) = sign(u)
        guard let first = r.first else { return nil }
        let text = String(decoding: r, as: UTF8.self)
        if first == UInt8(ascii: ".") {
            if ["inf", "Inf", "INF"].contains(text.dropFirst()) { return .float(negative ? -.infinity : .infinity) }
            if ["nan", "NaN", "NAN"].contains(text.dropFirst()), u.count == r.count { return .float(.nan) }
            // \.[0-9_]+([eE][-+][0-9]+)? with no sign in front
            guard u.count == r.count else { return nil }
            var i = r.startIndex + 1
            var mantissa = 0
            while i < r.endIndex, isDigit(r[i]) || r[i] == UInt8(ascii: "_") { mantissa += 1; i += 1 }
            guard mantissa > 0 else { return nil }
            if i < r.endIndex {
                guard r[i] == UInt8(ascii: "e") || r[i] == UInt8(ascii: "E"), i + 2 < r.endIndex,
                    r[i + 1] == UInt8(ascii: "-") || r[i + 1] == UInt8(ascii: "+"),
                    r[(i + 2)...].allSatisfy(isDigit)
                else { return nil }
            }
            return parseDouble("0" + text.filter { $0 != "_" }, negative: false)
        }
        guard isDigit(first) else { return nil }
        if r.contains(UInt8(ascii: ":")) {
            // [-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\.[0-9_]*
            guard r.contains(UInt8(ascii: ".")), let v = sexagesimal(r) else { return nil }
            return .float(negative ? -v : v)
        }
        // [0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?
        var i = r.startIndex
        while i < r.endIndex, isDigit(r[i]) || r[i] == UInt8(ascii: "_") { i += 1 }
        if i < r.endIndex, r[i] == UInt8(ascii: ".") {
            i += 1
            while i < r.endIndex, isDigit(r[i]) || r[i] == UInt8(ascii: "_") { i += 1 }
        }
        if i < r.endIndex, r[i] == UInt8(ascii: "e") || r[i] == UInt8(ascii: "E") {
            i += 1
            if i < r.endIndex, r[i] == UInt8(ascii: "-") || r[i] == UInt8(ascii: "+") { i += 1 }
            let start = i
            while i < r.endIndex, isDigit(r[i]) { i += 1 }
            guard i > start else { return nil }
        }
        guard i == r.endIndex else { return nil }
        // Swift's parser wants a digit after the point: `1.` → `1.0`, `1.e5` → `1.0e5`.
        var clean = ""
        var afterPoint = false
        for c in text where c != "_" {
            if afterPoint, c == "e" || c == "E" { clean.append("0") }
            clean.append(c)
            afterPoint = c == "."
        }
        if afterPoint { clean.append("0") }
        return parseDouble(clean, negative: negative)
    }

    private static func parseDouble(_ s: String, negative: Bool) -> Value? {
        guard let d = Double(s) else { return nil }
        return .float(negative ? -d : d)
    }
}
