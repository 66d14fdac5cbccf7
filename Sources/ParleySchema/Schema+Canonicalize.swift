import ParleyCore

extension Schema {
    /// Rewrites alias spellings of entity types, labels and relation types to their canonical
    /// names (`demands` → `DEMANDS`, `envoy` → `Official`) and adds the schema's symmetric
    /// relation types to ``Graph/symmetricTypes``. Unknown types are left as written, for the
    /// validator to report.
    /// - Complexity: O(labels + relation types) to find what needs rewriting (each spelling is
    /// looked up once), plus O(k) for the k entities and relations rewritten.
    public func canonicalize(_ graph: inout Graph) {
        // Entities that carry a type or a label spelled otherwise than its canonical name.
        var entities: Set<EntityHandle> = []
        for label in graph.labelCounts.keys {
            let spec = entityType(named: label)
            let asType = spec?.name ?? label
            let asLabel = spec.map { $0.name.lowercased() == label.lowercased() ? $0.name : label } ?? label
            if asType != label || asLabel != label { entities.formUnion(graph.entities(ofType: label)) }
        }
        for h in entities.sorted(by: { $0.int < $1.int }) {
            let e = graph[h]
            let type = entityType(named: e.type)?.name ?? e.type
            // Further labels are free-form (`Leader` stays `Leader` though `leader` is an alias of
            // Official); only a type name in another case is made canonical.
            let labels = e.labels.map { label in
                entityType(named: label).map { $0.name.lowercased() == label.lowercased() ? $0.name : label } ?? label
            }
            if type != e.type || labels != e.labels {
                // Same id: updateEntity cannot fail on a duplicate.
                try? graph.updateEntity(h) {
                    $0.type = type
                    $0.labels = labels
                }
            }
        }
        // Relations of a type spelled otherwise, rewritten in handle order (the order the type
        // index then lists them in).
        var relations: [(RelationHandle, String)] = []
        for type in graph.relationTypeCounts.keys {
            guard let t = relationType(named: type), t.name != type else { continue }
            relations += graph.relations(ofType: type).map { ($0, t.name) }
        }
        for (h, name) in relations.sorted(by: { $0.0.int < $1.0.int }) {
            try? graph.updateRelation(h) { $0.type = name }
        }
        graph.symmetricTypes.formUnion(symmetricTypes)
    }
}
