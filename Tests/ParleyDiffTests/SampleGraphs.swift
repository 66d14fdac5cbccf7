import ParleyCore
import ParleyDiff

/// The rules of the negotiation schema that the diff uses, written out for tests that build
/// graphs in code (the schema-derived rules are checked against these in SchemaRulesTests).
let negotiationRules = DiffRules(
    stanceTypes: ["DEMANDS": .positive, "SUPPORTS": .positive, "PROPOSES": .positive, "REJECTS": .negative],
    identifyingAttributes: ["MEETS_WITH": ["date", "mode"]],
    symmetricTypes: ["MEETS_WITH"])

func day(_ s: String) -> Value { .date(LocalDate(iso: s)!) }
func date(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// A small "before Geneva" graph: the 28-point plan with three provisions, two parties, their
/// officials, stances, and a planned meeting.
func beforeGeneva() throws -> Graph {
    var g = Graph(metadata: SnapshotMetadata(id: "before-geneva", asOf: date("2025-11-21"), title: "The 28-point plan"))
    try g.addSource(Source(id: "guardian", outlet: "The Guardian", date: date("2025-11-21")))
    for e in [
        Entity(id: "russia", type: "Party", name: "Russia", aliases: ["Moscow"]),
        Entity(id: "ukraine", type: "Party", name: "Ukraine", aliases: ["Kyiv", "Kiev"]),
        Entity(id: "usa", type: "Party", name: "United States"),
        Entity(id: "zelensky", type: "Official", name: "Volodymyr Zelensky", aliases: ["Zelenskyy"]),
        Entity(id: "witkoff", type: "Official", name: "Steve Witkoff"),
        Entity(id: "umerov", type: "Official", name: "Rustem Umerov"),
        Entity(id: "plan-28", type: "Proposal", name: "28-point plan", attributes: ["points": 28, "status": "leaked"]),
        Entity(id: "army-cap", type: "Provision", name: "Cap on Ukraine's army", attributes: ["limit": 600_000, "topic": "military"]),
        Entity(id: "cede-donetsk", type: "Provision", name: "Ukraine cedes the rest of Donetsk", attributes: ["topic": "territory"]),
        Entity(id: "amnesty", type: "Provision", name: "Full amnesty", attributes: ["topic": "amnesty"]),
        Entity(id: "dmitriev", type: "Official", name: "Kirill Dmitriev", aliases: ["Dmitriev"]),
    ] { try g.addEntity(e) }
    let cite = [Citation(source: "guardian", quote: "a 28-point plan")]
    for (p, n) in [("army-cap", 5), ("cede-donetsk", 21), ("amnesty", 26)] {
        try g.addRelation(PortableRelation(from: p, type: "PART_OF", to: "plan-28", attributes: ["point": .int(n)], citations: cite))
    }
    try g.addRelation(PortableRelation(from: "zelensky", type: "REPRESENTS", to: "ukraine"))
    try g.addRelation(PortableRelation(from: "witkoff", type: "REPRESENTS", to: "usa"))
    try g.addRelation(PortableRelation(from: "umerov", type: "REPRESENTS", to: "ukraine"))
    try g.addRelation(PortableRelation(from: "dmitriev", type: "REPRESENTS", to: "russia"))
    try g.addRelation(PortableRelation(from: "russia", type: "DEMANDS", to: "cede-donetsk", citations: cite))
    try g.addRelation(PortableRelation(from: "ukraine", type: "REJECTS", to: "cede-donetsk", citations: cite))
    try g.addRelation(PortableRelation(from: "zelensky", type: "REJECTS", to: "plan-28", citations: cite))
    try g.addRelation(PortableRelation(from: "usa", type: "DEMANDS", to: "plan-28", citations: cite))
    try g.addRelation(
        PortableRelation(
            from: "witkoff", type: "MEETS_WITH", to: "umerov",
            attributes: ["date": day("2025-11-23"), "mode": "in-person", "status": "planned"], citations: cite))
    g.symmetricTypes = ["MEETS_WITH"]
    return g
}

/// "After Geneva": the army cap raised to 800,000, the amnesty dropped, the US softening from
/// DEMANDS to SUPPORTS on the plan, Zelensky renamed to `zelenskyy`, the meeting held, and a
/// second meeting on another date between the same two officials.
func afterGeneva() throws -> Graph {
    var g = try beforeGeneva()
    g.metadata = SnapshotMetadata(id: "after-geneva", asOf: date("2025-11-24"), title: "After Geneva")
    try g.addSource(Source(id: "bbc", outlet: "BBC", date: date("2025-11-24")))
    try g.updateEntity(g.handle(forID: "army-cap")!) { $0.attributes["limit"] = 800_000 }
    try g.updateEntity(g.handle(forID: "zelensky")!) { $0.id = "zelenskyy"; $0.aliases.append("Zelenskyj") }
    try g.removeEntity(g.handle(forID: "amnesty")!)
    let usaDemands = g.relations(from: g.handle(forID: "usa")!, ofType: "DEMANDS")[0]
    try g.removeRelation(usaDemands)
    try g.addRelation(
        PortableRelation(from: "usa", type: "SUPPORTS", to: "plan-28", citations: [Citation(source: "bbc", quote: "backs")]))
    let meeting = g.relations(ofType: "MEETS_WITH")[0]
    try g.updateRelation(meeting) {
        $0.attributes["status"] = "held"
        $0.citations.append(Citation(source: "bbc", quote: "met in Geneva"))
    }
    try g.addRelation(
        PortableRelation(
            from: "umerov", type: "MEETS_WITH", to: "witkoff",
            attributes: ["date": day("2025-11-30"), "mode": "in-person", "status": "planned"]))
    return g
}

/// The same graph with its entities, relations and sources added in reverse order.
func reversed(_ g: Graph) throws -> Graph {
    var r = Graph(metadata: g.metadata)
    r.symmetricTypes = g.symmetricTypes
    for s in g.sources.reversed() { try r.addSource(s) }
    for e in g.entities.reversed() { try r.addEntity(e) }
    for h in Array(g.relationHandles).reversed() { try r.addRelation(g.portable(h)) }
    return r
}
