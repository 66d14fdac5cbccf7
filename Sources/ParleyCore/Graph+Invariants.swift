/// Consistency checks of the store, run by tests after every change.
extension Graph {
    /// Every broken invariant, described; empty when the store is consistent:
    /// no dangling endpoint, adjacency mirrors the relation list, the indexes match the elements.
    public func checkInvariants() -> [String] {
        var problems: [String] = []
        var live = 0
        let lookupIndex = lookupCache.read(build: buildLookupIndex) { $0 }
        for i in entitySlots.indices where entityAlive[i] {
            live += 1
            let e = entitySlots[i]
            let h = EntityHandle(i)
            if idIndex[e.id] != h { problems.append("id index does not map '\(e.id)' to \(h)") }
            for l in Graph.distinctLabels(of: e) where !(labelIndex[l]?.contains(h) ?? false) {
                problems.append("label index lacks \(h) under '\(l)'")
            }
            for k in Graph.lookupKeys(of: e) where !(lookupIndex[k]?.contains(h) ?? false) {
                problems.append("look-up index lacks \(h) under '\(k)'")
            }
            for r in outgoingLists[i] where !isLive(r) || relationSlots[r.int].from != h {
                problems.append("outgoing list of \(h) holds \(r), which does not start there")
            }
            for r in incomingLists[i] where !isLive(r) || relationSlots[r.int].to != h {
                problems.append("incoming list of \(h) holds \(r), which does not end there")
            }
        }
        if live != entityCount { problems.append("entityCount is \(entityCount) but \(live) entities are live") }
        if lookupIndex != buildLookupIndex() { problems.append("look-up index differs from one built afresh") }
        if idIndex.count != live { problems.append("id index holds \(idIndex.count) ids for \(live) entities") }
        for (l, hs) in labelIndex {
            for h in hs where !isLive(h) || !self[h].allLabels.contains(l) {
                problems.append("label index holds \(h) under '\(l)' wrongly")
            }
        }
        var liveRelations = 0
        for i in relationSlots.indices where relationAlive[i] {
            liveRelations += 1
            let r = relationSlots[i]
            let h = RelationHandle(i)
            if !isLive(r.from) || !isLive(r.to) {
                problems.append("relation \(h) (\(r.type)) has a dangling endpoint")
                continue
            }
            if outgoingLists[r.from.int].filter({ $0 == h }).count != 1 {
                problems.append("relation \(h) is not once in the outgoing list of \(r.from)")
            }
            if incomingLists[r.to.int].filter({ $0 == h }).count != 1 {
                problems.append("relation \(h) is not once in the incoming list of \(r.to)")
            }
            if !(relationTypeIndex[r.type]?.contains(h) ?? false) {
                problems.append("type index lacks \(h) under '\(r.type)'")
            }
        }
        if liveRelations != relationCount {
            problems.append("relationCount is \(relationCount) but \(liveRelations) relations are live")
        }
        let typed = relationTypeIndex.values.reduce(0) { $0 + $1.count }
        if typed != liveRelations { problems.append("type index holds \(typed) relations for \(liveRelations)") }
        for (i, s) in sources.enumerated() where sourceIndex[s.id] != i {
            problems.append("source index does not map '\(s.id)' to \(i)")
        }
        return problems
    }
}
