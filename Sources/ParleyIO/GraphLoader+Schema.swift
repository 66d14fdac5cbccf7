import ParleyCore
import ParleySchema

extension GraphLoader {
    /// Where a schema meets a freshly read graph: every loader path calls this once, after
    /// reading and before returning.
    ///
    /// For now it only records `schema` in ``LoadedGraph/schema``. Applying it (finding the
    /// schema a snapshot names, canonicalising type aliases, setting symmetric types) belongs
    /// to the schema layer, which fills in this function.
    static func applySchema(_ schema: Schema?, to loaded: inout LoadedGraph) {
        loaded.schema = schema
    }
}
