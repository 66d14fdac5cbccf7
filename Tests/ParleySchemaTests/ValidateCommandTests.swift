import Foundation
import ParleyTestSupport
import Testing

/// `parley validate` as a user runs it: output lines and exit codes.
@Suite("parley validate")
struct ValidateCommandTests {
    @Test("a valid example passes with exit 0 and a summary")
    func passes() throws {
        let r = try runParley(["validate", "--strict", "graphs/example"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout == "1 file, 0 errors, 0 warnings\n")
    }

    @Test("the fixture folder fails with exit 1 and lists every problem")
    func fails() throws {
        let r = try runParley(["validate", "Tests/Fixtures/validation"])
        #expect(r.status == 1)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        #expect(lines.last == "21 files, 22 errors, 3 warnings", "\(lines.last ?? "")")
        #expect(lines.contains(
            "Tests/Fixtures/validation/unknown-relation-type.yaml:24:17: error: relation DEMANDZ from 'russia' to 'donbas': unknown relation type 'DEMANDZ' (did you mean 'DEMANDS'?)"))
        #expect(lines.contains { $0.hasPrefix("Tests/Fixtures/validation/unknown-attribute.yaml:25:24: warning: ") })
        #expect(lines.count == 26)
    }

    @Test("--strict turns the unknown-attribute warning into an error, not the missing source file")
    func strict() throws {
        let r = try runParley([
            "validate", "--strict", "Tests/Fixtures/validation/unknown-attribute.yaml",
            "Tests/Fixtures/validation/missing-source-file.yaml",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("unknown-attribute.yaml:25:24: error: "))
        #expect(r.stdout.contains("missing-source-file.yaml:6:11: warning: "))
        #expect(r.stdout.hasSuffix("2 files, 1 error, 1 warning\n"))
        let lenient = try runParley(["validate", "Tests/Fixtures/validation/unknown-attribute.yaml"])
        #expect(lenient.status == 0, "a warning alone passes")
    }

    @Test("--format json")
    func json() throws {
        let r = try runParley(["validate", "--format", "json", "Tests/Fixtures/validation/enum-value.yaml"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["errors"] as? Int == 1)
        #expect(object?["warnings"] as? Int == 0)
        let first = (object?["diagnostics"] as? [[String: Any]])?.first
        #expect(first?["line"] as? Int == 25)
        #expect(first?["column"] as? Int == 24)
        #expect(first?["severity"] as? String == "error")
        #expect((first?["message"] as? String)?.contains("'phne'") == true)
    }

    @Test("--schema applies to a snapshot that names none; standard input is read with -")
    func schemaAndStdin() throws {
        let snapshot = "snapshot:\n  id: s\nentities:\n  - {id: a, type: party}\n  - {id: b, type: Region}\nrelations:\n  - a controls b\n"
        let with = try runParley(["validate", "--strict", "--schema", "schema/negotiation.yaml", "-"], stdin: snapshot)
        #expect(with.status == 0, "\(with.stdout)")
        let without = try runParley(["validate", "--strict", "-"], stdin: snapshot)
        #expect(without.status == 1)
        #expect(without.stdout.contains("<stdin>:2:3: error: the snapshot names no schema"))
    }

    @Test("a broken --schema is reported at its position")
    func brokenSchema() throws {
        let r = try runParley([
            "validate", "--schema", "Tests/Fixtures/validation/valid.yaml", "graphs/example",
        ])
        #expect(r.status == 1)
        #expect(r.stdout.contains("Tests/Fixtures/validation/valid.yaml:1:1: error: unknown key 'snapshot' in the schema"))
    }

    @Test("usage errors and missing paths")
    func usage() throws {
        let none = try runParley(["validate"])
        #expect(none.status == 64)
        #expect(none.stderr.contains("give at least one snapshot file or folder"))
        let missing = try runParley(["validate", "no/such/folder"])
        #expect(missing.status == 1)
        #expect(missing.stdout.contains("error: no/such/folder: no such file or folder"))
        let help = try runParley(["validate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("parley validate graphs/"))
        #expect(help.stdout.contains("--strict"))
    }
}
