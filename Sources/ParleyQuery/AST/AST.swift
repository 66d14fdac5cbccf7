import ParleyCore

/// A name in a query and, once the binder has run, the row slot it lives in.
struct Variable: Sendable, Equatable {
    var name: String
    var position: QueryPosition
    var slot: Int = -1
}

enum UnaryOperator: String, Sendable, Equatable { case not = "NOT", negate = "-", plus = "+" }

enum BinaryOperator: String, Sendable, Equatable {
    case or = "OR", xor = "XOR", and = "AND"
    case equal = "=", notEqual = "<>", less = "<", greater = ">", lessEqual = "<=", greaterEqual = ">="
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", power = "^"
    case startsWith = "STARTS WITH", endsWith = "ENDS WITH", contains = "CONTAINS", `in` = "IN", regex = "=~"
}

enum QuantifierKind: String, Sendable, Equatable { case all, any, none, single }

struct MapEntry: Sendable, Equatable {
    var key: String
    var value: Expr
}

struct CaseBranch: Sendable, Equatable {
    var when: Expr
    var then: Expr
}

/// `EXISTS { … }` or a pattern used as a predicate: the pattern, an optional WHERE, and (after
/// binding) which slots were bound outside it.
final class ExistsPattern: @unchecked Sendable, Equatable {
    var parts: [PatternPart]
    var predicate: Expr?
    var position: QueryPosition
    /// Slots bound by the enclosing scope when the pattern is evaluated (set by the binder).
    var outerSlots: Set<Int> = []
    /// True for `EXISTS { … }`, which may introduce variables; false for a bare pattern.
    var isSubquery = false
    init(parts: [PatternPart], predicate: Expr?, position: QueryPosition) {
        self.parts = parts
        self.predicate = predicate
        self.position = position
    }
    static func == (a: ExistsPattern, b: ExistsPattern) -> Bool { a === b }
}

/// An expression as written; the binder turns variables into slots.
indirect enum Expr: Sendable, Equatable {
    case literal(Value)
    case parameter(String, QueryPosition)
    case variable(Variable)
    case property(Expr, String)
    case index(Expr, Expr, QueryPosition)
    case slice(Expr, Expr?, Expr?)
    case hasLabels(Expr, [String])
    case list([Expr])
    case map([MapEntry])
    case unary(UnaryOperator, Expr, QueryPosition)
    case binary(BinaryOperator, Expr, Expr, QueryPosition)
    /// `a < b < c`: every adjacent pair compared, joined by AND.
    case comparisonChain([Expr], [BinaryOperator], QueryPosition)
    case isNull(Expr, negated: Bool)
    case function(name: String, args: [Expr], distinct: Bool, position: QueryPosition)
    case countStar(QueryPosition)
    case caseExpr(subject: Expr?, branches: [CaseBranch], otherwise: Expr?)
    case listComprehension(Variable, list: Expr, filter: Expr?, map: Expr?)
    case quantifier(QuantifierKind, Variable, list: Expr, predicate: Expr?, QueryPosition)
    case reduce(accumulator: Variable, initial: Expr, Variable, list: Expr, body: Expr)
    case exists(ExistsPattern)
    case patternComprehension(ExistsPattern, projection: Expr)
    /// A value computed earlier in the row (an aggregate, a grouping key); made by the planner.
    case aggregateSlot(Int)
}

enum RelationshipDirection: Sendable, Equatable { case right, left, both }

struct NodePattern: Sendable, Equatable {
    var variable: Variable?
    var labels: [String]
    var properties: Expr?
    var position: QueryPosition
}

struct RelationshipPattern: Sendable, Equatable {
    var variable: Variable?
    var types: [String]
    var direction: RelationshipDirection
    var properties: Expr?
    /// nil for a single relationship; (min, max) for `*min..max`, where nil bounds are open.
    var length: LengthRange?
    var position: QueryPosition
}

struct LengthRange: Sendable, Equatable {
    var min: Int?
    var max: Int?
}

enum ShortestKind: Sendable, Equatable { case single, all }

/// `p = (a)-[r]->(b)<-(c)`: nodes and the relationships between them.
struct PatternPart: Sendable, Equatable {
    var pathVariable: Variable?
    var nodes: [NodePattern]
    var relationships: [RelationshipPattern]
    var shortest: ShortestKind?
    var position: QueryPosition
}

struct SortItem: Sendable, Equatable {
    var expr: Expr
    var ascending: Bool
}

struct ProjectionItem: Sendable, Equatable {
    var expr: Expr
    var alias: Variable?
    /// The expression as written: the column name when there is no alias.
    var text: String
    var position: QueryPosition
    var name: String { alias?.name ?? text }
}

struct Projection: Sendable, Equatable {
    var distinct: Bool
    var star: Bool
    var items: [ProjectionItem]
    var orderBy: [SortItem]
    var skip: Expr?
    var limit: Expr?
    var predicate: Expr?
    var position: QueryPosition
}

struct MatchClause: Sendable, Equatable {
    var optional: Bool
    var parts: [PatternPart]
    var predicate: Expr?
    var position: QueryPosition
    /// Slots bound before the clause (set by the binder): the planner starts from them.
    var boundBefore: Set<Int> = []
}

struct CreateClause: Sendable, Equatable {
    var parts: [PatternPart]
    var position: QueryPosition
    /// Slots bound before the clause (set by the binder): those nodes are not created again.
    var boundBefore: Set<Int> = []
}

enum Clause: Sendable, Equatable {
    case match(MatchClause)
    case unwind(Expr, Variable)
    case with(Projection)
    case `return`(Projection)
    case create(CreateClause)
}

struct SingleQuery: Sendable, Equatable {
    var clauses: [Clause]
}

/// A whole statement: single queries joined by UNION (ALL), possibly under EXPLAIN.
struct QueryAST: Sendable, Equatable {
    var parts: [SingleQuery]
    /// For each UNION between parts: true for UNION ALL.
    var unionAll: [Bool]
    var explain: Bool
}
