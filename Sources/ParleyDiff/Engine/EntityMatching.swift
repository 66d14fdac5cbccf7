import ParleyCore

/// Which entity of B each entity of A corresponds to: the same id, or else a rename (an id
/// found only on one side whose name or an alias matches one found only on the other side).
struct EntityMatching {
    /// For each entity handle of A (by index), the matched handle of B, or -1.
    var aToB: [Int32]
    /// For each entity handle of B (by index), the matched handle of A, or -1.
    var bToA: [Int32]

    /// - Complexity: O(entities of A + entities of B), plus the names and aliases of the
    ///   unmatched ones; the id look-ups are spread on the cores.
    init(_ a: Graph, _ b: Graph) {
        aToB = [Int32](repeating: -1, count: a.entityCapacity)
        bToA = [Int32](repeating: -1, count: b.entityCapacity)
        // Ids are looked up in two halves at once.
        let handles = Array(a.entityHandles)
        let halves = Parallel.map(2) { part -> ([(EntityHandle, EntityHandle)], [EntityHandle]) in
            var found: [(EntityHandle, EntityHandle)] = []
            var missing: [EntityHandle] = []
            for h in handles[handles.count * part / 2..<handles.count * (part + 1) / 2] {
                if let o = b.handle(forID: a.id(of: h)) { found.append((h, o)) } else { missing.append(h) }
            }
            return (found, missing)
        }
        var unmatchedA: [EntityHandle] = []
        for (found, missing) in halves {
            for (h, o) in found {
                aToB[h.int] = o.index
                bToA[o.int] = h.index
            }
            unmatchedA += missing
        }
        guard !unmatchedA.isEmpty else { return }
        // Index the names and aliases of B's unmatched entities.
        var byKey: [String: [EntityHandle]] = [:]
        for h in b.entityHandles where bToA[h.int] < 0 {
            for k in EntityMatching.renameKeys(b[h]) { byKey[k, default: []].append(h) }
        }
        guard !byKey.isEmpty else { return }
        // Candidates each way; a pair is a rename when each is the other's only candidate
        // (narrowed to the same type when that leaves one).
        var candidatesOfA: [EntityHandle: [EntityHandle]] = [:]
        var candidatesOfB: [EntityHandle: [EntityHandle]] = [:]
        for h in unmatchedA {
            var seen = Set<EntityHandle>()
            for k in EntityMatching.renameKeys(a[h]) {
                for o in byKey[k] ?? [] where seen.insert(o).inserted {
                    candidatesOfA[h, default: []].append(o)
                    candidatesOfB[o, default: []].append(h)
                }
            }
        }
        func only(_ list: [EntityHandle], sameTypeAs type: String, in g: Graph) -> EntityHandle? {
            if list.count == 1 { return list[0] }
            let same = list.filter { g[$0].type == type }
            return same.count == 1 ? same[0] : nil
        }
        for h in unmatchedA {
            guard let list = candidatesOfA[h], let o = only(list, sameTypeAs: a[h].type, in: b),
                let back = candidatesOfB[o], only(back, sameTypeAs: b[o].type, in: a) == h
            else { continue }
            aToB[h.int] = o.index
            bToA[o.int] = h.index
        }
    }

    /// The folded name and aliases of an entity: what a rename is recognised by.
    static func renameKeys(_ e: Entity) -> Set<String> {
        var keys = Set<String>()
        if let n = e.name { keys.insert(TextKey.fold(n)) }
        for a in e.aliases { keys.insert(TextKey.fold(a)) }
        keys.remove("")
        return keys
    }
}
