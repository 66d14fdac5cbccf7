import ParleyCore

/// The canonical order of a diff's lists: by id, or by (from, type, to) then the rest, so that
/// output never depends on the order of the input files or of hash maps.
enum Canonical {
    /// A total order on relations: from, type, to, then their full tagged JSON form.
    static func less(_ x: PortableRelation, _ y: PortableRelation) -> Bool {
        if x.from != y.from { return x.from < y.from }
        if x.type != y.type { return x.type < y.type }
        if x.to != y.to { return x.to < y.to }
        return key(x) < key(y)
    }

    static func key(_ r: PortableRelation) -> String {
        ModelJSON.relation(r, .tagged).rendered(pretty: false)
    }

    static func key(_ e: Entity) -> String { ModelJSON.entity(e, .tagged).rendered(pretty: false) }

    /// The parts of a relation the order looks at first.
    private struct SortKey {
        var from: String
        var type: String
        var to: String
        init(_ r: PortableRelation) {
            from = r.from
            type = r.type
            to = r.to
        }
    }

    /// Sorts relations, or values holding them, in the order of ``less(_:_:)`` on `first`, then
    /// on `second` (stably, as `sort(by:)` does). Ends and types are taken out once and indices
    /// are sorted: relations are large values, costly to copy into every comparison.
    /// - Complexity: O(n log n) comparisons, O(n) copies.
    static func sort<T>(_ items: inout [T], by first: (T) -> PortableRelation, then second: ((T) -> PortableRelation)? = nil) {
        guard items.count > 1 else { return }
        let sorted = order(items, by: first, then: second)
        items = sorted.map { items[$0] }
    }

    /// Rearranges `items` so that `items[k]` becomes what `items[order[k]]` was, in place: each
    /// cycle of the permutation is followed with swaps, which move elements without copying
    /// them. `order` must be a permutation of `items.indices`.
    /// - Complexity: O(n) swaps.
    static func permute<T>(_ items: inout [T], to order: [Int]) {
        precondition(order.count == items.count, "a permutation of the items")
        var placed = [Bool](repeating: false, count: items.count)
        items.withUnsafeMutableBufferPointer { items in
            for start in items.indices where !placed[start] {
                // Position k takes the element at order[k]: walk the cycle through start.
                var k = start
                placed[k] = true
                while order[k] != start {
                    let next = order[k]
                    items.swapAt(k, next)
                    placed[next] = true
                    k = next
                }
            }
        }
    }

    /// The positions of `items` in the order ``sort(_:by:then:)`` puts them in.
    /// - Complexity: O(n log n) comparisons.
    static func order<T>(_ items: [T], by first: (T) -> PortableRelation, then second: ((T) -> PortableRelation)? = nil) -> [Int] {
        guard items.count > 1 else { return Array(items.indices) }
        let firstKeys = items.map { SortKey(first($0)) }
        let secondKeys = second.map { part in items.map { SortKey(part($0)) } } ?? []
        func compare(_ keys: [SortKey], _ part: (T) -> PortableRelation, _ i: Int, _ j: Int) -> Int {
            let x = keys[i], y = keys[j]
            if x.from != y.from { return x.from < y.from ? -1 : 1 }
            if x.type != y.type { return x.type < y.type ? -1 : 1 }
            if x.to != y.to { return x.to < y.to ? -1 : 1 }
            let kx = key(part(items[i])), ky = key(part(items[j]))
            return kx < ky ? -1 : kx == ky ? 0 : 1
        }
        return items.indices.sorted { i, j in
            let c = compare(firstKeys, first, i, j)
            guard c == 0, let second else { return c < 0 }
            return compare(secondKeys, second, i, j) < 0
        }
    }
}
