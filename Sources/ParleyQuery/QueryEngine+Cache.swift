import Foundation
import ParleyCore

/// A query made ready to run: its bound form and its plan. Parameters are not part of it, so one
/// prepared query serves every value of `$a`. A class, so that taking it from the cache is one
/// reference, not a copy of each array of the plan.
final class PreparedQuery: Sendable {
    let bound: BoundStatement
    let plan: QueryPlan
    /// Whether the query is `EXPLAIN …`.
    let explain: Bool
    /// The columns, the plan's warnings and the columns' JSON keys, shared by the results of
    /// runs that add no warnings.
    let header: ResultHeader
    /// The plan's only part when it is a handle projection whose items are the result's
    /// columns: the executor takes the result straight from its walk.
    let topProjection: HandleProjectionSpec?

    /// The header of a result of a run that raised `warnings`: the plan's own when there are none.
    @inline(__always)
    func header(adding warnings: [Diagnostic]) -> ResultHeader {
        if warnings.isEmpty { return header }
        return ResultHeader(columns: header.columns, warnings: header.warnings + warnings, keys: header.keys)
    }

    init(bound: BoundStatement, plan: QueryPlan) {
        self.bound = bound
        self.plan = plan
        explain = bound.ast.explain
        header = ResultHeader(columns: plan.columns, warnings: plan.warnings)
        if plan.parts.count == 1, case .handleProjection(let spec) = plan.parts[0], !spec.itemSlots.isEmpty,
           plan.columnSlots[0] == spec.itemSlots, spec.itemSlots.count == plan.columns.count {
            topProjection = spec
        } else {
            topProjection = nil
        }
    }
}

/// What a ``QueryEngine`` keeps between runs: the plans of the queries it has run (keyed by the
/// query text, like Neo4j's and Kùzu's plan caches) and what path searches keep between
/// searches (visit marks, the adjacency rows of the nodes they expanded), and the typed
/// adjacency that counting aggregations built (``TypedAdjacency``).
///
/// A plan depends on the text, on the options (schema names) and on the graph's statistics, so the
/// engine starts a new cache whenever its graph or options change (a CREATE, or a caller assigning
/// `graph` or `options`): a cached plan always belongs to the graph and options it runs with.
/// Parameters are bound at run time and never cached. Safe to share between copies of an engine
/// and between threads.
final class EngineCache: @unchecked Sendable {
    /// The graph the cache belongs to (sharing the engine's storage), for walks that read it
    /// many times in a run (see ``GraphHolder``).
    let graph: GraphHolder

    init(graph: Graph) {
        self.graph = GraphHolder(graph)
    }

    /// Past this many distinct query texts the cache starts over (a bound on memory, not an LRU:
    /// applications run a small set of queries again and again).
    static let capacity = 512

    private let lock = NSLock()
    @exclusivity(unchecked) private var plans: [String: PreparedQuery] = [:]
    @exclusivity(unchecked) private var scratch: [PathSearchScratch] = []
    /// Contexts of read-only runs that finished (see ``takeContext()``): the last one returned
    /// in a slot of its own (taken and put back by a move, no array to change), others after it.
    @exclusivity(unchecked) private var lastContext: ExecutionContext?
    @exclusivity(unchecked) private var contexts: [ExecutionContext] = []
    /// Typed adjacency that counting aggregations built, by direction and types.
    @exclusivity(unchecked) private var adjacencies: [String: TypedAdjacency] = [:]

    /// The query prepared last, checked before the table: an application running one query
    /// again and again (often the very same string) then pays a comparison, not a hash of its text.
    @exclusivity(unchecked) private var lastText: String?
    @exclusivity(unchecked) private var last: PreparedQuery?

    func prepared(_ text: String) -> PreparedQuery? {
        lock.lock()
        defer { lock.unlock() }
        if let lastText, lastText == text { return last }
        guard let p = plans[text] else { return nil }
        lastText = text
        last = p
        return p
    }

    /// ``prepared(_:)``, and for a query that is not `EXPLAIN` and changes nothing a context
    /// from ``takeContext()`` (nil when none is pooled), under one lock; nil when `text` is not
    /// cached.
    ///
    /// `exclusive`: the caller is the only holder of this cache and runs on it alone (see
    /// ``QueryEngine/run(_:queryParameters:)``), so that nothing else can reach it and the lock
    /// is not taken.
    func preparedWithContext(_ text: String, exclusive: Bool) -> (PreparedQuery, ExecutionContext?)? {
        if exclusive { return unlockedPreparedWithContext(text) }
        lock.lock()
        defer { lock.unlock() }
        return unlockedPreparedWithContext(text)
    }

    @inline(__always)
    private func unlockedPreparedWithContext(_ text: String) -> (PreparedQuery, ExecutionContext?)? {
        let p: PreparedQuery
        if let lastText, lastText == text, let last {
            p = last
        } else {
            guard let found = plans[text] else { return nil }
            lastText = text
            last = found
            p = found
        }
        return (p, p.explain || p.plan.writes ? nil : unlockedTakeContext())
    }

    @inline(__always)
    private func unlockedTakeContext() -> ExecutionContext? {
        if let c = lastContext.take() { return c }
        return contexts.popLast()
    }

    @inline(__always)
    private func unlockedReturnContext(_ c: ExecutionContext) {
        if lastContext == nil {
            lastContext = c
        } else if contexts.count < 3 {
            contexts.append(c)
        }
    }

    func store(_ p: PreparedQuery, for text: String) {
        lock.lock()
        defer { lock.unlock() }
        if plans.count >= Self.capacity { plans.removeAll(keepingCapacity: true) }
        plans[text] = p
        lastText = text
        last = p
    }

    /// Scratch of a path search: one a previous search returned, or a new one. Each concurrent
    /// search takes its own. Only for the graph the cache belongs to.
    func takeScratch() -> PathSearchScratch {
        lock.lock()
        defer { lock.unlock() }
        return scratch.popLast() ?? PathSearchScratch()
    }

    /// The typed adjacency built for `key` on this cache's graph, if any.
    func adjacency(_ key: String) -> TypedAdjacency? {
        lock.lock()
        defer { lock.unlock() }
        return adjacencies[key]
    }

    func store(_ a: TypedAdjacency, for key: String) {
        lock.lock()
        defer { lock.unlock() }
        adjacencies[key] = a
    }

    /// An execution context for a read-only run on this cache's graph: one a finished run
    /// returned, or a new one, to be ``ExecutionContext/reset(parameters:slotCount:)``
    /// before use; its options are those this cache's engine had when it made the cache (any
    /// change of them makes a new cache). Each concurrent (or nested) run takes its own. Its `graph` is this
    /// cache's (the engine's, shared: no copy per run).
    func takeContext() -> ExecutionContext? {
        lock.lock()
        defer { lock.unlock() }
        return unlockedTakeContext()
    }

    /// Gives back a context taken with ``takeContext()`` once its run has ended (returned or
    /// thrown), its graph still this cache's (a read-only run changes nothing). It must not refer to this cache
    /// (`engineCache` nil), which would keep the cache alive from inside itself.
    /// `exclusive` as in ``preparedWithContext(_:exclusive:)``.
    func returnContext(_ c: ExecutionContext, exclusive: Bool) {
        if exclusive { return unlockedReturnContext(c) }
        lock.lock()
        defer { lock.unlock() }
        unlockedReturnContext(c)
    }

    func returnScratch(_ s: PathSearchScratch) {
        lock.lock()
        defer { lock.unlock() }
        if scratch.count < 4 { scratch.append(s) }
    }
}

/// A graph in an immutable stored property of a class: code holding it calls the graph's
/// methods on it in place, where a method called on a `var` of a class (``ExecutionContext/graph``)
/// first copies the graph (a retain and a release of each of its arrays and indexes).
final class GraphHolder: Sendable {
    let graph: Graph
    init(_ graph: Graph) { self.graph = graph }
}
