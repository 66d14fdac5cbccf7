import ArgumentParser
import ParleyAnalysis

extension Parley {
    /// `parley neighbors X [GRAPH]`: an entity's neighbourhood.
    struct Neighbors: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "neighbors",
            abstract: "The entities within a few relations of one, nearest first, each with the relation that reaches it.",
            discussion: """
                Relations are walked either way. --type takes relation types (meets-with, controls) to walk only those, and entity types (Official, Region) to list only those; schema aliases work. GRAPH defaults to the latest snapshot in graphs/ukraine-2025/. Exits 2 when X is unknown or ambiguous, or a --type is unknown.

                Examples:
                  parley neighbors witkoff --type meets-with
                  parley neighbors russia --type controls
                  parley neighbors zelensky --depth 2 --type Official
                """)

        @Argument(help: "The entity (id, name or alias).")
        var entity: String

        @Argument(help: ArgumentHelp("The graph (default: the latest snapshot in graphs/ukraine-2025/).", valueName: "GRAPH"))
        var graph: String?

        @Option(help: ArgumentHelp("How many relations away.", valueName: "N"))
        var depth: Int = 1

        @Option(help: ArgumentHelp("Relation types to walk and/or entity types to list.", valueName: "TYPE,..."))
        var type: String?

        @OptionGroup var options: AnalystOptions

        func validate() throws {
            if depth < 1 || depth > 6 { throw ValidationError("--depth must be between 1 and 6") }
        }

        func run() throws {
            let (analyst, loaded) = try options.analyst(graphPath: graph)
            let center = try resolveOrExit(entity, in: analyst)
            let (relations, entities) = try typeFilterOrExit(type, in: analyst)
            let query = AnalystQueries.neighbors(
                of: analyst.graph[center].id, depth: depth, relationTypes: relations, neighborTypes: entities)
            try options.answer(loaded, query: query) {
                try analyst.neighbors(of: center, depth: depth, relationTypes: relations, neighborTypes: entities)
            }
        }
    }
}
