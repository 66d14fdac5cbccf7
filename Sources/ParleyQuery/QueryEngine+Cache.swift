import Foundation
import ParleyCore

/// A query made ready to run: its bound form and its plan. Parameters are not part of it, so one
/// prepared query serves every value of `$a`.
struct PreparedQuery: Sendable {
    var bound: BoundStatement
    var plan: QueryPlan
}

/// What a ``QueryEngine`` keeps between runs: the plans of the queries it has run (keyed by the
/// query text, like Neo4j's and Kùzu's plan caches), the adjacency index that path searches walk
/// (built on first use) and the scratch arrays of path searches.
///
/// A plan depends on the text, on the options (schema names) and on the graph's statistics, so the
/// engine starts a new cache whenever its graph or options change (a CREATE, or a caller assigning
/// `graph` or `options`): a cached plan always belongs to the graph and options it runs with.
/// Parameters are bound at run time and never cached. Safe to share between copies of an engine
/// and between threads.
final class EngineCache: @unchecked Sendable {
    /// Past this many distinct query texts the cache starts over (a bound on memory, not an LRU:
    /// applications run a small set of queries again and again).
    static let capacity = 512

    private let lock = NSLock()
    private var plans: [String: PreparedQuery] = [:]
    private var scratch: [PathSearchScratch] = []
    private var adjacency: AdjacencyIndex?
    /// Path searches run so far without the index.
    private var pathSearches = 0

    func prepared(_ text: String) -> PreparedQuery? {
        lock.lock()
        defer { lock.unlock() }
        return plans[text]
    }

    func store(_ p: PreparedQuery, for text: String) {
        lock.lock()
        defer { lock.unlock() }
        if plans.count >= Self.capacity { plans.removeAll(keepingCapacity: true) }
        plans[text] = p
    }

    /// The adjacency index of `graph` for a path search: the one built before, or a new one
    /// from the engine's second path search on (a single search is cheaper on the graph's own
    /// lists than building an index of the whole graph first); nil for the first search.
    /// Only for the graph the cache belongs to: the engine starts a new cache whenever its graph
    /// changes, and a run that has created something must not ask.
    /// - Complexity: O(1), or O(entities + relations) once to build.
    func adjacencyForSearch(of graph: Graph) -> AdjacencyIndex? {
        lock.lock()
        defer { lock.unlock() }
        if let a = adjacency, a.describes(graph) { return a }
        pathSearches += 1
        guard pathSearches >= 2 else { return nil }
        let a = AdjacencyIndex(graph)
        adjacency = a
        return a
    }

    /// Scratch arrays for a path search: one a previous search returned, or a new one. Each
    /// concurrent search takes its own.
    func takeScratch() -> PathSearchScratch {
        lock.lock()
        defer { lock.unlock() }
        return scratch.popLast() ?? PathSearchScratch()
    }

    func returnScratch(_ s: PathSearchScratch) {
        lock.lock()
        defer { lock.unlock() }
        if scratch.count < 4 { scratch.append(s) }
    }
}
