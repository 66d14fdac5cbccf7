import ArgumentParser
import ParleyIO

extension Parley {
    /// `parley stats`: counts and summaries of a graph.
    struct Stats: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "stats",
            abstract: "Print counts per entity and relation type, sources, the date span and a degree summary.",
            discussion: """
                Exits 1 when the file has reader errors (the figures then cover what could be read).

                Examples:
                  parley stats graphs/ukraine-2025/geneva.yaml
                  parley stats --format json --at 2025-11-20 graphs/ukraine-2025/geneva.yaml
                """)

        enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

        @OptionGroup var input: GraphInput

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        func run() throws {
            let loaded = try input.load()
            let stats = GraphStatistics(loaded.graph)
            let name = loaded.path == "-" ? GraphLoader.standardInputName : loaded.path
            print(format == .json ? stats.json(file: name) : stats.text(file: name), terminator: "")
            if loaded.hasErrors { throw ExitCode.failure }
        }
    }
}
