import ParleyCore

/// Builds the operator tree of a plan and pulls the rows out of it.
enum Executor {
    static func build(_ node: PlanNode, _ ctx: ExecutionContext) throws -> RowSource {
        switch node {
        case .start:
            return SingleRowSource(ctx.emptyRow)
        case .match(let input, let steps):
            return MatchSource(input: try build(input, ctx), steps: steps, ctx: ctx)
        case .optionalMatch(let input, let steps, let nullSlots):
            return OptionalMatchSource(input: try build(input, ctx), steps: steps, nullSlots: nullSlots, ctx: ctx)
        case .filter(let input, let e):
            return FilterSource(input: try build(input, ctx), predicate: e, ctx: ctx)
        case .unwind(let input, let e, let slot):
            return UnwindSource(input: try build(input, ctx), expr: e, slot: slot, ctx: ctx)
        case .project(let input, let items):
            return ProjectSource(input: try build(input, ctx), items: items, ctx: ctx)
        case .aggregate(let input, let keys, let aggs):
            return AggregateSource(input: try build(input, ctx), keys: keys, aggregates: aggs, ctx: ctx)
        case .countingAggregate(let spec):
            return ComputedRowsSource { try HandleMatchCounter(spec, ctx).compute() }
        case .handleProjection(let spec):
            return ComputedRowsSource { try HandleMatchCounter(spec.program, ctx).projectRows(spec) }
        case .distinct(let input, let slots):
            return DistinctSource(input: try build(input, ctx), slots: slots)
        case .sort(let input, let keys, let limit):
            let l = try limit.map { try count($0, ctx, "LIMIT") }
            return SortSource(input: try build(input, ctx), keys: keys, limit: l, ctx: ctx)
        case .skip(let input, let e):
            return SkipSource(input: try build(input, ctx), count: try count(e, ctx, "SKIP"))
        case .limit(let input, let e):
            return LimitSource(input: try build(input, ctx), count: try count(e, ctx, "LIMIT"))
        case .create(let input, let parts):
            return CreateSource(input: try build(input, ctx), parts: parts, ctx: ctx)
        }
    }

    /// Evaluates a SKIP or LIMIT expression: a non-negative integer.
    static func count(_ e: Expr, _ ctx: ExecutionContext, _ what: String) throws -> Int {
        let v = try ctx.eval(e, ctx.emptyRow)
        if case .value(.float(let f)) = v, f.rounded() == f, f >= 0 { return Int(f) }
        guard let n = v.intValue else {
            throw QueryError.runtime(.syntax, "\(what) must be an integer, not \(v.typeName)", code: "InvalidArgumentType")
        }
        guard n >= 0 else {
            throw QueryError.runtime(.syntax, "\(what) must not be negative", code: "NegativeIntegerArgument")
        }
        return n
    }

    /// Runs every part of the plan and combines them (UNION removes duplicate rows, UNION ALL keeps them).
    /// Takes the prepared query (a class) rather than its plan, so that the plan's fields are
    /// read in place, not the whole plan copied for the call. The rows come as one flat array
    /// of values (no array per row).
    static func run(_ prepared: PreparedQuery, _ ctx: ExecutionContext) throws -> ResultRows {
        var all = ResultRows(width: prepared.plan.columns.count)
        if let spec = prepared.topProjection {
            // One handle projection: the result rows straight from its walk (room for a few
            // rows first: growing from empty would copy the cells several times).
            // When every item is a node's id, the rows keep the nodes' handles and the graph
            // (the ids are read when the result is read or rendered; the walk collects the
            // handles in a buffer it keeps, see ``HandleWalkState/idHandles``).
            try ctx.withProjectionWalker(spec.program) { walker in
                if spec.idSlots != nil {
                    all.idGraph = walker.holder
                } else {
                    all.cells.reserveCapacity(8 * all.width)
                }
                try walker.projectCells(spec, into: &all)
            }
            return all
        }
        var distinctNeeded = false
        for (k, part) in prepared.plan.parts.enumerated() {
            if k > 0, !prepared.plan.unionAll[k - 1] { distinctNeeded = true }
            let cols = prepared.plan.columnSlots[k]
            if case .handleProjection(let spec) = part, !cols.isEmpty, cols == spec.itemSlots, cols.count == all.width {
                // The result rows straight from the walk: no whole rows to build and cut (room
                // for a few rows first: growing from empty would copy the cells several times).
                if all.cells.isEmpty { all.cells.reserveCapacity(8 * all.width) }
                try ctx.withProjectionWalker(spec.program) { try $0.projectCells(spec, into: &all) }
            } else {
                let source = try build(part, ctx)
                while let r = try source.next() {
                    if !cols.isEmpty {
                        // (Every part of a UNION has the plan's columns.)
                        for j in 0..<all.width { all.cells.append(j < cols.count ? r[cols[j]] : .null) }
                        all.count += 1
                    }
                }
            }
            for w in ctx.writers { try w.finish() }
        }
        if distinctNeeded, all.width > 0 {
            var seen = Set<[QueryValue]>()
            var kept = ResultRows(width: all.width)
            for k in 0..<all.count {
                let row = all.cells[(k * all.width)..<((k + 1) * all.width)]
                if seen.insert(row.map(\.groupingKey)).inserted {
                    kept.cells.append(contentsOf: row)
                    kept.count += 1
                }
            }
            all = kept
        }
        return all
    }
}
