import ParleyCore

/// The graph database a Cypher script or CSV folder is written for.
public enum CypherDialect: String, Sendable, Hashable, CaseIterable {
    /// Runs in Neo4j 4.4/5 and FalkorDB as-is (`CREATE INDEX FOR (n:L) ON (n.id)`); values are held
    /// to what both can store. Memgraph reads everything but the index statements.
    case portable
    /// Neo4j 5: a uniqueness constraint per entity type (`CREATE CONSTRAINT FOR (n:L) REQUIRE n.id IS UNIQUE`).
    case neo4j
    /// FalkorDB: `CREATE INDEX FOR (n:L) ON (n.id)`; nested lists and mixed lists are storable.
    case falkordb
    /// Memgraph: `CREATE INDEX ON :L(id)`; maps and lists of any kind are storable.
    case memgraph

    /// The name of the target for messages.
    public var productName: String {
        switch self {
        case .portable: "Neo4j and FalkorDB"
        case .neo4j: "Neo4j"
        case .falkordb: "FalkorDB"
        case .memgraph: "Memgraph"
        }
    }
}

/// What an exporter does with a property value the target cannot store (a map, in Neo4j or FalkorDB).
public enum UnstorablePolicy: String, Sendable, Hashable, CaseIterable {
    /// Refuse to export; the error lists every such value.
    case reject
    /// Store the value as its JSON text (a string), keys sorted.
    case json
    /// Leave the property out.
    case omit
}

/// Whether a graph fits a graph database: which property values the target cannot store.
///
/// Neo4j stores scalars, dates and flat lists of one scalar type without nulls; FalkorDB stores
/// scalars, dates and lists (nested and mixed too) without maps or nulls, and no string holding
/// U+0000 or float below the normal range; Memgraph stores everything. No target has a literal for
/// NaN or an infinite float.
public enum CypherFit {
    /// Why `value` cannot be stored as a property in `dialect`, or nil when it can.
    public static func problem(with value: Value, in dialect: CypherDialect) -> String? {
        let neo4jRules = dialect == .portable || dialect == .neo4j
        let falkorRules = dialect == .portable || dialect == .falkordb
        switch value {
        case .null, .bool, .int, .date: return nil
        case .float(let f):
            if !f.isFinite { return "\(Value.formatFloat(f)) has no Cypher literal" }
            if falkorRules && f != 0 && !f.isNormal { return "the subnormal float \(f) overflows FalkorDB's parser" }
            return nil
        case .string(let s):
            if falkorRules && s.unicodeScalars.contains("\u{0}") { return "a string holding U+0000, which FalkorDB cannot store" }
            return nil
        case .map:
            if dialect == .memgraph { return mapProblem(value, dialect) }
            return "a map, which \(dialect.productName) cannot store as a property"
        case .list(let items):
            if dialect == .memgraph { return items.lazy.compactMap { problem(with: $0, in: dialect) }.first }
            for item in items {
                switch item {
                case .map: return "a list holding a map, which \(dialect.productName) cannot store"
                case .null: return "a list holding null, which \(dialect.productName) cannot store"
                case .list where neo4jRules: return "a list of lists, which Neo4j cannot store"
                default: if let p = problem(with: item, in: dialect) { return p }
                }
            }
            if neo4jRules {
                let kinds = Set(items.map(\.typeName))
                if kinds.count > 1 {
                    return "a list mixing \(kinds.sorted().joined(separator: " and ")), which Neo4j cannot store"
                }
            }
            return nil
        }
    }

    /// Why a label, relationship type or property key cannot be written for `dialect`, or nil.
    public static func nameProblem(_ name: String, in dialect: CypherDialect) -> String? {
        if name.isEmpty { return "empty, which Cypher cannot write" }
        if name.unicodeScalars.contains("\u{0}") { return "holding U+0000, which Cypher cannot write" }
        if (dialect == .portable || dialect == .falkordb) && name.contains("`") {
            return "holding a backquote, which FalkorDB's parser rejects even when doubled"
        }
        return nil
    }

    private static func mapProblem(_ value: Value, _ dialect: CypherDialect) -> String? {
        guard case .map(let m) = value else { return problem(with: value, in: dialect) }
        for k in m.keys.sorted() { if let p = problem(with: m[k]!, in: dialect) { return p } }
        return nil
    }

    /// Every property of `graph` that `dialect` cannot store, and every attribute hidden by a
    /// first-class key (``CypherPropertyMapping``), as diagnostics naming the entity or relation:
    /// `entity 'zelensky': property 'disputes' is a list holding a map, which FalkorDB cannot store`.
    ///
    /// Unstorable values are errors under ``UnstorablePolicy/reject`` and warnings (saying what
    /// was done instead) otherwise; hidden attributes are always warnings.
    /// - Complexity: O(size of all property values).
    public static func check(_ graph: Graph, dialect: CypherDialect, policy: UnstorablePolicy = .reject) -> [Diagnostic] {
        var out: [Diagnostic] = []
        func report(_ subject: String, _ key: String, _ why: String) {
            switch policy {
            case .reject: out.append(.error("\(subject): property '\(key)' is \(why)"))
            case .json: out.append(.warning("\(subject): property '\(key)' is \(why); written as JSON text"))
            case .omit: out.append(.warning("\(subject): property '\(key)' is \(why); left out"))
            }
        }
        var badNames: Set<String> = []
        func checkName(_ kind: String, _ name: String) {
            guard !badNames.contains(kind + name), let why = nameProblem(name, in: dialect) else { return }
            badNames.insert(kind + name)
            out.append(.error("\(kind) '\(name)' is \(why)"))
        }
        for h in graph.entityHandles {
            let e = graph[h]
            let subject = "entity '\(e.id)'"
            for l in e.allLabels { checkName("label", l) }
            for k in e.attributes.keys.sorted() { checkName("property key", k) }
            for k in CypherPropertyMapping.shadowedKeys(of: e) {
                out.append(.warning("\(subject): attribute '\(k)' is hidden by the entity's own '\(k)' and is not exported"))
            }
            for (k, v) in CypherPropertyMapping.nodeProperties(of: e) {
                if let why = problem(with: v, in: dialect) { report(subject, k, why) }
            }
        }
        for h in graph.relationHandles {
            let r = graph[h]
            let subject = "relation \(graph.fromID(h)) \(r.type) \(graph.toID(h))"
            checkName("relationship type", r.type)
            for k in r.attributes.keys.sorted() { checkName("property key", k) }
            for k in CypherPropertyMapping.shadowedKeys(of: r) {
                out.append(.warning("\(subject): attribute '\(k)' is hidden by the relation's own '\(k)' and is not exported"))
            }
            for (k, v) in CypherPropertyMapping.relationshipProperties(of: r) {
                if let why = problem(with: v, in: dialect) { report(subject, k, why) }
            }
        }
        return out
    }

    /// `value` made storable under `policy`: unchanged when it fits, its JSON text under
    /// ``UnstorablePolicy/json``, nil (leave the property out) under ``UnstorablePolicy/omit``
    /// or ``UnstorablePolicy/reject`` (the caller has checked first).
    static func storable(_ value: Value, in dialect: CypherDialect, policy: UnstorablePolicy) -> Value? {
        guard problem(with: value, in: dialect) != nil else { return value }
        switch policy {
        case .json: return .string(jsonText(value))
        case .omit, .reject: return nil
        }
    }

    /// Compact JSON text of a value with sorted keys; dates as `"YYYY-MM-DD"`, non-finite floats as
    /// the strings `"NaN"`, `"Infinity"`, `"-Infinity"`.
    public static func jsonText(_ value: Value) -> String {
        switch value {
        case .null: return "null"
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let f): return f.isFinite ? Value.formatFloat(f) : jsonString(Value.formatFloat(f))
        case .string(let s): return jsonString(s)
        case .date(let d): return jsonString(d.description)
        case .list(let l): return "[" + l.map(jsonText).joined(separator: ",") + "]"
        case .map(let m):
            return "{" + m.keys.sorted().map { jsonString($0) + ":" + jsonText(m[$0]!) }.joined(separator: ",") + "}"
        }
    }

    static func jsonString(_ s: String) -> String { TypedJSON.quoted(s) }
}
