import ParleyCore
import ParleyExport

/// The diff as a Graphviz drawing of both snapshots in one: added in green, removed in red
/// (dashed), changed in orange (a stance shift is one orange edge, `DEMANDS → SUPPORTS`), the
/// rest in grey. With `context`, only the changes and what lies within that many steps of them.
public enum DOTRenderer {
    /// Whether an element was added, removed, changed or left alone.
    public enum Status: String, Sendable, Hashable, CaseIterable {
        case added, removed, changed, unchanged

        var color: String {
            switch self {
            case .added: "#2e7d32"
            case .removed: "#c62828"
            case .changed: "#ef6c00"
            case .unchanged: "#9e9e9e"
            }
        }

        var fill: String {
            switch self {
            case .added: "#e8f5e9"
            case .removed: "#ffebee"
            case .changed: "#fff3e0"
            case .unchanged: "#f5f5f5"
            }
        }
    }

    struct Node {
        var entity: Entity
        var status: Status
        var notes: [String]
    }

    struct Edge {
        var from: String
        var to: String
        var label: String
        var status: Status
        var symmetric: Bool
        var notes: [String]
    }

    /// - Parameter context: keep only entities within this many steps of a change (0: the
    ///   changed entities and the ends of changed relations); nil keeps everything.
    /// - Complexity: O(entities + relations) of both graphs.
    public static func render(_ report: DiffReport, context: Int? = nil) -> String {
        let (nodes, edges) = union(report)
        var keep: Set<String>? = nil
        if let context {
            var seeds = Set(nodes.filter { $0.value.status != .unchanged }.keys)
            for e in edges where e.status != .unchanged {
                seeds.insert(e.from)
                seeds.insert(e.to)
            }
            var adjacency: [String: [String]] = [:]
            for e in edges {
                adjacency[e.from, default: []].append(e.to)
                adjacency[e.to, default: []].append(e.from)
            }
            var seen = seeds
            var frontier = Array(seeds)
            for _ in 0..<max(0, context) {
                var next: [String] = []
                for n in frontier { for m in adjacency[n] ?? [] where seen.insert(m).inserted { next.append(m) } }
                frontier = next
            }
            keep = seen
        }

        var out = "digraph \"parley-diff\" {\n"
        let title = "\(report.before.metadata.id ?? "before") → \(report.after.metadata.id ?? "after")"
        out += "  graph [rankdir=LR, fontname=\"Helvetica\", labelloc=t, label=\(DOTQuoting.label(title + "\ngreen: added, red: removed, orange: changed, grey: unchanged"))];\n"
        out += "  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=11];\n"
        out += "  edge [fontname=\"Helvetica\", fontsize=9];\n"
        for id in nodes.keys.sorted() where keep?.contains(id) ?? true {
            let n = nodes[id]!
            var label = (n.entity.name ?? n.entity.id) + "\n" + n.entity.type
            if let first = n.notes.first { label += "\n" + first + (n.notes.count > 1 ? " …" : "") }
            var attrs = [
                "label=\(DOTQuoting.label(label))", "color=\"\(n.status.color)\"", "fillcolor=\"\(n.status.fill)\"",
                "fontcolor=\"\(n.status == .unchanged ? "#616161" : "#000000")\"",
            ]
            if n.status == .removed { attrs.append("style=\"rounded,filled,dashed\"") }
            if n.status != .unchanged { attrs.append("penwidth=2") }
            let tip = ([n.status.rawValue + ": " + Describe.entity(n.entity)] + n.notes).joined(separator: "\n")
            attrs.append("tooltip=\(DOTQuoting.label(tip))")
            out += "  \(DOTQuoting.id(id)) [\(attrs.joined(separator: ", "))];\n"
        }
        for e in edges where (keep?.contains(e.from) ?? true) && (keep?.contains(e.to) ?? true) {
            var attrs = ["label=\(DOTQuoting.label(e.label))", "color=\"\(e.status.color)\"", "fontcolor=\"\(e.status.color)\""]
            if e.status == .removed { attrs.append("style=dashed") }
            if e.status != .unchanged { attrs.append("penwidth=2") }
            if e.symmetric { attrs.append("dir=none") }
            let tip = ([e.status.rawValue + ": " + e.label] + e.notes).joined(separator: "\n")
            attrs.append("tooltip=\(DOTQuoting.label(tip))")
            out += "  \(DOTQuoting.id(e.from)) -> \(DOTQuoting.id(e.to)) [\(attrs.joined(separator: ", "))];\n"
        }
        out += "}\n"
        return out
    }

    /// Both snapshots in one: B's entities and relations with their status, plus what A had and B lost.
    static func union(_ report: DiffReport) -> ([String: Node], [Edge]) {
        let (a, b, d) = (report.before, report.after, report.diff)
        let symmetric = report.rules.symmetricTypes.union(a.symmetricTypes).union(b.symmetricTypes)
        var nodes: [String: Node] = [:]
        let added = Set(d.entitiesAdded.map(\.id))
        var changed: [String: [String]] = [:]
        var renamed: [String: String] = [:]
        for c in d.entitiesChanged where !c.isOrderOnly {
            changed[c.after.id] = (c.isRename ? ["renamed from \(c.before.id)"] : []) + Describe.changes(c)
            renamed[c.before.id] = c.after.id
        }
        for h in b.entityHandles {
            let e = b[h]
            let status: Status = added.contains(e.id) ? .added : changed[e.id] != nil ? .changed : .unchanged
            nodes[e.id] = Node(entity: e, status: status, notes: changed[e.id] ?? [])
        }
        for e in d.entitiesRemoved { nodes[e.id] = Node(entity: e, status: .removed, notes: []) }

        // B's relations: which are new, which changed (matched by their portable form).
        var marks: [PortableRelation: [(Status, [String], String)]] = [:]
        for r in d.relationsAdded { marks[r, default: []].append((.added, [], r.type)) }
        for s in d.stanceShifts {
            marks[s.after, default: []].append((.changed, ["was \(s.before.type)"], "\(s.before.type) → \(s.after.type)"))
        }
        for c in d.relationsChanged where !c.isOrderOnly {
            marks[c.after, default: []].append((.changed, Describe.changes(c), c.after.type))
        }
        var edges: [Edge] = []
        var sorted: [(PortableRelation, RelationHandle)] = b.relationHandles.map { (b.portable($0), $0) }
        sorted.sort { Canonical.less($0.0, $1.0) }
        for (r, _) in sorted {
            var status = Status.unchanged
            var notes: [String] = []
            var label = r.type
            if var list = marks[r], !list.isEmpty {
                (status, notes, label) = list.removeFirst()
                marks[r] = list
            }
            edges.append(Edge(from: r.from, to: r.to, label: label, status: status, symmetric: symmetric.contains(r.type), notes: notes))
        }
        for r in d.relationsRemoved {
            edges.append(
                Edge(
                    from: renamed[r.from] ?? r.from, to: renamed[r.to] ?? r.to, label: r.type, status: .removed,
                    symmetric: symmetric.contains(r.type), notes: []))
        }
        return (nodes, edges)
    }
}
