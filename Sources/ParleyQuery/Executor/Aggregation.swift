import Foundation
import ParleyCore

/// The running state of one aggregate in one group.
struct Accumulator {
    let spec: AggregateSpec
    var count = 0
    var values: [QueryValue] = []
    var seen = Set<QueryValue>()
    var intSum = 0
    var floatSum = 0.0
    var sawFloat = false
    var best: QueryValue?

    init(_ spec: AggregateSpec) { self.spec = spec }

    mutating func add(_ v: QueryValue?) throws {
        if spec.function == "countstar" { count += 1; return }
        guard let v, !v.isNull else { return }
        if spec.distinct, !seen.insert(v.groupingKey).inserted { return }
        switch spec.function {
        case "count": count += 1
        case "collect": values.append(v)
        case "sum", "avg":
            switch v {
            case .value(.int(let i)):
                let (r, o) = intSum.addingReportingOverflow(i)
                if o { sawFloat = true; floatSum += Double(i) } else { intSum = r }
            case .value(.float(let f)): sawFloat = true; floatSum += f
            default: throw QueryError.runtime(.type, "\(spec.function)() needs numbers, got \(v.typeName)", code: "InvalidArgumentType")
            }
            count += 1
        case "min", "max":
            if let b = best {
                let c = QueryValue.orderCompare(v, b)
                if spec.function == "min" ? c < 0 : c > 0 { best = v }
            } else {
                best = v
            }
        case "stdev", "stdevp", "percentilecont", "percentiledisc":
            guard v.numberValue != nil else { throw QueryError.runtime(.type, "\(spec.function)() needs numbers", code: "InvalidArgumentType") }
            values.append(v)
        default: break
        }
    }

    func result(percentile: Double?) throws -> QueryValue {
        switch spec.function {
        case "countstar", "count": return .int(count)
        case "collect": return .list(values)
        case "sum": return sawFloat ? .float(floatSum + Double(intSum)) : .int(intSum)
        case "avg": return count == 0 ? .null : .float((floatSum + Double(intSum)) / Double(count))
        case "min", "max": return best ?? .null
        case "stdev", "stdevp":
            let xs = values.compactMap(\.numberValue)
            let n = Double(xs.count)
            guard xs.count > (spec.function == "stdev" ? 1 : 0) else { return .float(0) }
            let mean = xs.reduce(0, +) / n
            let ss = xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            return .float((ss / (spec.function == "stdev" ? n - 1 : n)).squareRoot())
        default:
            let xs = values.compactMap(\.numberValue).sorted()
            guard let p = percentile else { return .null }
            guard (0...1).contains(p) else { throw QueryError.runtime(.argument, "percentile must be between 0 and 1", code: "NumberOutOfRange") }
            guard !xs.isEmpty else { return .null }
            if spec.function == "percentiledisc" {
                let idx = max(0, Int((p * Double(xs.count)).rounded(.up)) - 1)
                let sortedValues = values.sorted { QueryValue.orderCompare($0, $1) < 0 }
                return sortedValues[min(idx, xs.count - 1)]
            }
            let pos = p * Double(xs.count - 1)
            let lo = Int(pos.rounded(.down))
            let hi = Int(pos.rounded(.up))
            return .float(xs[lo] + (xs[hi] - xs[lo]) * (pos - Double(lo)))
        }
    }
}

/// Groups rows by the key expressions and computes the aggregates per group; groups come out in
/// the order they were first seen. With no keys and no rows, one row of empty aggregates.
final class AggregateSource: RowSource {
    let input: RowSource
    let keys: [AssignSpec]
    let aggregates: [AggregateSpec]
    let ctx: ExecutionContext
    private var output: [Row]?
    private var k = 0

    init(input: RowSource, keys: [AssignSpec], aggregates: [AggregateSpec], ctx: ExecutionContext) {
        self.input = input
        self.keys = keys
        self.aggregates = aggregates
        self.ctx = ctx
    }

    func next() throws -> Row? {
        if output == nil { output = try compute() }
        guard let o = output, k < o.count else { return nil }
        defer { k += 1 }
        return o[k]
    }

    private func compute() throws -> [Row] {
        var index: [[QueryValue]: Int] = [:]
        var groups: [(row: Row, acc: [Accumulator])] = []
        var percentiles: [Int: Double] = [:]
        // Rows often arrive in runs that share the slots the keys read (every path from one start
        // node): then the group is the previous row's, and the keys need not be evaluated again.
        var keySlots = Set<Int>()
        var deterministic = true
        for k in keys {
            keySlots.formUnion(Planner.slotsRead(k.expr))
            k.expr.visit { if case .function(let n, _, _, _) = $0, n.lowercased() == "rand" { deterministic = false } }
        }
        let slots = keySlots.sorted()
        var previous: Row?
        var previousGroup = -1
        while let r = try input.next() {
            var g: Int
            if deterministic, let p = previous, previousGroup >= 0, slots.allSatisfy({ r[$0] == p[$0] }) {
                g = previousGroup
            } else {
            let keyValues = try keys.map { try ctx.eval($0.expr, r) }
            let gk = keyValues.map(\.groupingKey)
            if let existing = index[gk] {
                g = existing
            } else {
                var row = r
                for (spec, v) in zip(keys, keyValues) { row[spec.slot] = v }
                g = groups.count
                index[gk] = g
                groups.append((row, aggregates.map(Accumulator.init)))
            }
            previous = r
            previousGroup = g
            }
            for (a, spec) in aggregates.enumerated() {
                let v = try spec.argument.map { try ctx.eval($0, r) }
                try groups[g].acc[a].add(v)
                if let extra = spec.extra, percentiles[a] == nil {
                    let p = try ctx.eval(extra, r)
                    if let d = p.numberValue { percentiles[a] = d }
                }
            }
        }
        if groups.isEmpty && keys.isEmpty {
            groups.append((ctx.emptyRow, aggregates.map(Accumulator.init)))
        }
        var out: [Row] = []
        out.reserveCapacity(groups.count)
        for g in groups {
            var row = g.row
            for (a, spec) in aggregates.enumerated() {
                row[spec.slot] = try g.acc[a].result(percentile: percentiles[a])
            }
            out.append(row)
        }
        return out
    }
}
