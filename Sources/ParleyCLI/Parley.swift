import ArgumentParser

@main
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Negotiation-position knowledge graphs: validate, query, diff and export them.",
        version: "0.1.0",
        subcommands: [
            Fmt.self,
            Stats.self,
            Positions.self,
            Contested.self,
            Common.self,
            Path.self,
            Neighbors.self,
            Show.self,
            Timeline.self,
        ]
    )
}
