import ParleyCore

/// Why a patch was refused: every place where it does not fit its base.
public struct PatchConflict: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [String]
    public init(problems: [String]) { self.problems = problems }
    public var description: String {
        "the patch does not fit its base (\(problems.count) problem\(problems.count == 1 ? "" : "s")):\n"
            + problems.map { "  - " + $0 }.joined(separator: "\n")
    }
}

extension Graph {
    /// The graph with the diff replayed on it: `a.applying(GraphDiff(from: a, to: b)) == b`.
    ///
    /// The patch must fit: an entity it removes or changes must be there (with the values it
    /// changes as the patch recorded them before), a relation it removes or changes must be
    /// there exactly as recorded, an entity or source it adds must not be. Every misfit is
    /// collected and the whole patch is refused; `self` is never changed.
    /// - Throws: ``PatchConflict`` listing every misfit.
    /// - Complexity: O(size of the diff × degree of the entities it touches), plus one copy of the graph.
    public func applying(_ diff: GraphDiff) throws(PatchConflict) -> Graph {
        var g = self
        var problems: [String] = []

        if let m = diff.metadata { g.metadata = Graph.merged(g.metadata, m, &problems) }
        for s in diff.sourcesRemoved {
            if g.source(withID: s.id) == nil { problems.append("source '\(s.id)' to remove is not in the base") }
            g.removeSource(withID: s.id)
        }
        for c in diff.sourcesChanged {
            guard let s = g.source(withID: c.before.id) else {
                problems.append("source '\(c.before.id)' to change is not in the base")
                continue
            }
            if s != c.before { problems.append("source '\(s.id)' in the base differs from what the patch expects") }
            if c.after.id != c.before.id { g.removeSource(withID: c.before.id) }
            g.upsertSource(c.after)
        }
        for s in diff.sourcesAdded {
            if g.source(withID: s.id) != nil { problems.append("source '\(s.id)' to add is already in the base") }
            g.upsertSource(s)
        }

        // Find the relations the patch removes or changes while the base's ids still hold.
        var claimed = Set<RelationHandle>()
        func find(_ r: PortableRelation, _ what: String) -> RelationHandle? {
            if let f = g.handle(forID: r.from) {
                for h in g.outgoing(f) where !claimed.contains(h) && g.portable(h) == r {
                    claimed.insert(h)
                    return h
                }
            }
            problems.append("relation \(r.from) \(r.type) \(r.to) to \(what) is not in the base as the patch records it")
            return nil
        }
        let removals = (diff.relationsRemoved + diff.stanceShifts.map(\.before)).compactMap { find($0, "remove") }
        let changes = diff.relationsChanged.compactMap { c in find(c.before, "change").map { (c, $0) } }
        for h in removals { _ = try? g.removeRelation(h) }

        // Entities: removals, then changes (renames keep their relations: those hold handles), then additions.
        for e in diff.entitiesRemoved {
            guard let h = g.handle(forID: e.id) else {
                problems.append("entity '\(e.id)' to remove is not in the base")
                continue
            }
            if g[h] != e { problems.append("entity '\(e.id)' in the base differs from the one the patch removes") }
            let left = Set(g.outgoing(h)).union(g.incoming(h))
            if !left.isEmpty {
                problems.append("entity '\(e.id)' to remove still has \(left.count) relation(s) the patch does not remove")
            }
            _ = try? g.removeEntity(h)
        }
        for c in diff.entitiesChanged {
            guard let h = g.handle(forID: c.before.id) else {
                problems.append("entity '\(c.before.id)' to change is not in the base")
                continue
            }
            let merged = Graph.merged(g[h], c, &problems)
            do throws(GraphError) {
                try g.updateEntity(h) { $0 = merged }
            } catch {
                problems.append("entity '\(c.before.id)' cannot become '\(c.after.id)': \(error)")
            }
        }
        for e in diff.entitiesAdded {
            do throws(GraphError) { try g.addEntity(e) } catch { problems.append("entity to add: \(error)") }
        }

        for (c, h) in changes {
            guard let f = g.handle(forID: c.after.from), let t = g.handle(forID: c.after.to) else {
                problems.append("relation \(c.after.from) \(c.after.type) \(c.after.to): an end is not in the result")
                continue
            }
            guard g.isLive(h) else { continue }  // its entity was removed: reported above
            try? g.updateRelation(h) {
                $0 = Relation(
                    from: f, type: c.after.type, to: t, attributes: c.after.attributes, citations: c.after.citations,
                    validFrom: c.after.validFrom, validUntil: c.after.validUntil, confidence: c.after.confidence)
            }
        }
        for r in diff.relationsAdded + diff.stanceShifts.map(\.after) {
            do throws(GraphError) {
                try g.addRelation(r)
            } catch {
                problems.append("relation \(r.from) \(r.type) \(r.to) to add: \(error)")
            }
        }
        if !problems.isEmpty { throw PatchConflict(problems: problems) }
        return g
    }

    /// The base's metadata with the changed fields of `m` set, checking each against `m.before`.
    private static func merged(
        _ base: SnapshotMetadata, _ m: MetadataChange, _ problems: inout [String]
    ) -> SnapshotMetadata {
        var out = base
        func field<T: Equatable>(_ name: String, _ path: WritableKeyPath<SnapshotMetadata, T>) {
            guard m.before[keyPath: path] != m.after[keyPath: path] else { return }
            if base[keyPath: path] != m.before[keyPath: path] {
                problems.append("snapshot \(name) is '\(describe(base[keyPath: path]))' in the base, the patch expects '\(describe(m.before[keyPath: path]))'")
            }
            out[keyPath: path] = m.after[keyPath: path]
        }
        field("id", \.id)
        field("as_of", \.asOf)
        field("title", \.title)
        field("schema", \.schema)
        field("description", \.description)
        out.attributes = mergedAttributes(
            base.attributes, before: m.before.attributes, after: m.after.attributes, "snapshot", &problems)
        return out
    }

    /// The base entity with the fields that `c` changes set, checking each against `c.before`.
    private static func merged(_ base: Entity, _ c: EntityChange, _ problems: inout [String]) -> Entity {
        var out = base
        let who = "entity '\(c.before.id)'"
        func field<T: Equatable>(_ name: String, _ path: WritableKeyPath<Entity, T>) {
            guard c.before[keyPath: path] != c.after[keyPath: path] else { return }
            if base[keyPath: path] != c.before[keyPath: path] {
                problems.append("\(who): \(name) is '\(describe(base[keyPath: path]))' in the base, the patch expects '\(describe(c.before[keyPath: path]))'")
            }
            out[keyPath: path] = c.after[keyPath: path]
        }
        field("id", \.id)
        field("type", \.type)
        field("labels", \.labels)
        field("name", \.name)
        field("aliases", \.aliases)
        field("citations", \.citations)
        out.attributes = mergedAttributes(base.attributes, before: c.before.attributes, after: c.after.attributes, who, &problems)
        return out
    }

    private static func mergedAttributes(
        _ base: [String: Value], before: [String: Value], after: [String: Value], _ who: String,
        _ problems: inout [String]
    ) -> [String: Value] {
        var out = base
        for change in AttributeChange.between(before, after) {
            if base[change.name] != change.before {
                problems.append("\(who): attribute \(change.name) is \(describe(base[change.name])) in the base, the patch expects \(describe(change.before))")
            }
            out[change.name] = change.after
        }
        return out
    }
}

/// A short rendering of a field for a conflict message.
private func describe<T>(_ x: T) -> String {
    if let o = x as? Value? { return o.map { $0.description } ?? "absent" }
    if let o = x as? String? { return o ?? "absent" }
    if let o = x as? LocalDate? { return o.map(\.description) ?? "absent" }
    return "\(x)"
}
