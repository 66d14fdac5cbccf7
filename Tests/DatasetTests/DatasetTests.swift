import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleyTestSupport
import Testing

/// Every snapshot loads, names the schema and passes `validate --strict` (quotes checked against
/// `../shared/seeds/` when it is there), and the structure the dataset promises holds.
@Suite("ukraine-2025: each snapshot is valid")
struct DatasetValidityTests {
    @Test("loads without reader errors and validates strictly without errors", arguments: Ukraine2025.all)
    func validatesStrictly(name: String) throws {
        let loaded = try Ukraine2025.load(name)
        #expect(loaded.schema?.name == "negotiation")
        #expect(loaded.diagnostics.filter { $0.severity == .error }.isEmpty, "\(loaded.diagnostics)")
        let problems = Validator.validate(
            loaded.graph, sourceMap: loaded.sourceMap, schema: loaded.schema,
            readerDiagnostics: loaded.diagnostics, strict: true)
        let errors = problems.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.map(\.description).joined(separator: "\n"))")
        #expect(loaded.graph.checkInvariants().isEmpty)
    }

    @Test("metadata: id, as-of date from the file name, the schema", arguments: Ukraine2025.all)
    func metadata(name: String) throws {
        let g = try Ukraine2025.graph(name)
        #expect(g.metadata.asOf?.description == String(name.prefix(10)))
        let schemaPath = try #require(g.metadata.schema)
        #expect(schemaPath == "../../schema/negotiation.yaml")
        let resolved = Ukraine2025.folder.appendingPathComponent(schemaPath).standardizedFileURL.path
        #expect(resolved == Paths.schema.standardizedFileURL.path)
        #expect(g.metadata.id?.hasPrefix("ukraine-2025-") == true)
    }

    @Test("every relation cites an article with a quote of at most 30 words", arguments: Ukraine2025.all)
    func everyRelationCited(name: String) throws {
        let g = try Ukraine2025.graph(name)
        #expect(g.relationCount > 90)
        for h in g.relationHandles {
            let r = g[h]
            let label = "\(g.fromID(h)) \(r.type) \(g.toID(h))"
            #expect(!r.citations.isEmpty, "\(label) cites nothing")
            #expect(!g.articles(citing: r).isEmpty, "\(label) cites no seed article")
            for c in r.citations {
                let quote = c.quote ?? ""
                #expect(!quote.isEmpty, "\(label): citation of \(c.source) has no quote")
                #expect(QuoteText.wordCount(quote) <= 30, "\(label): quote too long")
            }
        }
    }

    @Test("a disputed relation explains itself in a note", arguments: Ukraine2025.all)
    func disputedHaveNotes(name: String) throws {
        let g = try Ukraine2025.graph(name)
        var disputed = 0
        for h in g.relationHandles where g[h].attributes["disputed"]?.boolValue == true {
            disputed += 1
            #expect(g[h].attributes["note"]?.stringValue?.isEmpty == false, "\(g.fromID(h)) \(g[h].type) \(g.toID(h))")
        }
        #expect(disputed >= 4)
    }

    @Test("the same thing has the same id, type and name in every snapshot")
    func stableIDs() throws {
        let graphs = try Ukraine2025.all.map(Ukraine2025.graph)
        for (earlier, later) in zip(graphs, graphs.dropFirst()) {
            for e in earlier.entities {
                let match = later.entity(withID: e.id)
                #expect(match?.type == e.type && match?.name == e.name, "\(e.id) changed or vanished")
            }
        }
    }
}

/// Facts of each article, asserted through the library: a stance, a meeting, a control share, an alias.
@Suite("ukraine-2025: spot checks per article")
struct DatasetArticleTests {
    static func last() throws -> Graph { try Ukraine2025.graph(Ukraine2025.afterAbuDhabi) }

    // MARK: 000, BBC News

    @Test("000: Russia demands Ukraine's withdrawal from all of Donbas; Donetsk and Luhansk are in Donbas")
    func bbcDonbas() throws {
        let g = try Self.last()
        let r = try #require(g.relation("russia", "DEMANDS", "withdraw-from-donbas"))
        #expect(g.quotes(of: r, from: .bbc).contains { $0.contains("complete withdrawal of Ukrainian forces") })
        #expect(g.relation("donetsk", "PART_OF", "donbas") != nil)
        #expect(g.relation("luhansk", "PART_OF", "donbas") != nil)
    }

    @Test("000: Russia holds Crimea (annexed in 2014) and substantial portions of Kherson and Zaporizhzhia")
    func bbcControl() throws {
        let g = try Self.last()
        let crimea = try #require(g.relation("russia", "CONTROLS", "crimea"))
        #expect(crimea.attributes["how"]?.stringValue == "annexed in 2014")
        #expect(g.articles(citing: crimea).contains(.bbc))
        for region in ["kherson", "zaporizhzhia"] {
            let r = try #require(g.relation("russia", "CONTROLS", region))
            #expect(r.attributes["extent"]?.stringValue == "substantial portions")
        }
    }

    @Test("000: Putin's demand for legal recognition is Zelensky's account (said_by), on Monday 24 November")
    func bbcReportedSpeech() throws {
        let g = try Self.last()
        let r = try #require(g.relation("putin", "DEMANDS", "legal-recognition"))
        #expect(r.attributes["said_by"]?.stringValue == "zelensky")
        #expect(r.attributes["date"]?.isoDate == "2025-11-24")
        #expect(g.articles(citing: r) == [.bbc])
    }

    @Test("000: Bloomberg published the Witkoff–Ushakov transcript on Tuesday 25 November")
    func bbcBloomberg() throws {
        let g = try Self.last()
        let r = try #require(g.relation("bloomberg", "PUBLISHES", "witkoff-ushakov-call"))
        #expect(r.attributes["date"]?.isoDate == "2025-11-25")
        #expect(g.articles(citing: r).isSuperset(of: [.bbc, .a001, .a002]))
    }

    // MARK: 001

    @Test("001: the Witkoff–Ushakov phone call of 14 October 2025")
    func witkoffUshakovCall() throws {
        let g = try Self.last()
        let r = try #require(g.relation("witkoff", "MEETS_WITH", "ushakov"))
        #expect(r.attributes["date"]?.isoDate == "2025-10-14")
        #expect(r.attributes["mode"]?.stringValue == "phone")
        #expect(r.attributes["status"]?.stringValue == "held")
        #expect(r.attributes["meeting"]?.stringValue == "witkoff-ushakov-call")
        #expect(g.quotes(of: r, from: .a001).contains { $0.contains("October 14 phone call") })
        let call = try #require(g.entity(withID: "witkoff-ushakov-call"))
        #expect(call.type == "Meeting")
        #expect(call.attributes["date"]?.isoDate == "2025-10-14")
        // Symmetric: the same call seen from Ushakov's end.
        #expect(g.relation("ushakov", "MEETS_WITH", "witkoff") != nil)
    }

    @Test("001: the Kremlin confirms Witkoff's Moscow visit; Ushakov's confirmation is disputed by 002")
    func moscowVisit() throws {
        let g = try Self.last()
        let visit = try #require(g.entity(withID: "witkoff-moscow-visit"))
        #expect(visit.attributes["status"]?.stringValue == "planned")
        #expect(g.relation("kremlin", "CONFIRMS", "witkoff-moscow-visit")?.attributes["date"]?.isoDate == "2025-11-26")
        let u = try #require(g.relation("ushakov", "CONFIRMS", "witkoff-moscow-visit"))
        #expect(u.attributes["disputed"]?.boolValue == true)
        #expect(g.articles(citing: u) == [.a001, .a002])
        #expect(g.relation("witkoff-moscow-visit", "HELD_IN", "moscow") != nil)
    }

    @Test("001: the 28-point plan required Ukraine to cede the entire Donetsk region")
    func planDonetsk() throws {
        let g = try Ukraine2025.graph(Ukraine2025.beforeGeneva)
        let r = try #require(g.relation("cede-donetsk", "PART_OF", "28-point-plan"))
        #expect(g.quotes(of: r, from: .a001).contains { $0.contains("cede the entire Donetsk region") })
        #expect(r.attributes["point"] == nil, "the articles give no point numbers")
    }

    // MARK: 002

    @Test("002: Dmitriev denies the leaked calls, Ushakov confirms them; both marked disputed")
    func leakDenied() throws {
        let g = try Self.last()
        for call in ["witkoff-ushakov-call", "dmitriev-ushakov-call"] {
            let denial = try #require(g.relation("dmitriev", "DENIES", call))
            let confirmation = try #require(g.relation("ushakov", "CONFIRMS", call))
            #expect(denial.attributes["disputed"]?.boolValue == true)
            #expect(confirmation.attributes["disputed"]?.boolValue == true)
            #expect(confirmation.attributes["date"]?.isoDate == "2025-11-26")
            #expect(g.articles(citing: denial) == [.a002])
        }
    }

    @Test("002: Trump rules out the meeting with Zelensky: proposed after Geneva, ruled out after Abu Dhabi")
    func meetingRuledOut() throws {
        let before = try Ukraine2025.graph(Ukraine2025.beforeGeneva)
        let mid = try Ukraine2025.graph(Ukraine2025.afterGeneva)
        let last = try Self.last()
        #expect(before.entity(withID: "trump-zelensky-meeting") == nil)
        #expect(mid.entity(withID: "trump-zelensky-meeting")?.attributes["status"]?.stringValue == "proposed")
        #expect(last.entity(withID: "trump-zelensky-meeting")?.attributes["status"]?.stringValue == "ruled-out")
        let r = try #require(last.relation("trump", "REJECTS", "trump-zelensky-meeting"))
        #expect(last.quotes(of: r, from: .a002).contains { $0.contains("categorically ruled out") })
        #expect(last.relation("zelensky", "PROPOSES", "trump-zelensky-meeting") != nil)
    }

    @Test("002: Dmitriev's spellings resolve to one official", arguments: ["Dmitriev", "Dmítriev", "Kiril Dmítriev", "Kiril Dmitriev", "Kirill Dmitriev"])
    func dmitrievAliases(spelling: String) throws {
        #expect(try Self.last().resolvedIDs(spelling) == ["dmitriev"])
    }

    @Test("002: the Insider's account of the plan's origin is attributed, not asserted")
    func insider() throws {
        let g = try Self.last()
        let r = try #require(g.relation("28-point-plan", "REVISES", "dmitriev-document"))
        #expect(r.attributes["said_by"]?.stringValue == "the-insider")
        #expect(r.attributes["disputed"]?.boolValue == true)
    }

    // MARK: 003, The Guardian

    @Test("003: Russia demands the cession of Donetsk; Ukraine rejects it")
    func guardianDonetskStance() throws {
        let g = try Self.last()
        let demand = try #require(g.relation("russia", "DEMANDS", "cede-donetsk"))
        #expect(g.quotes(of: demand, from: .guardian).contains {
            $0 == "Russia continues to demand that Ukraine cede the 30% of Donetsk province that it has not captured"
        })
        let rejection = try #require(g.relation("ukraine", "REJECTS", "cede-donetsk"))
        #expect(g.quotes(of: rejection, from: .guardian).contains { $0.contains("unacceptable") })
    }

    @Test("003: Russia holds about 70% of Donetsk, Ukraine the 30% it has not captured", arguments: Ukraine2025.all)
    func donetskShares(name: String) throws {
        let g = try Ukraine2025.graph(name)
        let russia = try #require(g.relation("russia", "CONTROLS", "donetsk")?.attributes["share"]?.numberValue)
        let ukraine = try #require(g.relation("ukraine", "CONTROLS", "donetsk")?.attributes["share"]?.numberValue)
        #expect(abs(russia - 0.7) < 1e-9)
        #expect(abs(ukraine - 0.3) < 1e-9)
    }

    @Test("003: the Russian attack of the night of 25 November on Kyiv: 22 missiles, 464 drones, 7 killed")
    func kyivStrike() throws {
        let g = try Self.last()
        let strike = try #require(g.entity(withID: "kyiv-strike-2025-11-25"))
        #expect(strike.attributes["missiles"]?.intValue == 22)
        #expect(strike.attributes["drones"]?.intValue == 464)
        #expect(strike.attributes["killed"]?.intValue == 7)
        #expect(g.relation("russia", "CONDUCTS", "kyiv-strike-2025-11-25") != nil)
        #expect(g.relation("kyiv-strike-2025-11-25", "TARGETS", "kyiv") != nil)
        #expect(g.resolvedIDs("Kiev") == ["kyiv"])
    }

    @Test("003: the coalition of the willing met virtually on 25 November, chaired by Macron and Starmer")
    func coalition() throws {
        let g = try Self.last()
        #expect(g.relation("macron", "CHAIRS", "coalition-call-2025-11-25") != nil)
        #expect(g.relation("starmer", "CHAIRS", "coalition-call-2025-11-25") != nil)
        let r = try #require(g.relation("zelensky", "MEETS_WITH", "coalition-of-the-willing"))
        #expect(r.attributes["mode"]?.stringValue == "virtual")
        #expect(r.attributes["date"]?.isoDate == "2025-11-25")
    }

    // MARK: 004

    @Test("004: Witkoff and Driscoll as authors of the plan, disputed")
    func article004Authors() throws {
        let g = try Ukraine2025.graph(Ukraine2025.beforeGeneva)
        for author in ["witkoff", "driscoll"] {
            let r = try #require(g.relation(author, "AUTHORS", "28-point-plan"))
            #expect(r.attributes["disputed"]?.boolValue == true)
            #expect(g.articles(citing: r).contains(.a004))
        }
    }

    @Test("004: its wrong names and titles are kept as disputes, with the quote")
    func article004Errors() throws {
        let g = try Self.last()
        let expected: [(String, String, String)] = [
            ("rubio", "title", "Senator"), ("vance", "title", "Senator"), ("witkoff", "name", "Tom Witkoff"),
            ("driscoll", "name", "michael Driscoll"), ("united-states", "administration", "Biden administration"),
        ]
        for (id, attribute, value) in expected {
            let claim = g.disputes(of: id).first {
                $0["attribute"]?.stringValue == attribute && $0["value"]?.stringValue == value
            }
            let found = try #require(claim, "\(id): no dispute of \(attribute) = \(value)")
            #expect(g.article(of: found["source"]?.stringValue ?? "") == .a004)
            #expect(found["quote"]?.stringValue?.isEmpty == false)
        }
    }

    @Test("004: every spelling it uses resolves", arguments: [
        ("Tom Witkoff", "witkoff"), ("michael Driscoll", "driscoll"), ("J.D. Vance", "vance"), ("Zelenskyy", "zelensky"),
    ])
    func article004Aliases(spelling: String, id: String) throws {
        #expect(try Ukraine2025.graph(Ukraine2025.beforeGeneva).resolvedIDs(spelling) == [id])
    }
}

/// What changes between the snapshots: the story the diff tells.
@Suite("ukraine-2025: changes between snapshots")
struct DatasetChangeTests {
    @Test("Zelensky's spellings resolve to him in every snapshot", arguments: Ukraine2025.all)
    func zelenskyAliases(name: String) throws {
        let g = try Ukraine2025.graph(name)
        for spelling in ["Zelensky", "Zelenskyy", "Zelenskyj", "zelenskyj", "Volodymyr Zelenskyj"] {
            #expect(g.resolvedIDs(spelling) == ["zelensky"], "\(spelling)")
        }
    }

    @Test("the army cap: 600,000 in the 28-point plan, 800,000 in the revised draft")
    func armyCap() throws {
        let before = try Ukraine2025.graph(Ukraine2025.beforeGeneva)
        #expect(before.entity(withID: "army-cap-600k")?.attributes["limit"]?.intValue == 600_000)
        #expect(before.relation("army-cap-600k", "PART_OF", "28-point-plan") != nil)
        #expect(before.entity(withID: "army-cap-800k") == nil)
        #expect(before.entity(withID: "geneva-draft") == nil)
        for name in [Ukraine2025.afterGeneva, Ukraine2025.afterAbuDhabi] {
            let g = try Ukraine2025.graph(name)
            #expect(g.entity(withID: "army-cap-800k")?.attributes["limit"]?.intValue == 800_000)
            let part = try #require(g.relation("army-cap-800k", "PART_OF", "geneva-draft"))
            let revision = try #require(g.relation("army-cap-800k", "REVISES", "army-cap-600k"))
            // 003 says raised, 002 says dropped: both kept, marked disputed.
            #expect(part.attributes["disputed"]?.boolValue == true)
            #expect(revision.attributes["disputed"]?.boolValue == true)
            #expect(g.articles(citing: revision).contains(.guardian))
            #expect(g.relation("geneva-draft", "REVISES", "28-point-plan") != nil)
        }
    }

    @Test("the Geneva round: planned for Sunday 23 November, then held")
    func genevaHeld() throws {
        let statuses = try Ukraine2025.all.map {
            try Ukraine2025.graph($0).entity(withID: "geneva-talks")?.attributes["status"]?.stringValue
        }
        #expect(statuses == ["planned", "held", "held"])
        let date = try #require(
            try Ukraine2025.graph(Ukraine2025.afterGeneva).entity(withID: "geneva-talks")?.attributes["date"]?.isoDate)
        #expect(date == "2025-11-23")
        #expect(LocalDate(iso: date)?.weekday == 7, "the articles say Sunday")
    }

    @Test("Trump's deadline: demanded before Abu Dhabi, dropped after")
    func deadline() throws {
        for name in [Ukraine2025.beforeGeneva, Ukraine2025.afterGeneva] {
            let g = try Ukraine2025.graph(name)
            #expect(g.relation("trump", "DEMANDS", "thursday-deadline") != nil)
            #expect(g.relation("trump", "REJECTS", "thursday-deadline") == nil)
        }
        let last = try Ukraine2025.graph(Ukraine2025.afterAbuDhabi)
        #expect(last.relation("trump", "DEMANDS", "thursday-deadline") == nil)
        #expect(last.relation("trump", "REJECTS", "thursday-deadline") != nil)
        let thanksgiving = try #require(last.entity(withID: "thanksgiving-2025")?.attributes["date"]?.isoDate)
        #expect(LocalDate(iso: thanksgiving)?.weekday == 4, "Thanksgiving is a Thursday")
    }

    @Test("Ukraine: rejects the 28-point plan, then supports the revised draft")
    func ukraineMoves() throws {
        let before = try Ukraine2025.graph(Ukraine2025.beforeGeneva)
        #expect(before.relation("ukraine", "REJECTS", "28-point-plan") != nil)
        let after = try Ukraine2025.graph(Ukraine2025.afterGeneva)
        #expect(after.relation("ukraine", "SUPPORTS", "geneva-draft") != nil)
        #expect(after.relation("zelensky", "SUPPORTS", "geneva-draft") != nil)
    }

    @Test("meetings planned after Abu Dhabi: Witkoff to Moscow, Driscoll to Kyiv")
    func plannedMeetings() throws {
        let mid = try Ukraine2025.graph(Ukraine2025.afterGeneva)
        let last = try Ukraine2025.graph(Ukraine2025.afterAbuDhabi)
        for id in ["witkoff-moscow-visit", "driscoll-kyiv-visit"] {
            #expect(mid.entity(withID: id) == nil)
            #expect(last.entity(withID: id)?.attributes["status"]?.stringValue == "planned")
        }
        #expect(last.relation("witkoff", "MEETS_WITH", "putin")?.attributes["status"]?.stringValue == "planned")
        #expect(last.relation("driscoll", "MEETS_WITH", "ukraine")?.attributes["status"]?.stringValue == "planned")
    }

    @Test("the authorship dispute grows: 4 claims before Geneva, 7 after Abu Dhabi, all disputed")
    func authorship() throws {
        let counts = try Ukraine2025.all.map { name -> Int in
            let g = try Ukraine2025.graph(name)
            let plan = try #require(g.handle(forID: "28-point-plan"))
            let claims = g.relations(to: plan, ofType: "AUTHORS").map { g[$0] }
            #expect(claims.allSatisfy { $0.attributes["disputed"]?.boolValue == true })
            return claims.count
        }
        #expect(counts == [4, 4, 7])
    }
}
