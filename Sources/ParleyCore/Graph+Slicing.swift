/// Smaller graphs cut from a larger one: at a date, around an entity, of some types.
extension Graph {
    /// The graph as it stood on `date`: relations whose validity range does not hold `date` are
    /// left out (entities all stay). This is what `--at DATE` runs queries and exports on.
    /// - Complexity: O(entities + relations).
    public func restricted(to date: LocalDate) -> Graph {
        filtered(keepEntity: { _ in true }, keepRelation: { self[$0].isValid(on: date) })
    }

    /// A new graph holding the entities and relations the predicates keep (a relation is kept
    /// only when both its ends are). Handles are renumbered densely; order is preserved.
    public func filtered(
        keepEntity: (EntityHandle) -> Bool, keepRelation: (RelationHandle) -> Bool
    ) -> Graph {
        var g = Graph(metadata: metadata)
        g.symmetricTypes = symmetricTypes
        g.setSources(sources)
        var map = [Int32](repeating: -1, count: entitySlots.count)
        for h in entityHandles where keepEntity(h) {
            // Ids are unique in self, so this cannot throw.
            if let n = try? g.addEntity(self[h]) { map[h.int] = n.index }
        }
        for h in relationHandles where keepRelation(h) {
            var r = self[h]
            let f = map[r.from.int]
            let t = map[r.to.int]
            guard f >= 0, t >= 0 else { continue }
            r.from = EntityHandle(Int(f))
            r.to = EntityHandle(Int(t))
            _ = try? g.addRelation(r)
        }
        return g
    }

    /// The same graph with tombstones dropped and handles renumbered densely.
    public func compacted() -> Graph { filtered(keepEntity: { _ in true }, keepRelation: { _ in true }) }

    /// The entities within `depth` steps of `center` (any direction, any type unless `types`
    /// says), and the relations among them.
    public func neighborhood(of center: EntityHandle, depth: Int, types: Set<String>? = nil) -> Graph {
        var seen: Set<EntityHandle> = [center]
        var frontier = [center]
        var d = 0
        while d < depth, !frontier.isEmpty {
            var next: [EntityHandle] = []
            for h in frontier {
                for s in neighbors(of: h, types: types, direction: .both) where seen.insert(s.neighbor).inserted {
                    next.append(s.neighbor)
                }
            }
            frontier = next
            d += 1
        }
        return filtered(
            keepEntity: { seen.contains($0) },
            keepRelation: { types == nil || types!.contains(self[$0].type) })
    }
}
