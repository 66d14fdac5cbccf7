import Foundation
import ParleyAnalysis
import ParleyCore
import ParleyTestSupport
import Testing

/// The questions an analyst asks of graphs/ukraine-2025/, answered by the analyst commands'
/// library calls and checked against golden files (read against the articles in ../shared/seeds).
@Suite struct AnalystQuestionTests {
    @Test func whatRussiaDemands() throws {
        let a = try Dataset.analyst()
        let report = try a.positions(of: try a.resolver.resolve("Russia"))
        let demands = report.items.filter { $0.group == "DEMANDS" }.map { $0.fields["target"]?.stringValue ?? "" }
        #expect(demands == [
            "alaska-understandings", "amnesty", "army-cap-600k", "cede-donetsk", "cede-territory", "donbas", "donetsk",
            "legal-recognition", "luhansk", "no-nato", "sovereignty-luhansk", "withdraw-from-donbas",
        ])
        // Putin's and Lavrov's demands count for Russia and name them; Zelensky's account is marked.
        let recognition = try #require(report.items.first { $0.fields["target"] == "legal-recognition" })
        #expect(recognition.fields["voiced_by"] == "putin")
        #expect(recognition.fields["said_by"] == "zelensky")
        #expect(recognition.details.contains("said by Volodymyr Zelensky (one side's account)"))
        #expect(report.items.allSatisfy { !$0.citations.isEmpty })
        // Stances are grouped in the schema's order.
        var seen: [String] = []
        for g in report.items.compactMap(\.group) where seen.last != g { seen.append(g) }
        #expect(seen == ["DEMANDS", "SUPPORTS", "REJECTS", "PROPOSES"])
        try Golden.check(report.render(.table), "positions-russia.txt")
        try Golden.check(report.render(.markdown), "positions-russia.md")
    }

    @Test func whereRussiaAndUkraineDisagree() throws {
        let a = try Dataset.analyst()
        let report = try a.contested(between: (try a.resolver.resolve("russia"), try a.resolver.resolve("Ukraine")))
        #expect(Set(report.values("item")) == ["28-point-plan", "cede-donetsk", "no-nato"])
        for item in ["28-point-plan", "cede-donetsk", "no-nato"] {
            let sides = report.items.filter { $0.fields["item"]?.stringValue == item }
            let forRussia = sides.filter { $0.fields["side"] == "for" }
            let againstUkraine = sides.filter { $0.fields["side"] == "against" }
            #expect(forRussia.allSatisfy { $0.fields["party"] == "russia" } && !forRussia.isEmpty, "\(item)")
            #expect(againstUkraine.allSatisfy { $0.fields["party"] == "ukraine" } && !againstUkraine.isEmpty, "\(item)")
            #expect(sides.allSatisfy { !$0.citations.isEmpty }, "\(item): evidence for each side")
        }
        try Golden.check(report.render(.table), "contested-russia-ukraine.txt")
    }

    @Test func allStickingPoints() throws {
        let a = try Dataset.analyst()
        let report = try a.contested()
        #expect(Set(report.values("item")) == ["28-point-plan", "cede-donetsk", "no-nato", "trump-zelensky-meeting"])
        try Golden.check(report.render(.csv), "contested.csv")
    }

    @Test func whomWitkoffMetOrSpokeWith() throws {
        let a = try Dataset.analyst()
        let witkoff = try a.resolver.resolve("Tom Witkoff")
        let report = try a.neighbors(of: witkoff, relationTypes: ["MEETS_WITH"])
        #expect(report.values("neighbor") == ["dmitriev", "putin", "ushakov"])
        #expect(report.values("details") == [
            "mode in-person, status held, place Miami",
            "mode in-person, status planned, place Moscow",
            "2025-10-14, mode phone, status held",
        ])
        try Golden.check(report.render(.table), "neighbors-witkoff-meets-with.txt")
    }

    @Test func howZelenskyIsConnectedToPutin() throws {
        let a = try Dataset.analyst()
        let report = try a.path(from: try a.resolver.resolve("Zelenskyj"), to: try a.resolver.resolve("putin"), all: true)
        #expect(Set(report.values("hops")) == ["2"])
        // Both shortest connections: Trump (met both) and the proposed three-way meeting.
        #expect(Set(report.items.map(\.headline)) == [
            "Volodymyr Zelensky ←MEETS_WITH— Donald Trump", "Donald Trump —MEETS_WITH→ Vladimir Putin",
            "Volodymyr Zelensky —ATTENDS→ Trump meeting with Zelensky and Putin once the deal is final",
            "Trump meeting with Zelensky and Putin once the deal is final ←ATTENDS— Vladimir Putin",
        ])
        try Golden.check(report.render(.table), "path-zelensky-putin.txt")
        // Restricted to meetings and calls, the connection goes through Trump only.
        let met = try a.path(from: try a.resolver.resolve("zelensky"), to: try a.resolver.resolve("putin"), via: ["MEETS_WITH"], all: true)
        #expect(met.items.map(\.headline) == ["Volodymyr Zelensky ←MEETS_WITH— Donald Trump", "Donald Trump —MEETS_WITH→ Vladimir Putin"])
        let none = try a.path(from: try a.resolver.resolve("zelensky"), to: try a.resolver.resolve("putin"), via: ["CONTROLS"])
        #expect(none.items.isEmpty)
    }

    @Test func regionsRussiaControlsAndDemands() throws {
        let a = try Dataset.analyst()
        let russia = try a.resolver.resolve("Russia")
        // One question, one command: `parley neighbors russia --type controls,demands,Region`.
        let report = try a.neighbors(of: russia, relationTypes: ["CONTROLS", "DEMANDS"], neighborTypes: ["Region"])
        func regions(_ type: String) -> Set<String> {
            Set(report.items.filter { $0.fields["relation"]?.stringValue?.contains("[\(type)]") == true }
                .compactMap { $0.fields["neighbor"]?.stringValue })
        }
        #expect(regions("CONTROLS") == ["crimea", "donetsk", "kherson", "zaporizhzhia"])
        #expect(regions("DEMANDS") == ["donbas", "donetsk", "luhansk"])
        #expect(regions("CONTROLS").intersection(regions("DEMANDS")) == ["donetsk"])
        let donetsk = report.items.first { $0.fields["relation"] == "russia -[CONTROLS]-> donetsk" }
        #expect(donetsk?.fields["details"]?.stringValue?.contains("share 0.7") == true)
        try Golden.check(report.render(.table), "neighbors-russia-regions.txt")
        // The provisions behind the regional demands are in Russia's positions too.
        let positions = try a.positions(of: russia)
        let demanded = positions.items.filter { $0.group == "DEMANDS" }.compactMap { $0.fields["target"]?.stringValue }
        #expect(Set(["cede-donetsk", "withdraw-from-donbas", "sovereignty-luhansk", "donetsk", "donbas", "luhansk"]).isSubset(of: demanded))
    }

    @Test func ukrainesStanceOnThePlanAcrossSnapshots() throws {
        var lines: [String] = []
        var history: [String: [String]] = [:]
        for file in Dataset.snapshots {
            let a = try Dataset.analyst(file)
            let report = try a.positions(of: try a.resolver.resolve("ukraine"))
            let onPlan = report.items.filter { ["28-point-plan", "geneva-draft"].contains($0.fields["target"]?.stringValue ?? "") }
            history[file] = onPlan.map { "\($0.fields["stance"]!) \($0.fields["target"]!)" + ($0.fields["voiced_by"].flatMap(\.stringValue).map { " (\($0))" } ?? "") }
            lines.append("\(file):")
            lines += history[file]!.map { "  " + $0 }
        }
        #expect(history[Dataset.plan] == ["REJECTS 28-point-plan"])
        #expect(history[Dataset.geneva] == ["SUPPORTS geneva-draft", "SUPPORTS geneva-draft (zelensky)", "REJECTS 28-point-plan"])
        #expect(history[Dataset.abuDhabi] == [
            "SUPPORTS geneva-draft", "SUPPORTS geneva-draft (umerov)", "SUPPORTS geneva-draft (zelensky)", "REJECTS 28-point-plan",
        ])
        try Golden.check(lines.joined(separator: "\n") + "\n", "ukraine-stance-on-the-plan.txt")
    }

    @Test func commonGroundOfUkraineAndEurope() throws {
        let a = try Dataset.analyst()
        let report = try a.common([try a.resolver.resolve("ukraine"), try a.resolver.resolve("europe")])
        #expect(Set(report.values("item")) == ["ceasefire-first", "europe-included", "security-guarantees"])
        let against = try a.common([try a.resolver.resolve("ukraine"), try a.resolver.resolve("europe")], against: true)
        #expect(Set(against.values("item")) == ["28-point-plan"])
        try Golden.check(report.render(.json), "common-ukraine-europe.json")
    }

    @Test func witkoffsCardAndTimeline() throws {
        let a = try Dataset.analyst()
        let witkoff = try a.resolver.resolve("witkoff")
        let card = try a.card(of: witkoff)
        #expect(card.header.contains { $0.0 == "aliases" })
        #expect(card.items.count == a.graph.neighbors(of: witkoff).count)
        try Golden.check(card.render(.markdown), "show-witkoff.md")
        let timeline = try a.timeline(touching: witkoff)
        #expect(timeline.values("date").first == "2025-10-14")
        try Golden.check(timeline.render(.table), "timeline-witkoff.txt")
        let all = try a.timeline()
        let dates = all.items.compactMap { $0.fields["date"]?.dateValue }
        #expect(dates == dates.sorted() && dates.count >= 20)
    }

    @Test func positionMatrix() throws {
        let a = try Dataset.analyst()
        let ids = ["russia", "ukraine", "united-states", "europe"]
        let matrix = try a.positionMatrix(parties: try ids.map { try a.resolver.resolve($0) })
        #expect(matrix.columns == ["item", "type"] + ids)
        let plan = try #require(matrix.items.first { $0.headline == "28-point peace plan" })
        #expect(plan.fields["russia"] == "supports" && plan.fields["ukraine"] == "rejects")
        #expect(plan.fields["united-states"] == "proposes" && plan.fields["europe"] == "rejects")
        try Golden.check(matrix.render(.markdown), "matrix.md")
    }
}
