/// Building and changing a graph in code. Every change keeps the indexes in step; tests run
/// ``checkInvariants()`` after each one.
extension Graph {
    /// Adds an entity and returns its handle.
    /// - Throws: ``GraphError/duplicateEntityID(_:)`` when the id is taken.
    /// - Complexity: O(1) amortised, plus the number of aliases.
    @discardableResult
    public mutating func addEntity(_ entity: consuming Entity) throws(GraphError) -> EntityHandle {
        let h = EntityHandle(entitySlots.count)
        // One look-up of the id: taken ids (rare) get their handle back.
        if let taken = idIndex.updateValue(h, forKey: entity.id) {
            idIndex[entity.id] = taken
            throw .duplicateEntityID(entity.id)
        }
        indexLabelsAndNames(of: entity, h)
        entityAlive.append(true)
        outgoingLists.append([])
        incomingLists.append([])
        entitySlots.append(consume entity)  // moved, not copied
        entityCount += 1
        return h
    }

    /// Adds a relation between two live entities and returns its handle.
    /// - Complexity: O(1) amortised.
    @discardableResult
    public mutating func addRelation(_ relation: Relation) throws(GraphError) -> RelationHandle {
        guard isLive(relation.from) else { throw .removedEntity(relation.from) }
        guard isLive(relation.to) else { throw .removedEntity(relation.to) }
        let h = RelationHandle(relationSlots.count)
        relationSlots.append(relation)
        relationAlive.append(true)
        outgoingLists[relation.from.int].append(h)
        incomingLists[relation.to.int].append(h)
        relationTypeIndex[relation.type, default: []].append(h)
        relationCount += 1
        return h
    }

    /// Adds a relation between the entities with these ids.
    @discardableResult
    public mutating func addRelation(
        from fromID: String, type: String, to toID: String, attributes: [String: Value] = [:],
        citations: [Citation] = []
    ) throws(GraphError) -> RelationHandle {
        guard let f = idIndex[fromID] else { throw .unknownEntity(fromID) }
        guard let t = idIndex[toID] else { throw .unknownEntity(toID) }
        return try addRelation(Relation(from: f, type: type, to: t, attributes: attributes, citations: citations))
    }

    /// Removes an entity and every relation that touches it. Returns the removed entity.
    @discardableResult
    public mutating func removeEntity(_ handle: EntityHandle) throws(GraphError) -> Entity {
        guard isLive(handle) else { throw .removedEntity(handle) }
        for r in Set(outgoingLists[handle.int]).union(incomingLists[handle.int]) {
            try removeRelation(r)
        }
        let e = entitySlots[handle.int]
        unindexLabelsAndNames(of: e, handle)
        idIndex[e.id] = nil
        entityAlive[handle.int] = false
        entityCount -= 1
        return e
    }

    /// Removes a relation. Returns it.
    @discardableResult
    public mutating func removeRelation(_ handle: RelationHandle) throws(GraphError) -> Relation {
        guard isLive(handle) else { throw .removedRelation(handle) }
        let r = relationSlots[handle.int]
        outgoingLists[r.from.int].removeAll { $0 == handle }
        incomingLists[r.to.int].removeAll { $0 == handle }
        relationTypeIndex[r.type]?.removeAll { $0 == handle }
        if relationTypeIndex[r.type]?.isEmpty == true { relationTypeIndex[r.type] = nil }
        relationAlive[handle.int] = false
        relationCount -= 1
        return r
    }

    /// Changes an entity in place (id, type, labels, name, aliases, attributes); indexes follow.
    /// - Throws: ``GraphError/duplicateEntityID(_:)`` when the new id is taken; the entity is
    ///   then left as it was.
    public mutating func updateEntity(_ handle: EntityHandle, _ change: (inout Entity) -> Void) throws(GraphError) {
        guard isLive(handle) else { throw .removedEntity(handle) }
        let old = entitySlots[handle.int]
        var new = old
        change(&new)
        if new.id != old.id, idIndex[new.id] != nil { throw .duplicateEntityID(new.id) }
        unindexLabelsAndNames(of: old, handle)
        idIndex[old.id] = nil
        entitySlots[handle.int] = new
        idIndex[new.id] = handle
        indexLabelsAndNames(of: new, handle)
    }

    /// Changes a relation in place (endpoints, type, attributes, citations, validity); indexes follow.
    public mutating func updateRelation(_ handle: RelationHandle, _ change: (inout Relation) -> Void) throws(GraphError) {
        guard isLive(handle) else { throw .removedRelation(handle) }
        let old = relationSlots[handle.int]
        var new = old
        change(&new)
        guard isLive(new.from) else { throw .removedEntity(new.from) }
        guard isLive(new.to) else { throw .removedEntity(new.to) }
        if new.from != old.from {
            outgoingLists[old.from.int].removeAll { $0 == handle }
            outgoingLists[new.from.int].append(handle)
        }
        if new.to != old.to {
            incomingLists[old.to.int].removeAll { $0 == handle }
            incomingLists[new.to.int].append(handle)
        }
        if new.type != old.type {
            relationTypeIndex[old.type]?.removeAll { $0 == handle }
            if relationTypeIndex[old.type]?.isEmpty == true { relationTypeIndex[old.type] = nil }
            relationTypeIndex[new.type, default: []].append(handle)
        }
        relationSlots[handle.int] = new
    }

    /// Adds a source, replacing none; convenience for builders that ignore duplicates.
    public mutating func setSources(_ list: [Source]) {
        sources = []
        sourceIndex = [:]
        for s in list { upsertSource(s) }
    }

    // MARK: Index upkeep

    /// The look-up keys of an entity: its id, name and aliases, folded.
    static func lookupKeys(of e: Entity) -> Set<String> {
        var keys: Set<String> = [TextKey.fold(e.id)]
        if let n = e.name { keys.insert(TextKey.fold(n)) }
        for a in e.aliases { keys.insert(TextKey.fold(a)) }
        keys.remove("")
        return keys
    }

    /// The labels of an entity, each once (the type first).
    static func distinctLabels(of e: Entity) -> [String] {
        if e.labels.isEmpty { return e.type.isEmpty ? [] : [e.type] }
        var seen = Set<String>()
        return e.allLabels.filter { seen.insert($0).inserted }
    }

    mutating func indexLabelsAndNames(of e: Entity, _ h: EntityHandle) {
        if e.labels.isEmpty {
            // The common case, without building the list of labels.
            if !e.type.isEmpty { labelIndex[e.type, default: []].append(h) }
        } else {
            for l in Graph.distinctLabels(of: e) { labelIndex[l, default: []].append(h) }
        }
        updateLookupIndex { index in
            for k in Graph.lookupKeys(of: e) { Graph.insertInOrder(h, into: &index[k, default: []]) }
        }
    }

    mutating func unindexLabelsAndNames(of e: Entity, _ h: EntityHandle) {
        for l in Graph.distinctLabels(of: e) {
            labelIndex[l]?.removeAll { $0 == h }
            if labelIndex[l]?.isEmpty == true { labelIndex[l] = nil }
        }
        updateLookupIndex { index in
            for k in Graph.lookupKeys(of: e) {
                index[k]?.removeAll { $0 == h }
                if index[k]?.isEmpty == true { index[k] = nil }
            }
        }
    }

    /// Keeps a built look-up index in step with a change (detaching it first when another
    /// graph copy shares it); an index not built yet is left to be built on first use.
    mutating func updateLookupIndex(_ change: (inout LookupIndexCache.Index) -> Void) {
        if !isKnownUniquelyReferenced(&lookupCache) { lookupCache = lookupCache.detached() }
        lookupCache.updateIfBuilt(change)
    }

    /// Inserts a handle into a list kept in handle order (an append for a new entity).
    static func insertInOrder(_ h: EntityHandle, into list: inout ContiguousArray<EntityHandle>) {
        if let last = list.last, h < last {
            list.insert(h, at: list.firstIndex { $0 > h } ?? list.endIndex)
        } else {
            list.append(h)
        }
    }

    /// The look-up index of the live entities, built from scratch; each list in handle order.
    /// - Complexity: O(entities + names and aliases).
    func buildLookupIndex() -> LookupIndexCache.Index {
        var index = LookupIndexCache.Index()
        index.reserveCapacity(entityCount)
        for i in entitySlots.indices where entityAlive[i] {
            for k in Graph.lookupKeys(of: entitySlots[i]) { index[k, default: []].append(EntityHandle(i)) }
        }
        return index
    }
}

/// Adding many relations at once (what a loader does).
extension Graph {
    /// Adds relations between live entities, in order: the same graph as adding them one by one
    /// with ``addRelation(_:)`` (the first gets handle ``relationCapacity``, the next one more,
    /// and so on), but each adjacency list grows once, to its final size, and a graph without
    /// relations takes `relations` as its storage without copying it.
    /// - Throws: ``GraphError/removedEntity(_:)`` when an endpoint is not live; nothing is then added.
    /// - Complexity: O(relations + entities).
    public mutating func addRelations(_ relations: ContiguousArray<Relation>) throws(GraphError) {
        for i in relations.indices {
            guard isLive(relations[i].from) else { throw .removedEntity(relations[i].from) }
            guard isLive(relations[i].to) else { throw .removedEntity(relations[i].to) }
        }
        let first = relationSlots.count
        // Each end's new handles gathered by entity first (counting sort, stable), so that each
        // adjacency list is built or extended once, from one slice.
        let entities = entitySlots.count
        func grouped(_ end: (Relation) -> EntityHandle) -> (starts: [Int32], handles: [RelationHandle]) {
            var starts = [Int32](repeating: 0, count: entities + 1)
            for i in relations.indices { starts[end(relations[i]).int + 1] += 1 }
            for e in 0..<entities { starts[e + 1] += starts[e] }
            var next = starts
            var handles = [RelationHandle](repeating: RelationHandle(0), count: relations.count)
            for i in relations.indices {
                let e = end(relations[i]).int
                handles[Int(next[e])] = RelationHandle(first + i)
                next[e] += 1
            }
            return (starts, handles)
        }
        func extend(_ lists: inout ContiguousArray<ContiguousArray<RelationHandle>>, _ g: (starts: [Int32], handles: [RelationHandle])) {
            lists.withUnsafeMutableBufferPointer { lists in
                for e in 0..<entities where g.starts[e + 1] > g.starts[e] {
                    let slice = g.handles[Int(g.starts[e])..<Int(g.starts[e + 1])]
                    if lists[e].isEmpty { lists[e] = ContiguousArray(slice) } else { lists[e].append(contentsOf: slice) }
                }
            }
        }
        extend(&outgoingLists, grouped(\.from))
        extend(&incomingLists, grouped(\.to))
        if relationSlots.isEmpty {
            relationSlots = relations
        } else {
            relationSlots.append(contentsOf: relations)
        }
        relationAlive.append(contentsOf: repeatElement(true, count: relations.count))
        for i in relations.indices {
            relationTypeIndex[relations[i].type, default: []].append(RelationHandle(first + i))
        }
        relationCount += relations.count
    }
}
