import Foundation
import ParleyCore

/// Writes a graph as an openCypher script that loads it into Neo4j (cypher-shell), FalkorDB or
/// Memgraph: an index (or constraint) on `id` per entity type first, then batched
/// `UNWIND [...] AS row CREATE (n:Label) SET n = row` statements for the nodes and
/// `UNWIND [...] AS row MATCH (a:From {id: row.from_id}), (b:To {id: row.to_id}) CREATE (a)-[r:TYPE]->(b) SET r = row.props`
/// for the relationships.
///
/// Every statement is on one line and ends with `;`; comment lines start with `//`. Strings are
/// escaped with ``CypherSyntax/string(_:)``, names backquoted with ``CypherSyntax/name(_:)``.
/// Output is deterministic: node groups by label list, relationship groups by (type, start type,
/// end type), rows by id (relationships by start id, end id, then the order they were added),
/// property keys sorted.
///
/// ```swift
/// let script = try CypherExporter().export(graph)
/// try CypherExporter(options: .init(dialect: .memgraph)).write(graph, to: "out.cypher")
/// ```
public struct CypherExporter: Sendable {
    /// How the script is written.
    public struct Options: Sendable, Hashable {
        /// The database the index statements and the value checks are for.
        public var dialect: CypherDialect
        /// Rows per UNWIND statement.
        public var batchSize: Int
        /// What to do with a value the target cannot store (``CypherFit``).
        public var unstorable: UnstorablePolicy
        /// Whether to write the index (or constraint) statements.
        public var indexes: Bool
        /// Whether a relation of a symmetric type (``Graph/symmetricTypes``, MEETS_WITH) is written
        /// in both directions. Parley walks a symmetric type from either end even in a directed
        /// pattern (`(a)-[:MEETS_WITH]->(b)`); a graph database follows the stored direction. With
        /// both directions stored, directed patterns give Parley's rows there, but undirected
        /// patterns (`(a)-[:MEETS_WITH]-(b)`) see each relation twice. Off by default: the
        /// database then holds exactly the graph's relations, and undirected patterns agree.
        public var symmetricBothWays: Bool

        public init(
            dialect: CypherDialect = .portable, batchSize: Int = 500, unstorable: UnstorablePolicy = .reject,
            indexes: Bool = true, symmetricBothWays: Bool = false
        ) {
            self.dialect = dialect
            self.batchSize = max(1, batchSize)
            self.unstorable = unstorable
            self.indexes = indexes
            self.symmetricBothWays = symmetricBothWays
        }
    }

    public var options: Options

    public init(options: Options = Options()) { self.options = options }

    /// What does not fit the target (``CypherFit/check(_:dialect:policy:)``).
    public func check(_ graph: Graph) -> [Diagnostic] {
        CypherFit.check(graph, dialect: options.dialect, policy: options.unstorable)
    }

    /// The script for `graph`.
    /// - Throws: ``Diagnostics`` listing every problem when a name cannot be written or, under
    ///   ``UnstorablePolicy/reject``, a value cannot be stored by the target.
    /// - Complexity: O(entities + relations + size of their properties), plus sorting.
    public func export(_ graph: Graph) throws(Diagnostics) -> String {
        let problems = check(graph)
        if problems.contains(where: { $0.severity == .error }) { throw Diagnostics(problems) }
        var out = ""
        header(graph, into: &out)
        let nodeGroups = groupedEntities(graph)
        if options.indexes {
            let types = Set(nodeGroups.compactMap { $0.labels.first }).sorted()
            if !types.isEmpty { out += "// Indexes on entity ids, before the data.\n" }
            for t in types { out += indexStatement(label: t) + "\n" }
        }
        if !nodeGroups.isEmpty { out += "// Nodes.\n" }
        for group in nodeGroups {
            let labels = group.labels.map { ":" + CypherSyntax.name($0) }.joined()
            for batch in group.handles.chunked(options.batchSize) {
                let rows = batch.map { mapLiteral(CypherPropertyMapping.nodeProperties(of: graph[$0])) }
                out += "UNWIND [" + rows.joined(separator: ", ") + "] AS row CREATE (n\(labels)) SET n = row;\n"
            }
        }
        let relationGroups = groupedRelations(graph)
        if !relationGroups.isEmpty { out += "// Relationships.\n" }
        for group in relationGroups {
            let a = group.fromType.map { ":" + CypherSyntax.name($0) } ?? ""
            let b = group.toType.map { ":" + CypherSyntax.name($0) } ?? ""
            let type = CypherSyntax.name(group.type)
            for batch in group.rows.chunked(options.batchSize) {
                let rows = batch.map { row in
                    "{from_id: " + CypherSyntax.string(row.from) + ", to_id: " + CypherSyntax.string(row.to)
                        + ", props: " + mapLiteral(CypherPropertyMapping.relationshipProperties(of: graph[row.handle])) + "}"
                }
                out += "UNWIND [" + rows.joined(separator: ", ") + "] AS row MATCH (a\(a) {id: row.from_id}), (b\(b) {id: row.to_id}) CREATE (a)-[r:\(type)]->(b) SET r = row.props;\n"
            }
        }
        return out
    }

    /// Writes the script for `graph` to `path` atomically (a temporary file beside it, then a rename).
    public func write(_ graph: Graph, to path: String) throws {
        try writeAtomically(Data(try export(graph).utf8), to: URL(fileURLWithPath: path))
    }

    /// The statement that indexes (or, for Neo4j, constrains) `id` on one label.
    public func indexStatement(label: String) -> String {
        let l = CypherSyntax.name(label)
        switch options.dialect {
        case .portable, .falkordb: return "CREATE INDEX FOR (n:\(l)) ON (n.id);"
        case .neo4j: return "CREATE CONSTRAINT FOR (n:\(l)) REQUIRE n.id IS UNIQUE;"
        case .memgraph: return "CREATE INDEX ON :\(l)(id);"
        }
    }

    // MARK: Pieces

    private func header(_ graph: Graph, into out: inout String) {
        out += "// Parley Cypher export"
        if let id = graph.metadata.id { out += " of " + oneLine(id) }
        if let d = graph.metadata.asOf { out += " as of \(d)" }
        out += " (\(graph.entityCount) entities, \(graph.relationCount) relations), for \(options.dialect.productName).\n"
        if let t = graph.metadata.title { out += "// " + oneLine(t) + "\n" }
        if options.symmetricBothWays, !graph.symmetricTypes.isEmpty {
            out += "// Relations of symmetric types (" + oneLine(graph.symmetricTypes.sorted().joined(separator: ", "))
                + ") are written in both directions.\n"
        }
        out += "// Run on an empty graph: cypher-shell -f FILE, or one statement per line (each ends with ';').\n"
    }

    private func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.properties.generalCategory == .control || $0 == "\u{2028}" || $0 == "\u{2029}" ? " " : Character($0) })
    }

    private func mapLiteral(_ props: [(key: String, value: Value)]) -> String {
        var parts: [String] = []
        parts.reserveCapacity(props.count)
        for (k, v) in props {
            guard let stored = CypherFit.storable(v, in: options.dialect, policy: options.unstorable),
                let lit = CypherSyntax.literal(stored)
            else { continue }
            parts.append(CypherSyntax.name(k) + ": " + lit)
        }
        return "{" + parts.joined(separator: ", ") + "}"
    }

    struct NodeGroup {
        var labels: [String]
        var handles: [EntityHandle]
    }

    struct RelationGroup {
        var type: String
        var fromType: String?
        var toType: String?
        /// The relationships to create: a relation, and the ids it is written from and to
        /// (reversed for the second copy of a symmetric relation).
        var rows: [(handle: RelationHandle, from: String, to: String)]
    }

    /// Entities grouped by their label list (type first), groups and members sorted.
    func groupedEntities(_ graph: Graph) -> [NodeGroup] {
        var groups: [[String]: [EntityHandle]] = [:]
        for h in graph.entityHandles { groups[graph[h].allLabels, default: []].append(h) }
        return groups.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { labels in
            NodeGroup(labels: labels, handles: groups[labels]!.sorted { graph[$0].id < graph[$1].id })
        }
    }

    /// Relations grouped by type and the primary types of their ends (which the MATCH uses to
    /// reach the id index), groups and members sorted.
    func groupedRelations(_ graph: Graph) -> [RelationGroup] {
        struct Key: Hashable { var type: String; var from: String; var to: String }
        var groups: [Key: [(handle: RelationHandle, from: String, to: String)]] = [:]
        for h in graph.relationHandles {
            let r = graph[h]
            let a = graph[r.from]
            let b = graph[r.to]
            let aType = a.allLabels.first ?? ""
            let bType = b.allLabels.first ?? ""
            groups[Key(type: r.type, from: aType, to: bType), default: []].append((h, a.id, b.id))
            if options.symmetricBothWays, r.from != r.to, graph.symmetricTypes.contains(r.type) {
                groups[Key(type: r.type, from: bType, to: aType), default: []].append((h, b.id, a.id))
            }
        }
        return groups.keys.sorted { ($0.type, $0.from, $0.to) < ($1.type, $1.from, $1.to) }.map { k in
            RelationGroup(
                type: k.type, fromType: k.from.isEmpty ? nil : k.from, toType: k.to.isEmpty ? nil : k.to,
                rows: groups[k]!.sorted { ($0.from, $0.to, $0.handle.index) < ($1.from, $1.to, $1.handle.index) })
        }
    }
}

extension Array {
    /// Consecutive slices of at most `size` elements.
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}

/// Writes `data` to a temporary file beside `url`, then renames it over `url`, so that an
/// error never leaves a half-written file.
func writeAtomically(_ data: Data, to url: URL) throws {
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
    try data.write(to: tmp)
    if rename(tmp.path, url.path) != 0 {
        let code = errno
        try? FileManager.default.removeItem(at: tmp)
        throw CocoaError(.fileWriteUnknown, userInfo: [
            NSFilePathErrorKey: url.path, NSLocalizedDescriptionKey: "cannot write \(url.path): \(String(cString: strerror(code)))",
        ])
    }
}
