import ParleyCore

/// Rows a handle walk computes all at once on the first `next()` (a counting aggregation, or a
/// handle projection whose whole rows are read: under DISTINCT, ORDER BY or SKIP; at the top of
/// a query, ``Executor/run(_:_:)`` takes a projection's rows directly), then handed out in order.
final class ComputedRowsSource: RowSource {
    private let compute: () throws -> [Row]
    private var output: [Row]?
    private var k = 0

    init(_ compute: @escaping () throws -> [Row]) { self.compute = compute }

    func next() throws -> Row? {
        if output == nil { output = try compute() }
        guard let o = output, k < o.count else { return nil }
        defer { k += 1 }
        return o[k]
    }
}

/// The state of a walk that the recursion passes down by `inout` (no copies, no exclusivity
/// checks of class properties in the inner loop).
struct HandleWalkState {
    /// The graph of the run, read in place through the walk's `inout` state (a method called on
    /// a class's stored graph copies it first: a retain and a release of each of its arrays).
    var graph: Graph
    /// Per slot: the handle bound there, -1 for none (null).
    var handles: [Int32]
    /// A row of values for filters, with the handle slots they read written in before each use.
    var scratch: Row
    /// Packed key handles → group number.
    var groupIndex: [UInt64: Int] = [:]
    var counts: [Int] = []
    /// Per group, the handles of ``HandleMatchCounter/kept`` slots of its first row.
    var firstRows: [Int32] = []
    var lastKey: UInt64 = .max
    var lastGroup = -1
    /// While projecting (``HandleMatchCounter/projectRows(_:)``,
    /// ``HandleMatchCounter/projectCells(_:into:)``): each match's items, where each goes in a
    /// whole row (nil: the items alone, appended to `cells`), the whole rows made so far, the
    /// items' values of the rows made so far and how many rows those are.
    var projecting = false
    var items: [ProjectedItem] = []
    var itemSlots: [Int]?
    /// The spec whose ``items`` and id slots the state holds (kept between walks of a kept
    /// state: set again only for another spec).
    var projected: HandleProjectionSpec?
    var out: [Row] = []
    var cells: [QueryValue] = []
    var cellRows = 0
    /// While projecting on the engine's graph: the adjacency rows the engine keeps, moved here
    /// from its scratch for the walk (each node's (neighbour, relationship, interned type),
    /// filled from the store the first time any query of the engine expands the node), and
    /// whether expansions read them.
    var adjacency = AdjacencyRows()
    var overRows = false
    /// Per entity of the graph walked: ``storeIDForm(_:)`` of it, 0 while not known. Filled as
    /// walks read ids; a state kept between walks (in a ``PathSearchScratch``) keeps it, since
    /// it only ever walks its engine's one graph. Empty: nothing is kept.
    var idIsStoreID: [UInt8] = []
    /// The key the run's id look-up evaluated (see ``HandleWalkProgram/Step/idEqualsLookup(slot:)``).
    var lookupKey: QueryValue = .null
    /// The key of the run's id look-up when it is a string parameter, read from the run's
    /// parameters with no value made of it (then ``lookupKey`` is not set); nil otherwise.
    var lookupText: String?
    /// While projecting a result kept as node handles (every item a node's `id`, see
    /// ``QueryResult``): the node slot of each item, and the handles of the rows made so far.
    var keepsIDHandles = false
    var idSlots: [Int] = []
    /// The first two of ``idSlots`` (-1 past their count), read without the array (an array
    /// read in a loop that changes the state is retained and released per row).
    var idSlot0 = -1, idSlot1 = -1
    /// The handles of the rows made so far. A state kept between walks keeps the buffer of its
    /// last result (see ``HandleMatchCounter/keptResultCapacity``) and writes the next result
    /// there when that one is gone: no allocation per run for an application that drops each
    /// result before the next run.
    var idHandles: [Int32] = []
    /// Whether an id of ``idHandles`` needs an escape in JSON.
    var idsNeedEscape = false
    /// A state kept between walks (see ``idIsStoreID``): the byte-keyed id index of its one
    /// graph once ``IDByteIndex/buildAfter`` look-ups have been made through it, and how many
    /// have been made before.
    var idIndex: IDByteIndex?
    var idLookups = 0

    /// The entity whose id is `id`, as ``Graph/handle(forID:)`` answers: from the byte-keyed
    /// index in a state kept between walks of its engine's graph (built after a few look-ups).
    /// - Complexity: O(length of `id`) expected.
    @inline(__always)
    mutating func handle(forID id: String) -> EntityHandle? {
        if let idIndex { return idIndex.handle(forID: id, in: graph) }
        if !idIsStoreID.isEmpty {
            idLookups += 1
            if idLookups >= IDByteIndex.buildAfter {
                let index = IDByteIndex(graph)
                idIndex = index
                return index.handle(forID: id, in: graph)
            }
        }
        return graph.handle(forID: id)
    }

    /// What the `id` property of the node at `h` is: 1, its id in the store (no attribute named
    /// `id` shadows it, not an id CREATE generated), written in JSON as it is; 3, its id in the
    /// store, needing an escape in JSON; 2, not its id in the store. Remembered in
    /// ``idIsStoreID`` when kept.
    /// - Complexity: O(1); a hash look-up of its attributes and a scan of its id the first time.
    @inline(__always)
    mutating func storeIDForm(_ h: Int32) -> UInt8 {
        let k = Int(h)
        if k < idIsStoreID.count, idIsStoreID[k] != 0 { return idIsStoreID[k] }
        let id = graph.id(of: EntityHandle(k))
        let form: UInt8
        if graph.attribute("id", of: EntityHandle(k)) != nil || PropertyMapping.isGeneratedID(id) {
            form = 2
        } else {
            let plain = id.utf8.withContiguousStorageIfAvailable { !ResultFormatter.mayNeedEscape($0) } ?? false
            form = plain ? 1 : 3
        }
        if k < idIsStoreID.count { idIsStoreID[k] = form }
        return form
    }

    /// Whether the `id` property of the node at `h` is its id in the store (see ``storeIDForm(_:)``).
    @inline(__always)
    mutating func isStoreID(_ h: Int32) -> Bool { storeIDForm(h) != 2 }

    /// Whether `n.id = key` is true for the node `n` at `h`: a string key is compared with the
    /// id in place when the id is the store's (no value made for it).
    @inline(__always)
    mutating func idEquals(_ h: Int32, _ key: QueryValue) -> Bool {
        if case .value(.string(let k)) = key, isStoreID(h) { return graph.id(of: EntityHandle(Int(h))) == k }
        return QueryValue.cypherEquals(nodeID(h), key) == true
    }

    /// Whether `n.id` equals the key of the run's id look-up for the node `n` at `h`
    /// (``idEquals(_:_:)`` with ``lookupText`` or ``lookupKey``).
    @inline(__always)
    mutating func idEqualsLookup(_ h: Int32) -> Bool {
        guard let k = lookupText else { return idEquals(h, lookupKey) }
        if isStoreID(h) { return graph.id(of: EntityHandle(Int(h))) == k }
        return QueryValue.cypherEquals(nodeID(h), .value(.string(k))) == true
    }

    /// The `id` property of the node at `h`: its id in the store, read in place, when no
    /// attribute shadows it (known after the first read of that node, when ``idIsStoreID`` is kept).
    /// - Complexity: O(1); a hash look-up of its attributes the first time.
    @inline(__always)
    mutating func nodeID(_ h: Int32) -> QueryValue {
        let k = EntityHandle(Int(h))
        return isStoreID(h) ? .string(graph.id(of: k)) : PropertyMapping.nodeProperty(graph, k, "id")
    }
}

/// What a walk over handles needs that depends only on its plan and on the graph the plan was
/// made for: the steps prepared for the walk, what each slot holds, the grouping slots, the
/// relationship types of each step. The planner makes it once and the cached plan keeps it, so
/// that a run of a cached query starts walking at once (no preparation, no allocation of it).
final class HandleWalkProgram: Sendable {
    /// A step prepared for the walk.
    enum Step: Sendable {
        case start(slot: Int, MatchStep)
        case expand(ExpandStep)
        case varExpand(VarExpandStep)
        case filter(Expr, reads: [Int])
        /// `v:A:B` of a node slot: read from the store by handle.
        case hasLabels(slot: Int, [String])
        /// `v.key = constant` of a node slot (a property map entry).
        case propertyEquals(slot: Int, key: String, value: Expr)
        /// `v.id = k` where the walk's only id look-up found `v` by the same `k`
        /// (`{id: $a}`): compared with the key the look-up evaluated, not evaluated again.
        case idEqualsLookup(slot: Int)
        case nothing
    }

    let steps: [Step]
    /// Steps walked to enumerate; the one after them (if ``countsLast``) is counted.
    let enumerated: Int
    let countsLast: Bool
    /// Slots whose handles a group keeps from its first row (everything but a counted step's).
    let kept: [Int]
    let keySlot0: Int
    let keySlot1: Int
    /// Per slot (up to the largest handle slot): what it holds, nil for a slot the steps do not bind.
    let kinds: [HandleSlotKind?]
    /// Per step, the relationship types it walks as a set (nil: every type).
    let typeSets: [Set<String>?]
    /// Per step, the relationship types it walks as written (empty: every type).
    let types: [[String]]
    /// Per step, how many relations building its typed adjacency reads.
    let buildCost: [Int]
    /// Per step, the ids of its relationship types in the engine's adjacency rows (nil: every
    /// type; -2 for a type the graph does not have). See ``AdjacencyRows/init(_:)``.
    let rowTypes: [[Int32]?]
    /// Per step, what an expansion over adjacency rows reads, in plain values (no arrays to
    /// retain on each expansion); zeros for other steps.
    let expandFacts: [ExpandFacts]
    /// Whether a step evaluates a general expression (which may read anything of the context).
    let evaluatesExpressions: Bool
    /// Per step: whether it is an expansion, and the slot of an id look-up (-1 for other
    /// steps), so that the walk dispatches on plain values and copies no step on the way (a
    /// step's payload holds expressions and arrays: copying it retains each).
    let isExpand: [Bool]
    let lookupSlots: [Int]
    /// Per step: the key of an id look-up (a constant: parameter or literal); null for other steps.
    let lookupKeys: [Expr]
    /// Per step: the name of the parameter that is an id look-up's key (nil for other keys and
    /// steps), read from the run's parameters without the evaluator.
    let lookupParameters: [String?]
    /// Per step: for an ``Step/idEqualsLookup(slot:)``, its slot; -1 for other steps.
    let idCheckSlots: [Int]
    /// Whether a step compares a node's id with the key of the id look-up (an
    /// ``Step/idEqualsLookup(slot:)``): only then does the walk keep the key in its state.
    let readsLookupKey: Bool
    /// Per step: for a ``Step/hasLabels(slot:_:)``, its slot (-1 for other steps) and labels.
    let labelCheckSlots: [Int]
    let labelChecks: [[String]]

    /// An ``ExpandStep`` without its arrays: slots, flags, and its one type's id when it has one.
    struct ExpandFacts {
        var from = 0, relationship = 0, to = 0
        var toBound = false, relationshipBound = false, checksDistinct = false
        var direction = Graph.Direction.outgoing
        /// -1: every type; the id of its only type (-2: not in the graph); -3: several types.
        var onlyType: Int32 = -1
    }

    /// - Parameters:
    ///   - steps: MATCH steps that bind only the handle slots of `slotKinds`.
    ///   - keySlots: at most two slots whose handles group the matches (empty when not grouping).
    ///   - countsLast: the last step is an expansion that is counted, not enumerated.
    init(steps matchSteps: [MatchStep], slotKinds: [Int: HandleSlotKind], keySlots: [Int], countsLast: Bool, graph: Graph) {
        var prepared: [Step] = []
        var labelScanned: [Int: String] = [:]
        // The slot and key of the only id look-up, if there is one.
        let idLookups = matchSteps.compactMap { s -> (slot: Int, key: Expr)? in
            if case .lookupID(let slot, let key, _) = s { (slot, key) } else { nil }
        }
        let onlyLookup = idLookups.count == 1 ? idLookups[0] : nil
        for s in matchSteps {
            switch s {
            case .scanAll(let slot), .lookupName(let slot, _), .lookupID(let slot, _, _):
                prepared.append(.start(slot: slot, s))
            case .scanLabel(let slot, let label):
                labelScanned[slot] = label
                prepared.append(.start(slot: slot, s))
            case .expand(let e): prepared.append(.expand(e))
            case .varExpand(let e): prepared.append(.varExpand(e))
            case .filter(let e):
                // The label check of a node that the label index produced is true already.
                if case .hasLabels(.variable(let v), let labels) = e, labels.count == 1, labelScanned[v.slot] == labels[0] { continue }
                if case .hasLabels(.variable(let v), let labels) = e, slotKinds[v.slot] == .node {
                    prepared.append(.hasLabels(slot: v.slot, labels))
                    continue
                }
                if case .binary(.equal, let a, let b, _) = e {
                    if case .property(.variable(let v), let key) = a, slotKinds[v.slot] == .node, Planner.isConstant(b) {
                        if key == "id", let l = onlyLookup, l.slot == v.slot, l.key == b {
                            prepared.append(.idEqualsLookup(slot: v.slot))
                            continue
                        }
                        prepared.append(.propertyEquals(slot: v.slot, key: key, value: b))
                        continue
                    }
                }
                let reads = Planner.slotsRead(e).filter { slotKinds[$0] != nil }.sorted()
                prepared.append(.filter(e, reads: reads))
            case .nothing: prepared.append(.nothing)
            case .shortestPath, .bindPath: prepared.append(.nothing)  // excluded by the planner
            }
        }
        steps = prepared
        isExpand = prepared.map { if case .expand = $0 { true } else { false } }
        lookupSlots = prepared.map { if case .start(let slot, .lookupID) = $0 { slot } else { -1 } }
        lookupKeys = prepared.map { if case .start(_, .lookupID(_, let key, _)) = $0 { key } else { .literal(.null) } }
        lookupParameters = prepared.map { if case .start(_, .lookupID(_, .parameter(let name, _), _)) = $0 { name } else { nil } }
        idCheckSlots = prepared.map { if case .idEqualsLookup(let slot) = $0 { slot } else { -1 } }
        readsLookupKey = idCheckSlots.contains { $0 >= 0 }
        labelCheckSlots = prepared.map { if case .hasLabels(let slot, _) = $0 { slot } else { -1 } }
        labelChecks = prepared.map { if case .hasLabels(_, let labels) = $0 { labels } else { [] } }
        self.countsLast = countsLast
        enumerated = countsLast ? prepared.count - 1 : prepared.count
        var tail = Set<Int>()
        if countsLast, let last = matchSteps.last {
            switch last {
            case .expand(let e):
                tail.insert(e.relationship)
                if !e.toBound { tail.insert(e.to) }
            case .varExpand(let e):
                tail.insert(e.relationship)
                if !e.toBound { tail.insert(e.to) }
            default: break
            }
        }
        kept = slotKinds.keys.filter { !tail.contains($0) && slotKinds[$0] != .unbuiltList }.sorted()
        keySlot0 = keySlots.count > 0 ? keySlots[0] : -1
        keySlot1 = keySlots.count > 1 ? keySlots[1] : -1
        var kinds = [HandleSlotKind?](repeating: nil, count: (slotKinds.keys.max() ?? -1) + 1)
        for (s, k) in slotKinds where s >= 0 { kinds[s] = k }
        self.kinds = kinds
        let stepTypes = prepared.map { step -> [String] in
            switch step {
            case .expand(let e): return e.types
            case .varExpand(let e): return e.types
            default: return []
            }
        }
        types = stepTypes
        typeSets = zip(prepared, stepTypes).map { step, t -> Set<String>? in
            switch step {
            case .expand, .varExpand: return t.isEmpty ? nil : Set(t)
            default: return nil
            }
        }
        let typeCounts = graph.relationTypeCounts
        let typeIDs = AdjacencyRows.typeIDs(graph)
        // (A look-up's key and a property map's value are constants: parameters or literals.)
        evaluatesExpressions = prepared.contains { if case .filter = $0 { true } else { false } }
        let rowTypes = stepTypes.map { t -> [Int32]? in t.isEmpty ? nil : t.map { typeIDs[$0] ?? -2 } }
        self.rowTypes = rowTypes
        expandFacts = zip(prepared, rowTypes).map { step, ids in
            guard case .expand(let e) = step else { return ExpandFacts() }
            return ExpandFacts(
                from: e.from, relationship: e.relationship, to: e.to, toBound: e.toBound,
                relationshipBound: e.relationshipBound, checksDistinct: !e.distinctFrom.isEmpty, direction: e.direction,
                onlyType: ids.map { Set($0).count == 1 ? $0[0] : -3 } ?? -1)
        }
        buildCost = zip(prepared, stepTypes).map { step, t -> Int in
            switch step {
            case .expand, .varExpand:
                return t.isEmpty ? graph.relationCount : Set(t).reduce(0) { $0 + (typeCounts[$1] ?? 0) }
            default: return 0
            }
        }
    }

    /// What `slot` holds (nil: not a handle slot).
    @inline(__always)
    func kind(_ slot: Int) -> HandleSlotKind? {
        slot >= 0 && slot < kinds.count ? kinds[slot] : nil
    }
}

/// One run of a walk over handles (see ``HandleWalkProgram``): a projection of every match (see
/// ``HandleProjectionSpec``), or a ``CountingAggregateSpec``. The pattern steps walk with every
/// bound node and relationship as an integer handle in a flat slot array (no row of values per
/// match). In a counting aggregation each
/// match adds to the count of the group of its key handles (a hash table keyed on at most two
/// handles packed in one integer), and only at the end are the keys evaluated, once per such
/// group, and groups with equal keys merged. When the last step is counted, each row of the
/// steps before it adds the number of its expansions; a variable-length expansion is then walked
/// without building paths, and its last level is counted from the nodes' degrees. Typed
/// adjacency comes from ``Graph/neighbors(of:types:direction:)``, which filters by type inside
/// the store, and for a step that expands from many nodes from a ``TypedAdjacency`` built for
/// it; the planner uses this operator only on graphs without symmetric relation types.
///
/// Rows and groups come in the order of the general operators (``MatchSource`` feeding
/// ``AggregateSource``): the same scans, the same adjacency order, the same depth-first walk
/// (a built adjacency lists a node's relations in handle order, which is its adjacency order
/// unless relations were moved to other endpoints after being added: then only the order of
/// the groups may differ, never their counts).
/// - Complexity: O(matches of the steps before a counted last step + groups); each such match
///   costs a hash look-up, no allocation.
final class HandleMatchCounter {
    typealias Step = HandleWalkProgram.Step

    let program: HandleWalkProgram
    /// The context of the run. Unowned and unchecked: a walker never outlives its context (a
    /// pooled one is owned by it, see ``ExecutionContext/projectionWalker(_:)``; any other is
    /// made and dropped inside a call that holds the context), and a strong reference from a
    /// pooled walker would make a cycle.
    unowned(unsafe) let ctx: ExecutionContext
    /// The graph of the run: the engine's, or a copy of the context's after a CREATE.
    let holder: GraphHolder
    let steps: [Step]
    let enumerated: Int
    let countsLast: Bool
    let kept: [Int]
    let keySlot0: Int
    let keySlot1: Int
    let typeSets: [Set<String>?]
    /// The grouping keys and counts of a counting aggregation (empty when projecting).
    let keys: [AssignSpec]
    let aggregates: [AggregateSpec]
    // The per-run fields below, those of the pooled ``ExecutionContext``, ``PathSearchScratch``
    // and ``EngineCache`` opt out of dynamic exclusivity checks (each access to a class's
    // stored `var` otherwise costs a check, tens of them per run of a µs query): one run owns
    // a walker, context and scratch at a time (taken from a pool and given back), and the
    // engine cache's fields are read and written only under its lock.
    @exclusivity(unchecked) private var startCache: [Int: [EntityHandle]] = [:]
    /// Per step, per node: how many steps a typed walk takes from it (-1: not known yet).
    @exclusivity(unchecked) private var degrees: [Int: [Int32]] = [:]
    /// Per step: its adjacency in flat arrays once built, how many nodes it expanded from
    /// before, and how many relations building it reads.
    @exclusivity(unchecked) private var adjacency: [TypedAdjacency?] = []
    @exclusivity(unchecked) private var hopCalls: [Int] = []
    /// How many nodes the first scan or look-up yielded.
    @exclusivity(unchecked) private var startCount = 0
    private let buildCost: [Int]
    /// Whether the run has a time limit to check per row (the context's options never change).
    private let checksDeadline: Bool

    convenience init(_ spec: CountingAggregateSpec, _ ctx: ExecutionContext) {
        self.init(spec.program, ctx, keys: spec.keys, aggregates: spec.aggregates)
    }

    init(_ program: HandleWalkProgram, _ ctx: ExecutionContext, keys: [AssignSpec] = [], aggregates: [AggregateSpec] = []) {
        self.program = program
        self.ctx = ctx
        holder = (ctx.writers.isEmpty ? ctx.engineCache?.graph : nil) ?? GraphHolder(ctx.graph)
        steps = program.steps
        enumerated = program.enumerated
        countsLast = program.countsLast
        kept = program.kept
        keySlot0 = program.keySlot0
        keySlot1 = program.keySlot1
        typeSets = program.typeSets
        buildCost = program.buildCost
        checksDeadline = ctx.options.timeout != nil
        self.keys = keys
        self.aggregates = aggregates
    }

    /// Makes a walker that ran before (see ``ExecutionContext/projectionWalker(_:)``) as a new
    /// one: what one run learnt (start handles, which may depend on parameters; degrees; typed
    /// adjacency; expansion counts) is dropped, the program-derived fields are kept.
    func resetForNextRun() {
        if !startCache.isEmpty { startCache.removeAll() }
        if !degrees.isEmpty { degrees.removeAll() }
        if !adjacency.isEmpty { adjacency.removeAll() }
        if !hopCalls.isEmpty { hopCalls.removeAll() }
        startCount = 0
    }

    /// Makes the per-step state of walks that read the store or build typed adjacency.
    private func prepareHops() {
        if adjacency.count != steps.count {
            adjacency = Array(repeating: nil, count: steps.count)
            hopCalls = Array(repeating: 0, count: steps.count)
        }
    }

    /// The rows of a ``HandleProjectionSpec`` as whole rows: the matched elements in their
    /// slots and each item in its own (for the operators above it: DISTINCT, ORDER BY, SKIP).
    func projectRows(_ spec: HandleProjectionSpec) throws -> [Row] {
        var cells = ResultRows(width: 0)
        var rows: [Row] = []
        try project(spec, itemsOnly: false, &cells, &rows)
        return rows
    }

    /// Appends the items of every match of a ``HandleProjectionSpec`` to `result`, row after row.
    func projectCells(_ spec: HandleProjectionSpec, into result: inout ResultRows) throws {
        var rows: [Row] = []
        try project(spec, itemsOnly: true, &result, &rows)
    }

    /// Walks every match of `spec`: its items go to `cells` (`itemsOnly`), or whole rows to `rows`.
    private func project(_ spec: HandleProjectionSpec, itemsOnly: Bool, _ cells: inout ResultRows, _ rows: inout [Row]) throws {
        // Adjacency rows kept by the engine, on its own graph only (no CREATE ran before).
        guard let scratch = ctx.takeSharedScratch() else {
            prepareHops()
            var st = HandleWalkState(graph: holder.graph, handles: [Int32](repeating: -1, count: ctx.slotCount), scratch: ctx.emptyRow)
            return try walkProjecting(spec, itemsOnly: itemsOnly, &st, &cells, &rows)
        }
        scratch.prepareRows(holder.graph)
        // The walk runs on the state the scratch keeps between walks (its graph the engine's,
        // every handle -1, every value slot null, as the walk left it), in place, with the
        // scratch's adjacency rows in it: the walk changes the parts of one value held for it,
        // with no copy and no check of exclusive access. A scratch of the engine's only ever
        // walks the graph of the engine's cache (a new graph starts a new cache), so the state
        // holds that graph from its first walk on.
        if !scratch.walkStateHasGraph {
            scratch.walkState.graph = holder.graph
            scratch.walkStateHasGraph = true
        }
        defer { ctx.returnSharedScratch(scratch) }
        try walkOverRows(spec, itemsOnly: itemsOnly, &scratch.walkState, &cells, &rows)
    }

    /// ``walkProjecting(_:itemsOnly:_:_:_:)`` on a kept state with the engine's adjacency rows
    /// in it, made ready for this run and left as it was found, whether the walk ends or throws.
    private func walkOverRows(_ spec: HandleProjectionSpec, itemsOnly: Bool, _ st: inout HandleWalkState, _ cells: inout ResultRows, _ rows: inout [Row]) throws {
        let slotCount = ctx.slotCount
        if st.handles.count != slotCount || st.scratch.count != slotCount {
            st.handles = [Int32](repeating: -1, count: slotCount)
            st.scratch = Row(repeating: .null, count: slotCount)
        }
        // The scratch belongs to the engine's one graph: what it learnt of ids stays true.
        if st.idIsStoreID.count != holder.graph.entityCapacity {
            st.idIsStoreID = [UInt8](repeating: 0, count: holder.graph.entityCapacity)
        }
        st.overRows = true
        defer {
            // A walk that ran to its end has put every handle back; one that threw has not.
            for k in st.handles.indices where st.handles[k] != -1 { st.handles[k] = -1 }
            // Only filters and general expressions write values into the scratch row.
            if program.evaluatesExpressions || spec.evaluatesExpressions {
                for s in kept { st.scratch[s] = .null }
            }
            st.overRows = false
        }
        try walkProjecting(spec, itemsOnly: itemsOnly, &st, &cells, &rows)
    }

    /// The most handles whose buffer a kept walk state keeps for the next result (above it the
    /// result alone holds its buffer, and a large result's memory goes when it goes).
    static let keptResultCapacity = 4096

    /// Walks every match with `st` set to project `spec`; the rows go to the caller whole, and
    /// `st` keeps nothing of the run (it may be a pooled state) but what describes `spec`
    /// (its items and id slots, set again only for another spec), whether the walk ends or throws.
    private func walkProjecting(_ spec: HandleProjectionSpec, itemsOnly: Bool, _ st: inout HandleWalkState, _ cells: inout ResultRows, _ rows: inout [Row]) throws {
        if st.projected !== spec {
            st.items = spec.projected
            if let slots = spec.idSlots {
                st.idSlots = slots
                st.idSlot0 = slots[0]
                st.idSlot1 = slots.count > 1 ? slots[1] : -1
            } else {
                st.idSlots = []
                st.idSlot0 = -1
                st.idSlot1 = -1
            }
            st.projected = spec
        }
        st.projecting = true
        st.itemSlots = itemsOnly ? nil : spec.itemSlots
        // Rows kept as node handles when the caller asked for them (``ResultRows/idGraph``):
        // the caller's (empty) values and whole rows stay where they are unless a node's `id`
        // turns the rows into values.
        let keepsIDs = itemsOnly && cells.idGraph != nil && spec.idSlots != nil
        if keepsIDs {
            st.keepsIDHandles = true
            st.cellRows = cells.count
            // The buffer of an earlier run's result, emptied: reused in place when that result
            // is gone (the state holds the only reference), else a new one (copy on write: an
            // earlier result still held keeps its rows).
            st.idHandles.removeAll(keepingCapacity: true)
        } else {
            swap(&st.cells, &cells.cells)
            st.cellRows = cells.count
            swap(&st.out, &rows)
        }
        defer {
            if keepsIDs {
                cells.idHandles = st.idHandles
                // Kept for the next run unless large (then only the result holds it).
                if st.idHandles.capacity > Self.keptResultCapacity { st.idHandles = [] }
                if !st.keepsIDHandles {
                    // A node whose id an attribute shadows turned the rows into values.
                    cells.idGraph = nil
                    swap(&st.cells, &cells.cells)
                }
                cells.idsNeedEscape = st.idsNeedEscape
                st.keepsIDHandles = false
                st.idsNeedEscape = false
            } else {
                swap(&st.cells, &cells.cells)
                swap(&st.out, &rows)
            }
            cells.count = st.cellRows
            st.cellRows = 0
            st.projecting = false
            st.itemSlots = nil
        }
        try walk(0, &st)
    }

    /// Appends the node handles of the current match's items to a result kept as handles;
    /// false when a node's `id` is not its store id, after turning the handles kept so far
    /// into values (the row is then made as any other).
    @inline(__always)
    private func keepIDHandles(_ st: inout HandleWalkState) -> Bool {
        if st.idSlot1 < 0 || st.idSlots.count == 2 {
            // One or two items: their slots read from plain fields.
            let a = st.handles[st.idSlot0]
            let b = st.idSlot1 >= 0 ? st.handles[st.idSlot1] : -1
            guard keepsID(a, &st), keepsID(b, &st) else { return false }
            st.idHandles.append(a)
            if st.idSlot1 >= 0 { st.idHandles.append(b) }
            return true
        }
        for s in st.idSlots where !keepsID(st.handles[s], &st) { return false }
        for s in st.idSlots { st.idHandles.append(st.handles[s]) }
        return true
    }

    /// Whether the node at `h` (-1: null) can stay a handle in a result kept as handles (its
    /// `id` is its store id); when not, turns the handles kept so far into values.
    @inline(__always)
    private func keepsID(_ h: Int32, _ st: inout HandleWalkState) -> Bool {
        guard h >= 0 else { return true }
        let form = st.storeIDForm(h)
        if form == 3 { st.idsNeedEscape = true }
        guard form == 2 else { return true }
        st.cells.reserveCapacity(st.idHandles.count)
        for h in st.idHandles { st.cells.append(h < 0 ? .null : .string(st.graph.id(of: EntityHandle(Int(h))))) }
        st.idHandles = []
        st.keepsIDHandles = false
        return false
    }

    /// Appends the row of the current match.
    private func emit(_ st: inout HandleWalkState) throws {
        if st.keepsIDHandles, keepIDHandles(&st) {
            st.cellRows += 1
            return
        }
        var filled = false
        func evaluate(_ item: ProjectedItem, _ st: inout HandleWalkState) throws -> QueryValue {
            switch item {
            case .handle(let s):
                return value(st.handles[s], s)
            case .nodeID(let s):
                let h = st.handles[s]
                return h < 0 ? .null : st.nodeID(h)
            case .nodeProperty(let s, let key):
                let h = st.handles[s]
                return h < 0 ? .null : PropertyMapping.nodeProperty(st.graph, EntityHandle(Int(h)), key)
            case .relationshipProperty(let s, let key):
                let h = st.handles[s]
                return h < 0 ? .null : PropertyMapping.relationshipProperty(st.graph[RelationHandle(Int(h))], key)
            case .expression(let e):
                if !filled {
                    for s in kept { st.scratch[s] = value(st.handles[s], s) }
                    filled = true
                }
                return try ctx.eval(e, st.scratch)
            }
        }
        let items = st.items
        if let slots = st.itemSlots {
            var row = ctx.emptyRow
            for s in kept { row[s] = value(st.handles[s], s) }
            for (k, item) in items.enumerated() { row[slots[k]] = try evaluate(item, &st) }
            st.out.append(row)
        } else {
            for item in items { st.cells.append(try evaluate(item, &st)) }
            st.cellRows += 1
        }
    }

    func compute() throws -> [Row] {
        prepareHops()
        var st = HandleWalkState(graph: holder.graph, handles: [Int32](repeating: -1, count: ctx.slotCount), scratch: ctx.emptyRow)
        try walk(0, &st)
        return try finish(st)
    }

    // MARK: Groups

    /// Adds `n` matches to the group of the current key handles.
    @inline(__always)
    private func record(_ n: Int, _ st: inout HandleWalkState) {
        var key: UInt64 = 0
        if keySlot0 >= 0 { key = UInt64(UInt32(bitPattern: st.handles[keySlot0])) }
        if keySlot1 >= 0 { key = key << 32 | UInt64(UInt32(bitPattern: st.handles[keySlot1])) }
        if key == st.lastKey, st.lastGroup >= 0 {
            st.counts[st.lastGroup] += n
            return
        }
        let g: Int
        if let existing = st.groupIndex[key] {
            g = existing
        } else {
            g = st.counts.count
            st.groupIndex[key] = g
            st.counts.append(0)
            for s in kept { st.firstRows.append(st.handles[s]) }
        }
        st.counts[g] += n
        st.lastKey = key
        st.lastGroup = g
    }

    private func value(_ h: Int32, _ slot: Int) -> QueryValue {
        guard h >= 0 else { return .null }
        return program.kind(slot) == .relationship ? .relationship(RelationHandle(Int(h))) : .node(EntityHandle(Int(h)))
    }

    /// Evaluates the keys once per handle group and merges the groups whose keys are equal,
    /// in the order their first rows came. When every key is a grouped node or relationship
    /// itself or a node's `id` (unique in the store, unless an attribute named `id` shadows
    /// it), different handles give different keys and nothing needs merging.
    private func finish(_ st: HandleWalkState) throws -> [Row] {
        let m = kept.count
        let groups = st.counts.count
        var out: [Row] = []
        out.reserveCapacity(max(groups, 1))
        var counts: [Int] = []
        counts.reserveCapacity(groups)
        let base = ctx.emptyRow
        /// Per key: the slot whose handle it is, or the place in a group's first row of the
        /// node whose id it is.
        enum KeyForm { case handle(Int), nodeID(Int), other }
        let forms: [KeyForm] = keys.map { k in
            switch k.expr {
            case .variable(let v) where program.kind(v.slot) == .node || program.kind(v.slot) == .relationship: return .handle(v.slot)
            case .property(.variable(let v), "id") where program.kind(v.slot) == .node:
                return kept.firstIndex(of: v.slot).map { .nodeID($0) } ?? .other
            default: return .other
            }
        }
        var unique = !forms.contains { if case .other = $0 { true } else { false } }
        var index: [[QueryValue]: Int] = [:]
        if !unique { index.reserveCapacity(groups) }
        var g = 0
        while g < groups {
            var row = base
            for (j, s) in kept.enumerated() { row[s] = value(st.firstRows[g * m + j], s) }
            var keyValues: [QueryValue] = []
            keyValues.reserveCapacity(keys.count)
            for (k, form) in zip(keys, forms) {
                if case .nodeID(let j) = form, unique {
                    let h = st.firstRows[g * m + j]
                    let e = st.graph[EntityHandle(Int(h))]
                    if e.attributes["id"] == nil, !PropertyMapping.isGeneratedID(e.id) {
                        keyValues.append(.string(e.id))
                        continue
                    }
                    // Not known to be unique: merge equal keys from the start.
                    unique = false
                    index.reserveCapacity(groups)
                    out.removeAll(keepingCapacity: true)
                    counts.removeAll(keepingCapacity: true)
                    g = -1
                    break
                }
                keyValues.append(try ctx.eval(k.expr, row))
            }
            if g < 0 {
                g = 0
                continue
            }
            if !unique {
                let gk = keyValues.map(\.groupingKey)
                if let existing = index[gk] {
                    counts[existing] += st.counts[g]
                    g += 1
                    continue
                }
                index[gk] = out.count
            }
            for (k, v) in zip(keys, keyValues) { row[k.slot] = v }
            out.append(row)
            counts.append(st.counts[g])
            g += 1
        }
        if out.isEmpty, keys.isEmpty {
            out.append(base)
            counts.append(0)
        }
        for i in out.indices {
            for a in aggregates { out[i][a.slot] = .int(counts[i]) }
        }
        return out
    }

    // MARK: Walking the steps

    private func walk(_ i: Int, _ st: inout HandleWalkState) throws {
        if i == enumerated {
            if checksDeadline { try ctx.checkDeadline() }
            if st.projecting {
                try emit(&st)
            } else if countsLast {
                let n = try count(i, &st)
                if n > 0 { record(n, &st) }
            } else {
                record(1, &st)
            }
            return
        }
        if program.isExpand[i], st.overRows {
            try expandOverRows(i, &st)
            return
        }
        let checked = program.idCheckSlots[i]
        if checked >= 0 {
            let h = st.handles[checked]
            if h >= 0, st.idEqualsLookup(h) { try walk(i + 1, &st) }
            return
        }
        let lookup = program.lookupSlots[i]
        if lookup >= 0 {
            try lookUpID(i, lookup, &st)
            return
        }
        let labelled = program.labelCheckSlots[i]
        if labelled >= 0 {
            let h = st.handles[labelled]
            guard h >= 0 else { return }
            for l in program.labelChecks[i] where !st.graph.hasLabel(l, EntityHandle(Int(h))) { return }
            try walk(i + 1, &st)
            return
        }
        switch steps[i] {
        case .nothing:
            return
        case .start(let slot, .lookupID):
            try lookUpID(i, slot, &st)
        case .start(let slot, let step):
            try walkFrom(i, slot, try startHandles(i, step, &st), &st)
        case .filter(let e, let reads):
            for s in reads { st.scratch[s] = value(st.handles[s], s) }
            if try ctx.isTrue(e, st.scratch) { try walk(i + 1, &st) }
        case .hasLabels(let slot, let labels):
            let h = st.handles[slot]
            guard h >= 0 else { return }
            for l in labels where !st.graph.hasLabel(l, EntityHandle(Int(h))) { return }
            try walk(i + 1, &st)
        case .propertyEquals(let slot, let key, let value):
            let h = st.handles[slot]
            guard h >= 0 else { return }
            let have = key == "id" ? st.nodeID(h) : PropertyMapping.nodeProperty(st.graph, EntityHandle(Int(h)), key)
            if QueryValue.cypherEquals(have, try ctx.eval(value, st.scratch)) == true { try walk(i + 1, &st) }
        case .idEqualsLookup(let slot):
            let h = st.handles[slot]
            guard h >= 0 else { return }
            if st.idEqualsLookup(h) { try walk(i + 1, &st) }
        case .expand:
            if st.overRows {
                try expandOverRows(i, &st)
            } else if case .expand(let e) = steps[i] {
                try expand(i, e, &st)
            }
        case .varExpand(let e):
            try varExpand(i, e, &st)
        }
    }

    /// Step `i`, the look-up of the node whose id is `key`: at most one, no list of handles.
    private func lookUpID(_ i: Int, _ slot: Int, _ st: inout HandleWalkState) throws {
        // A string parameter: its text is the key, read from the run's parameters with no
        // value made of it (a later step that compares ids with the key reads the text).
        if let name = program.lookupParameters[i], case .some(.some(let id)) = ctx.stringParameter(name) {
            guard program.readsLookupKey else { return try walkFromID(id, i, slot, &st) }
            st.lookupText = id
            defer { st.lookupText = nil }
            try walkFromID(id, i, slot, &st)
            return
        }
        let k: QueryValue
        if let name = program.lookupParameters[i], let v = ctx.parameter(name) {
            k = v
        } else {
            k = try ctx.eval(program.lookupKeys[i], st.scratch)
        }
        st.lookupKey = k
        defer { st.lookupKey = .null }
        guard let id = k.stringValue else {
            if !k.isNull, case .start(_, .lookupID(_, _, let fallback)) = steps[i] {
                try walkFrom(i, slot, try startHandles(i, fallback, &st), &st)
            }
            return
        }
        try walkFromID(id, i, slot, &st)
    }

    /// Walks the steps after `i` from the node whose id is `id`, bound in `slot` (none when no
    /// node has that id, or the id is one CREATE generates, which `n.id` does not show).
    @inline(__always)
    private func walkFromID(_ id: String, _ i: Int, _ slot: Int, _ st: inout HandleWalkState) throws {
        guard let h = st.handle(forID: id), !PropertyMapping.isGeneratedID(id) else { return }
        if startCount == 0 { startCount = 1 }
        st.handles[slot] = h.index
        try walk(i + 1, &st)
        st.handles[slot] = -1
    }

    /// Walks the steps after `i` from each of `handles` bound in `slot`.
    private func walkFrom(_ i: Int, _ slot: Int, _ handles: [EntityHandle], _ st: inout HandleWalkState) throws {
        if startCount == 0 { startCount = handles.count }
        for h in handles {
            st.handles[slot] = h.index
            try walk(i + 1, &st)
        }
        st.handles[slot] = -1
    }

    /// The nodes a scan or look-up step yields (what ``ExecutionContext/run(_:_:)`` yields).
    private func startHandles(_ i: Int, _ step: MatchStep, _ st: inout HandleWalkState) throws -> [EntityHandle] {
        switch step {
        case .scanAll, .scanLabel:
            if let c = startCache[i] { return c }
            let handles: [EntityHandle]
            if case .scanLabel(_, let label) = step { handles = st.graph.entities(ofType: label) } else { handles = Array(st.graph.entityHandles) }
            startCache[i] = handles
            return handles
        case .lookupID(_, let key, let fallback):
            let k = try ctx.eval(key, st.scratch)
            guard let id = k.stringValue else { return k.isNull ? [] : try startHandles(i, fallback, &st) }
            guard let h = st.graph.handle(forID: id), !PropertyMapping.isGeneratedID(id) else { return [] }
            return [h]
        case .lookupName(_, let key):
            guard let text = try ctx.eval(key, st.scratch).stringValue else { return [] }
            return st.graph.handle(forID: text) == nil ? st.graph.resolve(text) : st.graph.resolve(text + " ")
        default:
            return []
        }
    }

    /// The engine's cache, when this query has changed nothing (no CREATE ran before): typed
    /// adjacency built for its graph by an earlier query is reused, and what is built here kept.
    private var sharedCache: EngineCache? {
        ctx.writers.isEmpty ? ctx.engineCache : nil
    }

    private func adjacencyKey(_ i: Int, _ direction: Graph.Direction) -> String {
        switch steps[i] {
        case .expand(let e): return TypedAdjacency.key(types: e.types, direction: direction)
        case .varExpand(let e): return TypedAdjacency.key(types: e.types, direction: direction)
        default: return ""
        }
    }

    /// How many times step `i` will ask for a node's steps, as a planner would estimate it:
    /// once per start node for an expansion; for a variable-length one, once per path shorter
    /// than its upper bound, with the average degree along its types.
    private func expectedCalls(_ i: Int) -> Int {
        guard startCount > 0 else { return 0 }
        guard case .varExpand(let e) = steps[i], e.max >= 2 else { return startCount }
        let degree = Double(buildCost[i]) / Double(max(1, holder.graph.entityCount))
        var paths = 1.0
        var level = 1.0
        for _ in 1..<min(e.max, 8) {
            level *= degree
            paths += level
        }
        return Int(min(Double(startCount) * paths, 1e12))
    }

    /// The steps from `node` along the types of step `i` in `direction`, in the order
    /// ``AdjacencyCursor`` yields them. From the store at first; once the step has expanded, or
    /// is expected to expand, from enough nodes to pay for it (a 32nd of the relations of its
    /// types), from a ``TypedAdjacency`` built for it.
    /// - Complexity: O(1) from the built adjacency, else O(degree of the node).
    @inline(__always)
    private func hops(_ i: Int, _ node: EntityHandle, _ direction: Graph.Direction) -> HopList {
        if adjacency.isEmpty { prepareHops() }
        if let a = adjacency[i] {
            return HopList(steps: [], adjacency: a, lo: Int(a.offsets[node.int]), hi: Int(a.offsets[node.int + 1]))
        }
        if direction != .both {
            if hopCalls[i] == 0, let a = sharedCache?.adjacency(adjacencyKey(i, direction)) {
                adjacency[i] = a
                return HopList(steps: [], adjacency: a, lo: Int(a.offsets[node.int]), hi: Int(a.offsets[node.int + 1]))
            }
            hopCalls[i] += 1
            let expected = hopCalls[i] + expectedCalls(i)
        if expected >= 64, expected * 32 >= buildCost[i] {
                let types: [String]
                switch steps[i] {
                case .expand(let e): types = e.types
                case .varExpand(let e): types = e.types
                default: types = []
                }
                let a = TypedAdjacency(holder.graph, types: types, direction: direction)
                sharedCache?.store(a, for: TypedAdjacency.key(types: types, direction: direction))
                adjacency[i] = a
                return HopList(steps: [], adjacency: a, lo: Int(a.offsets[node.int]), hi: Int(a.offsets[node.int + 1]))
            }
        }
        var steps = holder.graph.neighbors(of: node, types: typeSets[i], direction: direction)
        // The store reports an incoming self-loop from the incoming list, the cursor from the
        // outgoing list, before the other incoming relations.
        if direction == .incoming, steps.contains(where: { $0.neighbor == node }) {
            steps = steps.filter { $0.neighbor == node } + steps.filter { $0.neighbor != node }
        }
        return HopList(steps: steps, adjacency: nil, lo: 0, hi: steps.count)
    }

    @inline(__always)
    private func distinct(_ r: Int32, _ slots: [Int], _ st: inout HandleWalkState) -> Bool {
        for s in slots where st.handles[s] == r { return false }
        return true
    }

    private func expand(_ i: Int, _ e: ExpandStep, _ st: inout HandleWalkState) throws {
        let from = st.handles[e.from]
        guard from >= 0 else { return }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return }
        let fixed = e.relationshipBound ? st.handles[e.relationship] : -1
        if e.relationshipBound, fixed < 0 { return }
        let list = hops(i, EntityHandle(Int(from)), e.direction)
        for k in list.lo..<list.hi {
            let r = list.relation(k)
            let x = list.neighbor(k)
            if e.toBound, x != target { continue }
            if e.relationshipBound, r != fixed { continue }
            if !e.distinctFrom.isEmpty, !distinct(r, e.distinctFrom, &st) { continue }
            st.handles[e.relationship] = r
            st.handles[e.to] = x
            try walk(i + 1, &st)
        }
        if !e.relationshipBound { st.handles[e.relationship] = -1 }
        if !e.toBound { st.handles[e.to] = -1 }
    }

    /// ``expand(_:_:_:)`` over the adjacency rows the engine keeps: each node's relationships
    /// (neighbour, relationship, interned type) read from the store once, then from the row.
    /// The hops come in the order of ``AdjacencyCursor``: an incoming walk takes self-loops first,
    /// from the outgoing row, then the other incoming relationships.
    /// - Complexity: O(degree of the node); O(degree) relations read the first time a node is
    ///   expanded by any query of the engine.
    private func expandOverRows(_ i: Int, _ st: inout HandleWalkState) throws {
        let e = program.expandFacts[i]
        let from = st.handles[e.from]
        guard from >= 0 else { return }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return }
        let fixed = e.relationshipBound ? st.handles[e.relationship] : -1
        if e.relationshipBound, fixed < 0 { return }
        let u = EntityHandle(Int(from))
        let only = e.onlyType
        let types = only == -3 ? program.rowTypes[i] : nil
        @inline(__always) func wanted(_ t: Int32) -> Bool {
            if only != -3 { return only == -1 || only == t }
            return types?.contains(t) ?? true
        }
        @inline(__always) func visit(_ r: Int32, _ x: Int32, _ st: inout HandleWalkState) throws {
            if e.toBound, x != target { return }
            if e.relationshipBound, r != fixed { return }
            if e.checksDistinct, case .expand(let step) = steps[i], !distinct(r, step.distinctFrom, &st) { return }
            st.handles[e.relationship] = r
            st.handles[e.to] = x
            try walk(i + 1, &st)
        }
        if e.direction == .outgoing, only != -3, !e.toBound, !e.relationshipBound, !e.checksDistinct {
            // The common step `-[:T]->(x)` with `x` new: the row read in place, one compare per hop.
            let out = st.adjacency.row(u, incoming: false, st.graph)
            try out.withUnsafeBufferPointer { hops in
                for hop in hops where only == -1 || hop.type == only {
                    st.handles[e.relationship] = hop.relation
                    st.handles[e.to] = hop.neighbor
                    try walk(i + 1, &st)
                }
            }
        } else if e.direction != .incoming {
            let out = st.adjacency.row(u, incoming: false, st.graph)
            for hop in out where wanted(hop.type) { try visit(hop.relation, hop.neighbor, &st) }
            if e.direction != .outgoing {
                let inc = st.adjacency.row(u, incoming: true, st.graph)
                for hop in inc where hop.neighbor != from && wanted(hop.type) { try visit(hop.relation, hop.neighbor, &st) }
            }
        } else {
            let inc = st.adjacency.row(u, incoming: true, st.graph)
            // Self-loops first (the outgoing list reports them), as the general operators do. A
            // self-loop is in both of its node's lists: with none in the incoming row, the
            // outgoing row has none either and is not read.
            if inc.contains(where: { $0.neighbor == from }) {
                let out = st.adjacency.row(u, incoming: false, st.graph)
                for hop in out where hop.neighbor == from && wanted(hop.type) { try visit(hop.relation, hop.neighbor, &st) }
            }
            for hop in inc where hop.neighbor != from && wanted(hop.type) { try visit(hop.relation, hop.neighbor, &st) }
        }
        if !e.relationshipBound { st.handles[e.relationship] = -1 }
        if !e.toBound { st.handles[e.to] = -1 }
    }

    /// A node's steps being walked.
    struct Frame {
        var node: Int32
        var list: HopList
        var k: Int

        init(_ node: Int32, _ list: HopList) {
            self.node = node
            self.list = list
            k = list.lo
        }
    }

    /// The path of a depth-first walk: its relationships (each once) and the node each was
    /// walked from.
    struct WalkPath {
        var relations: [Int32] = []
        var walkedFrom: [Int32] = []
        var used = Set<Int32>()

        /// Whether the path holds `r`: a linear scan while it is short.
        @inline(__always)
        func contains(_ r: Int32) -> Bool {
            relations.count < 8 ? relations.contains(r) : used.contains(r)
        }

        @inline(__always)
        mutating func push(_ r: Int32, from: Int32) {
            relations.append(r)
            walkedFrom.append(from)
            if relations.count > 8 { used.insert(r) } else if relations.count == 8 { used = Set(relations) }
        }

        @inline(__always)
        mutating func pop() {
            guard let last = relations.popLast() else { return }
            walkedFrom.removeLast()
            if relations.count >= 8 { used.remove(last) }
        }
    }

    /// Depth-first walk of the paths of `min...max` relationships, each used once, as
    /// ``ExecutionContext`` walks them; each path's end node is bound and the next step walked.
    private func varExpand(_ i: Int, _ e: VarExpandStep, _ st: inout HandleWalkState) throws {
        let from = st.handles[e.from]
        guard from >= 0 else { return }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return }
        var stack: [Frame] = []
        var path = WalkPath()
        if e.max >= 1 { stack.append(Frame(from, hops(i, EntityHandle(Int(from)), e.direction))) }
        if e.min == 0, !e.toBound || target == from {
            st.handles[e.to] = from
            try walk(i + 1, &st)
        }
        while !stack.isEmpty {
            try ctx.checkDeadline()
            let top = stack.count - 1
            let k = stack[top].k
            guard k < stack[top].list.hi else {
                stack.removeLast()
                path.pop()
                continue
            }
            stack[top].k = k + 1
            let r = stack[top].list.relation(k)
            let x = stack[top].list.neighbor(k)
            if path.contains(r) { continue }
            if !e.distinctFrom.isEmpty, !distinct(r, e.distinctFrom, &st) { continue }
            path.push(r, from: stack[top].node)
            let depth = path.relations.count
            if depth >= e.min, !e.toBound || target == x {
                st.handles[e.to] = x
                try walk(i + 1, &st)
            }
            if depth < e.max {
                stack.append(Frame(x, hops(i, EntityHandle(Int(x)), e.direction)))
            } else {
                path.pop()
            }
        }
        if !e.toBound { st.handles[e.to] = -1 }
    }

    // MARK: Counting the last step

    /// How many matches the last step has for the current handles.
    private func count(_ i: Int, _ st: inout HandleWalkState) throws -> Int {
        switch steps[i] {
        case .expand(let e): return try countExpand(i, e, &st)
        case .varExpand(let e): return try countVarExpand(i, e, &st)
        default: return 0
        }
    }

    private func countExpand(_ i: Int, _ e: ExpandStep, _ st: inout HandleWalkState) throws -> Int {
        let from = st.handles[e.from]
        guard from >= 0 else { return 0 }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return 0 }
        let fixed = e.relationshipBound ? st.handles[e.relationship] : -1
        if e.relationshipBound, fixed < 0 { return 0 }
        try ctx.checkDeadline()
        let node = EntityHandle(Int(from))
        if !e.toBound, !e.relationshipBound, e.distinctFrom.isEmpty, e.direction != .both {
            return degree(i, node, e.direction)
        }
        let list = hops(i, node, e.direction)
        var n = 0
        for k in list.lo..<list.hi {
            let r = list.relation(k)
            if e.toBound, list.neighbor(k) != target { continue }
            if e.relationshipBound, r != fixed { continue }
            if !e.distinctFrom.isEmpty, !distinct(r, e.distinctFrom, &st) { continue }
            n += 1
        }
        return n
    }

    /// How many steps a one-way walk along the types of step `i` takes from `node`: its
    /// outgoing (or incoming, self-loops once) relationships of those types.
    /// - Complexity: O(1) without types or once the step's adjacency is built; else O(degree)
    ///   the first time per node.
    @inline(__always)
    private func degree(_ i: Int, _ node: EntityHandle, _ direction: Graph.Direction) -> Int {
        if adjacency.isEmpty { prepareHops() }
        if let a = adjacency[i] { return Int(a.offsets[node.int + 1] - a.offsets[node.int]) }
        guard let types = typeSets[i] else {
            return direction == .outgoing ? holder.graph.outgoing(node).count : holder.graph.incoming(node).count
        }
        if degrees[i] == nil { degrees[i] = [Int32](repeating: -1, count: holder.graph.entityCapacity) }
        let known = degrees[i]![node.int]
        if known >= 0 { return Int(known) }
        let d = holder.graph.neighbors(of: node, types: types, direction: direction).count
        degrees[i]![node.int] = Int32(d)
        return d
    }

    /// The number of paths of `min...max` relationships from the bound node, each relationship
    /// used once, without building them. The walk stops one level short of `max`: the paths
    /// of the last level are counted at their second-to-last node, from its degree less the
    /// path's own relationships walked from it (for one-way walks with no end node or other
    /// relationship to compare with), else by reading its steps.
    /// - Complexity: O(paths of up to `max - 1` relationships × `max`).
    private func countVarExpand(_ i: Int, _ e: VarExpandStep, _ st: inout HandleWalkState) throws -> Int {
        let from = st.handles[e.from]
        guard from >= 0 else { return 0 }
        let target = e.toBound ? st.handles[e.to] : -1
        if e.toBound, target < 0 { return 0 }
        var n = 0
        if e.min == 0, !e.toBound || target == from { n += 1 }
        guard e.max >= 1 else { return n }
        let byDegree = !e.toBound && e.distinctFrom.isEmpty && e.direction != .both
        var stack: [Frame] = [Frame(from, hops(i, EntityHandle(Int(from)), e.direction))]
        var path = WalkPath()
        while !stack.isEmpty {
            try ctx.checkDeadline()
            let top = stack.count - 1
            let k = stack[top].k
            guard k < stack[top].list.hi else {
                stack.removeLast()
                path.pop()
                continue
            }
            stack[top].k = k + 1
            let r = stack[top].list.relation(k)
            let x = stack[top].list.neighbor(k)
            if path.contains(r) { continue }
            if !e.distinctFrom.isEmpty, !distinct(r, e.distinctFrom, &st) { continue }
            path.push(r, from: stack[top].node)
            let depth = path.relations.count
            if depth >= e.min, !e.toBound || target == x { n += 1 }
            if depth + 1 == e.max {
                // Every further step ends a path of max relationships (max ≥ min).
                if byDegree {
                    var d = degree(i, EntityHandle(Int(x)), e.direction)
                    if d > 0 { for w in path.walkedFrom where w == x { d -= 1 } }
                    n += d
                } else {
                    let list = hops(i, EntityHandle(Int(x)), e.direction)
                    for c in list.lo..<list.hi {
                        let cr = list.relation(c)
                        if path.contains(cr) { continue }
                        if !e.distinctFrom.isEmpty, !distinct(cr, e.distinctFrom, &st) { continue }
                        if e.toBound, list.neighbor(c) != target { continue }
                        n += 1
                    }
                }
            }
            if depth + 1 < e.max {
                stack.append(Frame(x, hops(i, EntityHandle(Int(x)), e.direction)))
            } else {
                path.pop()
            }
        }
        return n
    }
}

/// The steps from one node: a slice of a built ``TypedAdjacency``, or what the store returned.
struct HopList {
    var steps: [Graph.Step]
    var adjacency: TypedAdjacency?
    var lo: Int
    var hi: Int

    @inline(__always)
    func relation(_ k: Int) -> Int32 {
        if let a = adjacency { return a.relations[k] }
        return steps[k].relation.index
    }

    @inline(__always)
    func neighbor(_ k: Int) -> Int32 {
        if let a = adjacency { return a.neighbors[k] }
        return steps[k].neighbor.index
    }
}
