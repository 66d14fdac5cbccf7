import ParleyCore

/// The canonical order of a diff's lists: by id, or by (from, type, to) then the rest, so that
/// output never depends on the order of the input files or of hash maps.
enum Canonical {
    /// A total order on relations: from, type, to, then their full tagged JSON form.
    static func less(_ x: PortableRelation, _ y: PortableRelation) -> Bool {
        if x.from != y.from { return x.from < y.from }
        if x.type != y.type { return x.type < y.type }
        if x.to != y.to { return x.to < y.to }
        return key(x) < key(y)
    }

    static func key(_ r: PortableRelation) -> String {
        ModelJSON.relation(r, .tagged).rendered(pretty: false)
    }

    static func key(_ e: Entity) -> String { ModelJSON.entity(e, .tagged).rendered(pretty: false) }
}
