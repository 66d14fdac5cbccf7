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
    /// The relation types of both graphs, sorted: a type's number is its position here.
    private(set) var types: [String] = []
    /// The type number of each relation of A and of B, by handle (-1 for a handle no live
    /// relation has), so that a relation's type can be told without reading the relation.
    private(set) var typeNumbersA: [Int32] = []
    private(set) var typeNumbersB: [Int32] = []

    /// - Complexity: O(relations of A + relations of B) expected, plus O(k log k) for each
    ///   group of k relations sharing ends and type. The keys are split in two halves by hash,
    ///   matched on two cores.
    /// `ends`, when given, are ``RelationEnds`` of `a` and `b` already read.
    init(_ a: Graph, _ b: Graph, entities: EntityMatching, rules: DiffRules, ends: (RelationEnds, RelationEnds)? = nil) {
        let symmetric = rules.symmetricTypes.union(a.symmetricTypes).union(b.symmetricTypes)
        let types = Set(a.relationTypeCounts.keys).union(b.relationTypeCounts.keys).sorted()
        let aToB = entities.aToB
        // Ends come from the adjacency lists, so the relations themselves are not read to key them.
        let (endsA, endsB) = ends ?? Parallel.both({ RelationEnds(a) }, { RelationEnds(b) })
        // Each relation's key, by handle, once: (from, to, type) with A's ends mapped to B's
        // handles and a symmetric type's ends in order; a relation of A with an end that has
        // no counterpart in B has no key (it matches nothing).
        let (keysA, keysB) = Parallel.both(
            { RelationKeys(a, types: types, symmetric: symmetric, ends: endsA, map: aToB) },
            { RelationKeys(b, types: types, symmetric: symmetric, ends: endsB, map: nil) })
        let context = Context(a: a, b: b, aToB: aToB, identifying: types.map { rules.identifyingAttributes[$0] ?? [] })
        let parts = Parallel.map(RelationMatching.parts) { part in
            RelationMatching.match(part: part, keysA, keysB, context)
        }
        for p in parts {
            changed += p.changed
            removed += p.removed
            added += p.added
        }
        removed += keysA.unkeyed
        self.types = types
        typeNumbersA = keysA.typeNumbers
        typeNumbersB = keysB.typeNumbers
    }

    /// How many hash ranges the keys are split into, each matched on its own.
    private static let parts = 2

    /// What every part reads.
    private struct Context: Sendable {
        let a: Graph
        let b: Graph
        let aToB: [Int32]
        /// The identifying attributes of each type number.
        let identifying: [[String]]

        /// The values of a relation's identifying attributes (null where absent).
        func identifyingValues(_ names: [String], _ r: Relation) -> [Value] {
            names.map { r.attributes[$0] ?? .null }
        }

        /// The two relations hold the same content (their keys being equal).
        func same(_ x: RelationHandle, _ y: RelationHandle) -> Bool {
            let ra = a[x]
            let rb = b[y]
            return aToB[ra.from.int] == rb.from.index && aToB[ra.to.int] == rb.to.index
                && ra.attributes == rb.attributes && ra.citations == rb.citations && ra.validFrom == rb.validFrom
                && ra.validUntil == rb.validUntil && ra.confidence == rb.confidence
        }
    }

    /// Matches the relations whose key hashes into `part`.
    private static func match(part: Int, _ keysA: RelationKeys, _ keysB: RelationKeys, _ c: Context) -> RelationMatching {
        var table = RelationKeyTable(
            capacity: (keysA.count + keysB.count) / parts + 1, handlesA: c.a.relationCapacity, handlesB: c.b.relationCapacity)
        let shift = UInt64(64 - 1)  // the top bit of the hash picks the part (parts == 2)
        // B first, then A, each in the order of their keys.
        for i in 0..<keysB.count where Int(keysB.hashes[i] >> shift) == part {
            table.insert(side: 1, handle: keysB.handles[i], from: keysB.froms[i], to: keysB.tos[i], type: keysB.types[i], hash: keysB.hashes[i])
        }
        for i in 0..<keysA.count where Int(keysA.hashes[i] >> shift) == part {
            table.insert(side: 0, handle: keysA.handles[i], from: keysA.froms[i], to: keysA.tos[i], type: keysA.types[i], hash: keysA.hashes[i])
        }

        var out = RelationMatching()
        for g in 0..<table.groupCount {
            let headA = table.headsA[g], headB = table.headsB[g]
            if headB < 0 {
                table.appendChain(side: 0, from: headA, to: &out.removed)
                continue
            }
            if headA < 0 {
                table.appendChain(side: 1, from: headB, to: &out.added)
                continue
            }
            let ident = c.identifying[Int(table.types[g])]
            if table.nextA[Int(headA)] < 0 && table.nextB[Int(headB)] < 0 {
                // One relation on each side (the common case): the same identity unless their
                // identifying values differ.
                let x = RelationHandle(Int(headA)), y = RelationHandle(Int(headB))
                if !ident.isEmpty && c.identifyingValues(ident, c.a[x]) != c.identifyingValues(ident, c.b[y]) {
                    out.removed.append(x)
                    out.added.append(y)
                } else if !c.same(x, y) {
                    out.changed.append((x, y))
                }
                continue
            }
            var left: [RelationHandle] = []
            var right: [RelationHandle] = []
            table.appendChain(side: 0, from: headA, to: &left)
            table.appendChain(side: 1, from: headB, to: &right)
            if ident.isEmpty {
                RelationMatching.pair(left, right, c, &out)
                continue
            }
            // Split by the identifying values, in the order the values first appear.
            var order: [[Value]] = []
            var groups: [[Value]: ([RelationHandle], [RelationHandle])] = [:]
            for h in left {
                let v = c.identifyingValues(ident, c.a[h])
                if groups[v] == nil { order.append(v) }
                groups[v, default: ([], [])].0.append(h)
            }
            for h in right {
                let v = c.identifyingValues(ident, c.b[h])
                if groups[v] == nil { order.append(v) }
                groups[v, default: ([], [])].1.append(h)
            }
            for v in order {
                let (l, r) = groups[v]!
                RelationMatching.pair(l, r, c, &out)
            }
        }
        return out
    }

    private init() {}

    /// Pairs the relations of one identity: identical ones first, then the rest in canonical
    /// order, so that the outcome does not depend on the order of the files.
    private static func pair(_ left: [RelationHandle], _ right: [RelationHandle], _ c: Context, _ out: inout RelationMatching) {
        if left.isEmpty {
            out.added.append(contentsOf: right)
            return
        }
        if right.isEmpty {
            out.removed.append(contentsOf: left)
            return
        }
        var left = left
        var right = right
        var i = 0
        while i < left.count {
            let x = left[i]
            if let j = right.firstIndex(where: { c.same(x, $0) }) {
                left.remove(at: i)
                right.remove(at: j)
            } else {
                i += 1
            }
        }
        let a = c.a, b = c.b
        left = Canonical.order(left, by: { a.portable($0) }).map { left[$0] }
        right = Canonical.order(right, by: { b.portable($0) }).map { right[$0] }
        let n = min(left.count, right.count)
        for k in 0..<n { out.changed.append((left[k], right[k])) }
        out.removed.append(contentsOf: left.dropFirst(n))
        out.added.append(contentsOf: right.dropFirst(n))
    }
}

/// The ends of every relation of a graph, by relation handle, read off the adjacency lists
/// (-1 for a handle no live relation has).
struct RelationEnds: Sendable {
    var from: [Int32]
    var to: [Int32]

    /// - Complexity: O(entities + relations).
    init(_ g: Graph) {
        from = [Int32](repeating: -1, count: g.relationCapacity)
        to = [Int32](repeating: -1, count: g.relationCapacity)
        for e in g.entityHandles {
            for r in g.outgoing(e) { from[r.int] = e.index }
            for r in g.incoming(e) { to[r.int] = e.index }
        }
    }
}

/// The matching key of every relation of one graph, in columns: its handle, its ends (as B's
/// entity handles, in order for a symmetric type), its type number and a hash of the three.
struct RelationKeys: Sendable {
    var handles: [Int32] = []
    var froms: [Int32] = []
    var tos: [Int32] = []
    var types: [Int32] = []
    var hashes: [UInt64] = []
    /// Relations with an end that has no counterpart (`map` gives -1): they have no key.
    var unkeyed: [RelationHandle] = []
    /// The type number of every relation, keyed or not, by handle (-1 for a handle no live
    /// relation has).
    var typeNumbers: [Int32]

    var count: Int { handles.count }

    /// Keys for the relations of `g`, type by type in the order of `types` (type numbers are
    /// positions in it); ends are mapped through `map` when given (A's entities to B's).
    /// - Complexity: O(relations).
    init(_ g: Graph, types: [String], symmetric: Set<String>, ends: RelationEnds, map: [Int32]?) {
        typeNumbers = [Int32](repeating: -1, count: g.relationCapacity)
        handles.reserveCapacity(g.relationCount)
        froms.reserveCapacity(g.relationCount)
        tos.reserveCapacity(g.relationCount)
        self.types.reserveCapacity(g.relationCount)
        hashes.reserveCapacity(g.relationCount)
        for (typeID, type) in types.enumerated() {
            let isSymmetric = symmetric.contains(type)
            for h in g.relations(ofType: type) {
                typeNumbers[h.int] = Int32(typeID)
                var f = ends.from[h.int], t = ends.to[h.int]
                if let map {
                    f = map[Int(f)]
                    t = map[Int(t)]
                    if f < 0 || t < 0 {
                        unkeyed.append(h)
                        continue
                    }
                }
                if isSymmetric && t < f { swap(&f, &t) }
                handles.append(h.index)
                froms.append(f)
                tos.append(t)
                self.types.append(Int32(typeID))
                hashes.append(RelationKeys.hash(f, t, Int32(typeID)))
            }
        }
    }

    /// A well-mixed 64-bit hash of a key (no per-process seed: the table's order is the same
    /// on every run, though nothing observable depends on it).
    static func hash(_ f: Int32, _ t: Int32, _ type: Int32) -> UInt64 {
        var x = UInt64(UInt32(bitPattern: f)) << 32 | UInt64(UInt32(bitPattern: t))
        x ^= UInt64(UInt32(bitPattern: type)) &* 0x9E37_79B9_7F4A_7C15
        x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
        x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
        return x ^ (x >> 31)
    }
}

/// Relations of two graphs grouped by (from, to, type) given as integers: an open-addressing
/// hash table of groups, with each group's relations of either side chained through `nextA` /
/// `nextB` (newest first).
struct RelationKeyTable {
    /// One slot of the table: a group's key and number + 1 (0: empty), in one cache line.
    private struct Slot {
        var ends: UInt64 = 0
        var type: Int32 = 0
        var group: Int32 = 0
    }

    private var slots: [Slot]
    private let mask: Int
    /// The type number of each group.
    private(set) var types: [Int32] = []
    /// Per group, the newest relation of A and of B, or -1.
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
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
        types.reserveCapacity(capacity)
        headsA.reserveCapacity(capacity)
        headsB.reserveCapacity(capacity)
    }

    /// Adds relation `handle` of `side` (0: A, 1: B) under its key, whose ``RelationKeys/hash(_:_:_:)`` is `hash`.
    /// - Complexity: O(1) expected.
    mutating func insert(side: Int, handle: Int32, from f: Int32, to t: Int32, type: Int32, hash: UInt64) {
        let ends = UInt64(UInt32(bitPattern: f)) << 32 | UInt64(UInt32(bitPattern: t))
        // The low bits index the table (the top bit chose the part).
        var i = Int(truncatingIfNeeded: hash) & mask
        var group: Int
        while true {
            let s = slots[i]
            if s.group == 0 {
                group = types.count
                slots[i] = Slot(ends: ends, type: type, group: Int32(group + 1))
                types.append(type)
                headsA.append(-1)
                headsB.append(-1)
                break
            }
            if s.ends == ends && s.type == type {
                group = Int(s.group) - 1
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

    /// Appends the relations of one side's chain starting at `head` to `out`.
    func appendChain(side: Int, from head: Int32, to out: inout [RelationHandle]) {
        var h = head
        while h >= 0 {
            out.append(RelationHandle(Int(h)))
            h = side == 0 ? nextA[Int(h)] : nextB[Int(h)]
        }
    }
}
