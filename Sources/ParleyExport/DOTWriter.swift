import ParleyCore
import ParleySchema

/// How ``DOTWriter`` draws a graph.
public struct DOTOptions: Sendable {
    /// Shapes and colours per entity type, line styles per relation type, symmetric types.
    public var schema: Schema?
    /// Draw each party in a box with the officials and bodies that represent it.
    public var clusters: Bool
    /// The relation that puts an entity in its target's cluster.
    public var clusterRelation: String
    /// A legend of the entity and relation types drawn.
    public var legend: Bool
    /// Graphviz `rankdir`: `LR` (left to right) or `TB`.
    public var rankdir: String

    public init(schema: Schema? = nil, clusters: Bool = false, clusterRelation: String = "REPRESENTS", legend: Bool = true, rankdir: String = "LR") {
        self.schema = schema
        self.clusters = clusters
        self.clusterRelation = clusterRelation
        self.legend = legend
        self.rankdir = rankdir
    }
}

/// Writes a graph in Graphviz's DOT language, ready for `dot -Tsvg`.
///
/// Every name is quoted with ``DOTQuoting``, so any id, type or quote draws. Nodes are styled
/// by their entity type's schema style, edges by their relation type's; symmetric relations
/// (MEETS_WITH) have no arrowheads. Each node and edge has a tooltip with its evidence — the
/// sources and quotes it rests on — which SVG viewers show on hover. Output is deterministic.
///
/// ```swift
/// let dot = DOTWriter.dot(for: graph, options: DOTOptions(schema: schema, clusters: true))
/// ```
public enum DOTWriter {
    /// Colours for types the schema does not style (or when there is no schema), by type name.
    static let palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac"]

    /// The DOT text of a graph, ending with a newline.
    /// - Complexity: O(n log n) in the number of entities and relations.
    public static func dot(for graph: Graph, options: DOTOptions = .init()) -> String {
        let entities = ExportOrder.entities(of: graph)
        let relations = ExportOrder.relations(of: graph)
        let symmetric = graph.symmetricTypes.union(options.schema?.symmetricTypes ?? [])
        var out = "digraph \(DOTQuoting.id(graph.metadata.id ?? "parley")) {\n"
        out += "  graph [rankdir=\(DOTQuoting.value(options.rankdir)), fontname=\"Helvetica\", fontsize=12"
        if let title = graph.metadata.title ?? graph.metadata.id {
            var t = title
            if let d = graph.metadata.asOf { t += " (\(d))" }
            out += ", label=\(DOTQuoting.label(t)), labelloc=t"
        }
        out += "];\n"
        out += "  node [fontname=\"Helvetica\", fontsize=11, style=filled, fillcolor=\"#ffffff\"];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"

        // Clusters: each entity goes with the first target (by id) of its cluster relation.
        var clusterOf: [EntityHandle: EntityHandle] = [:]
        var members: [EntityHandle: [EntityHandle]] = [:]
        if options.clusters {
            for h in entities {
                let targets = graph.relations(from: h, ofType: options.clusterRelation).map { graph[$0].to }.filter { $0 != h }
                guard let target = targets.min(by: { graph[$0].id < graph[$1].id }) else { continue }
                clusterOf[h] = target
            }
            // A target that is itself in a cluster opens none: its own members stay outside.
            for (member, target) in clusterOf where clusterOf[target] == nil {
                members[target, default: []].append(member)
            }
        }
        let heads = entities.filter { members[$0] != nil }
        var drawn = Set<EntityHandle>()
        for (i, head) in heads.enumerated() {
            out += "  subgraph \(DOTQuoting.id("cluster_\(i)")) {\n"
            out += "    graph [label=\(DOTQuoting.label(graph[head].displayName)), style=\"rounded,dashed\", color=\"#9e9e9e\"];\n"
            for h in [head] + (members[head] ?? []).sorted(by: { graph[$0].id < graph[$1].id }) {
                out += "    " + nodeLine(h, graph, options) + "\n"
                drawn.insert(h)
            }
            out += "  }\n"
        }
        for h in entities where !drawn.contains(h) {
            out += "  " + nodeLine(h, graph, options) + "\n"
        }
        for h in relations {
            out += "  " + edgeLine(h, graph, options, symmetric: symmetric) + "\n"
        }
        if options.legend && !entities.isEmpty {
            out += legend(graph, options, symmetric: symmetric)
        }
        out += "}\n"
        return out
    }

    static func nodeAttributes(type: String, _ options: DOTOptions) -> [(String, String)] {
        if let style = options.schema?.entityType(named: type)?.style {
            var a: [(String, String)] = []
            if let s = style.shape { a.append(("shape", DOTQuoting.value(s))) }
            if let c = style.color { a.append(("color", DOTQuoting.value(c))) }
            if let f = style.fill { a.append(("fillcolor", DOTQuoting.value(f))) }
            return a
        }
        return [("shape", "box"), ("style", "\"rounded,filled\""), ("color", DOTQuoting.value(paletteColor(type)))]
    }

    static func edgeAttributes(type: String, _ options: DOTOptions, symmetric: Set<String>) -> [(String, String)] {
        var a: [(String, String)] = []
        let canonical = options.schema?.relationType(named: type)
        if let style = canonical?.style {
            if let c = style.color { a.append(("color", DOTQuoting.value(c))) }
            if let s = style.style { a.append(("style", DOTQuoting.value(s))) }
        } else {
            a.append(("color", DOTQuoting.value(paletteColor(type))))
        }
        if symmetric.contains(type) || canonical?.symmetric == true { a.append(("dir", "none")) }
        return a
    }

    static func paletteColor(_ type: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for b in type.utf8 { hash = (hash ^ UInt32(b)) &* 16_777_619 }
        return palette[Int(hash % UInt32(palette.count))]
    }

    static func attributeList(_ attributes: [(String, String)]) -> String {
        "[" + attributes.map { "\($0.0)=\($0.1)" }.joined(separator: ", ") + "]"
    }

    static func nodeLine(_ h: EntityHandle, _ graph: Graph, _ options: DOTOptions) -> String {
        let e = graph[h]
        var a: [(String, String)] = [("label", DOTQuoting.label(e.displayName + (e.type.isEmpty ? "" : "\n\(e.type)")))]
        a += nodeAttributes(type: e.type, options)
        a.append(("tooltip", DOTQuoting.label(nodeTooltip(e, graph))))
        return DOTQuoting.id(e.id) + " " + attributeList(a) + ";"
    }

    static func edgeLine(_ h: RelationHandle, _ graph: Graph, _ options: DOTOptions, symmetric: Set<String>) -> String {
        let r = graph[h]
        var a: [(String, String)] = [("label", DOTQuoting.label(r.type))]
        a += edgeAttributes(type: r.type, options, symmetric: symmetric)
        if r.attributes["disputed"] == .bool(true) {
            // A claim the sources disagree on: drawn heavier, its label in red.
            a.append(("penwidth", "2"))
            a.append(("fontcolor", "\"#c62828\""))
        }
        a.append(("tooltip", DOTQuoting.label(edgeTooltip(r, graph))))
        return DOTQuoting.id(graph[r.from].id) + " -> " + DOTQuoting.id(graph[r.to].id) + " " + attributeList(a) + ";"
    }

    /// What a source is called in a tooltip: outlet, date and title when known, else its id.
    static func sourceName(_ id: String, _ graph: Graph) -> String {
        guard let s = graph.source(withID: id) else { return id }
        let parts = [s.outlet, s.date?.description, s.title].compactMap { $0 }
        return parts.isEmpty ? id : parts.joined(separator: ", ")
    }

    static func evidence(_ citations: [Citation], _ graph: Graph) -> [String] {
        citations.map { c in
            if let q = c.quote { "\(sourceName(c.source, graph)): \u{201C}\(q)\u{201D}" } else { sourceName(c.source, graph) }
        }
    }

    static func nodeTooltip(_ e: Entity, _ graph: Graph) -> String {
        var lines = ["\(e.displayName) (\(e.allLabels.joined(separator: ", ")))", "id: \(e.id)"]
        if !e.aliases.isEmpty { lines.append("also: " + e.aliases.joined(separator: ", ")) }
        for k in e.attributes.keys.sorted() { lines.append("\(k): \(e.attributes[k]!)") }
        lines += evidence(e.citations, graph)
        return lines.joined(separator: "\n")
    }

    static func edgeTooltip(_ r: Relation, _ graph: Graph) -> String {
        var lines = ["\(graph[r.from].displayName) \(r.type) \(graph[r.to].displayName)"]
        if r.validFrom != nil || r.validUntil != nil {
            lines.append("valid \(r.validFrom?.description ?? "…") to \(r.validUntil?.description ?? "…")")
        }
        if let c = r.confidence { lines.append("confidence: \(c.rawValue)") }
        for k in r.attributes.keys.sorted() { lines.append("\(k): \(r.attributes[k]!)") }
        let ev = evidence(r.citations, graph)
        lines += ev.isEmpty ? ["no source cited"] : ev
        return lines.joined(separator: "\n")
    }

    /// A legend cluster: one sample node per entity type drawn, one sample edge per relation type.
    static func legend(_ graph: Graph, _ options: DOTOptions, symmetric: Set<String>) -> String {
        // Ids no entity has: a prefix no entity id starts with.
        var prefix = "legend:"
        while graph.entityHandles.contains(where: { graph[$0].id.hasPrefix(prefix) }) { prefix = "_" + prefix }
        let types = Set(graph.entityHandles.map { graph[$0].type }).sorted()
        let relationTypes = graph.relationTypeCounts.keys.sorted()
        var out = "  subgraph \(DOTQuoting.id("cluster_legend")) {\n"
        out += "    graph [label=\"Legend\", style=\"rounded\", color=\"#bdbdbd\", fontsize=10];\n"
        for t in types {
            var a: [(String, String)] = [("label", DOTQuoting.label(t.isEmpty ? "(no type)" : t))]
            a += nodeAttributes(type: t, options)
            a.append(("fontsize", "9"))
            out += "    \(DOTQuoting.id(prefix + "type:" + t)) \(attributeList(a));\n"
        }
        for (i, t) in relationTypes.enumerated() {
            let from = DOTQuoting.id("\(prefix)edge:\(i):from")
            let to = DOTQuoting.id("\(prefix)edge:\(i):to")
            out += "    \(from) [label=\"\", shape=point, width=0.05];\n"
            out += "    \(to) [label=\"\", shape=point, width=0.05];\n"
            var a: [(String, String)] = [("label", DOTQuoting.label(t))]
            a += edgeAttributes(type: t, options, symmetric: symmetric)
            out += "    \(from) -> \(to) \(attributeList(a));\n"
        }
        out += "  }\n"
        return out
    }
}
