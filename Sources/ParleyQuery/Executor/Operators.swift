import ParleyCore

/// A pull-based operator: each call to `next()` yields one row, or nil when done.
protocol RowSource: AnyObject {
    func next() throws -> Row?
}

/// Yields one row once (the start of a query, or the row a pattern predicate extends).
final class SingleRowSource: RowSource {
    private var row: Row?
    init(_ row: Row) { self.row = row }
    func next() throws -> Row? {
        defer { row = nil }
        return row
    }
}

/// Rows lazily produced by a closure.
struct RowIterator {
    var nextRow: () throws -> Row?
    static var empty: RowIterator { RowIterator { nil } }
    static func of(_ rows: [Row]) -> RowIterator {
        var k = 0
        return RowIterator {
            guard k < rows.count else { return nil }
            defer { k += 1 }
            return rows[k]
        }
    }
}

/// Runs the steps of a pattern depth-first over its input: for each input row, the rows of step
/// 1, for each of those the rows of step 2, and so on. Nothing is materialised.
final class MatchSource: RowSource {
    let input: RowSource
    let steps: [MatchStep]
    let ctx: ExecutionContext
    private var stack: [RowIterator] = []

    init(input: RowSource, steps: [MatchStep], ctx: ExecutionContext) {
        self.input = input
        self.steps = steps
        self.ctx = ctx
    }

    func next() throws -> Row? {
        if steps.isEmpty { return try input.next() }
        while true {
            if stack.isEmpty {
                guard let row = try input.next() else { return nil }
                stack.append(try ctx.run(steps[0], row))
                continue
            }
            guard let r = try stack[stack.count - 1].nextRow() else {
                stack.removeLast()
                continue
            }
            try ctx.checkDeadline()
            if stack.count == steps.count { return r }
            stack.append(try ctx.run(steps[stack.count], r))
        }
    }
}

/// OPTIONAL MATCH: the rows of the pattern for each input row, or the input row with the new
/// variables set to null when there are none.
final class OptionalMatchSource: RowSource {
    let input: RowSource
    let steps: [MatchStep]
    let nullSlots: [Int]
    let ctx: ExecutionContext
    private var current: MatchSource?
    private var yielded = false
    private var currentRow: Row?

    init(input: RowSource, steps: [MatchStep], nullSlots: [Int], ctx: ExecutionContext) {
        self.input = input
        self.steps = steps
        self.nullSlots = nullSlots
        self.ctx = ctx
    }

    func next() throws -> Row? {
        while true {
            if let m = current {
                if let r = try m.next() {
                    yielded = true
                    return r
                }
                current = nil
                if !yielded, var row = currentRow {
                    for s in nullSlots { row[s] = .null }
                    return row
                }
            }
            guard let row = try input.next() else { return nil }
            currentRow = row
            yielded = false
            current = MatchSource(input: SingleRowSource(row), steps: steps, ctx: ctx)
        }
    }
}

final class FilterSource: RowSource {
    let input: RowSource
    let predicate: Expr
    let ctx: ExecutionContext
    init(input: RowSource, predicate: Expr, ctx: ExecutionContext) {
        self.input = input
        self.predicate = predicate
        self.ctx = ctx
    }
    func next() throws -> Row? {
        while let r = try input.next() {
            if try ctx.isTrue(predicate, r) { return r }
        }
        return nil
    }
}

final class UnwindSource: RowSource {
    let input: RowSource
    let expr: Expr
    let slot: Int
    let ctx: ExecutionContext
    private var row: Row?
    private var items: [QueryValue] = []
    private var k = 0
    init(input: RowSource, expr: Expr, slot: Int, ctx: ExecutionContext) {
        self.input = input
        self.expr = expr
        self.slot = slot
        self.ctx = ctx
    }
    func next() throws -> Row? {
        while true {
            if var r = row, k < items.count {
                r[slot] = items[k]
                k += 1
                return r
            }
            guard let r = try input.next() else { return nil }
            let v = try ctx.eval(expr, r)
            switch v {
            case .list(let l): items = l
            case .value(.null): items = []
            default: items = [v]
            }
            row = r
            k = 0
        }
    }
}

final class ProjectSource: RowSource {
    let input: RowSource
    let items: [AssignSpec]
    let ctx: ExecutionContext
    init(input: RowSource, items: [AssignSpec], ctx: ExecutionContext) {
        self.input = input
        self.items = items
        self.ctx = ctx
    }
    func next() throws -> Row? {
        guard var r = try input.next() else { return nil }
        let original = r
        for item in items { r[item.slot] = try ctx.eval(item.expr, original) }
        return r
    }
}

final class DistinctSource: RowSource {
    let input: RowSource
    let slots: [Int]
    private var seen = Set<[QueryValue]>()
    init(input: RowSource, slots: [Int]) {
        self.input = input
        self.slots = slots
    }
    func next() throws -> Row? {
        while let r = try input.next() {
            if seen.insert(slots.map { r[$0].groupingKey }).inserted { return r }
        }
        return nil
    }
}

final class SkipSource: RowSource {
    let input: RowSource
    var remaining: Int
    init(input: RowSource, count: Int) {
        self.input = input
        self.remaining = count
    }
    func next() throws -> Row? {
        while remaining > 0 {
            guard try input.next() != nil else { return nil }
            remaining -= 1
        }
        return try input.next()
    }
}

final class LimitSource: RowSource {
    let input: RowSource
    var remaining: Int
    init(input: RowSource, count: Int) {
        self.input = input
        self.remaining = count
    }
    func next() throws -> Row? {
        guard remaining > 0 else { return nil }
        remaining -= 1
        return try input.next()
    }
}

/// ORDER BY: reads every row, sorts with Cypher's order (stable), then yields. With a LIMIT
/// behind it, keeps only what the limit needs.
final class SortSource: RowSource {
    let input: RowSource
    let keys: [SortKey]
    let limit: Int?
    let ctx: ExecutionContext
    private var sorted: [Row]?
    private var k = 0
    init(input: RowSource, keys: [SortKey], limit: Int?, ctx: ExecutionContext) {
        self.input = input
        self.keys = keys
        self.limit = limit
        self.ctx = ctx
    }
    func next() throws -> Row? {
        if sorted == nil {
            var rows: [(key: [QueryValue], index: Int, row: Row)] = []
            var n = 0
            while let r = try input.next() {
                rows.append((try keys.map { try ctx.eval($0.expr, r) }, n, r))
                n += 1
            }
            let ks = keys
            rows.sort { a, b in
                for (i, key) in ks.enumerated() {
                    let c = QueryValue.orderCompare(a.key[i], b.key[i])
                    if c != 0 { return key.ascending ? c < 0 : c > 0 }
                }
                return a.index < b.index
            }
            if let limit, rows.count > limit { rows.removeLast(rows.count - limit) }
            sorted = rows.map(\.row)
        }
        guard let s = sorted, k < s.count else { return nil }
        defer { k += 1 }
        return s[k]
    }
}
