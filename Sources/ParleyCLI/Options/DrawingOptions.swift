import ArgumentParser
import ParleyExport
import ParleySchema

/// How a DOT drawing looks: `--clusters`, `--no-legend`, `--rankdir`.
struct DrawingOptions: ParsableArguments {
    @Flag(help: "DOT: draw each party in a box with the officials and bodies that REPRESENT it.")
    var clusters = false

    @Flag(name: .customLong("no-legend"), help: "DOT: leave out the legend of entity and relation types.")
    var noLegend = false

    @Option(help: ArgumentHelp("DOT: layout direction, LR (left to right) or TB (top to bottom).", valueName: "DIR"))
    var rankdir: String = "LR"

    func validate() throws {
        guard ["LR", "TB", "RL", "BT"].contains(rankdir) else { throw ValidationError("--rankdir must be LR, TB, RL or BT") }
    }

    func options(schema: Schema?) -> DOTOptions {
        DOTOptions(schema: schema, clusters: clusters, legend: !noLegend, rankdir: rankdir)
    }
}
