import ParleyCore

/// Every query behind the analyst commands, in one place.
///
/// Each function returns the openCypher text with `$name` parameters and their values; the
/// commands run it through `ParleyQuery`'s engine, and ``AnalystQuery/portableText`` is what
/// `--show-query` prints for Neo4j or FalkorDB. The queries keep to plain openCypher that
/// FalkorDB also runs: no `shortestPath` (FalkorDB walks it only along stored directions), no
/// subqueries, no procedures.
///
/// Conventions of the negotiation schema they rely on (`schema/README.md`): a stance is a
/// relation of a stance type (``StanceTypes``) from a party, an official or a body; a stance of
/// an official or body counts for every entity it `REPRESENTS` (up to two steps: an official of
/// the Kremlin speaks for Russia); `said_by` and `disputed` are relation properties.
public enum AnalystQueries {
    /// How far `REPRESENTS` is followed from a voice to the party it speaks for.
    public static let representsDepth = 2

    static func types(_ list: [String]) -> String { list.map(CypherLiteral.name).joined(separator: "|") }

    static var voices: String { "[:REPRESENTS*0..\(representsDepth)]" }

    /// `parley positions PARTY`: every stance of an entity and of those who speak for it.
    ///
    /// Columns: stance, target, target_name, target_type, voiced_by (null when the party itself
    /// holds it), said_by, disputed, note, date, sources, quotes, relation.
    public static func positions(party: String, stances: StanceTypes = .standard) -> AnalystQuery {
        AnalystQuery(
            command: "positions",
            text: """
                MATCH (p {id: $party})
                MATCH (v)-\(voices)->(p)
                WITH DISTINCT p, v
                MATCH (v)-[s:\(types(stances.all))]->(x)
                RETURN type(s) AS stance, x.id AS target, x.name AS target_name, labels(x)[0] AS target_type,
                  CASE WHEN v = p THEN null ELSE v.id END AS voiced_by, s.said_by AS said_by,
                  coalesce(s.disputed, false) AS disputed, s.note AS note, s.date AS date,
                  s.sources AS sources, s.quotes AS quotes, s AS relation
                ORDER BY stance, target, coalesce(voiced_by, '')
                """,
            parameters: ["party": .string(party)])
    }

    /// `parley positions --matrix`: each party's stances on each thing, one row per pair.
    ///
    /// With `parties` empty every `Party` counts; otherwise the named entities (of any type).
    /// Columns: target, target_name, target_type, party, party_name, stances (a list of types).
    public static func positionMatrix(parties: [String] = [], stances: StanceTypes = .standard) -> AnalystQuery {
        let start = parties.isEmpty ? "MATCH (p:Party)" : "MATCH (p) WHERE p.id IN $parties"
        return AnalystQuery(
            command: "positions --matrix",
            text: """
                \(start)
                MATCH (v)-\(voices)->(p)
                WITH DISTINCT p, v
                MATCH (v)-[s:\(types(stances.all))]->(x)
                RETURN x.id AS target, x.name AS target_name, labels(x)[0] AS target_type,
                  p.id AS party, p.name AS party_name, collect(DISTINCT type(s)) AS stances
                ORDER BY target, party
                """,
            parameters: parties.isEmpty ? [:] : ["parties": .list(parties.map(Value.string))])
    }

    /// `parley contested`: what one party demands, supports or proposes and another rejects,
    /// one row per pair of opposed stances.
    ///
    /// With `between` (two ids) only those two, either way round, and of any type; otherwise
    /// every pair of `Party` entities. Columns: item, item_name, item_type, backer,
    /// backer_stance, backer_voice, backer_relation, opponent, opponent_stance, opponent_voice,
    /// opponent_relation.
    public static func contested(between: (String, String)? = nil, stances: StanceTypes = .standard) -> AnalystQuery {
        let (a, b) = between == nil ? ("(a:Party)", "(b:Party)") : ("(a)", "(b)")
        let filter = between == nil
            ? "WHERE a <> b"
            : "WHERE a <> b AND a.id IN [$first, $second] AND b.id IN [$first, $second]"
        var parameters: [String: Value] = [:]
        if let between {
            parameters = ["first": .string(between.0), "second": .string(between.1)]
        }
        return AnalystQuery(
            command: "contested",
            text: """
                MATCH \(a)<-\(voices)-(va)-[sa:\(types(stances.positive))]->(x)<-[sb:\(types(stances.negative))]-(vb)-\(voices)->\(b)
                \(filter)
                RETURN DISTINCT x.id AS item, x.name AS item_name, labels(x)[0] AS item_type,
                  a.id AS backer, type(sa) AS backer_stance, CASE WHEN va = a THEN null ELSE va.id END AS backer_voice,
                  sa AS backer_relation,
                  b.id AS opponent, type(sb) AS opponent_stance, CASE WHEN vb = b THEN null ELSE vb.id END AS opponent_voice,
                  sb AS opponent_relation
                ORDER BY item, backer, opponent, backer_stance, backer_voice, opponent_voice
                """,
            parameters: parameters)
    }

    /// `parley common A B …`: what every one of the named entities (or those speaking for them)
    /// demands, supports or proposes — with `against`, what they all reject.
    ///
    /// Columns: item, item_name, item_type, party, stance, voiced_by, relation.
    public static func common(parties: [String], against: Bool = false, stances: StanceTypes = .standard) -> AnalystQuery {
        let kinds = types(against ? stances.negative : stances.positive)
        return AnalystQuery(
            command: "common",
            text: """
                MATCH (p)<-\(voices)-(v)-[:\(kinds)]->(x)
                WHERE p.id IN $parties
                WITH x, count(DISTINCT p) AS backers
                WHERE backers = size($parties)
                MATCH (p)<-\(voices)-(v)-[s:\(kinds)]->(x)
                WHERE p.id IN $parties
                RETURN DISTINCT x.id AS item, x.name AS item_name, labels(x)[0] AS item_type,
                  p.id AS party, type(s) AS stance, CASE WHEN v = p THEN null ELSE v.id END AS voiced_by, s AS relation
                ORDER BY item, party, stance, voiced_by
                """,
            parameters: ["parties": .list(parties.map(Value.string))])
    }

    /// `parley path A B`: the shortest connections between two entities, either direction, at
    /// most `maxHops` relations long, along `via` types only when given.
    ///
    /// The shortest paths are found by grouping the paths by length and keeping the shortest
    /// group (FalkorDB has no undirected `shortestPath`). Without `all`, one path: the first by
    /// the ids along it. Columns: hops, path, ids, types.
    public static func path(from: String, to: String, via: [String] = [], maxHops: Int = 4, all: Bool = false) -> AnalystQuery {
        let pattern = via.isEmpty ? "[*1..\(maxHops)]" : "[:\(types(via))*1..\(maxHops)]"
        return AnalystQuery(
            command: "path",
            text: """
                MATCH (a {id: $from}), (b {id: $to})
                MATCH p = (a)-\(pattern)-(b)
                WITH length(p) AS hops, collect(p) AS paths
                ORDER BY hops
                LIMIT 1
                UNWIND paths AS path
                WITH hops, path, [n IN nodes(path) | n.id] AS ids, [r IN relationships(path) | type(r)] AS types
                RETURN hops, path, ids, types
                ORDER BY ids, types\(all ? "" : "\nLIMIT 1")
                """,
            parameters: ["from": .string(from), "to": .string(to)])
    }

    /// `parley neighbors X`: the entities within `depth` relations of X (either direction), each
    /// with the relations that reach it from one step closer. The paths are enumerated once and
    /// grouped by the entity they reach.
    ///
    /// `relationTypes` restricts the relations walked; `neighborTypes` the labels of the
    /// entities listed. Columns: distance, neighbor, neighbor_name, neighbor_type, relation,
    /// via, start_id, end_id, rel.
    public static func neighbors(
        of center: String, depth: Int = 1, relationTypes: [String] = [], neighborTypes: [String] = []
    ) -> AnalystQuery {
        let pattern = relationTypes.isEmpty ? "[*1..\(depth)]" : "[:\(types(relationTypes))*1..\(depth)]"
        let labelFilter = neighborTypes.isEmpty
            ? "" : " AND (" + neighborTypes.map { "n:\(CypherLiteral.name($0))" }.joined(separator: " OR ") + ")"
        return AnalystQuery(
            command: "neighbors",
            text: """
                MATCH (c {id: $center})
                MATCH p = (c)-\(pattern)-(n)
                WHERE n <> c\(labelFilter)
                WITH n, collect({hops: length(p), r: last(relationships(p)), via: nodes(p)[length(p) - 1]}) AS ways,
                  min(length(p)) AS distance
                UNWIND ways AS way
                WITH n, distance, way
                WHERE way.hops = distance
                WITH n, distance, way.r AS r, way.via AS via
                RETURN DISTINCT distance, n.id AS neighbor, n.name AS neighbor_name, labels(n)[0] AS neighbor_type,
                  type(r) AS relation, via.id AS via, startNode(r).id AS start_id, endNode(r).id AS end_id, r AS rel
                ORDER BY distance, neighbor, relation, via, start_id
                """,
            parameters: ["center": .string(center)])
    }

    /// `parley show X`: the entity and every relation in and out of it.
    ///
    /// Columns: entity, direction (`out`, `in`, or null when it has no relation), type, other,
    /// other_name, other_type, relation.
    public static func entityCard(id: String) -> AnalystQuery {
        AnalystQuery(
            command: "show",
            text: """
                MATCH (e {id: $id})
                OPTIONAL MATCH (e)-[r]-(o)
                RETURN e AS entity,
                  CASE WHEN r IS NULL THEN null WHEN startNode(r) = e THEN 'out' ELSE 'in' END AS direction,
                  type(r) AS type, o.id AS other, o.name AS other_name, labels(o)[0] AS other_type, r AS relation
                ORDER BY direction DESC, type, other
                """,
            parameters: ["id": .string(id)])
    }

    /// `parley timeline [X]`: dated entities (meetings, events, proposals: `date`, `end_date`)
    /// and dated relations (`date`, else `valid_from`), touching X when given.
    ///
    /// Two branches joined by `UNION ALL`; the command orders the rows by date. The relation
    /// branch is `DISTINCT` because an engine that walks a symmetric type (MEETS_WITH) from
    /// either end matches `(a)-[r]->(b)` twice for it. Columns: date,
    /// until, kind (`entity` or `relation`), type, id, name, start_id, end_id, status, entity, relation.
    public static func timeline(touching x: String? = nil) -> AnalystQuery {
        let entityStart = x == nil
            ? "MATCH (m)\nWHERE m.date IS NOT NULL"
            : "MATCH (x {id: $x})\nMATCH (m)\nWHERE m.date IS NOT NULL AND (m = x OR (m)--(x))"
        let relationStart = x == nil
            ? "MATCH (a)-[r]->(b)\nWHERE coalesce(r.date, r.valid_from) IS NOT NULL"
            : "MATCH (a)-[r]->(b)\nWHERE coalesce(r.date, r.valid_from) IS NOT NULL AND (a.id = $x OR b.id = $x)"
        return AnalystQuery(
            command: "timeline",
            text: """
                \(entityStart)
                RETURN m.date AS date, m.end_date AS until, 'entity' AS kind, labels(m)[0] AS type, m.id AS id,
                  m.name AS name, null AS start_id, null AS end_id, m.status AS status, m AS entity, null AS relation
                UNION ALL
                \(relationStart)
                RETURN DISTINCT coalesce(r.date, r.valid_from) AS date, r.valid_until AS until, 'relation' AS kind, type(r) AS type,
                  null AS id, null AS name, startNode(r).id AS start_id, endNode(r).id AS end_id, r.status AS status,
                  null AS entity, r AS relation
                """,
            parameters: x.map { ["x": .string($0)] } ?? [:])
    }

    /// One query per command with example arguments on the worked dataset
    /// (`graphs/ukraine-2025/`): what a differential test against another database runs.
    public static func examples(stances: StanceTypes = .standard) -> [AnalystQuery] {
        [
            positions(party: "russia", stances: stances),
            positionMatrix(stances: stances),
            contested(stances: stances),
            contested(between: ("russia", "ukraine"), stances: stances),
            common(parties: ["ukraine", "europe"], stances: stances),
            path(from: "zelensky", to: "putin", all: true),
            neighbors(of: "witkoff", relationTypes: ["MEETS_WITH"]),
            entityCard(id: "witkoff"),
            timeline(touching: "ukraine"),
        ]
    }
}
