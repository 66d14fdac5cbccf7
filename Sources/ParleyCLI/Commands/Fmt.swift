import ArgumentParser
import Foundation
import ParleyCore
import ParleySchema
import ParleySnapshot

extension Parley {
    /// `parley fmt`: rewrites snapshot files in the canonical layout.
    struct Fmt: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fmt",
            abstract: "Rewrite snapshot files in the canonical layout (stable order, minimal quoting).",
            discussion: """
                Sections in a fixed order, sources and entities sorted by id, relations by \
                (from, type, to), compact 'rel:' and '- SOURCE: "quote"' forms. Comments at the top of \
                a file, above a section and above each item are kept. Files are written atomically; \
                a file with reader errors is left untouched. '-' reads standard input and writes \
                the result to standard output.

                Examples:
                  parley fmt graphs/
                  parley fmt --check graphs/ukraine-2025/geneva.yaml
                """)

        @Flag(help: "Only check: list the files that are not formatted and exit 1 if there are any.")
        var check = false

        @Argument(help: "Snapshot files (.yaml, .yml, .json) or folders to search for them (other YAML and JSON there is left alone); '-' alone for standard input.")
        var paths: [String]

        func run() throws {
            if paths == ["-"] { return try formatStandardInput() }
            let (files, problems) = SnapshotFiles.collect(paths.filter { $0 != "-" })
            printDiagnostics(problems)
            var failed = !problems.isEmpty
            var unformatted = 0
            for file in files {
                do {
                    let (outcome, warnings) = try SnapshotFormatter.formatFile(at: file, check: check)
                    printDiagnostics(warnings)
                    switch outcome {
                    case .unchanged: break
                    case .reformatted: print("reformatted \(file)")
                    case .needsFormatting:
                        print("not formatted: \(file)")
                        unformatted += 1
                    }
                } catch {
                    printDiagnostics(error.items)
                    failed = true
                }
            }
            if failed || unformatted > 0 { throw ExitCode.failure }
        }

        private func formatStandardInput() throws {
            let bytes = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
            do {
                let (text, warnings) = try SnapshotFormatter.format(bytes, file: "<stdin>", format: SnapshotFormat(sniffing: bytes))
                printDiagnostics(warnings)
                if check {
                    if Array(text.utf8) != bytes {
                        print("not formatted: <stdin>")
                        throw ExitCode.failure
                    }
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
            } catch let error as Diagnostics {
                printDiagnostics(error.items)
                throw ExitCode.failure
            }
        }
    }
}
