import ArgumentParser

@main
struct Parley: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Negotiation-position knowledge graphs: validate, query, diff and export them.",
        version: "0.1.0",
        subcommands: [
            Fmt.self,
            Validate.self,
            Stats.self,
            Query.self,
            Export.self,
            Import.self,
            Render.self,
            Diff.self,
            Apply.self,
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
