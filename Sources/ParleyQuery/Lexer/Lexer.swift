/// Splits query text into tokens with line and column positions.
///
/// Keywords are case-insensitive identifiers (the parser decides); strings take `'` or `"` with
/// Cypher's escapes; numbers are decimal, hexadecimal (`0x1F`), octal (`0o17`) or floats
/// (`1.5`, `.5`, `1e3`); `//` and `/* */` are comments.
/// - Complexity: O(n) in the length of the text.
struct Lexer {
    private let bytes: [UInt8]
    private let text: String
    private var i = 0
    private var line = 1
    private var lineStart = 0

    init(_ text: String) {
        self.text = text
        self.bytes = Array(text.utf8)
    }

    /// All tokens, ending with `.end`.
    static func tokenize(_ text: String) throws(QueryError) -> [Token] {
        var lx = Lexer(text)
        var out: [Token] = []
        while true {
            let t = try lx.nextToken()
            out.append(t)
            if case .end = t.kind { return out }
        }
    }

    /// The last position computed on the current line (byte offset, column), so that each
    /// token's column is counted from the previous token, not from the line start: a query
    /// of one long line would otherwise take quadratic time.
    private var columnCache = (offset: 0, column: 1)

    private mutating func currentPosition() -> QueryPosition {
        // Column counts characters, not bytes.
        if columnCache.offset < lineStart || columnCache.offset > i { columnCache = (lineStart, 1) }
        let col = columnCache.column + String(decoding: bytes[columnCache.offset..<i], as: UTF8.self).count
        columnCache = (i, col)
        return QueryPosition(line: line, column: col, offset: i)
    }

    private func peek(_ k: Int = 0) -> UInt8 { i + k < bytes.count ? bytes[i + k] : 0 }

    private mutating func advance() {
        if bytes[i] == 10 { line += 1; lineStart = i + 1 }
        i += 1
    }

    private mutating func skipTrivia() throws(QueryError) {
        while i < bytes.count {
            let c = bytes[i]
            if c == 32 || c == 9 || c == 10 || c == 13 { advance(); continue }
            if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "/") {
                while i < bytes.count && bytes[i] != 10 { advance() }
                continue
            }
            if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = currentPosition()
                advance(); advance()
                while i < bytes.count && !(bytes[i] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) { advance() }
                guard i < bytes.count else { throw QueryError(.syntax, "unterminated comment", at: start) }
                advance(); advance()
                continue
            }
            break
        }
    }

    private static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c >= 0x80
    }
    private static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 48 && c <= 57) }
    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private func slice(_ from: Int) -> String { String(decoding: bytes[from..<i], as: UTF8.self) }

    mutating func nextToken() throws(QueryError) -> Token {
        try skipTrivia()
        let pos = currentPosition()
        let start = i
        guard i < bytes.count else { return Token(kind: .end, position: pos, text: "") }
        let c = bytes[i]
        if Lexer.isIdentStart(c) {
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { advance() }
            let s = slice(start)
            return Token(kind: .identifier(s), position: pos, text: s)
        }
        if c == UInt8(ascii: "`") {
            advance()
            var s = ""
            while true {
                guard i < bytes.count else { throw QueryError(.syntax, "unterminated quoted name", at: pos) }
                if bytes[i] == UInt8(ascii: "`") {
                    if peek(1) == UInt8(ascii: "`") { s += "`"; advance(); advance(); continue }
                    advance()
                    break
                }
                let from = i
                advance()
                while i < bytes.count && bytes[i] & 0xC0 == 0x80 { advance() }
                s += String(decoding: bytes[from..<i], as: UTF8.self)
            }
            return Token(kind: .identifier(s), position: pos, text: slice(start), quoted: true)
        }
        if Lexer.isDigit(c) || (c == UInt8(ascii: ".") && Lexer.isDigit(peek(1))) {
            return try number(pos)
        }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { return try string(pos, quote: c) }
        if c == UInt8(ascii: "$") {
            advance()
            let from = i
            if i < bytes.count && bytes[i] == UInt8(ascii: "`") {
                let t = try nextToken()
                if case .identifier(let s) = t.kind { return Token(kind: .parameter(s), position: pos, text: slice(start)) }
            }
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { advance() }
            guard i > from else { throw QueryError(.syntax, "expected a parameter name after '$'", at: pos) }
            return Token(kind: .parameter(slice(from)), position: pos, text: slice(start))
        }
        if let two = Lexer.twoCharacterSymbol(c, peek(1)) {
            advance(); advance()
            return Token(kind: .symbol(two), position: pos, text: two)
        }
        if let one = Lexer.oneCharacterSymbol(c) {
            advance()
            return Token(kind: .symbol(one), position: pos, text: one)
        }
        let one = String(UnicodeScalar(c))
        // Typographic dashes and arrows are not Cypher.
        let rest = String(decoding: bytes[i...], as: UTF8.self)
        throw QueryError(.syntax, "unexpected character '\(rest.first.map(String.init) ?? one)'", at: pos)
    }

    /// `..`, `<>`, `!=`, `<=`, `>=`, `=~` or `+=` when the two bytes spell one of them.
    private static func twoCharacterSymbol(_ a: UInt8, _ b: UInt8) -> String? {
        switch (a, b) {
        case (UInt8(ascii: "."), UInt8(ascii: ".")): ".."
        case (UInt8(ascii: "<"), UInt8(ascii: ">")): "<>"
        case (UInt8(ascii: "!"), UInt8(ascii: "=")): "!="
        case (UInt8(ascii: "<"), UInt8(ascii: "=")): "<="
        case (UInt8(ascii: ">"), UInt8(ascii: "=")): ">="
        case (UInt8(ascii: "="), UInt8(ascii: "~")): "=~"
        case (UInt8(ascii: "+"), UInt8(ascii: "=")): "+="
        default: nil
        }
    }

    /// The one-byte symbols of Cypher: `()[]{},.:|;+-*/%^=<>`.
    private static func oneCharacterSymbol(_ c: UInt8) -> String? {
        switch c {
        case UInt8(ascii: "("): "("
        case UInt8(ascii: ")"): ")"
        case UInt8(ascii: "["): "["
        case UInt8(ascii: "]"): "]"
        case UInt8(ascii: "{"): "{"
        case UInt8(ascii: "}"): "}"
        case UInt8(ascii: ","): ","
        case UInt8(ascii: "."): "."
        case UInt8(ascii: ":"): ":"
        case UInt8(ascii: "|"): "|"
        case UInt8(ascii: ";"): ";"
        case UInt8(ascii: "+"): "+"
        case UInt8(ascii: "-"): "-"
        case UInt8(ascii: "*"): "*"
        case UInt8(ascii: "/"): "/"
        case UInt8(ascii: "%"): "%"
        case UInt8(ascii: "^"): "^"
        case UInt8(ascii: "="): "="
        case UInt8(ascii: "<"): "<"
        case UInt8(ascii: ">"): ">"
        default: nil
        }
    }

    private mutating func number(_ pos: QueryPosition) throws(QueryError) -> Token {
        let start = i
        if bytes[i] == UInt8(ascii: "0") && (peek(1) == UInt8(ascii: "x") || peek(1) == UInt8(ascii: "o")) {
            let hex = peek(1) == UInt8(ascii: "x")
            advance(); advance()
            let from = i
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { advance() }
            let digits = slice(from)
            guard let v = Int(digits, radix: hex ? 16 : 8) else {
                throw QueryError(.syntax, "invalid number '\(slice(start))'", at: pos, code: "InvalidNumberLiteral")
            }
            return Token(kind: .integer(v), position: pos, text: slice(start))
        }
        var isFloat = false
        while i < bytes.count && Lexer.isDigit(bytes[i]) { advance() }
        if i < bytes.count && bytes[i] == UInt8(ascii: ".") && Lexer.isDigit(peek(1)) {
            isFloat = true
            advance()
            while i < bytes.count && Lexer.isDigit(bytes[i]) { advance() }
        }
        if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
            let save = i
            advance()
            if i < bytes.count && (bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+")) { advance() }
            if i < bytes.count && Lexer.isDigit(bytes[i]) {
                isFloat = true
                while i < bytes.count && Lexer.isDigit(bytes[i]) { advance() }
            } else {
                i = save
            }
        }
        if i < bytes.count && Lexer.isIdentStart(bytes[i]) {
            while i < bytes.count && Lexer.isIdentPart(bytes[i]) { advance() }
            throw QueryError(.syntax, "invalid number '\(slice(start))'", at: pos, code: "InvalidNumberLiteral")
        }
        let s = slice(start)
        if isFloat {
            guard let d = Double(s) else { throw QueryError(.syntax, "invalid number '\(s)'", at: pos) }
            return Token(kind: .float(d), position: pos, text: s)
        }
        guard let v = Int(s) else {
            throw QueryError(.syntax, "integer '\(s)' is too large", at: pos, code: "IntegerOverflow")
        }
        return Token(kind: .integer(v), position: pos, text: s)
    }

    private mutating func string(_ pos: QueryPosition, quote: UInt8) throws(QueryError) -> Token {
        let start = i
        advance()
        var out: [UInt8] = []
        while true {
            guard i < bytes.count else { throw QueryError(.syntax, "unterminated string", at: pos) }
            let c = bytes[i]
            if c == quote { advance(); break }
            if c == UInt8(ascii: "\\") {
                let escPos = currentPosition()
                advance()
                guard i < bytes.count else { throw QueryError(.syntax, "unterminated string", at: pos) }
                let e = bytes[i]
                advance()
                switch e {
                case UInt8(ascii: "n"): out.append(10)
                case UInt8(ascii: "t"): out.append(9)
                case UInt8(ascii: "r"): out.append(13)
                case UInt8(ascii: "b"): out.append(8)
                case UInt8(ascii: "f"): out.append(12)
                case UInt8(ascii: "\\"), UInt8(ascii: "'"), UInt8(ascii: "\""): out.append(e)
                case UInt8(ascii: "u"), UInt8(ascii: "U"):
                    let n = e == UInt8(ascii: "u") ? 4 : 8
                    guard i + n <= bytes.count, let v = UInt32(String(decoding: bytes[i..<(i + n)], as: UTF8.self), radix: 16),
                        let scalar = UnicodeScalar(v)
                    else { throw QueryError(.syntax, "invalid unicode escape", at: escPos) }
                    for _ in 0..<n { advance() }
                    out.append(contentsOf: Array(String(Character(scalar)).utf8))
                default:
                    throw QueryError(.syntax, "invalid escape '\\\(String(UnicodeScalar(e)))'", at: escPos)
                }
                continue
            }
            out.append(c)
            advance()
        }
        return Token(kind: .string(String(decoding: out, as: UTF8.self)), position: pos, text: slice(start))
    }
}
