import ParleyCore

/// The order the canonical writers put things in: sources and entities by id, relations by
/// (from id, type, to id), ties broken by the relation's full canonical YAML text, so that the
/// same graph always gives the same bytes. Strings compare by their UTF-8 bytes.
struct CanonicalOrder {
    var sources: [Source]
    var entities: [EntityHandle]
    var relations: [RelationHandle]

    /// - Complexity: O(n log n) in the number of elements.
    init(_ graph: Graph) {
        sources = graph.sources.sorted { Self.less($0.id, $1.id) }
        entities = graph.entityHandles.sorted { Self.less(graph[$0].id, graph[$1].id) }
        var keyed = graph.relationHandles.map { h -> (from: String, type: String, to: String, handle: RelationHandle) in
            let r = graph[h]
            return (graph[r.from].id, r.type, graph[r.to].id, h)
        }
        keyed.sort { a, b in
            if a.from != b.from { return Self.less(a.from, b.from) }
            if a.type != b.type { return Self.less(a.type, b.type) }
            if a.to != b.to { return Self.less(a.to, b.to) }
            return a.handle < b.handle
        }
        // Relations with the same ends and type: order by their full text.
        var i = 0
        while i < keyed.count {
            var j = i + 1
            while j < keyed.count, keyed[j].from == keyed[i].from, keyed[j].type == keyed[i].type, keyed[j].to == keyed[i].to {
                j += 1
            }
            if j - i > 1 {
                let run = keyed[i..<j].map { ($0, YAMLSnapshotWriter.relationText(graph, $0.handle)) }
                    .sorted { Self.less($0.1, $1.1) }
                for (k, item) in run.enumerated() { keyed[i + k] = item.0 }
            }
            i = j
        }
        relations = keyed.map(\.handle)
    }

    /// Byte-wise order of UTF-8 text: total, and the same on every platform.
    static func less(_ a: String, _ b: String) -> Bool {
        a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Whether a relation can be written `FROM TYPE TO` in one string: no part empty or
    /// holding white space.
    static func canBeCompact(_ parts: String...) -> Bool {
        parts.allSatisfy { !$0.isEmpty && !$0.unicodeScalars.contains { $0.properties.isWhitespace } }
    }

    static func isEmpty(_ m: SnapshotMetadata) -> Bool {
        m.id == nil && m.asOf == nil && m.title == nil && m.schema == nil && m.description == nil && m.attributes.isEmpty
    }
}
