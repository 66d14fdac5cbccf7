import Foundation
import ParleyTestSupport
import Testing

/// The analyst commands as a user runs them: default graph, resolution errors and exit codes,
/// formats and --show-query.
@Suite struct AnalystCommandTests {
    static let latest = "graphs/ukraine-2025/2025-11-26-after-abu-dhabi.yaml"

    @Test func defaultGraphIsTheLatestSnapshot() throws {
        let r = try runParley(["positions", "russia"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("Positions of Russia (russia), as of 2025-11-26\n"))
        let explicit = try runParley(["positions", "russia", Self.latest])
        #expect(explicit.stdout == r.stdout)
    }

    @Test(arguments: [
        ["positions", "Rusia"], ["show", "nobody-at-all"], ["path", "zelensky", "Puttin"], ["neighbors", "witkof"],
        ["contested", "--between", "russia", "Ukriane"], ["common", "ukraine", "europa"], ["timeline", "wittkoff"],
    ])
    func unknownEntityExits2WithDidYouMean(_ arguments: [String]) throws {
        let r = try runParley(arguments + [Self.latest])
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stderr.contains("no entity"))
        #expect(r.stdout.isEmpty)
        if arguments != ["show", "nobody-at-all"] { #expect(r.stderr.contains("did you mean"), "\(r.stderr)") }
    }

    @Test func ambiguousEntityListsCandidatesAndExits2() throws {
        let r = try runParley(["show", "georgia", "Tests/Fixtures/analysis/ambiguous.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("ambiguous"))
        #expect(r.stderr.contains("georgia-country (Party: Georgia)") && r.stderr.contains("georgia-state (Region: Georgia)"))
        let byID = try runParley(["show", "georgia-state", "Tests/Fixtures/analysis/ambiguous.yaml"])
        #expect(byID.status == 0)
    }

    @Test func unknownTypeExits2() throws {
        let r = try runParley(["neighbors", "witkoff", "--type", "meets-wiht", Self.latest])
        #expect(r.status == 2)
        #expect(r.stderr.contains("did you mean 'meets-with'"), "\(r.stderr)")
        let via = try runParley(["path", "zelensky", "putin", "--via", "Official", Self.latest])
        #expect(via.status == 2)
    }

    @Test func missingGraphExits1() throws {
        let r = try runParley(["positions", "russia", "no/such/file.yaml"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("no such file"))
        let dir = try Paths.temporaryDirectory()
        let none = try runParley(["positions", "russia"], currentDirectory: dir)
        #expect(none.status == 1)
        #expect(none.stderr.contains("graphs/ukraine-2025"))
    }

    @Test func showQueryPrintsAReusableQuery() throws {
        let r = try runParley(["contested", "--between", "Russia", "ukraine", Self.latest, "--show-query"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("a.id IN ['russia', 'ukraine']"))
        #expect(!r.stdout.contains("$"))
        #expect(r.stdout.hasPrefix("MATCH "))
    }

    @Test(arguments: ["table", "markdown", "json", "csv"])
    func everyCommandInEveryFormat(_ format: String) throws {
        let commands: [[String]] = [
            ["positions", "ukraine"], ["positions", "--matrix"], ["contested"], ["common", "ukraine", "europe"],
            ["path", "witkoff", "putin"], ["neighbors", "witkoff", "--depth", "2"], ["show", "geneva-draft"],
            ["timeline", "ukraine"],
        ]
        for c in commands {
            let r = try runParley(c + [Self.latest, "--format", format])
            #expect(r.status == 0, "\(c) \(format): \(r.stderr)")
            #expect(!r.stdout.isEmpty)
            if format == "json" {
                let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
                #expect((object?["items"] as? [Any])?.isEmpty == false, "\(c)")
            }
        }
    }

    @Test func atDateLeavesOutLaterRelations() throws {
        // Trump's rejection of the Thursday deadline holds from 25 November.
        let before = try runParley(["positions", "united-states", Self.latest, "--at", "2025-11-24", "--format", "csv"])
        let after = try runParley(["positions", "united-states", Self.latest, "--format", "csv"])
        #expect(before.status == 0 && after.status == 0)
        #expect(after.stdout.contains("REJECTS,thursday-deadline"))
        #expect(!before.stdout.contains("REJECTS,thursday-deadline"))
    }
}
