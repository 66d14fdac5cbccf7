import Foundation
import ParleyCore

/// A position in query text: 1-based line and column, and the UTF-8 offset.
public struct QueryPosition: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int
    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }
    public var description: String { "\(line):\(column)" }
}

/// Why a query failed: a syntax error, a semantic error found before execution, or a runtime
/// error. Printed as `1:24: expected ')' but found 'RETURN'` followed by the query line and a
/// caret under the spot.
public struct QueryError: Error, Sendable, CustomStringConvertible {
    /// The family of the error, named as the openCypher TCK names them.
    public enum Kind: String, Sendable, Hashable {
        case syntax = "SyntaxError"
        case semantic = "SemanticError"
        case type = "TypeError"
        case argument = "ArgumentError"
        case arithmetic = "ArithmeticError"
        case parameterMissing = "ParameterMissing"
        case entityNotFound = "EntityNotFound"
        case timeout = "Timeout"
        case unsupported = "Unsupported"
    }

    public var kind: Kind
    /// True when the error was raised before execution (lexer, parser, binder, planner).
    public var isCompileTime: Bool
    /// A finer classification (`UndefinedVariable`, `VariableAlreadyBound` …) when there is one.
    public var code: String?
    public var message: String
    public var position: QueryPosition?
    /// The query text, kept to render the offending line.
    public var query: String?

    public init(
        _ kind: Kind, _ message: String, at position: QueryPosition? = nil, code: String? = nil,
        compileTime: Bool = true
    ) {
        self.kind = kind
        self.message = message
        self.position = position
        self.code = code
        self.isCompileTime = compileTime
    }

    public var line: Int? { position?.line }
    public var column: Int? { position?.column }

    /// `line:col: message`, then the query line and a caret under the column.
    public var description: String {
        guard let position else { return message }
        var out = "\(position.line):\(position.column): \(message)"
        if let query {
            let lines = query.split(separator: "\n", omittingEmptySubsequences: false)
            if position.line - 1 < lines.count {
                let text = String(lines[position.line - 1]).replacingOccurrences(of: "\r", with: "")
                let pad = String(text.prefix(max(0, position.column - 1)).map { $0 == "\t" ? "\t" : " " })
                out += "\n\(text)\n\(pad)^"
            }
        }
        return out
    }

    /// The error as a diagnostic for a file (`query.cypher:1:24: error: …`).
    public func diagnostic(file: String = "<query>") -> Diagnostic {
        .error(message, at: position.map { SourceLocation(file: file, line: $0.line, column: $0.column) })
    }

    static func runtime(_ kind: Kind, _ message: String, code: String? = nil) -> QueryError {
        QueryError(kind, message, code: code, compileTime: false)
    }
}
