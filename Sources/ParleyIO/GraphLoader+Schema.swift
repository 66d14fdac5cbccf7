import Foundation
import ParleyCore
import ParleySchema

extension GraphLoader {
    /// Where a schema meets a freshly read graph (every loader path calls this once, after
    /// reading and before returning). Finds the schema of the graph: the one its `snapshot.schema` names (a path relative
    /// to the file, or a name looked up as `schema/NAME.yaml` above it), else `fallback`, else
    /// none (a GraphML file from another tool has no schema). Alias spellings of types become
    /// canonical names and the schema's symmetric types are set. A schema that is missing or has
    /// errors of its own is reported in the loaded graph's diagnostics.
    static func applySchema(_ fallback: Schema?, to loaded: inout LoadedGraph) {
        var schema = fallback
        if let reference = loaded.graph.metadata.schema, !reference.isEmpty {
            let file = loaded.path == "-" ? nil : loaded.path
            let at = loaded.sourceMap.location(of: .metadata, field: "schema")
            // A relative path that does not resolve (standard input has no folder; a snapshot or
            // an export copied elsewhere keeps its old path) falls back to the schema's name
            // (`negotiation`) looked up as schema/NAME.yaml above the file, then above the current
            // folder, with a warning; then to the schema given with --schema.
            let stem = URL(fileURLWithPath: reference).deletingPathExtension().lastPathComponent
            var found = Schema.resolve(reference: reference, relativeTo: file)
            if found == nil, fallback == nil, let byName = Schema.locate(named: stem, near: file) {
                found = byName
                loaded.diagnostics.append(
                    .warning("schema '\(reference)' not found from here; using '\(byName)', found by its name", at: at))
            }
            if let path = found {
                do {
                    schema = try Schema.cachedLoad(path: path)
                } catch {
                    let problems = (error as? Diagnostics)?.items ?? [.error("\(error)")]
                    loaded.diagnostics.append(.error("schema '\(reference)' has errors: types are not checked", at: at))
                    loaded.diagnostics.append(contentsOf: problems)
                    schema = nil
                }
            } else if fallback != nil {
                schema = fallback
            } else if file == nil || (loaded.format != .yaml && loaded.format != .json) {
                // Standard input, or an export (GraphML, node-link JSON) read away from any schema.
                loaded.diagnostics.append(.warning("schema '\(reference)' not found: types are not checked", at: at))
                schema = nil
            } else {
                loaded.diagnostics.append(
                    .error("schema '\(reference)' not found (a path relative to this file, or a name of schema/NAME.yaml above it)", at: at))
                schema = nil
            }
        }
        loaded.schema = schema
        schema?.canonicalize(&loaded.graph)
    }
}
