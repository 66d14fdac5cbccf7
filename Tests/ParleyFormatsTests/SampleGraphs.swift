import Foundation
import ParleyCore

/// Graphs built in code for the format tests: a small negotiation graph with every feature
/// Parley stores, and one with names chosen to break quoting.
enum SampleGraphs {
    static func date(_ s: String) -> LocalDate { LocalDate(iso: s)! }

    /// Parties, officials, a provision, a meeting: types, labels, aliases, citations, validity,
    /// confidence, attributes of every value kind, snapshot metadata and sources.
    static func negotiation() -> Graph {
        var g = Graph(
            metadata: SnapshotMetadata(
                id: "ukraine-2025-after-geneva", asOf: date("2025-11-24"), title: "After the Geneva round",
                schema: "../../schema/negotiation.yaml", description: "Test snapshot.", attributes: ["round": 2, "tags": ["geneva", "us"]]))
        g.symmetricTypes = ["MEETS_WITH"]
        try! g.addSource(
            Source(
                id: "guardian-2025-11-25", outlet: "The Guardian", title: "US to send envoy to Moscow", date: date("2025-11-25"),
                file: "../seeds/003.txt", url: "https://example.org/a?b=1&c=2"))
        try! g.addSource(Source(id: "reuters-1", outlet: "Reuters", attributes: ["paywall": false]))
        try! g.addEntity(Entity(id: "russia", type: "Party", name: "Russia", aliases: ["Russian Federation", "RF"], attributes: ["kind": "state"]))
        try! g.addEntity(Entity(id: "ukraine", type: "Party", name: "Ukraine", attributes: ["kind": "state"]))
        try! g.addEntity(
            Entity(
                id: "zelensky", type: "Official", name: "Volodymyr Zelensky", aliases: ["Zelenskyy", "Zelenskyj"], labels: ["Leader"],
                attributes: ["title": "President of Ukraine", "country": "ukraine"],
                citations: [Citation(source: "guardian-2025-11-25", quote: "Ukrainian President Volodymyr Zelensky")]))
        try! g.addEntity(Entity(id: "witkoff", type: "Official", name: "Steve Witkoff"))
        try! g.addEntity(Entity(id: "ushakov", type: "Official", name: "Yuri Ushakov"))
        try! g.addEntity(
            Entity(
                id: "cede-donetsk", type: "Provision", name: "Cede the rest of Donetsk",
                attributes: [
                    "topic": "territory", "limit": 600_000, "share": 0.3, "agreed": false, "since": .date(date("2025-11-20")),
                    "points": [1, 2.5, "x", nil, .map(["nested": .date(date("2025-01-01"))])], "$odd": .map(["$date": "not a date"]),
                    "nothing": nil, "ratio": .float(.infinity), "ctrl": "bell\u{7}char",
                ]))
        try! g.addRelation(
            Relation(
                from: g.handle(forID: "russia")!, type: "DEMANDS", to: g.handle(forID: "cede-donetsk")!,
                attributes: ["date": .date(date("2025-11-21"))],
                citations: [Citation(source: "guardian-2025-11-25", quote: "Russia continues to demand that Ukraine cede \"the 30%\"")],
                validFrom: date("2025-11-20"), confidence: .high))
        try! g.addRelation(
            Relation(
                from: g.handle(forID: "ukraine")!, type: "REJECTS", to: g.handle(forID: "cede-donetsk")!,
                citations: [Citation(source: "reuters-1")], validFrom: date("2025-11-21"), validUntil: date("2025-11-30"),
                confidence: .medium))
        try! g.addRelation(from: "zelensky", type: "REPRESENTS", to: "ukraine", attributes: ["role": "President"])
        try! g.addRelation(from: "ushakov", type: "REPRESENTS", to: "russia")
        // Parallel symmetric relations that differ only in attributes.
        try! g.addRelation(from: "witkoff", type: "MEETS_WITH", to: "ushakov", attributes: ["date": .date(date("2025-10-14")), "mode": "phone"])
        try! g.addRelation(from: "witkoff", type: "MEETS_WITH", to: "ushakov", attributes: ["date": .date(date("2025-11-30")), "mode": "in-person"])
        try! g.addRelation(
            Relation(from: g.handle(forID: "russia")!, type: "DEMANDS", to: g.handle(forID: "cede-donetsk")!, confidence: .low))
        return g
    }

    /// Names that break naive quoting in DOT, XML and JSON.
    static let adversarialNames = [
        "node", "graph", "digraph", "strict", "subgraph", "edge", "NODE", "Strict", "-", "--", "->", "1abc", "-1.5", ".5",
        "a\"quote", "back\\slash", "trailing\\", "new\nline", "cr\rreturn", "tab\there", "<b>html</b>", "a & b", "a&amp;b",
        "ünïcödé Київ 北京", "emoji 🇺🇦", "", " ", "{}", "[]", ";", "=", "a;b=c", "#comment", "//x", "/*x*/",
        "\\N", "\\G", "\\L", "\\l", "\\n", "%", "_x0020_", "a_xb", "x:y", "\u{7}bell", "zero\u{200B}width",
    ]

    /// Entities and relations named with ``adversarialNames``: as ids, types, names, attribute
    /// names and values, quotes.
    static func adversarial() -> Graph {
        var g = Graph(metadata: SnapshotMetadata(id: "adversarial \"<&>\"", title: "a\nb"))
        try! g.addSource(Source(id: "src \"1\" <&>", title: "quote \\ source"))
        var handles: [EntityHandle] = []
        for (i, name) in adversarialNames.enumerated() {
            let e = Entity(
                id: name, type: i % 3 == 0 ? (name.isEmpty ? "T" : name) : "Party", name: name, aliases: [name + " alias"],
                attributes: [name.isEmpty ? "empty-name" : name: .string(name), "n": .int(i)],
                citations: [Citation(source: "src \"1\" <&>", quote: name)])
            handles.append(try! g.addEntity(e))
        }
        for i in 0..<handles.count {
            let type = adversarialNames[(i * 7) % adversarialNames.count]
            try! g.addRelation(
                Relation(
                    from: handles[i], type: type.isEmpty ? "EMPTY" : type, to: handles[(i + 1) % handles.count],
                    attributes: ["note": .string(adversarialNames[(i * 3) % adversarialNames.count])],
                    citations: [Citation(source: "src \"1\" <&>", quote: adversarialNames[(i * 5) % adversarialNames.count])]))
        }
        g.symmetricTypes = ["node", "a\"quote"]
        return g
    }
}
