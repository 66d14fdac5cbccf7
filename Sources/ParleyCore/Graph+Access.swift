/// Reading the store: elements by handle, id, type, name or alias, and adjacency.
extension Graph {
    /// The entity at `handle`. The handle must be live (see ``isLive(_:)-entity``).
    public subscript(handle: EntityHandle) -> Entity { entitySlots[handle.int] }

    /// The relation at `handle`. The handle must be live.
    public subscript(handle: RelationHandle) -> Relation { relationSlots[handle.int] }

    public func isLive(_ handle: EntityHandle) -> Bool {
        handle.int >= 0 && handle.int < entityAlive.count && entityAlive[handle.int]
    }

    public func isLive(_ handle: RelationHandle) -> Bool {
        handle.int >= 0 && handle.int < relationAlive.count && relationAlive[handle.int]
    }

    /// Every live entity handle, in the order the entities were added.
    public var entityHandles: some Sequence<EntityHandle> {
        entityAlive.indices.lazy.filter { entityAlive[$0] }.map { EntityHandle($0) }
    }

    /// Every live relation handle, in the order the relations were added.
    public var relationHandles: some Sequence<RelationHandle> {
        relationAlive.indices.lazy.filter { relationAlive[$0] }.map { RelationHandle($0) }
    }

    /// One past the largest handle ever given out: the size of a side array indexed by handle.
    public var entityCapacity: Int { entitySlots.count }
    public var relationCapacity: Int { relationSlots.count }

    /// The live entities, in the order they were added.
    public var entities: [Entity] { entityHandles.map { self[$0] } }

    /// The entity with exactly this id.
    /// - Complexity: O(1) expected.
    public func handle(forID id: String) -> EntityHandle? { idIndex[id] }

    public func entity(withID id: String) -> Entity? { idIndex[id].map { self[$0] } }

    /// The id of the entity at `handle`, read in place (``subscript(_:)-entity`` copies the
    /// whole entity). The handle must be live.
    /// - Complexity: O(1).
    public func id(of handle: EntityHandle) -> String { entitySlots[handle.int].id }

    /// Whether the entity at `handle` equals the entity at `other` in `graph`, compared in
    /// place (no copy of either). Both handles must be live.
    /// - Complexity: O(size of the two entities).
    public func entity(_ handle: EntityHandle, equals other: EntityHandle, in graph: Graph) -> Bool {
        entitySlots.withUnsafeBufferPointer { mine in
            graph.entitySlots.withUnsafeBufferPointer { theirs in mine[handle.int] == theirs[other.int] }
        }
    }

    /// The attribute `key` of the entity at `handle`, read in place. The handle must be live.
    /// - Complexity: O(1) expected.
    public func attribute(_ key: String, of handle: EntityHandle) -> Value? {
        let attributes = entitySlots[handle.int].attributes
        return attributes.isEmpty ? nil : attributes[key]
    }

    /// Whether the entity at `handle` carries `label` as its type or as a further label, read in
    /// place. The handle must be live.
    /// - Complexity: O(labels of the entity).
    public func hasLabel(_ label: String, _ handle: EntityHandle) -> Bool {
        let type = entitySlots[handle.int].type
        return (!type.isEmpty && type == label) || entitySlots[handle.int].labels.contains(label)
    }

    /// Entities whose id, name or one of whose aliases matches `text`, ignoring case, diacritics,
    /// typographic punctuation and extra white space. An exact id match wins alone; other
    /// matches come in the order the entities were added.
    ///
    /// `resolve("Zelenskyy")`, `resolve("zelenskyj")` and `resolve("zelensky")` find the same
    /// official when those spellings are its aliases.
    /// - Complexity: O(1) expected, plus O(k) for k matches; the first call builds the name
    ///   and alias index (O(entities)).
    public func resolve(_ text: String) -> [EntityHandle] {
        if let h = idIndex[text] { return [h] }
        let key = TextKey.fold(text)
        guard let hits = lookupCache.read(build: buildLookupIndex, { $0[key] }) else { return [] }
        var seen = Set<EntityHandle>()
        return hits.filter { isLive($0) && seen.insert($0).inserted }
    }

    /// Entities that carry `label` as their type or as a further label.
    /// - Complexity: O(k) for k such entities.
    public func entities(ofType label: String) -> [EntityHandle] {
        guard let list = labelIndex[label] else { return [] }
        return Array(list)
    }

    public func count(ofType label: String) -> Int { labelIndex[label]?.count ?? 0 }

    /// Every label in use (types and further labels) with how many entities carry it.
    public var labelCounts: [String: Int] { labelIndex.mapValues(\.count).filter { $0.value > 0 } }

    /// Every relation type in use with how many relations carry it.
    public var relationTypeCounts: [String: Int] {
        relationTypeIndex.mapValues(\.count).filter { $0.value > 0 }
    }

    /// Relations of one type. - Complexity: O(k) for k such relations.
    public func relations(ofType type: String) -> [RelationHandle] {
        guard let list = relationTypeIndex[type] else { return [] }
        return Array(list)
    }

    /// Relations that start at `entity`, in the order they were added.
    public func outgoing(_ entity: EntityHandle) -> ContiguousArray<RelationHandle> {
        outgoingLists[entity.int]
    }

    /// Relations that end at `entity`, in the order they were added.
    public func incoming(_ entity: EntityHandle) -> ContiguousArray<RelationHandle> {
        incomingLists[entity.int]
    }

    /// Relations of `type` that start at `entity` (stored direction).
    /// - Complexity: O(out-degree of entity).
    public func relations(from entity: EntityHandle, ofType type: String) -> [RelationHandle] {
        outgoingLists[entity.int].filter { relationSlots[$0.int].type == type }
    }

    /// Relations of `type` that end at `entity` (stored direction).
    public func relations(to entity: EntityHandle, ofType type: String) -> [RelationHandle] {
        incomingLists[entity.int].filter { relationSlots[$0.int].type == type }
    }

    /// Which way to walk a relation.
    public enum Direction: Sendable, Hashable {
        case outgoing, incoming, both
    }

    /// One step from an entity: the relation taken and the entity reached.
    public struct Step: Sendable, Hashable {
        public var relation: RelationHandle
        public var neighbor: EntityHandle
        /// True when the relation was walked from its `from` end to its `to` end.
        public var forward: Bool
    }

    /// The steps from `entity` along relations of the given types (all types when nil).
    /// A symmetric type (``symmetricTypes``) is walked from either end whatever `direction` says.
    /// A self-loop is reported once.
    /// - Complexity: O(degree of entity).
    public func neighbors(of entity: EntityHandle, types: Set<String>? = nil, direction: Direction = .both) -> [Step] {
        var steps: [Step] = []
        if direction != .incoming || !symmetricTypes.isEmpty {
            for r in outgoingLists[entity.int] {
                let rel = relationSlots[r.int]
                if let types, !types.contains(rel.type) { continue }
                if direction == .incoming && !symmetricTypes.contains(rel.type) { continue }
                steps.append(Step(relation: r, neighbor: rel.to, forward: true))
            }
        }
        if direction != .outgoing || !symmetricTypes.isEmpty {
            for r in incomingLists[entity.int] {
                let rel = relationSlots[r.int]
                // A self-loop was already reported by the outgoing pass when that pass took it.
                if rel.from == rel.to, direction != .incoming || symmetricTypes.contains(rel.type) { continue }
                if let types, !types.contains(rel.type) { continue }
                if direction == .outgoing && !symmetricTypes.contains(rel.type) { continue }
                steps.append(Step(relation: r, neighbor: rel.from, forward: false))
            }
        }
        return steps
    }

    /// The id of a relation's start entity.
    public func fromID(_ relation: RelationHandle) -> String { self[self[relation].from].id }
    /// The id of a relation's end entity.
    public func toID(_ relation: RelationHandle) -> String { self[self[relation].to].id }

    // MARK: Sources

    public func source(withID id: String) -> Source? { sourceIndex[id].map { sources[$0] } }

    /// Adds a source, or throws when its id is taken.
    public mutating func addSource(_ source: Source) throws(GraphError) {
        guard sourceIndex[source.id] == nil else { throw .duplicateSourceID(source.id) }
        sourceIndex[source.id] = sources.count
        sources.append(source)
    }

    /// Adds the source, or replaces the one with the same id.
    public mutating func upsertSource(_ source: Source) {
        if let i = sourceIndex[source.id] { sources[i] = source } else { try? addSource(source) }
    }

    /// Removes the source with this id (citations that name it are left alone). Returns it.
    @discardableResult
    public mutating func removeSource(withID id: String) -> Source? {
        guard let i = sourceIndex[id] else { return nil }
        let s = sources.remove(at: i)
        sourceIndex = Dictionary(uniqueKeysWithValues: sources.enumerated().map { ($1.id, $0) })
        return s
    }
}
