import ParleyCore
@testable import ParleyQuery

/// A small negotiation graph built in code: three parties, four provisions, two officials.
enum QueryFixtures {
    static let graph: Graph = {
        var g = Graph()
        func add(_ e: Entity) -> EntityHandle { (try? g.addEntity(e)) ?? EntityHandle(0) }
        let ru = add(Entity(id: "russia", type: "Party", name: "Russia", aliases: ["Russian Federation", "RF"]))
        let ua = add(Entity(id: "ukraine", type: "Party", name: "Ukraine"))
        let us = add(Entity(id: "usa", type: "Party", name: "United States", aliases: ["US"]))
        let donbas = add(Entity(id: "donbas-withdrawal", type: "Provision", name: "Withdrawal from Donbas", attributes: ["points": 1]))
        let army = add(Entity(id: "army-cap", type: "Provision", name: "Army capped at 600,000", attributes: ["points": 2]))
        let nato = add(Entity(id: "no-nato", type: "Provision", name: "No NATO membership", attributes: ["points": 3]))
        let guarantees = add(Entity(id: "guarantees", type: "Provision", name: "Security guarantees"))
        let zel = add(Entity(id: "zelensky", type: "Official", name: "Volodymyr Zelensky", aliases: ["Zelenskyy"], labels: ["HeadOfState"]))
        let wit = add(Entity(id: "witkoff", type: "Official", name: "Steve Witkoff"))
        func rel(_ a: EntityHandle, _ t: String, _ b: EntityHandle, quote: String? = nil, from: String? = nil) {
            var r = Relation(from: a, type: t, to: b)
            if let quote { r.citations = [Citation(source: "reuters-1", quote: quote)] }
            if let from { r.validFrom = LocalDate(iso: from) }
            _ = try? g.addRelation(r)
        }
        rel(ru, "DEMANDS", donbas, quote: "Russia demands that Ukraine withdraw")
        rel(ru, "DEMANDS", army)
        rel(ru, "DEMANDS", nato)
        rel(ua, "REJECTS", donbas, quote: "Kyiv rejects any withdrawal")
        rel(ua, "REJECTS", nato)
        rel(ua, "DEMANDS", guarantees, from: "2025-11-23")
        rel(us, "PROPOSES", donbas)
        rel(us, "SUPPORTS", guarantees)
        rel(zel, "REPRESENTS", ua)
        rel(wit, "REPRESENTS", us)
        rel(wit, "MEETS_WITH", zel)
        g.symmetricTypes = ["MEETS_WITH"]
        return g
    }()

    /// Runs a query on a copy of the fixture graph and renders each row as `a | b` in TCK notation.
    static func rows(_ query: String, parameters: [String: Value] = [:], graph: Graph = QueryFixtures.graph) throws -> [String] {
        var engine = QueryEngine(graph: graph)
        let r = try engine.run(query, parameters: parameters)
        return r.rows.map { $0.map { TCKValue($0, graph: engine.graph).canonical() }.joined(separator: " | ") }
    }
}
