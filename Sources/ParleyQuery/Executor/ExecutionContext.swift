import Foundation
import ParleyCore

/// One row of intermediate results: a value per slot.
typealias Row = [QueryValue]

/// What every operator and the evaluator share while a query runs: the graph (which CREATE
/// changes), the parameters, the options, the warnings raised so far and the deadline.
///
/// A read-only run of a ``QueryEngine`` takes a context its engine keeps (see
/// ``EngineCache/takeContext()``) and ``reset(parameters:slotCount:)``s it, instead of
/// allocating one per run.
final class ExecutionContext {
    var graph: Graph
    @exclusivity(unchecked) private(set) var parameters: [String: QueryValue]
    let options: QueryOptions
    @exclusivity(unchecked) var warnings: [Diagnostic] = []
    @exclusivity(unchecked) private(set) var slotCount: Int
    @exclusivity(unchecked) private var deadline: DispatchTime?
    @exclusivity(unchecked) private var ticks = 0
    /// Relationships walked so far by variable-length patterns without an upper bound.
    @exclusivity(unchecked) private var unboundedSteps = 0
    /// Plans of pattern predicates, made on first use.
    @exclusivity(unchecked) var patternPlans: [ObjectIdentifier: [MatchStep]] = [:]
    @exclusivity(unchecked) var cappedWarningGiven = false
    @exclusivity(unchecked) var generatedCounter = 0
    /// CREATE operators, finished after the results are read.
    @exclusivity(unchecked) var writers: [CreateSource] = []
    /// How many single-relationship expansions ran: past a few hundred, they read the relation table.
    @exclusivity(unchecked) var expandCalls = 0
    /// How many variable-length walks started: past a few dozen, they read the relation table.
    @exclusivity(unchecked) var varExpandCalls = 0
    /// What the engine keeps between runs (path-search marks and adjacency rows), if any.
    @exclusivity(unchecked) var engineCache: EngineCache?
    /// The walker of the last top-level handle projection, kept for the next run of the same
    /// query in this (pooled) context; see ``projectionWalker(_:)``.
    @exclusivity(unchecked) private var walker: HandleMatchCounter?
    @exclusivity(unchecked) private var walkerBusy = false
    /// The engine's path-search scratch this context keeps between runs while it is not lent
    /// (see ``takeSharedScratch()``).
    @exclusivity(unchecked) private var keptScratch: PathSearchScratch?
    private var builtRelationTable: RelationTable?
    private var relationTableVersion = -1

    /// Endpoints and types of every relation in flat arrays, for long walks; rebuilt when CREATE
    /// has added relations since.
    var relationTable: RelationTable {
        if let t = builtRelationTable, relationTableVersion == graph.relationCapacity { return t }
        let t = RelationTable(graph)
        builtRelationTable = t
        relationTableVersion = graph.relationCapacity
        return t
    }

    init(graph: Graph, parameters: [String: QueryValue], options: QueryOptions, slotCount: Int) {
        self.graph = graph
        self.parameters = parameters
        self.options = options
        self.slotCount = slotCount
        if let t = options.timeout {
            deadline = .now() + .nanoseconds(Int(t * 1e9))
        } else {
            deadline = nil
        }
    }

    /// Makes the context that of a new run, as a new one with these arguments and its current
    /// graph and options would be: no warnings, counters at zero, no pattern plans or writers, a
    /// new deadline. (A pooled context's options are its engine's: changing them starts a new
    /// ``EngineCache`` and so a new pool.)
    /// The relation table is kept: a pooled context only ever runs on its engine cache's graph
    /// (which never changes), and the table is checked against the graph's version on every use.
    /// - Complexity: O(1) when the previous run left nothing behind.
    func reset(parameters: [String: QueryValue], slotCount: Int) {
        self.parameters = parameters
        self.slotCount = slotCount
        deadline = options.timeout.map { .now() + .nanoseconds(Int($0 * 1e9)) }
        if !warnings.isEmpty { warnings.removeAll() }
        ticks = 0
        unboundedSteps = 0
        if !patternPlans.isEmpty { patternPlans.removeAll() }
        cappedWarningGiven = false
        generatedCounter = 0
        if !writers.isEmpty { writers.removeAll() }
        expandCalls = 0
        varExpandCalls = 0
    }

    /// Runs `body` with a walker for `program`: the one this context kept from an earlier run of
    /// the same program on the same graph (reset), or a new one, kept for the next run. A nested
    /// use while one is running gets a walker of its own.
    func withProjectionWalker<T>(_ program: HandleWalkProgram, _ body: (HandleMatchCounter) throws -> T) rethrows -> T {
        if walkerBusy { return try body(HandleMatchCounter(program, self)) }
        let w: HandleMatchCounter
        if let kept = walker, kept.program === program, kept.holder === (writers.isEmpty ? engineCache?.graph : nil) {
            kept.resetForNextRun()
            w = kept
        } else {
            w = HandleMatchCounter(program, self)
            walker = w
        }
        walkerBusy = true
        defer { walkerBusy = false }
        return try body(w)
    }

    /// A scratch of the engine's (visit marks and adjacency rows that describe its graph) for a
    /// walk or search of this run, while the run has created nothing: the one this context
    /// keeps, or one from the engine's pool. nil when the run has no engine or has created
    /// something. Give it back with ``returnSharedScratch(_:)``.
    func takeSharedScratch() -> PathSearchScratch? {
        guard writers.isEmpty, let cache = engineCache else { return nil }
        if let s = keptScratch {
            keptScratch = nil
            return s
        }
        return cache.takeScratch()
    }

    /// Gives back a scratch from ``takeSharedScratch()``: the context keeps one for its next
    /// run (a pooled context only ever runs on its engine's one graph), the engine the others.
    func returnSharedScratch(_ s: PathSearchScratch) {
        if keptScratch == nil {
            keptScratch = s
        } else {
            engineCache?.returnScratch(s)
        }
    }

    /// The value of parameter `name`, nil when it was not given. A query takes a few
    /// parameters: up to eight are found by comparing names (short names compare as one or two
    /// machine words), with no hash of the name; more by a hash look-up.
    /// - Complexity: O(1).
    @inline(__always)
    func parameter(_ name: String) -> QueryValue? {
        if parameters.count <= 8 {
            for (key, value) in parameters where key == name { return value }
            return nil
        }
        return parameters[name]
    }

    /// The text of parameter `name` when it was given as a string: `.some(nil)` when it was
    /// given as another value, nil when it was not given. As ``parameter(_:)``, with the value
    /// matched where the parameters keep it (no copy of the value made and destroyed).
    /// - Complexity: O(1).
    @inline(__always)
    func stringParameter(_ name: String) -> String?? {
        if parameters.count <= 8 {
            var i = parameters.startIndex
            while i != parameters.endIndex {
                if parameters.keys[i] == name {
                    if case .value(.string(let s)) = parameters.values[i] { return .some(s) }
                    return .some(nil)
                }
                parameters.formIndex(after: &i)
            }
            return nil
        }
        guard let i = parameters.index(forKey: name) else { return nil }
        if case .value(.string(let s)) = parameters.values[i] { return .some(s) }
        return .some(nil)
    }

    /// Throws when the query has run past its time limit; cheap enough to call per row.
    func checkDeadline() throws {
        guard let deadline else { return }
        ticks &+= 1
        if ticks & 1023 == 0, DispatchTime.now() > deadline {
            throw QueryError.runtime(.timeout, "query stopped after \(Value.formatFloat(options.timeout ?? 0)) s (--timeout); narrow the pattern or bound its length")
        }
    }

    /// Counts one relationship walked by a variable-length pattern without an upper bound and
    /// throws once the query has walked more than ``QueryOptions/maxUnboundedSteps``.
    func countUnboundedStep() throws {
        unboundedSteps += 1
        if let limit = options.maxUnboundedSteps, unboundedSteps > limit {
            throw QueryError.runtime(.timeout, "a variable-length pattern without an upper bound walked more than \(limit) relationships; give it an upper bound (*1..N), lower --max-length (now \(options.maxUnboundedLength)), or set --timeout")
        }
    }

    func warn(_ message: String) {
        let d = Diagnostic.warning(message)
        if !warnings.contains(d) { warnings.append(d) }
    }

    var emptyRow: Row { Row(repeating: .null, count: slotCount) }
}

/// Settings of a query run.
public struct QueryOptions: Sendable {
    /// Upper bound for a variable-length pattern written without one (`*`, `*2..`); reaching it warns.
    public var maxUnboundedLength: Int
    /// Upper bound for the relationships that variable-length patterns written without an upper
    /// bound may walk, over the whole query: on a dense graph the number of paths grows
    /// exponentially with ``maxUnboundedLength``, and reaching this stops the query with an error
    /// instead of running for hours. nil for no limit.
    public var maxUnboundedSteps: Int? = 1_000_000
    /// Seconds after which a running query stops with an error; nil for no limit.
    public var timeout: Double?
    /// Labels and relationship types the schema knows: a query naming another one warns with a
    /// did-you-mean and matches nothing for it. nil when there is no schema.
    /// Spelling → canonical name of every label the schema (or the graph) knows.
    public var knownLabels: [String: String]?
    /// Spelling → canonical name of every relationship type the schema (or the graph) knows.
    public var knownRelationshipTypes: [String: String]?
    /// Looser look-up of a label (case, `-`/`_`) used when the exact spelling is unknown.
    public var canonicalLabel: (@Sendable (String) -> String?)?
    public var canonicalRelationshipType: (@Sendable (String) -> String?)?

    public init(maxUnboundedLength: Int = 32, timeout: Double? = nil, knownLabels: [String: String]? = nil, knownRelationshipTypes: [String: String]? = nil) {
        self.maxUnboundedLength = maxUnboundedLength
        self.timeout = timeout
        self.knownLabels = knownLabels
        self.knownRelationshipTypes = knownRelationshipTypes
    }
}
