import ParleyCore

/// Relation handles grouped by a 64-bit key (two entity handles: a relation's ends), in a flat
/// open-addressing table, each group's handles chained through one array: no allocation per
/// group and no string hashed.
///
/// ```swift
/// var groups = HandleGroups(capacity: added.count)
/// groups.append(h, to: HandleGroups.key(from, to))
/// if let g = groups.group(HandleGroups.key(from, to)) { groups.handles(ofGroup: g) }
/// ```
struct HandleGroups {
    /// Per slot: its key, and its group + 1 (0: empty).
    private var keys: [UInt64]
    private var groups: [Int32]
    private var mask: Int
    /// Per group, its newest handle's place in `items`.
    private var heads: [Int32] = []
    /// The handles, each with the place of the one before it in its group (or -1).
    private var items: [(handle: RelationHandle, next: Int32)] = []

    /// A table for about `capacity` groups (it grows when more come).
    init(capacity: Int) {
        var size = 16
        while size < 2 * capacity { size *= 2 }
        keys = [UInt64](repeating: 0, count: size)
        groups = [Int32](repeating: 0, count: size)
        mask = size - 1
        items.reserveCapacity(capacity)
    }

    /// The key of a pair of entity handles (in that order).
    static func key(_ from: Int32, _ to: Int32) -> UInt64 {
        UInt64(UInt32(bitPattern: from)) << 32 | UInt64(UInt32(bitPattern: to))
    }

    var groupCount: Int { heads.count }

    /// Adds `handle` to the group of `key` (made when it is the first).
    /// - Complexity: O(1) expected.
    mutating func append(_ handle: RelationHandle, to key: UInt64) {
        var i = slot(key)
        if groups[i] == 0 && 2 * (heads.count + 1) > keys.count {
            // More groups than planned for: twice the slots, so that probes stay short.
            grow()
            i = slot(key)
        }
        if groups[i] == 0 {
            heads.append(-1)
            keys[i] = key
            groups[i] = Int32(heads.count)
        }
        let g = Int(groups[i]) - 1
        items.append((handle, heads[g]))
        heads[g] = Int32(items.count - 1)
    }

    /// The group of `key`, if it has one.
    /// - Complexity: O(1) expected.
    func group(_ key: UInt64) -> Int? {
        let g = groups[slot(key)]
        return g == 0 ? nil : Int(g) - 1
    }

    /// The handles of group `g`, newest first.
    func handles(ofGroup g: Int) -> [RelationHandle] {
        var out: [RelationHandle] = []
        var i = heads[g]
        while i >= 0 {
            out.append(items[Int(i)].handle)
            i = items[Int(i)].next
        }
        return out
    }

    /// Twice the slots, each group moved to its slot in the larger table.
    private mutating func grow() {
        let (oldKeys, oldGroups) = (keys, groups)
        keys = [UInt64](repeating: 0, count: 2 * oldKeys.count)
        groups = [Int32](repeating: 0, count: 2 * oldGroups.count)
        mask = keys.count - 1
        for j in oldKeys.indices where oldGroups[j] != 0 {
            let i = slot(oldKeys[j])
            keys[i] = oldKeys[j]
            groups[i] = oldGroups[j]
        }
    }

    /// The slot holding `key`, or the empty one where it would go (there always is one: the
    /// table is kept at most half full).
    private func slot(_ key: UInt64) -> Int {
        var i = Int(truncatingIfNeeded: RelationKeys.hash(Int32(truncatingIfNeeded: key >> 32), Int32(truncatingIfNeeded: key), 0)) & mask
        while groups[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        return i
    }
}
