import ArgumentParser
import ParleyExport

/// Which part of the graph to export or draw: `--focus ENTITY --depth N` and `--types T,…`
/// (`--at DATE` comes with ``GraphInput``).
struct SliceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Keep only the neighbourhood of this entity (id, name or alias).", valueName: "ENTITY"))
    var focus: String?

    @Option(help: ArgumentHelp("Steps from the --focus entity, in any direction.", valueName: "N"))
    var depth: Int = 1

    @Option(
        parsing: .singleValue,
        help: ArgumentHelp("Entity and relation types to keep, comma-separated (schema aliases accepted).", valueName: "T,…"),
        transform: { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } })
    var types: [[String]] = []

    func validate() throws {
        if depth < 0 { throw ValidationError("--depth must be 0 or more") }
        if focus == nil && depth != 1 { throw ValidationError("--depth needs --focus") }
    }

    /// The slice these options describe (the date is applied when the graph is loaded).
    var slice: ExportSlice { ExportSlice(focus: focus, depth: depth, types: types.flatMap { $0 }) }
}
