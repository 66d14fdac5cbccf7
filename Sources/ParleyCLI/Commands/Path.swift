import ArgumentParser
import ParleyAnalysis

extension Parley {
    /// `parley path A B [GRAPH]`: the shortest connections between two entities.
    struct Path: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "path",
            abstract: "The shortest connections between two entities, walking relations either way, with each step's evidence.",
            discussion: """
                A and B are ids, names or aliases. --via restricts the relation types (schema aliases such as meets-with work), --all prints every shortest path instead of one, --max caps the hops. GRAPH defaults to the latest snapshot in graphs/ukraine-2025/. Exits 2 when A or B is unknown or ambiguous, or a --via type is unknown.

                Examples:
                  parley path zelensky putin
                  parley path Witkoff Putin --via meets-with,advises --all
                  parley path zelensky putin --max 2 --format json
                """)

        @Argument(help: "Where the path starts.")
        var from: String

        @Argument(help: "Where the path ends.")
        var to: String

        @Argument(help: ArgumentHelp("The graph (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "GRAPH"))
        var graph: String?

        @Option(help: ArgumentHelp("Walk only these relation types.", valueName: "TYPE,..."))
        var via: String?

        @Flag(help: "Print every shortest path, not just one.")
        var all = false

        @Option(name: .customLong("max"), help: ArgumentHelp("The most relations a path may have.", valueName: "N"))
        var maxHops: Int = 4

        @OptionGroup var options: AnalystOptions

        func validate() throws {
            if maxHops < 1 { throw ValidationError("--max must be at least 1") }
            if maxHops > 10 { throw ValidationError("--max is at most 10 (paths are enumerated up to that length)") }
        }

        func run() throws {
            let (analyst, loaded) = try options.analyst(graphPath: graph)
            let a = try resolveOrExit(from, in: analyst)
            let b = try resolveOrExit(to, in: analyst)
            let types = try relationTypesOrExit(via, in: analyst)
            let query = AnalystQueries.path(
                from: analyst.graph[a].id, to: analyst.graph[b].id, via: types, maxHops: maxHops, all: all)
            try options.answer(loaded, query: query) {
                try analyst.path(from: a, to: b, via: types, maxHops: maxHops, all: all)
            }
        }
    }
}
