import ParleyCore
import ParleySchema
import ParleyTestSupport
import Testing

@Suite("Schema loading")
struct SchemaLoadingTests {
    static let schema: Schema? = try? Schema.load(path: Paths.schema.path)

    @Test("the negotiation schema loads with every type the issue asks for")
    func negotiationSchemaLoads() throws {
        let schema = try Schema.load(path: Paths.schema.path)
        #expect(schema.name == "negotiation")
        #expect(schema.version == 1)
        let entityNames = Set(schema.entityTypes.map(\.name))
        for t in ["Party", "Official", "Organization", "Region", "Proposal", "Provision", "Meeting", "Event"] {
            #expect(entityNames.contains(t), "missing entity type \(t)")
        }
        let relationNames = Set(schema.relationTypes.map(\.name))
        for t in [
            "DEMANDS", "REJECTS", "SUPPORTS", "PROPOSES", "MEETS_WITH", "CONTROLS", "REPRESENTS", "MEMBER_OF", "PART_OF",
            "ATTENDS", "MEDIATES", "REVISES",
        ] {
            #expect(relationNames.contains(t), "missing relation type \(t)")
        }
        #expect(schema.entityTypes.first?.name == "Party", "file order is kept")
        #expect(schema.symmetricTypes == ["MEETS_WITH"])
        #expect(schema.stanceTypes["DEMANDS"] == .positive)
        #expect(schema.stanceTypes["REJECTS"] == .negative)
        #expect(schema.stanceTypes["MEETS_WITH"] == nil)
        let demands = try #require(schema.relationType(named: "DEMANDS"))
        #expect(demands.from == ["Party", "Official", "Organization"])
        #expect(demands.style?.color == "#b71c1c")
        let meets = try #require(schema.relationType(named: "MEETS_WITH"))
        #expect(meets.identifying == ["date", "mode"])
        #expect(meets.attributes["mode"]?.type == .enum)
        #expect(meets.attributes["mode"]?.values.contains("phone") == true)
        #expect(schema.relationAttributes["said_by"]?.type == .entity)
        #expect(schema.entityAttributes["disputes"]?.items == .map)
        #expect(schema.entityType(named: "Party")?.style?.shape == "box")
    }

    @Test(
        "relation type aliases resolve, ignoring case and separators",
        arguments: [
            ("demands", "DEMANDS"), ("DEMANDS", "DEMANDS"), ("Demands", "DEMANDS"), ("rejects", "REJECTS"),
            ("meets-with", "MEETS_WITH"), ("Meets_With", "MEETS_WITH"), ("meets with", "MEETS_WITH"),
            ("MEETS-WITH", "MEETS_WITH"), ("met", "MEETS_WITH"), ("controls", "CONTROLS"), ("member-of", "MEMBER_OF"),
            ("member_of", "MEMBER_OF"), ("part of", "PART_OF"), ("speaks-for", "REPRESENTS"),
        ])
    func relationAliases(spelling: String, canonical: String) throws {
        let schema = try #require(Self.schema)
        #expect(schema.relationType(named: spelling)?.name == canonical)
    }

    @Test(
        "entity type aliases resolve",
        arguments: [
            ("Party", "Party"), ("party", "Party"), ("PARTY", "Party"), ("envoy", "Official"), ("Organisation", "Organization"),
            ("oblast", "Region"), ("talks", "Meeting"), ("point", "Provision"),
        ])
    func entityAliases(spelling: String, canonical: String) throws {
        let schema = try #require(Self.schema)
        #expect(schema.entityType(named: spelling)?.name == canonical)
    }

    @Test("unknown spellings resolve to nothing", arguments: ["demandz", "MEETSWITH", "", "Partyy"])
    func unknownSpellings(spelling: String) throws {
        let schema = try #require(Self.schema)
        #expect(schema.relationType(named: spelling) == nil)
        #expect(schema.entityType(named: spelling) == nil)
    }

    @Test("canonicalize rewrites alias spellings and sets the symmetric types")
    func canonicalize() throws {
        let schema = try #require(Self.schema)
        var g = Graph()
        let a = try g.addEntity(Entity(id: "witkoff", type: "envoy", labels: ["person"]))
        let b = try g.addEntity(Entity(id: "ushakov", type: "Official"))
        let c = try g.addEntity(Entity(id: "x", type: "Gadget"))
        let r1 = try g.addRelation(Relation(from: a, type: "meets-with", to: b))
        let r2 = try g.addRelation(Relation(from: a, type: "Meets_With", to: b))
        let r3 = try g.addRelation(Relation(from: a, type: "frobnicates", to: c))
        schema.canonicalize(&g)
        #expect(g[a].type == "Official")
        #expect(g[a].labels == ["person"], "further labels are free-form, even when they spell an alias")
        #expect(g[c].type == "Gadget", "unknown types are left for the validator")
        #expect(g[r1].type == "MEETS_WITH")
        #expect(g[r2].type == "MEETS_WITH")
        #expect(g[r3].type == "frobnicates")
        #expect(g.symmetricTypes.contains("MEETS_WITH"))
        #expect(g.relations(ofType: "MEETS_WITH").count == 2)
        #expect(g.relations(ofType: "meets-with").isEmpty)
        #expect(g.entities(ofType: "Official").count == 2)
        #expect(g.checkInvariants().isEmpty)
        // Symmetric: reachable from ushakov's side too.
        #expect(g.neighbors(of: b, types: ["MEETS_WITH"], direction: .outgoing).count == 2)
    }

    @Test("a schema is found by name and by path from a snapshot's folder")
    func locating() throws {
        let example = Paths.graphs.appendingPathComponent("example/minimal.yaml").path
        let byName = try #require(Schema.resolve(reference: "negotiation", relativeTo: example))
        let byPath = try #require(Schema.resolve(reference: "../../schema/negotiation.yaml", relativeTo: example))
        #expect(byName.hasSuffix("schema/negotiation.yaml"))
        #expect(byPath.hasSuffix("schema/negotiation.yaml"))
        #expect(Schema.resolve(reference: "../nowhere/none.yaml", relativeTo: example) == nil)
        #expect(Schema.default(near: example)?.name == "negotiation")
    }
}
