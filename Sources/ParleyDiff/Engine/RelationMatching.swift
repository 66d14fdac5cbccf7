import ParleyCore

/// The identity of a relation across two graphs: its ends (as entity handles of B), its type and
/// the values of the attributes the schema marks as identifying. Ends of a symmetric type are
/// put in order, so that `a MEETS_WITH b` and `b MEETS_WITH a` are the same relation.
struct RelationKey: Hashable {
    var from: Int32
    var to: Int32
    var type: Int32
    var identifying: [Value]
}

/// Which relation of B each relation of A corresponds to. Only pairs that differ are kept;
/// relations matched exactly are counted, not stored.
struct RelationMatching {
    /// Matched pairs (A handle, B handle) whose content differs.
    var changed: [(RelationHandle, RelationHandle)] = []
    /// Relations of A with no counterpart in B.
    var removed: [RelationHandle] = []
    /// Relations of B with no counterpart in A.
    var added: [RelationHandle] = []

    /// - Complexity: O(relations of A + relations of B) expected (hash maps keyed by
    ///   ``RelationKey``), plus O(k log k) for each group of k relations sharing one key.
    init(_ a: Graph, _ b: Graph, entities: EntityMatching, rules: DiffRules) {
        let symmetric = rules.symmetricTypes.union(a.symmetricTypes).union(b.symmetricTypes)
        var typeIDs: [String: Int32] = [:]
        for t in Set(a.relationTypeCounts.keys).union(b.relationTypeCounts.keys).sorted() {
            typeIDs[t] = Int32(typeIDs.count)
        }

        // Index each side by key; relations sharing a key are chained through `next`.
        func index(
            _ g: Graph, mapEnd: (EntityHandle) -> Int32, unmatched: inout [RelationHandle]
        ) -> ([RelationKey: Int32], [Int32]) {
            var heads: [RelationKey: Int32] = [:]
            heads.reserveCapacity(g.relationCount)
            var next = [Int32](repeating: -1, count: g.relationCapacity)
            for (type, typeID) in typeIDs {
                let handles = g.relations(ofType: type)
                if handles.isEmpty { continue }
                let ident = rules.identifyingAttributes[type] ?? []
                let isSymmetric = symmetric.contains(type)
                for h in handles {
                    let r = g[h]
                    var f = mapEnd(r.from)
                    var t = mapEnd(r.to)
                    if f < 0 || t < 0 {
                        unmatched.append(h)
                        continue
                    }
                    if isSymmetric && t < f { swap(&f, &t) }
                    let key = RelationKey(
                        from: f, to: t, type: typeID,
                        identifying: ident.isEmpty ? [] : ident.map { r.attributes[$0] ?? .null })
                    if let head = heads.updateValue(h.index, forKey: key) { next[h.int] = head }
                }
            }
            return (heads, next)
        }
        var removed: [RelationHandle] = []
        var added: [RelationHandle] = []
        let aToB = entities.aToB
        let (headsA, nextA) = index(a, mapEnd: { aToB[$0.int] }, unmatched: &removed)
        let (headsB, nextB) = index(b, mapEnd: { $0.index }, unmatched: &added)

        func chain(_ head: Int32, _ next: [Int32]) -> [RelationHandle] {
            var out: [RelationHandle] = []
            var h = head
            while h >= 0 {
                out.append(RelationHandle(Int(h)))
                h = next[Int(h)]
            }
            return out
        }
        func same(_ x: RelationHandle, _ y: RelationHandle) -> Bool {
            let ra = a[x]
            let rb = b[y]
            return aToB[ra.from.int] == rb.from.index && aToB[ra.to.int] == rb.to.index
                && ra.attributes == rb.attributes && ra.citations == rb.citations && ra.validFrom == rb.validFrom
                && ra.validUntil == rb.validUntil && ra.confidence == rb.confidence
        }

        var changed: [(RelationHandle, RelationHandle)] = []
        for (key, headA) in headsA {
            guard let headB = headsB[key] else {
                removed.append(contentsOf: chain(headA, nextA))
                continue
            }
            if nextA[Int(headA)] < 0 && nextB[Int(headB)] < 0 {
                let x = RelationHandle(Int(headA))
                let y = RelationHandle(Int(headB))
                if !same(x, y) { changed.append((x, y)) }
                continue
            }
            // Several relations share the key: pair identical ones first, then the rest in
            // canonical order so that the outcome does not depend on the order of the files.
            var left = chain(headA, nextA)
            var right = chain(headB, nextB)
            var i = 0
            while i < left.count {
                if let j = right.firstIndex(where: { same(left[i], $0) }) {
                    left.remove(at: i)
                    right.remove(at: j)
                } else {
                    i += 1
                }
            }
            left.sort { Canonical.less(a.portable($0), a.portable($1)) }
            right.sort { Canonical.less(b.portable($0), b.portable($1)) }
            let n = min(left.count, right.count)
            for k in 0..<n { changed.append((left[k], right[k])) }
            removed.append(contentsOf: left.dropFirst(n))
            added.append(contentsOf: right.dropFirst(n))
        }
        for (key, headB) in headsB where headsA[key] == nil {
            added.append(contentsOf: chain(headB, nextB))
        }
        self.changed = changed
        self.removed = removed
        self.added = added
    }
}
