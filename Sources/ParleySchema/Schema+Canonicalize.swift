import ParleyCore

extension Schema {
    /// Rewrites alias spellings of entity types, labels and relation types to their canonical
    /// names (`demands` → `DEMANDS`, `envoy` → `Official`) and adds the schema's symmetric
    /// relation types to ``Graph/symmetricTypes``. Unknown types are left as written, for the
    /// validator to report.
    /// - Complexity: O(entities + relations).
    public func canonicalize(_ graph: inout Graph) {
        for h in Array(graph.entityHandles) {
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
        for h in Array(graph.relationHandles) {
            let r = graph[h]
            if let t = relationType(named: r.type), t.name != r.type {
                try? graph.updateRelation(h) { $0.type = t.name }
            }
        }
        graph.symmetricTypes.formUnion(symmetricTypes)
    }
}
