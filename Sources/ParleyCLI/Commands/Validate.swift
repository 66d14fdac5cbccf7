import ArgumentParser
import Foundation
import ParleyCore
import ParleyIO
import ParleySchema

extension Parley {
    /// `parley validate PATH...`: checks snapshots against their schema and their sources.
    struct Validate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check snapshot files against their schema and their sources.",
            discussion: """
                Checks every file named, and every .yaml, .yml and .json snapshot under each folder named (READMEs and other YAML or JSON files, such as schemas, are skipped). Every problem is listed as FILE:LINE:COL: error|warning: MESSAGE, sorted by position, then a summary line ("3 files, 2 errors, 1 warning"). The exit code is 1 when there is an error, else 0.

                The schema is the one the snapshot names in snapshot.schema (a path relative to the file, or a name looked up as schema/NAME.yaml above it), else the one given with --schema, else none (then types and attributes are not checked, with a warning).

                A source's local text file that is missing (for example when ../shared/seeds is not beside the clone) gives one warning per source, and its quotes are not checked. --strict leaves that warning a warning: it is about this machine, not about the data.

                Examples:
                  parley validate graphs/
                  parley validate --strict graphs/example/minimal.yaml
                  parley validate --schema schema/negotiation.yaml --format json my-graph.json
                  cat snapshot.yaml | parley validate -
                """)

        @Argument(help: "Snapshot files or folders of them ('-' for standard input).")
        var paths: [String] = []

        @Flag(help: "Treat warnings as errors (except a missing source text file, which is about the machine, not the data).")
        var strict = false

        @Option(help: ArgumentHelp("The schema for files that do not name one in snapshot.schema.", valueName: "FILE"))
        var schema: String?

        @Option(help: "Output: text (one line per problem, then a summary) or json.")
        var format: ReportFormat = .text

        enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
            case text, json
        }

        func validate() throws {
            if paths.isEmpty { throw ValidationError("give at least one snapshot file or folder, e.g. 'parley validate graphs/'") }
        }

        func run() throws {
            let report = SnapshotValidation.run(paths: paths, schemaPath: schema, strict: strict)
            let output = format == .json ? report.json() : report.text()
            FileHandle.standardOutput.write(Data(output.utf8))
            if !report.passed { throw ExitCode.failure }
        }
    }
}
