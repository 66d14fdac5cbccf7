/// A lexical token of a query, with where it starts.
struct Token: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case identifier(String)        // also keywords; `quoted` tells backtick names apart
        case integer(Int)
        case float(Double)
        case string(String)
        case parameter(String)
        case symbol(String)            // ( ) [ ] { } , . .. : | ; + - * / % ^ = <> != < > <= >= =~ +=
        case end
    }
    var kind: Kind
    var position: QueryPosition
    /// The text as written (for error messages).
    var text: String
    /// True for `` `quoted` `` identifiers, which are never keywords.
    var quoted = false

    /// The keyword this token spells (upper-cased), if it is an unquoted identifier.
    var keyword: String? {
        if case .identifier(let s) = kind, !quoted { return s.uppercased() }
        return nil
    }

    func isSymbol(_ s: String) -> Bool { if case .symbol(let t) = kind { t == s } else { false } }
    func isKeyword(_ k: String) -> Bool { keyword == k }

    /// How the token reads in an error message: `'RETURN'`, `end of input`.
    var display: String {
        if case .end = kind { return "end of input" }
        return "'\(text)'"
    }
}
