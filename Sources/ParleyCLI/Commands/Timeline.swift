import ArgumentParser
import ParleyAnalysis

extension Parley {
    /// `parley timeline [X] [GRAPH]`: dated meetings, events and relations in order.
    struct Timeline: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "timeline",
            abstract: "Dated meetings, events and relations in date order, optionally only those touching one entity.",
            discussion: """
                An entity with a `date` (meetings, events) is listed on that date (to its `end_date`); a relation on its `date`, else its `valid_from`. With X, only X's own dated items, the dated entities it is linked to, and X's dated relations. A single argument that looks like a file (a path, or ending in .yaml, .json, .graphml) is read as GRAPH, which defaults to the latest snapshot in graphs/ukraine-2025/. Exits 2 when X is unknown or ambiguous.

                Examples:
                  parley timeline
                  parley timeline witkoff
                  parley timeline ukraine graphs/ukraine-2025/2025-11-24-after-geneva.yaml --format csv
                """)

        @Argument(help: ArgumentHelp("Only what touches this entity, then optionally GRAPH (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "X"))
        var arguments: [String] = []

        @OptionGroup var options: AnalystOptions

        func validate() throws {
            if GraphArgument.split(arguments).entities.count > 1 { throw ValidationError("name at most one entity") }
        }

        func run() throws {
            let (entities, graphPath) = GraphArgument.split(arguments)
            let (analyst, loaded) = try options.analyst(graphPath: graphPath)
            let x = try entities.first.map { try resolveOrExit($0, in: analyst) }
            try options.answer(loaded, query: AnalystQueries.timeline(touching: x.map { analyst.graph[$0].id })) {
                try analyst.timeline(touching: x)
            }
        }
    }
}
