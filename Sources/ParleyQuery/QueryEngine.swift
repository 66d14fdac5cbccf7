import ParleyCore
import ParleySchema

/// The rows a query returned, with its column names and any warnings (unknown labels, capped
/// variable-length patterns).
///
/// The engine keeps a result's values in one flat array, row after row (one allocation for the
/// whole result, none per row); ``rows`` builds the nested arrays when it is read, so read it
/// once (`let rows = r.rows`) rather than in a loop, and use ``rowCount`` for the count alone.
/// ``ResultFormatter`` renders from the flat values. A result whose every column is a node's
/// `id` (`RETURN x.id`) may keep the nodes' handles instead, with the graph they belong to,
/// and read the ids when it is read or rendered (late materialisation: no string copied into
/// the result and freed with it).
public struct QueryResult: Sendable {
    /// The column names.
    public var columns: [String] {
        get { header.columns }
        set { header = ResultHeader(columns: newValue, warnings: header.warnings) }
    }
    /// Warnings of the query and of its run (unknown labels, capped variable-length patterns).
    public var warnings: [Diagnostic] {
        get { header.warnings }
        set { header = ResultHeader(columns: header.columns, warnings: newValue) }
    }
    /// The columns, the warnings and the columns' JSON keys, in one object: an engine run
    /// that adds no warnings of its own shares its query plan's (one reference per result,
    /// not an array of each).
    var header: ResultHeader
    /// The values, row after row, ``rowWidth`` per row; or, for rows given nested (by
    /// ``init(columns:rows:warnings:)`` or by setting ``rows``), the rows themselves.
    var storage: Storage

    enum Storage: Sendable {
        case nested([[QueryValue]])
        case flat(cells: [QueryValue], width: Int, count: Int)
        /// Per cell the handle of a node whose `id` property is its id in `graph` (no attribute
        /// named `id` shadows it), -1 for null; `width` per row. `plain`: no id needs an
        /// escape in JSON.
        case storeIDs(handles: [Int32], width: Int, count: Int, graph: GraphHolder, plain: Bool)
    }

    public init(columns: [String], rows: [[QueryValue]], warnings: [Diagnostic] = []) {
        header = ResultHeader(columns: columns, warnings: warnings)
        storage = .nested(rows)
    }

    /// The result of an engine run from the executor's rows (kept as node handles when the
    /// rows are). Not inlined into ``QueryEngine/run(_:queryParameters:)``: one call, building
    /// the result straight in the caller's return slot.
    @inline(never)
    init(header: ResultHeader, rows: __owned ResultRows) {
        let storage: Storage = if let graph = rows.idGraph {
            .storeIDs(handles: rows.idHandles, width: rows.width, count: rows.count, graph: graph, plain: !rows.idsNeedEscape)
        } else {
            .flat(cells: rows.cells, width: rows.width, count: rows.count)
        }
        self.header = header
        self.storage = storage
    }

    /// The rows, each a value per column.
    /// - Complexity: O(values) to read when the engine made the result (the nested arrays are
    ///   built from the flat values on each read); O(1) to set.
    public var rows: [[QueryValue]] {
        get {
            switch storage {
            case .nested(let rows): return rows
            case .flat(let cells, let width, let count):
                var rows: [[QueryValue]] = []
                rows.reserveCapacity(count)
                for k in 0..<count { rows.append(Array(cells[(k * width)..<((k + 1) * width)])) }
                return rows
            case .storeIDs(let handles, let width, let count, let holder, _):
                var rows: [[QueryValue]] = []
                rows.reserveCapacity(count)
                for k in 0..<count {
                    rows.append(handles[(k * width)..<((k + 1) * width)].map { h in
                        h < 0 ? .null : .string(holder.graph.id(of: EntityHandle(Int(h))))
                    })
                }
                return rows
            }
        }
        set { storage = .nested(newValue) }
    }

    /// How many rows there are.
    /// - Complexity: O(1).
    public var rowCount: Int {
        switch storage {
        case .nested(let rows): return rows.count
        case .flat(_, _, let count): return count
        case .storeIDs(_, _, let count, _, _): return count
        }
    }
}

/// Rows as the executor makes them: values row after row, `width` per row; or, when
/// ``idGraph`` is set, node handles whose ids are the values (see ``QueryResult/Storage/storeIDs(handles:width:count:graph:)``).
struct ResultRows {
    var cells: [QueryValue] = []
    var width: Int
    var count = 0
    /// The graph of ``idHandles`` while the rows are kept as handles; nil for values in ``cells``.
    var idGraph: GraphHolder?
    var idHandles: [Int32] = []
    /// Whether an id of ``idHandles`` needs an escape in JSON.
    var idsNeedEscape = false
}

/// The columns of a result, its warnings and the columns' JSON keys (``ColumnKeys``). A query
/// plan makes one, which every result of a run that adds no warnings shares.
final class ResultHeader: Sendable {
    let columns: [String]
    let warnings: [Diagnostic]
    let keys: ColumnKeys

    init(columns: [String], warnings: [Diagnostic], keys: ColumnKeys? = nil) {
        self.columns = columns
        self.warnings = warnings
        self.keys = keys ?? ColumnKeys(columns)
    }
}

/// The JSON object keys of a result's columns (`"x.id": `), one after another, made once per
/// query plan and shared by every result of it.
final class ColumnKeys: Sendable {
    let columns: [String]
    let bytes: [UInt8]
    /// Where each column's key ends in ``bytes``.
    let ends: [Int]

    init(_ columns: [String]) {
        self.columns = columns
        var bytes: [UInt8] = []
        var ends: [Int] = []
        ends.reserveCapacity(columns.count)
        for c in columns {
            bytes.append(contentsOf: TypedJSON.quoted(c).utf8)
            bytes.append(UInt8(ascii: ":"))
            bytes.append(UInt8(ascii: " "))
            ends.append(bytes.count)
        }
        self.bytes = bytes
        self.ends = ends
    }
}

/// An embedded openCypher engine over a ``Graph``.
///
/// The stages run in order: lex and parse the text to an AST, bind names to row slots (semantic
/// errors surface here, with positions), plan from the most selective start point, execute
/// with pull-based operators.
///
/// ```swift
/// var engine = QueryEngine(graph: graph)
/// let r = try engine.run("MATCH (p:Party {id: 'russia'})-[:DEMANDS]->(x) RETURN x.name")
/// ```
public struct QueryEngine: Sendable {
    /// The graph queries run on; CREATE changes it. Changing it drops the cached plans.
    public var graph: Graph {
        get { storedGraph }
        set {
            storedGraph = newValue
            cache = EngineCache(graph: newValue)
        }
    }
    private var storedGraph: Graph
    /// Changing the options drops the cached plans.
    public var options: QueryOptions {
        didSet { cache = EngineCache(graph: storedGraph) }
    }
    /// Plans of the queries run so far and scratch space of path searches; see ``EngineCache``.
    private var cache: EngineCache

    /// An engine over `graph`. With a schema, labels and relationship types are checked against
    /// it (a spelling the schema knows as an alias is read as the canonical name; an unknown one
    /// warns with a did-you-mean and matches nothing).
    public init(graph: Graph, schema: Schema? = nil, options: QueryOptions = .init()) {
        self.storedGraph = graph
        cache = EngineCache(graph: graph)
        var o = options
        if let schema {
            var labels: [String: String] = [:]
            for t in schema.entityTypes { for s in [t.name] + t.aliases { labels[s] = t.name } }
            var types: [String: String] = [:]
            for t in schema.relationTypes { for s in [t.name] + t.aliases { types[s] = t.name } }
            // What the graph itself uses (free-form labels beside the schema's) counts as known too.
            for l in graph.labelCounts.keys where labels[l] == nil { labels[l] = l }
            for t in graph.relationTypeCounts.keys where types[t] == nil { types[t] = t }
            o.knownLabels = labels
            o.knownRelationshipTypes = types
            o.canonicalLabel = { schema.entityType(named: $0)?.name }
            o.canonicalRelationshipType = { schema.relationType(named: $0)?.name }
        }
        self.options = o
    }

    /// Parses, binds, plans and runs a query. An `EXPLAIN` query returns its plan as one column.
    /// - Throws: ``QueryError`` with a position for syntax and semantic errors, without one for
    ///   most runtime errors.
    public mutating func run(_ text: String, parameters: [String: Value] = [:]) throws(QueryError) -> QueryResult {
        try run(text, queryParameters: parameters.mapValues(QueryValue.init))
    }

    /// As ``run(_:parameters:)`` with parameters that may hold graph elements.
    public mutating func run(_ text: String, queryParameters: [String: QueryValue]) throws(QueryError) -> QueryResult {
        // A run has the engine to itself (`mutating`). When no copy of the engine shares its
        // cache (nor a run of one: a run's context holds the cache only while it runs), nothing
        // else can reach the cache while this run lasts, and its plans and pooled contexts are
        // used without its lock; otherwise under it.
        let exclusive = isKnownUniquelyReferenced(&cache)
        // A cached query that changes nothing comes with a pooled context, both under one lock.
        let prepared: PreparedQuery
        let pooledContext: ExecutionContext?
        if let (p, c) = cache.preparedWithContext(text, exclusive: exclusive) {
            prepared = p
            pooledContext = c
        } else {
            prepared = try prepare(text)
            pooledContext = nil
        }
        if prepared.explain {
            let plan = prepared.plan
            return QueryResult(columns: ["plan"], rows: [[.string(plan.explain(slotNames: Self.slotNames(prepared.bound)))]], warnings: plan.warnings)
        }
        if prepared.plan.writes {
            // A CREATE changes the context's copy; the engine takes it only when the query succeeds.
            let ctx = ExecutionContext(graph: storedGraph, parameters: queryParameters, options: options, slotCount: prepared.plan.slotCount)
            ctx.engineCache = cache
            let rows = try Self.execute(prepared, ctx, text)
            // Only a CREATE changes the graph (and then the cached plans are dropped).
            if !ctx.writers.isEmpty { graph = ctx.graph }
            return QueryResult(header: prepared.header(adding: ctx.warnings), rows: rows)
        }
        // A query that changes nothing runs in a context the engine's cache keeps (reset, not
        // allocated). The context holds the cache's graph, which is the engine's for as long
        // as the cache lives (a new graph starts a new cache): no copy or move of the graph
        // per run.
        let ctx: ExecutionContext
        if let pooled = pooledContext ?? cache.takeContext() {
            pooled.reset(parameters: queryParameters, slotCount: prepared.plan.slotCount)
            ctx = pooled
        } else {
            ctx = ExecutionContext(graph: cache.graph.graph, parameters: queryParameters, options: options, slotCount: prepared.plan.slotCount)
        }
        ctx.engineCache = cache
        // (The result is built here, with no `defer` in scope: under one it is built in a
        // temporary and copied.)
        let (rows, header) = try Self.execute(prepared, ctx, text, returningTo: cache, exclusive: exclusive)
        return QueryResult(header: header, rows: rows)
    }

    /// ``execute(_:_:_:)`` in a pooled context, which goes back to `cache`'s pool when the run
    /// has returned or thrown (without the cache's lock when `exclusive`, see
    /// ``EngineCache/preparedWithContext(_:exclusive:)``); the rows and the result's header (columns and warnings).
    private static func execute(
        _ prepared: PreparedQuery, _ ctx: ExecutionContext, _ text: String, returningTo cache: EngineCache, exclusive: Bool
    ) throws(QueryError) -> (ResultRows, ResultHeader) {
        defer {
            ctx.engineCache = nil
            cache.returnContext(ctx, exclusive: exclusive)
        }
        let rows = try execute(prepared, ctx, text)
        return (rows, prepared.header(adding: ctx.warnings))
    }

    /// Runs the plan of `prepared` in `ctx`; every error becomes a ``QueryError`` that names the query.
    private static func execute(_ prepared: PreparedQuery, _ ctx: ExecutionContext, _ text: String) throws(QueryError) -> ResultRows {
        do {
            return try Executor.run(prepared, ctx)
        } catch var e as QueryError {
            e.query = text
            throw e
        } catch let e as GraphError {
            throw QueryError(.semantic, e.description, compileTime: false)
        } catch {
            throw QueryError(.semantic, "\(error)", compileTime: false)
        }
    }

    /// Renders a result of this engine's queries as ``ResultFormatter/render(_:graph:as:)`` does
    /// with ``graph``, reading the engine's graph in place (the `graph` property returns a copy:
    /// a retain and a release of each of its arrays and indexes). As with any method, calling
    /// it on an engine in a global or a class property copies the engine first; an engine in a
    /// local variable or an `inout` parameter is read in place.
    /// - Complexity: O(size of the output).
    public func render(_ r: QueryResult, as format: OutputFormat) -> String {
        ResultFormatter.render(r, graph: storedGraph, as: format)
    }

    /// The plan of a query as an indented tree (what `EXPLAIN` prints).
    public func explain(_ text: String) throws(QueryError) -> String {
        let prepared = try prepare(text)
        return prepared.plan.explain(slotNames: Self.slotNames(prepared.bound))
    }

    /// Parses, binds and plans `text`, or takes its plan from the cache when the same text ran
    /// before on this graph with these options (a query that fails to prepare is not cached).
    private func prepare(_ text: String) throws(QueryError) -> PreparedQuery {
        if let p = cache.prepared(text) { return p }
        do {
            let ast = try Parser.parse(text)
            let bound = try Binder.bind(ast)
            let plan = Planner.plan(bound, graph: graph, options: options)
            let prepared = PreparedQuery(bound: bound, plan: plan)
            cache.store(prepared, for: text)
            return prepared
        } catch {
            var e = error
            e.query = text
            throw e
        }
    }

    /// Names of slots for EXPLAIN.
    static func slotNames(_ b: BoundStatement) -> [Int: String] {
        var names: [Int: String] = [:]
        func pattern(_ p: PatternPart) {
            for n in p.nodes { if let v = n.variable { names[v.slot] = v.name } }
            for r in p.relationships { if let v = r.variable { names[v.slot] = v.name } }
            if let v = p.pathVariable { names[v.slot] = v.name }
        }
        for q in b.ast.parts {
            for c in q.clauses {
                switch c {
                case .match(let m): m.parts.forEach(pattern)
                case .create(let c): c.parts.forEach(pattern)
                case .unwind(_, let v): names[v.slot] = v.name
                case .with(let p), .return(let p): for i in p.items { if let a = i.alias { names[a.slot] = a.name } }
                }
            }
        }
        return names
    }
}
