import ParleyCore

extension GraphDiff {
    /// The differences from graph `a` (before) to graph `b` (after).
    ///
    /// Entities are matched by id, then unmatched ones by name or alias (a rename). Relations are
    /// matched by their ends, type and the identifying attributes of `rules` (a symmetric type in
    /// either direction). A stance relation that disappears while one of another stance type
    /// appears between the same two entities is one ``StanceShift``.
    ///
    /// ```swift
    /// let d = GraphDiff(from: geneva, to: abuDhabi, rules: DiffRules(schema: schema))
    /// d.stanceShifts.map { "\($0.before.type) → \($0.after.type)" }   // ["DEMANDS → SUPPORTS"]
    /// ```
    /// - Complexity: O(entities + relations) expected, plus O(c log c) to sort c changes.
    public init(from a: Graph, to b: Graph, rules: DiffRules = DiffRules()) {
        self.init()
        if a.metadata != b.metadata { metadata = MetadataChange(before: a.metadata, after: b.metadata) }
        diffSources(a, b)

        let entities = EntityMatching(a, b)
        // Each core compares half of the entities and reads one side's relation ends.
        // (Not nested: work spread on the cores from inside such a task would run serially.)
        let handles = Array(a.entityHandles)
        let ((firstHalf, endsA), (secondHalf, endsB)) = Parallel.both(
            { (GraphDiff.compareEntities(handles[..<(handles.count / 2)], a, b, entities), RelationEnds(a)) },
            { (GraphDiff.compareEntities(handles[(handles.count / 2)...], a, b, entities), RelationEnds(b)) })
        entitiesRemoved = firstHalf.removed + secondHalf.removed
        entitiesChanged = firstHalf.changed + secondHalf.changed
        entitiesAdded = b.entityHandles.filter { entities.bToA[$0.int] < 0 }.map { b[$0] }

        let relations = RelationMatching(a, b, entities: entities, rules: rules, ends: (endsA, endsB))
        // Stance shifts are paired on one core while changed pairs are written out on the other.
        let matched = relations
        let ((shifts, removed, added), changed) = Parallel.both(
            { GraphDiff.stanceShifts(matched, a, b, ends: (endsA, endsB), entities: entities, rules: rules) },
            { matched.changed.map { RelationChange(before: a.portable($0.0), after: b.portable($0.1)) } })
        relationsChanged = changed
        stanceShifts = shifts
        (relationsRemoved, relationsAdded) = Parallel.both({ removed.map { a.portable($0) } }, { added.map { b.portable($0) } })

        sortCanonically()
    }

    /// The entities of `handles` (of A) that B lacks, and those that changed.
    private static func compareEntities(
        _ handles: ArraySlice<EntityHandle>, _ a: Graph, _ b: Graph, _ entities: EntityMatching
    ) -> (removed: [Entity], changed: [EntityChange]) {
        var removed: [Entity] = []
        var changed: [EntityChange] = []
        for h in handles {
            let o = entities.aToB[h.int]
            if o < 0 {
                removed.append(a[h])
            } else if !a.entity(h, equals: EntityHandle(Int(o)), in: b) {
                changed.append(EntityChange(before: a[h], after: b[EntityHandle(Int(o))]))
            }
        }
        return (removed, changed)
    }

    /// Pairs removed and added stances between the same subject and target that differ in type.
    /// The added stances are grouped by their ends (B's handles) in a flat table; a removed
    /// stance is looked up there by its ends mapped to B, and only those that find a group are
    /// kept aside (most removals have no counterpart: they are passed on untouched).
    /// - Complexity: O(removed + added) expected, plus sorting each group of the same ends.
    /// A relation's type and ends are read off the matching's type numbers and `ends` (the
    /// relations themselves are not read: most are removals with no counterpart).
    private static func stanceShifts(
        _ matched: RelationMatching, _ a: Graph, _ b: Graph, ends: (RelationEnds, RelationEnds), entities: EntityMatching,
        rules: DiffRules
    ) -> ([StanceShift], [RelationHandle], [RelationHandle]) {
        let (removed, added) = (matched.removed, matched.added)
        guard !rules.stanceTypes.isEmpty else { return ([], removed, added) }
        let stanceNumbers = matched.types.map { rules.stanceTypes[$0] != nil }
        func isStance(_ number: Int32) -> Bool { number >= 0 && stanceNumbers[Int(number)] }
        let (endsA, endsB) = ends
        var gained = HandleGroups(capacity: added.count)
        var keptAdded: [RelationHandle] = []
        for h in added {
            if isStance(matched.typeNumbersB[h.int]) {
                gained.append(h, to: HandleGroups.key(endsB.from[h.int], endsB.to[h.int]))
            } else {
                keptAdded.append(h)
            }
        }
        var keptRemoved: [RelationHandle] = []
        // The lost stances of each group of `gained`, chained like its own.
        var lostHeads = [Int32](repeating: -1, count: gained.groupCount)
        var lost: [(handle: RelationHandle, next: Int32)] = []
        for h in removed {
            let f = entities.aToB[Int(endsA.from[h.int])]
            let t = entities.aToB[Int(endsA.to[h.int])]
            if f >= 0, t >= 0, isStance(matched.typeNumbersA[h.int]), let g = gained.group(HandleGroups.key(f, t)) {
                lost.append((h, lostHeads[g]))
                lostHeads[g] = Int32(lost.count - 1)
            } else {
                keptRemoved.append(h)
            }
        }
        var shifts: [StanceShift] = []
        for g in 0..<gained.groupCount {
            var before: [RelationHandle] = []
            var i = lostHeads[g]
            while i >= 0 {
                before.append(lost[Int(i)].handle)
                i = lost[Int(i)].next
            }
            let after = gained.handles(ofGroup: g)
            if before.isEmpty {
                keptAdded.append(contentsOf: after)
                continue
            }
            let olds = before.map { ($0, a.portable($0)) }.sorted { Canonical.less($0.1, $1.1) }
            var news = after.map { ($0, b.portable($0)) }.sorted { Canonical.less($0.1, $1.1) }
            for (h, old) in olds {
                if let j = news.firstIndex(where: { $0.1.type != old.type }) {
                    shifts.append(StanceShift(before: old, after: news.remove(at: j).1))
                } else {
                    keptRemoved.append(h)  // no counterpart of another type: an ordinary removal
                }
            }
            keptAdded.append(contentsOf: news.map(\.0))
        }
        return (shifts, keptRemoved, keptAdded)
    }

    /// The canonical orders of the four relation lists (as ``Canonical/order(_:by:then:)``
    /// gives them), each found on its own core when one is free. The lists are shared only
    /// during the call, so that they can be rearranged in place afterwards.
    private func canonicalOrders() -> [[Int]] {
        let (added, removed, changed, shifts) = (relationsAdded, relationsRemoved, relationsChanged, stanceShifts)
        return Parallel.map(4) { i -> [Int] in
            switch i {
            case 0: Canonical.order(added, by: { $0 })
            case 1: Canonical.order(removed, by: { $0 })
            case 2: Canonical.order(changed, by: { $0.after }, then: { $0.before })
            default: Canonical.order(shifts, by: { $0.after }, then: { $0.before })
            }
        }
    }

    private mutating func diffSources(_ a: Graph, _ b: Graph) {
        for s in a.sources {
            if let o = b.source(withID: s.id) {
                if o != s { sourcesChanged.append(SourceChange(before: s, after: o)) }
            } else {
                sourcesRemoved.append(s)
            }
        }
        for s in b.sources where a.source(withID: s.id) == nil { sourcesAdded.append(s) }
    }

    /// Sorts every list in the canonical order (ids, then relation keys).
    mutating func sortCanonically() {
        sourcesAdded.sort { $0.id < $1.id }
        sourcesRemoved.sort { $0.id < $1.id }
        sourcesChanged.sort { $0.after.id < $1.after.id }
        entitiesAdded.sort { $0.id < $1.id }
        entitiesRemoved.sort { $0.id < $1.id }
        entitiesChanged.sort { ($0.after.id, $0.before.id) < ($1.after.id, $1.before.id) }
        // The four relation lists are ordered at once, each on its own core when one is free.
        let orders = canonicalOrders()
        // Put in order in place, by swaps (moves): no element is copied or destroyed.
        Canonical.permute(&relationsAdded, to: orders[0])
        Canonical.permute(&relationsRemoved, to: orders[1])
        Canonical.permute(&relationsChanged, to: orders[2])
        Canonical.permute(&stanceShifts, to: orders[3])
    }
}
