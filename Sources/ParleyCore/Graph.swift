/// The typed graph store: entities and relations in dense arrays addressed by integer handles,
/// with side indexes by id, by type and label, by name and alias, and adjacency out and in.
///
/// The store is schema-agnostic: types, labels and attributes are free-form, and the negotiation
/// schema validates on top (`ParleySchema`). A graph is a value: copies are cheap until written
/// (copy-on-write arrays) and `==` compares graphs regardless of the order things were added in.
///
/// ```swift
/// var g = Graph()
/// let ru = try g.addEntity(Entity(id: "russia", type: "Party", name: "Russia"))
/// let dw = try g.addEntity(Entity(id: "donbas-withdrawal", type: "Provision"))
/// try g.addRelation(Relation(from: ru, type: "DEMANDS", to: dw))
/// g.relations(from: ru, ofType: "DEMANDS").count  // 1
/// ```
public struct Graph: Sendable {
    public var metadata: SnapshotMetadata
    /// Sources in the order they were added; ``source(withID:)`` looks one up.
    public internal(set) var sources: [Source] = []
    /// Relation types stored once but traversable from either end (MEETS_WITH). Set by the
    /// schema layer or by hand; it affects ``neighbors(of:types:direction:)`` only.
    public var symmetricTypes: Set<String> = []

    // Dense storage. A removed element leaves a tombstone so that handles stay stable.
    var entitySlots: ContiguousArray<Entity> = []
    var entityAlive: ContiguousArray<Bool> = []
    var relationSlots: ContiguousArray<Relation> = []
    var relationAlive: ContiguousArray<Bool> = []
    var outgoingLists: ContiguousArray<ContiguousArray<RelationHandle>> = []
    var incomingLists: ContiguousArray<ContiguousArray<RelationHandle>> = []

    // Side indexes.
    var idIndex: [String: EntityHandle] = [:]
    var labelIndex: [String: ContiguousArray<EntityHandle>] = [:]
    var relationTypeIndex: [String: ContiguousArray<RelationHandle>] = [:]
    var lookupIndex: [String: ContiguousArray<EntityHandle>] = [:]
    var sourceIndex: [String: Int] = [:]

    public internal(set) var entityCount = 0
    public internal(set) var relationCount = 0

    public init(metadata: SnapshotMetadata = SnapshotMetadata()) {
        self.metadata = metadata
    }

    /// Reserves room for the given numbers of entities and relations (a loader knows them).
    public mutating func reserveCapacity(entities: Int, relations: Int) {
        entitySlots.reserveCapacity(entities)
        entityAlive.reserveCapacity(entities)
        outgoingLists.reserveCapacity(entities)
        incomingLists.reserveCapacity(entities)
        idIndex.reserveCapacity(entities)
        relationSlots.reserveCapacity(relations)
        relationAlive.reserveCapacity(relations)
    }
}

/// What can go wrong when changing a graph through the API.
public enum GraphError: Error, Sendable, Hashable, CustomStringConvertible {
    case duplicateEntityID(String)
    case unknownEntity(String)
    case removedEntity(EntityHandle)
    case removedRelation(RelationHandle)
    case duplicateSourceID(String)

    public var description: String {
        switch self {
        case .duplicateEntityID(let id): "an entity with id '\(id)' already exists"
        case .unknownEntity(let id): "no entity '\(id)'"
        case .removedEntity(let h): "entity handle \(h) does not name a live entity"
        case .removedRelation(let h): "relation handle \(h) does not name a live relation"
        case .duplicateSourceID(let id): "a source with id '\(id)' already exists"
        }
    }
}
