import Foundation
import ParleyCore
import ParleyQuery
import ParleyTestSupport
import Testing

/// The questions of `graphs/ukraine-2025/README.md`, asked through the query engine on the last
/// snapshot: each runs, and the answers the articles give come back.
@Suite("ukraine-2025: the README's questions")
struct DatasetQueryTests {
    static func run(_ query: String, on name: String = Ukraine2025.afterAbuDhabi) throws -> QueryResult {
        let loaded = try Ukraine2025.load(name)
        var engine = QueryEngine(graph: loaded.graph, schema: loaded.schema)
        return try engine.run(query)
    }

    /// The cells of one column as strings (dates as `YYYY-MM-DD`, numbers as written).
    static func column(_ result: QueryResult, _ index: Int) -> [String?] {
        result.rows.map { row in
            guard index < row.count, let v = row[index].storeValue else { return nil }
            switch v {
            case .string(let s): return s
            case .date(let d): return d.description
            case .int(let i): return String(i)
            case .float(let f): return String(f)
            case .bool(let b): return String(b)
            default: return nil
            }
        }
    }

    /// Every question of the README's table, with the fewest rows its answer must have.
    static let questions: [(String, Int)] = [
        (#"MATCH (p:Party {id: "russia"})-[:DEMANDS]->(x) RETURN x.name"#, 10),
        (#"MATCH (:Party {id: "russia"})-[d:DEMANDS]->(x) RETURN x.name, d.sources, d.quotes"#, 10),
        (#"MATCH (:Party {id: "ukraine"})-[:REJECTS]->(x) RETURN x.name"#, 3),
        (#"MATCH (a:Party)-[:DEMANDS]->(x)<-[:REJECTS]-(b:Party) RETURN a.name, x.name, b.name"#, 2),
        (#"MATCH (o:Official)-[s:DEMANDS|SUPPORTS|REJECTS|PROPOSES]->(x), (o)-[:REPRESENTS]->(p:Party) RETURN p.name, o.name, type(s), x.name"#, 20),
        (#"MATCH (p:Party)-[c:CONTROLS]->(:Region {id: "donetsk"}) RETURN p.name, c.share, c.extent"#, 2),
        (#"MATCH (a:Party)-[c:CONTROLS]->(r:Region)<-[:DEMANDS]-(b:Party) WHERE a <> b RETURN b.name, r.name, a.name, c.share"#, 1),
        (#"MATCH (:Party {id: "russia"})-[c:CONTROLS]->(r) RETURN r.name, c.share, c.extent, c.how"#, 4),
        (#"MATCH (:Official {id: "witkoff"})-[m:MEETS_WITH]-(o) RETURN o.name, m.date, m.mode, m.status"#, 3),
        (#"MATCH (a)-[r]->(m:Meeting {id: "witkoff-ushakov-call"}) RETURN a.name, type(r), r.date"#, 5),
        (#"MATCH (a)-[r:AUTHORS]->(:Proposal {id: "28-point-plan"}) RETURN a.name, r.said_by, r.sources, r.note"#, 7),
        (#"MATCH (x:Provision)-[:PART_OF]->(p:Proposal) RETURN p.name, x.name ORDER BY p.name, x.name"#, 11),
        (#"MATCH (n:Provision)-[r:REVISES]->(o:Provision) RETURN o.limit, n.limit, r.disputed, r.note"#, 1),
        (#"MATCH (m:Meeting) WHERE m.status <> "held" RETURN m.name, m.status, m.place"#, 5),
        (#"MATCH (a)-[r:ATTENDS]->(:Meeting {id: "abu-dhabi-talks"}) RETURN a.name, r.confidence, r.said_by"#, 5),
        (#"MATCH (a)-[r]->(x) WHERE r.said_by IS NOT NULL RETURN a.name, type(r), x.name, r.said_by"#, 8),
        (#"MATCH (a)-[r]->(b) WHERE r.disputed = true RETURN a.name, type(r), b.name, r.note"#, 16),
        (#"MATCH (e) WHERE e.disputes IS NOT NULL RETURN e.id, e.disputes"#, 14),
        (#"MATCH (p)-[:CONDUCTS]->(e:Event {kind: "strike"})-[:TARGETS]->(t) RETURN p.name, e.name, e.killed, e.injured, e.missiles, e.drones, e.affected, t.name"#, 3),
        (#"MATCH p = shortestPath((:Official {id: "witkoff"})-[*..3]-(:Official {id: "putin"})) RETURN p"#, 1),
        (#"MATCH (o)-[r:REPRESENTS]->(:Party {id: "russia"}) RETURN o.name, r.role"#, 8),
        (#"MATCH (o:Official) WHERE "Zelenskyj" IN o.aliases RETURN o.id, o.name, o.aliases"#, 1),
    ]

    @Test("every question of the README runs and has an answer", arguments: 0..<questions.count)
    func readmeQuestion(index: Int) throws {
        let (query, minimum) = Self.questions[index]
        let result = try Self.run(query)
        #expect(result.rows.count >= minimum, "\(query): \(result.rows.count) rows")
    }

    @Test("what Russia demands includes all of Donetsk, Donbas, no NATO and the army cap")
    func russiaDemands() throws {
        let names = Set(Self.column(try Self.run(#"MATCH (:Party {id: "russia"})-[:DEMANDS]->(x) RETURN x.name"#), 0).compactMap { $0 })
        for expected in [
            "Ukraine cedes all of Donetsk province to Russia", "Ukrainian forces withdraw from the whole of Donbas",
            "Ukraine pledges not to join NATO", "Ukraine's armed forces limited to 600,000", "Donetsk",
        ] {
            #expect(names.contains(expected), "\(expected)")
        }
    }

    @Test("the sticking points include the cession of Donetsk (Russia demands, Ukraine rejects)")
    func stickingPoints() throws {
        let r = try Self.run(#"MATCH (a:Party)-[:DEMANDS]->(x)<-[:REJECTS]-(b:Party) RETURN a.id, x.id, b.id"#)
        let triples = Set(r.rows.indices.map { i in
            [0, 1, 2].map { Self.column(r, $0)[i] ?? "" }.joined(separator: " ")
        })
        #expect(triples.contains("russia cede-donetsk ukraine"))
        #expect(triples.contains("russia no-nato ukraine"))
    }

    @Test("contested ground: Russia demands Donetsk, of which Ukraine holds 30%")
    func contestedRegion() throws {
        let r = try Self.run(
            #"MATCH (a:Party)-[c:CONTROLS]->(r:Region)<-[:DEMANDS]-(b:Party) WHERE a <> b RETURN b.id, r.id, a.id, c.share"#)
        let rows = r.rows.indices.map { i in [0, 1, 2, 3].map { Self.column(r, $0)[i] ?? "" }.joined(separator: " ") }
        #expect(rows == ["russia donetsk ukraine 0.3"])
    }

    @Test("Witkoff spoke with Ushakov by phone on 14 October")
    func witkoffContacts() throws {
        let r = try Self.run(
            #"MATCH (:Official {id: "witkoff"})-[m:MEETS_WITH]-(o) WHERE o.id = "ushakov" RETURN m.date, m.mode"#)
        #expect(Self.column(r, 0) == ["2025-10-14"])
        #expect(Self.column(r, 1) == ["phone"])
    }
}
