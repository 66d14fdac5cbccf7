import ArgumentParser
import Foundation
import ParleyCore
import ParleyDiff
import ParleyIO
import ParleySchema

extension Parley {
    /// `parley apply BASE PATCH -o OUT`: replays a patch written by `parley diff --format patch`.
    struct Apply: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Replay a patch from 'parley diff --format patch' on a snapshot.",
            discussion: """
                The patch must fit BASE: every entity and relation it removes or changes must be \
                there as the patch recorded it. When it does not fit, every misfit is listed, \
                nothing is written, and the exit status is 1 (2 when a file cannot be read).
                """)

        @Argument(help: ArgumentHelp("The snapshot to apply the patch to: FILE, or FILE@YYYY-MM-DD.", valueName: "BASE"))
        var base: String

        @Argument(help: ArgumentHelp("The patch (JSON, from parley diff --format patch).", valueName: "PATCH"))
        var patch: String

        @Option(name: .shortAndLong, help: ArgumentHelp("The snapshot to write (format by extension; written atomically).", valueName: "OUT"))
        var output: String

        @Option(help: ArgumentHelp("The schema if BASE names none (default: schema/negotiation.yaml above it).", valueName: "FILE"))
        var schema: String?

        mutating func run() throws {
            do {
                let given = try schema.map { path throws(DiffTrouble) in try loadSchema(path) }
                let base: DiffInput.Loaded
                do {
                    base = try DiffInput(self.base).load(schema: given)
                } catch {
                    throw DiffTrouble(error.items)
                }
                printDiagnostics(base.warnings)
                guard let text = FileManager.default.contents(atPath: patch).map({ String(decoding: $0, as: UTF8.self) }) else {
                    throw DiffTrouble("\(patch): no such file or cannot be read")
                }
                let diff: GraphDiff
                do {
                    diff = try PatchFile.decode(text, file: patch)
                } catch {
                    throw DiffTrouble([error])
                }
                let result: Graph
                do {
                    result = try base.graph.applying(diff)
                } catch {
                    printDiagnostics([.error("\(patch): \(error.description)")])
                    throw ExitCode.failure
                }
                do {
                    try GraphLoader.save(result, to: output)
                } catch {
                    throw DiffTrouble(error.items)
                }
            } catch let trouble as DiffTrouble {
                printDiagnostics(trouble.diagnostics)
                throw ExitCode(2)
            }
        }
    }
}
