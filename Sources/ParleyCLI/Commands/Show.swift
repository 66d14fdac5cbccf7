import ArgumentParser
import ParleyAnalysis

extension Parley {
    /// `parley show X [GRAPH]`: an entity's card.
    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract: "An entity's card: type, aliases, attributes, and every relation in and out with its citations.",
            discussion: """
                X is an id, name or alias (case and accents do not matter). GRAPH defaults to the latest snapshot in graphs/ukraine-2025/. Exits 2 when X is unknown or ambiguous.

                Examples:
                  parley show witkoff
                  parley show "Zelenskyj" --format markdown
                """)

        @Argument(help: "The entity (id, name or alias).")
        var entity: String

        @Argument(help: ArgumentHelp("The graph (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "GRAPH"))
        var graph: String?

        @OptionGroup var options: AnalystOptions

        func run() throws {
            let (analyst, loaded) = try options.analyst(graphPath: graph)
            let e = try resolveOrExit(entity, in: analyst)
            try options.answer(loaded, query: AnalystQueries.entityCard(id: analyst.graph[e].id)) {
                try analyst.card(of: e)
            }
        }
    }
}
