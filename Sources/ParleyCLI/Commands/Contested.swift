import ArgumentParser
import ParleyAnalysis
import ParleyCore

extension Parley {
    /// `parley contested [GRAPH]`: the sticking points.
    struct Contested: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "contested",
            abstract: "The sticking points: what one party demands, supports or proposes and another rejects, with both sides' evidence.",
            discussion: """
                Stances voiced by officials count for the party they REPRESENT. --between A B narrows to two entities (of any type), either way round; a third value after --between is read as GRAPH. GRAPH defaults to the latest snapshot in graphs/ukraine-2025/. Exits 2 when A or B is unknown or ambiguous.

                Examples:
                  parley contested
                  parley contested --between russia ukraine
                  parley contested graphs/ukraine-2025/2025-11-21-28-point-plan.yaml --format markdown
                """)

        @Argument(help: ArgumentHelp("The graph (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "GRAPH"))
        var graph: String?

        @Option(parsing: .upToNextOption, help: ArgumentHelp("Only the sticking points between these two.", valueName: "A B"))
        var between: [String] = []

        @OptionGroup var options: AnalystOptions

        /// `--between A B GRAPH` hands GRAPH to --between: take it back.
        var pair: [String] { between.count == 3 && graph == nil ? Array(between.prefix(2)) : between }
        var graphPath: String? { between.count == 3 && graph == nil ? between[2] : graph }

        func validate() throws {
            if !between.isEmpty && pair.count != 2 { throw ValidationError("--between takes two parties") }
        }

        func run() throws {
            let (analyst, loaded) = try options.analyst(graphPath: graphPath)
            var handles: (EntityHandle, EntityHandle)?
            if pair.count == 2 {
                handles = (try resolveOrExit(pair[0], in: analyst), try resolveOrExit(pair[1], in: analyst))
            }
            let ids = handles.map { (analyst.graph[$0.0].id, analyst.graph[$0.1].id) }
            try options.answer(loaded, query: AnalystQueries.contested(between: ids, stances: analyst.stances)) {
                try analyst.contested(between: handles)
            }
        }
    }

    /// `parley common A B … [GRAPH]`: what the named parties all back.
    struct Common: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "common",
            abstract: "What the named parties all demand, support or propose (with --against: all reject), with each one's evidence.",
            discussion: """
                The mirror of `parley contested`. Stances voiced by officials count for the party they REPRESENT. GRAPH defaults to the latest snapshot in graphs/ukraine-2025/.

                Examples:
                  parley common ukraine europe
                  parley common united-states russia --format json
                  parley common ukraine europe --against
                """)

        @Argument(help: ArgumentHelp("Two or more parties, then optionally GRAPH (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "PARTY"))
        var arguments: [String] = []

        @Flag(help: "What they all reject instead.")
        var against = false

        @OptionGroup var options: AnalystOptions

        func validate() throws {
            if GraphArgument.split(arguments).entities.count < 2 { throw ValidationError("name at least two parties") }
        }

        func run() throws {
            let (entities, graphPath) = GraphArgument.split(arguments)
            let (analyst, loaded) = try options.analyst(graphPath: graphPath)
            let handles = try entities.map { try resolveOrExit($0, in: analyst) }
            var ids: [String] = []
            for h in handles where !ids.contains(analyst.graph[h].id) { ids.append(analyst.graph[h].id) }
            try options.answer(loaded, query: AnalystQueries.common(parties: ids, against: against, stances: analyst.stances)) {
                try analyst.common(handles, against: against)
            }
        }
    }
}
