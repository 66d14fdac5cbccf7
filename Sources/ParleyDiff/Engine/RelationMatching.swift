import ParleyCore

/// Which relation of B each relation of A corresponds to. Only pairs that differ are kept;
/// relations matched exactly are counted, not stored.
///
/// A relation's identity across the two graphs is its ends (as entity handles of B: A's ends go
/// through the entity matching), its type and the values of the attributes the schema marks as
/// identifying. Ends of a symmetric type are put in order, so that `a MEETS_WITH b` and
/// `b MEETS_WITH a` are the same relation. Relations are grouped by ends and type in a flat
/// hash table of integers (no strings are hashed); a group whose type has identifying
/// attributes is split by their values.
struct RelationMatching {
    /// Matched pairs (A handle, B handle) whose content differs.
    var changed: [(RelationHandle, RelationHandle)] = []
    /// Relations of A with no counterpart in B.
    var removed: [RelationHandle] = []
    /// Relations of B with no counterpart in A.
    var added: [RelationHandle] = []

    /// - Complexity: O(relations of A + relations of B) expected, plus O(k log k) for each
    ///   group of k relations sharing ends and type.
    init(_ a: Graph, _ b: Graph, entities: EntityMatching, rules: DiffRules) {
        let symmetric = rules.symmetricTypes.union(a.symmetricTypes).union(b.symmetricTypes)
        let types = Set(a.relationTypeCounts.keys).union(b.relationTypeCounts.keys).sorted()
        let identifying = types.map { rules.identifyingAttributes[$0] ?? [] }
        let aToB = entities.aToB

        var table = RelationKeyTable(
            capacity: a.relationCount + b.relationCount, handlesA: a.relationCapacity, handlesB: b.relationCapacity)
        // B first, then A (whose ends are mapped to B's handles); a relation of A with an end
        // that has no counterpart in B matches nothing.
        var removed: [RelationHandle] = []
        for (typeID, type) in types.enumerated() {
            let isSymmetric = symmetric.contains(type)
            for h in b.relations(ofType: type) {
                let r = b[h]
                table.insert(side: 1, handle: h.index, from: r.from.index, to: r.to.index,
                             type: Int32(typeID), symmetric: isSymmetric)
            }
        }
        for (typeID, type) in types.enumerated() {
            let isSymmetric = symmetric.contains(type)
            for h in a.relations(ofType: type) {
                let r = a[h]
                let f = aToB[r.from.int], t = aToB[r.to.int]
                if f < 0 || t < 0 {
                    removed.append(h)
                    continue
                }
                table.insert(side: 0, handle: h.index, from: f, to: t, type: Int32(typeID), symmetric: isSymmetric)
            }
        }

        @Sendable func same(_ x: RelationHandle, _ y: RelationHandle) -> Bool {
            let ra = a[x]
            let rb = b[y]
            return aToB[ra.from.int] == rb.from.index && aToB[ra.to.int] == rb.to.index
                && ra.attributes == rb.attributes && ra.citations == rb.citations && ra.validFrom == rb.validFrom
                && ra.validUntil == rb.validUntil && ra.confidence == rb.confidence
        }

        // One relation on each side with nothing to split by: compared below, in parallel.
        var single: [(RelationHandle, RelationHandle)] = []
        var changed: [(RelationHandle, RelationHandle)] = []
        var added: [RelationHandle] = []
        for g in 0..<table.groupCount {
            let headA = table.headsA[g], headB = table.headsB[g]
            if headB < 0 {
                removed.append(contentsOf: table.chain(side: 0, from: headA))
                continue
            }
            if headA < 0 {
                added.append(contentsOf: table.chain(side: 1, from: headB))
                continue
            }
            let ident = identifying[Int(table.types[g])]
            if ident.isEmpty && table.nextA[Int(headA)] < 0 && table.nextB[Int(headB)] < 0 {
                single.append((RelationHandle(Int(headA)), RelationHandle(Int(headB))))
                continue
            }
            let left = table.chain(side: 0, from: headA)
            let right = table.chain(side: 1, from: headB)
            if ident.isEmpty {
                RelationMatching.pair(left, right, a, b, same, &changed, &removed, &added)
                continue
            }
            // Split by the identifying values, in the order the values first appear.
            var order: [[Value]] = []
            var parts: [[Value]: ([RelationHandle], [RelationHandle])] = [:]
            for h in left {
                let r = a[h]
                let v = ident.map { r.attributes[$0] ?? .null }
                if parts[v] == nil { order.append(v) }
                parts[v, default: ([], [])].0.append(h)
            }
            for h in right {
                let r = b[h]
                let v = ident.map { r.attributes[$0] ?? .null }
                if parts[v] == nil { order.append(v) }
                parts[v, default: ([], [])].1.append(h)
            }
            for v in order {
                let (l, r) = parts[v]!
                RelationMatching.pair(l, r, a, b, same, &changed, &removed, &added)
            }
        }

        let chunks = single.isEmpty ? 0 : min(8, 1 + single.count / 4096)
        let pairs = single
        let differing = Parallel.map(chunks) { c -> [(RelationHandle, RelationHandle)] in
            let range = pairs.count * c / chunks..<pairs.count * (c + 1) / chunks
            return pairs[range].filter { !same($0.0, $0.1) }
        }
        for part in differing { changed.append(contentsOf: part) }

        self.changed = changed
        self.removed = removed
        self.added = added
    }

    /// Pairs the relations of one identity: identical ones first, then the rest in canonical
    /// order, so that the outcome does not depend on the order of the files.
    private static func pair(
        _ left: [RelationHandle], _ right: [RelationHandle], _ a: Graph, _ b: Graph,
        _ same: (RelationHandle, RelationHandle) -> Bool, _ changed: inout [(RelationHandle, RelationHandle)],
        _ removed: inout [RelationHandle], _ added: inout [RelationHandle]
    ) {
        if left.isEmpty {
            added.append(contentsOf: right)
            return
        }
        if right.isEmpty {
            removed.append(contentsOf: left)
            return
        }
        var left = left
        var right = right
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
}

/// Relations of two graphs grouped by (from, to, type) given as integers: an open-addressing
/// hash table of group numbers, with each group's relations of either side chained through
/// `next` (newest first).
struct RelationKeyTable {
    /// Slot → group number + 1 (0: empty).
    private var slots: [Int32]
    private let mask: Int
    private var froms: [Int32] = []
    private var tos: [Int32] = []
    /// The type number of each group.
    private(set) var types: [Int32] = []
    /// Per group, the newest relation of A (side 0) and of B (side 1), or -1.
    private(set) var headsA: [Int32] = []
    private(set) var headsB: [Int32] = []
    /// Per relation handle of A and of B, the next relation of its group, or -1.
    private(set) var nextA: [Int32]
    private(set) var nextB: [Int32]

    var groupCount: Int { types.count }

    /// A table for about `capacity` relations in all, with handles below `handlesA` and `handlesB`.
    init(capacity: Int, handlesA: Int, handlesB: Int) {
        nextA = [Int32](repeating: -1, count: handlesA)
        nextB = [Int32](repeating: -1, count: handlesB)
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = [Int32](repeating: 0, count: size)
        mask = size - 1
    }

    /// Adds relation `handle` of `side` under its key (ends in order for a symmetric type).
    /// - Complexity: O(1) expected.
    mutating func insert(side: Int, handle: Int32, from: Int32, to: Int32, type: Int32, symmetric: Bool) {
        var (f, t) = (from, to)
        if symmetric && t < f { swap(&f, &t) }
        var mix = UInt64(UInt32(bitPattern: f)) &* 0x9E37_79B9_7F4A_7C15
        mix ^= UInt64(UInt32(bitPattern: t)) &* 0xC2B2_AE3D_27D4_EB4F
        mix ^= UInt64(UInt32(bitPattern: type)) &* 0x1656_67B1_9E37_79F9
        mix ^= mix >> 32
        var i = Int(truncatingIfNeeded: mix) & mask
        var group: Int
        while true {
            let s = Int(slots[i])
            if s == 0 {
                group = types.count
                slots[i] = Int32(group + 1)
                froms.append(f)
                tos.append(t)
                types.append(type)
                headsA.append(-1)
                headsB.append(-1)
                break
            }
            if froms[s - 1] == f && tos[s - 1] == t && types[s - 1] == type {
                group = s - 1
                break
            }
            i = (i + 1) & mask
        }
        if side == 0 {
            nextA[Int(handle)] = headsA[group]
            headsA[group] = handle
        } else {
            nextB[Int(handle)] = headsB[group]
            headsB[group] = handle
        }
    }

    /// The relations of one side's chain starting at `head`.
    func chain(side: Int, from head: Int32) -> [RelationHandle] {
        var out: [RelationHandle] = []
        var h = head
        while h >= 0 {
            out.append(RelationHandle(Int(h)))
            h = side == 0 ? nextA[Int(h)] : nextB[Int(h)]
        }
        return out
    }
}
