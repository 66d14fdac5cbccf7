import Foundation

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
    /// Folded id, name and alias → entities: built on first use (``resolve(_:)``), then kept
    /// in step by every change. Loading a graph does not pay for it.
    var lookupCache = LookupIndexCache()
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

/// The name and alias look-up index of a ``Graph``, built lazily.
///
/// Graph copies share the cache until one of them changes its entities: a change to a shared
/// cache first detaches a copy (copy-on-write by hand), so a cache only ever describes the
/// entities of the graphs that share it. Building is guarded by a lock, so that graph copies
/// read on several threads build it once.
final class LookupIndexCache: @unchecked Sendable {
    typealias Index = [String: ContiguousArray<EntityHandle>]
    private let lock = NSLock()
    private var index: Index?

    init(_ index: Index? = nil) { self.index = index }

    /// The index, built by `build` when this is its first use.
    func read<T>(build: () -> Index, _ body: (Index) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        if index == nil { index = build() }
        return body(index!)
    }

    /// A cache of its own with the same content.
    func detached() -> LookupIndexCache {
        lock.lock()
        defer { lock.unlock() }
        return LookupIndexCache(index)
    }

    /// Applies a change to the index when it has been built (an index not built yet will be
    /// built from the changed entities). The caller holds the only reference.
    func updateIfBuilt(_ change: (inout Index) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        if index != nil { change(&index!) }
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
