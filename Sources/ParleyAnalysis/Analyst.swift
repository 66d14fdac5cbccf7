import ParleyCore
import ParleyQuery
import ParleySchema

/// Answers the everyday questions of an analyst about a negotiation graph: positions per party,
/// sticking points, common ground, paths, neighbourhoods, entity cards and timelines.
///
/// Every answer is an openCypher query of ``AnalystQueries`` run through ``QueryEngine``; the
/// rows are only grouped and laid out here. The `parley` commands of the same names are thin
/// wrappers over these methods.
///
/// ```swift
/// let analyst = Analyst(graph: loaded.graph, schema: loaded.schema)
/// let russia = try analyst.resolver.resolve("Russia")
/// print(try analyst.positions(of: russia).render(.table))
/// ```
public struct Analyst: Sendable {
    /// The graph, with the schema's alias spellings made canonical and its symmetric types set.
    public private(set) var graph: Graph
    public var schema: Schema?
    public var stances: StanceTypes
    public var options: QueryOptions

    public init(graph: Graph, schema: Schema? = nil, options: QueryOptions = .init()) {
        var g = graph
        schema?.canonicalize(&g)
        self.graph = g
        self.schema = schema
        self.stances = StanceTypes(schema: schema)
        self.options = options
    }

    /// Resolves entity arguments against this graph.
    public var resolver: EntityResolver { EntityResolver(graph: graph) }

    /// Runs one of the analyst queries on the graph.
    /// - Throws: `QueryError` (a bug in a query, or a limit such as a timeout).
    public func run(_ query: AnalystQuery) throws(QueryError) -> QueryResult {
        var engine = QueryEngine(graph: graph, schema: schema, options: options)
        return try engine.run(query.text, parameters: query.parameters)
    }

    // MARK: Helpers for the reports

    /// The display name of the entity with this id (the id itself when there is none).
    func name(_ id: String?) -> String {
        guard let id else { return "" }
        return graph.entity(withID: id)?.displayName ?? id
    }

    /// `Name [Type]`.
    func label(_ id: String) -> String {
        guard let e = graph.entity(withID: id) else { return id }
        return "\(e.displayName) [\(e.type)]"
    }

    /// What the title says about the graph: its as-of date or id.
    var graphDescription: String {
        if let d = graph.metadata.asOf { return "as of \(d)" }
        if let id = graph.metadata.id { return "in \(id)" }
        return "in the graph"
    }

    /// The short facts of a relation worth a line: date, mode, status, place, confidence.
    func relationFacts(_ r: Relation) -> String {
        var parts: [String] = []
        if let d = r.attributes["date"], !d.isNull { parts.append(d.description) }
        for k in ["mode", "status", "place", "role", "share", "extent", "how"] {
            if let v = r.attributes[k], !v.isNull { parts.append("\(k) \(v)") }
        }
        if r.attributes["date"] == nil, let f = r.validFrom { parts.append("from \(f)") }
        if let u = r.validUntil, u != r.validFrom { parts.append("until \(u)") }
        if let c = r.confidence { parts.append("confidence \(c.rawValue)") }
        return parts.joined(separator: ", ")
    }

    /// Lines on who voiced a stance, who reported it and whether it is disputed.
    func stanceDetails(_ r: Relation, voice: String?) -> [String] {
        var out: [String] = []
        if let voice { out.append("voiced by \(name(voice))") }
        if let s = r.attributes["said_by"]?.stringValue { out.append("said by \(name(s)) (one side's account)") }
        if let d = r.attributes["date"], !d.isNull { out.append("on \(d)") }
        let note = r.attributes["note"]?.stringValue
        if r.attributes["disputed"]?.boolValue == true {
            out.append("DISPUTED" + (note.map { ": \($0)" } ?? ""))
        } else if let note {
            out.append("note: \(note)")
        }
        return out
    }

    /// The fields every stance item carries in JSON and CSV.
    func stanceFields(_ r: Relation) -> [String: Value] {
        [
            "said_by": r.attributes["said_by"] ?? .null,
            "disputed": .bool(r.attributes["disputed"]?.boolValue == true),
            "note": r.attributes["note"] ?? .null,
            "date": r.attributes["date"] ?? .null,
        ]
    }

    func stanceRank(_ type: String) -> Int { stances.all.firstIndex(of: type) ?? stances.all.count }
}

/// Column access by name for query rows.
struct Rows {
    let result: QueryResult
    let index: [String: Int]

    init(_ result: QueryResult) {
        self.result = result
        var m: [String: Int] = [:]
        for (k, c) in result.columns.enumerated() { m[c] = k }
        self.index = m
    }

    struct Row {
        let values: [QueryValue]
        let index: [String: Int]
        func value(_ c: String) -> QueryValue { index[c].map { values[$0] } ?? .null }
        func string(_ c: String) -> String? { value(c).stringValue }
        func int(_ c: String) -> Int? { value(c).intValue }
        func relation(_ c: String) -> RelationHandle? { if case .relationship(let h) = value(c) { h } else { nil } }
        func node(_ c: String) -> EntityHandle? { if case .node(let h) = value(c) { h } else { nil } }
        func path(_ c: String) -> PathValue? { if case .path(let p) = value(c) { p } else { nil } }
        func strings(_ c: String) -> [String] { value(c).listValue?.compactMap(\.stringValue) ?? [] }
        func store(_ c: String) -> Value { value(c).storeValue ?? .null }
    }

    var all: [Row] { result.rows.map { Row(values: $0, index: index) } }
}
