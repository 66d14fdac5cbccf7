import ArgumentParser
import ParleyAnalysis

extension Parley {
    /// `parley positions PARTY [GRAPH]`: a party's stances grouped by stance, with citations.
    struct Positions: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "positions",
            abstract: "Every stance of a party (and of the officials who represent it), grouped by stance, with citations.",
            discussion: """
                Stances are the schema's stance relations (DEMANDS, SUPPORTS, REJECTS, PROPOSES). A stance voiced by someone who REPRESENTS the party counts for it and says who voiced it; claims one side ascribes to another say who said them; disputed claims are marked with the reason. --matrix prints every party (or the named ones) against everything it takes a stance on.

                PARTY is an id, name or alias (case and accents do not matter). GRAPH defaults to the latest snapshot in graphs/ukraine-2025/ (searched from the current folder upwards). Exits 2 when PARTY is unknown or ambiguous, 1 when the graph cannot be read.

                Examples:
                  parley positions russia
                  parley positions Zelenskyy graphs/ukraine-2025/2025-11-24-after-geneva.yaml --format markdown
                  parley positions --matrix
                  parley positions --matrix russia ukraine united-states --format csv
                  parley positions ukraine --show-query
                """)

        @Argument(help: ArgumentHelp("The party (with --matrix: the parties to show, default all), then optionally GRAPH (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "PARTY"))
        var arguments: [String] = []

        @Flag(help: "Print every party against every item it takes a stance on.")
        var matrix = false

        @OptionGroup var options: AnalystOptions

        func validate() throws {
            let (entities, _) = GraphArgument.split(arguments)
            if !matrix && entities.count != 1 {
                throw ValidationError(entities.isEmpty ? "name a party (or use --matrix)" : "name one party (or use --matrix for several)")
            }
        }

        func run() throws {
            let (entities, graphPath) = GraphArgument.split(arguments)
            let (analyst, loaded) = try options.analyst(graphPath: graphPath)
            let handles = try entities.map { try resolveOrExit($0, in: analyst) }
            if matrix {
                let ids = handles.map { analyst.graph[$0].id }
                try options.answer(loaded, query: AnalystQueries.positionMatrix(parties: ids, stances: analyst.stances)) {
                    try analyst.positionMatrix(parties: handles)
                }
            } else {
                let party = handles[0]
                try options.answer(loaded, query: AnalystQueries.positions(party: analyst.graph[party].id, stances: analyst.stances)) {
                    try analyst.positions(of: party)
                }
            }
        }
    }
}
