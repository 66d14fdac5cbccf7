import ParleyCore

/// One step of matching a pattern: it takes a row and yields the rows that extend it.
enum MatchStep: Sendable {
    /// Every node (used only when nothing more selective is known).
    case scanAll(slot: Int)
    /// Nodes carrying a label, from the label index.
    case scanLabel(slot: Int, label: String)
    /// The node whose id equals a constant, from the id index; `fallback` when the constant is
    /// not a string (an `id` attribute that is not the entity id).
    indirect case lookupID(slot: Int, key: Expr, fallback: MatchStep)
    /// Nodes whose name or alias matches a constant, from the name index (exact check follows).
    case lookupName(slot: Int, key: Expr)
    case expand(ExpandStep)
    case varExpand(VarExpandStep)
    case shortestPath(ShortestPathStep)
    case filter(Expr)
    /// Builds the path value of `p = …` from the slots of its nodes and relationships.
    case bindPath(slot: Int, nodes: [Int], relationships: [Int], variableLength: [Bool])
    /// Yields nothing: a label or type the schema does not know.
    case nothing(reason: String)
}

struct ExpandStep: Sendable {
    var from: Int
    var relationship: Int
    var to: Int
    var types: [String]
    var direction: Graph.Direction
    var toBound: Bool
    var relationshipBound: Bool
    /// Relationship slots matched earlier in the same MATCH: the new one must differ from them.
    var distinctFrom: [Int]
}

struct VarExpandStep: Sendable {
    var from: Int
    var relationship: Int
    var to: Int
    var types: [String]
    var direction: Graph.Direction
    var min: Int
    var max: Int
    /// True when the written bound was open and `max` is the configured cap.
    var capped: Bool
    var toBound: Bool
    /// The relationship list is bound already: the walk must follow it.
    var relationshipBound: Bool = false
    /// Walked from the pattern's right end: the relationship list is reversed before binding.
    var reversed: Bool
    /// False when nothing reads the relationship list (an anonymous `-[*]->` outside a named
    /// path, alone in its MATCH): the walk then does not build it.
    var bindList: Bool = true
    /// Property map each relationship must match.
    var properties: Expr?
    var distinctFrom: [Int]
}

struct ShortestPathStep: Sendable {
    var from: Int
    var to: Int
    var relationship: Int
    var path: Int?
    var types: [String]
    var direction: Graph.Direction
    var min: Int
    var max: Int
    var all: Bool
}

struct AssignSpec: Sendable {
    var expr: Expr
    var slot: Int
    var name: String
}

struct AggregateSpec: Sendable {
    var function: String     // count, collect, sum, avg, min, max, stdev, stdevp, percentilecont, percentiledisc, countstar
    var argument: Expr?
    var extra: Expr?
    var distinct: Bool
    var slot: Int
}

struct SortKey: Sendable {
    var expr: Expr
    var ascending: Bool
}

/// A node of CREATE: created anew unless its slot is already bound.
struct CreateNodeSpec: Sendable {
    var slot: Int
    var labels: [String]
    var properties: Expr?
    var isNew: Bool
}

struct CreateRelationshipSpec: Sendable {
    var slot: Int
    var from: Int
    var to: Int
    var type: String
    var properties: Expr?
}

struct CreatePartSpec: Sendable {
    var nodes: [CreateNodeSpec]
    var relationships: [CreateRelationshipSpec]
    var path: Int?
    var nodeSlots: [Int]
    var relationshipSlots: [Int]
}

/// The operator tree the planner makes and the executor runs.
indirect enum PlanNode: Sendable {
    case start
    case match(PlanNode, [MatchStep])
    case optionalMatch(PlanNode, [MatchStep], nullSlots: [Int])
    case filter(PlanNode, Expr)
    case unwind(PlanNode, Expr, slot: Int)
    case project(PlanNode, [AssignSpec])
    case aggregate(PlanNode, keys: [AssignSpec], aggregates: [AggregateSpec])
    /// `count(*)` per group over the rows of pattern steps, the groups kept by node and
    /// relationship handles (see ``CountingAggregateSpec``).
    case countingAggregate(CountingAggregateSpec)
    /// The items of a RETURN evaluated straight from the handles of each match of pattern
    /// steps (see ``HandleProjectionSpec``).
    case handleProjection(HandleProjectionSpec)
    case distinct(PlanNode, slots: [Int])
    case sort(PlanNode, [SortKey], limit: Expr?)
    case skip(PlanNode, Expr)
    case limit(PlanNode, Expr)
    case create(PlanNode, [CreatePartSpec])
}

/// What a slot of a ``CountingAggregateSpec`` holds once its step has run.
enum HandleSlotKind: Sendable, Equatable {
    case node
    case relationship
    /// The relationship list of a variable-length step that does not build it: stays null.
    case unbuiltList
}

/// Aggregation of `count(*)` (and `count(v)` of a pattern variable, never null) over the rows of
/// MATCH steps that bind only nodes and relationships, run on integer handles in flat slots
/// instead of rows of values: rows are grouped first on the handles the grouping keys read,
/// the keys (`a.id`) are evaluated once per such group, and groups whose keys are equal merge,
/// in the order their first rows came. When nothing after the steps reads what the last
/// expansion binds, that expansion is counted instead of enumerated (``countsLastStep``).
struct CountingAggregateSpec: Sendable {
    /// The pattern steps, from the start of the query (several MATCH clauses one after another).
    var steps: [MatchStep]
    var keys: [AssignSpec]
    /// count(*) (or count of a pattern variable) slots.
    var aggregates: [AggregateSpec]
    /// The slots bound by the steps, with what they hold.
    var slotKinds: [Int: HandleSlotKind]
    /// The handle slots the keys read, in order: rows are grouped on their values first.
    var keySlots: [Int]
    /// The last step is an expansion whose new slots nothing reads: count its matches per row
    /// of the steps before it.
    var countsLastStep: Bool
    /// The walk prepared once, when the query was planned.
    var program: HandleWalkProgram
}

/// How an item of a ``HandleProjectionSpec`` is evaluated from a match's handles.
enum ProjectedItem: Sendable {
    /// A node or relationship variable: the element itself.
    case handle(Int)
    /// The `id` property of a node variable (`x.id`): its id in the store unless an attribute
    /// named `id` shadows it (see ``HandleWalkState/nodeID(_:)``).
    case nodeID(Int)
    /// A property of a node variable (`x.name`), read from the store by handle.
    case nodeProperty(Int, String)
    /// A property of a relationship variable.
    case relationshipProperty(Int, String)
    /// Any other expression, evaluated over a row that holds the match's elements.
    case expression(Expr)
}

/// A RETURN without aggregation over MATCH steps that bind only nodes and relationships, run on
/// integer handles in flat slots (the walk of ``CountingAggregateSpec``) instead of rows of
/// values: each match's items are evaluated straight from its handles into a result row, and
/// no row of pattern values is built. Rows come in the order of Match + Projection.
///
/// A class: the plan node holds one reference, and a run reads it without copying its arrays.
final class HandleProjectionSpec: Sendable {
    let steps: [MatchStep]
    let items: [AssignSpec]
    /// The slot of each item.
    let itemSlots: [Int]
    /// Per item, how it is evaluated.
    let projected: [ProjectedItem]
    /// Whether an item is a general expression (evaluated by the context, which may read its graph).
    let evaluatesExpressions: Bool
    /// The walk prepared once, when the query was planned.
    let program: HandleWalkProgram
    /// The node slot of each item when every item is a node's `id` (`RETURN x.id, b.id`):
    /// a result of it may keep the nodes' handles and read their ids when it is read (see
    /// ``QueryResult``); nil otherwise.
    let idSlots: [Int]?

    init(steps: [MatchStep], items: [AssignSpec], itemSlots: [Int], projected: [ProjectedItem], evaluatesExpressions: Bool, program: HandleWalkProgram) {
        self.steps = steps
        self.items = items
        self.itemSlots = itemSlots
        self.projected = projected
        self.evaluatesExpressions = evaluatesExpressions
        self.program = program
        let ids = projected.compactMap { item -> Int? in if case .nodeID(let s) = item { s } else { nil } }
        idSlots = !ids.isEmpty && ids.count == projected.count ? ids : nil
    }
}

/// A whole planned statement: one tree per UNION part, with the slots of its result columns.
struct QueryPlan: Sendable {
    var parts: [PlanNode]
    var columnSlots: [[Int]]
    var unionAll: [Bool]
    var columns: [String]
    var slotCount: Int
    var warnings: [Diagnostic]
    /// Whether running the plan changes the graph (CREATE).
    var writes = false
}
