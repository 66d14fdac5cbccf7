import ArgumentParser
import Foundation
import ParleyCore
import ParleyExport
import ParleyIO

extension Parley {
    /// `parley render`: a picture of a graph through Graphviz's `dot`.
    struct Render: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "render",
            abstract: "Draw a graph to SVG, PNG or PDF with Graphviz's dot.",
            discussion: """
                Styles come from the schema (shapes and colours per entity type, line styles per
                relation type); symmetric relations have no arrowheads; hovering over a node or an
                edge in an SVG viewer shows its evidence (sources and quotes). Needs Graphviz:
                apt-get install graphviz (Debian, Ubuntu), brew install graphviz (macOS); the
                environment variable PARLEY_DOT may name the dot executable.

                Examples:
                  parley render graphs/ukraine-2025/geneva.yaml -o geneva.svg --clusters
                  parley render graphs/ukraine-2025/geneva.yaml -o witkoff.png --focus witkoff --depth 2
                """)

        @OptionGroup var input: GraphInput

        @Option(name: [.customShort("o"), .long], help: ArgumentHelp("The picture to write: FILE.svg, FILE.png or FILE.pdf.", valueName: "FILE"))
        var output: String

        @OptionGroup var slice: SliceOptions

        @OptionGroup var drawing: DrawingOptions

        func validate() throws {
            if DOTRenderer.format(ofPath: output) == nil {
                throw ValidationError("-o must end in .svg, .png or .pdf, not '\(output)'")
            }
        }

        func run() throws {
            guard DOTRenderer.findDot() != nil else {
                throw fail("Graphviz's dot is not installed; \(DOTRenderer.installHint)")
            }
            let progress = ProgressIndicator()
            let loaded = try progress.phase("reading \(input.path)") { try input.load() }
            let schema = Export.schema(of: loaded)
            let graph: Graph
            do {
                graph = try slice.slice.apply(to: loaded.graph, schema: schema)
            } catch {
                throw fail(error.message)
            }
            let dot = DOTWriter.dot(for: graph, options: drawing.options(schema: schema))
            try progress.phase("drawing \(output)") {
                do {
                    try DOTRenderer.render(dot: dot, to: output)
                } catch let error as ExportError {
                    throw fail(error.message)
                }
            }
        }
    }
}
