import ParleyCore

/// The patch file: a ``GraphDiff`` written as JSON that `parley apply` replays. Its format is
/// documented in README.md ("Diff: JSON output and patch format").
///
/// ```json
/// {
///   "parley_patch": 1,
///   "metadata": {"before": {…}, "after": {…}},
///   "sources":   {"remove": [SOURCE…], "change": [{"before": SOURCE, "after": SOURCE}…], "add": [SOURCE…]},
///   "entities":  {"remove": [ENTITY…], "change": [{"before": ENTITY, "after": ENTITY}…], "add": [ENTITY…]},
///   "relations": {"remove": [RELATION…], "change": [{"before": R, "after": R}…],
///                 "shift": [{"before": R, "after": R}…], "add": [RELATION…]}
/// }
/// ```
/// Entities, relations and sources have the keys of the snapshot format; attribute values are
/// JSON, except a date, written `{"$date": "2025-11-21"}`, so that a patch replays exactly.
public enum PatchFile {
    /// The version this code writes and reads.
    public static let version = 1

    /// The patch as JSON text (deterministic: the diff's canonical order, keys in a fixed order).
    public static func encode(_ d: GraphDiff) -> String {
        var top: [(String, JSONValue)] = [("parley_patch", .int(version))]
        if let m = d.metadata {
            top.append(("metadata", .object([("before", ModelJSON.metadata(m.before, .tagged)), ("after", ModelJSON.metadata(m.after, .tagged))])))
        }
        func section(_ parts: [(String, [JSONValue])]) -> JSONValue? {
            let kept = parts.filter { !$0.1.isEmpty }.map { ($0.0, JSONValue.array($0.1)) }
            return kept.isEmpty ? nil : .object(kept)
        }
        func pair(_ b: JSONValue, _ a: JSONValue) -> JSONValue { .object([("before", b), ("after", a)]) }
        if let s = section([
            ("remove", d.sourcesRemoved.map { ModelJSON.source($0, .tagged) }),
            ("change", d.sourcesChanged.map { pair(ModelJSON.source($0.before, .tagged), ModelJSON.source($0.after, .tagged)) }),
            ("add", d.sourcesAdded.map { ModelJSON.source($0, .tagged) }),
        ]) { top.append(("sources", s)) }
        if let s = section([
            ("remove", d.entitiesRemoved.map { ModelJSON.entity($0, .tagged) }),
            ("change", d.entitiesChanged.map { pair(ModelJSON.entity($0.before, .tagged), ModelJSON.entity($0.after, .tagged)) }),
            ("add", d.entitiesAdded.map { ModelJSON.entity($0, .tagged) }),
        ]) { top.append(("entities", s)) }
        if let s = section([
            ("remove", d.relationsRemoved.map { ModelJSON.relation($0, .tagged) }),
            ("change", d.relationsChanged.map { pair(ModelJSON.relation($0.before, .tagged), ModelJSON.relation($0.after, .tagged)) }),
            ("shift", d.stanceShifts.map { pair(ModelJSON.relation($0.before, .tagged), ModelJSON.relation($0.after, .tagged)) }),
            ("add", d.relationsAdded.map { ModelJSON.relation($0, .tagged) }),
        ]) { top.append(("relations", s)) }
        return JSONValue.object(top).rendered()
    }

    /// Reads a patch. - Throws: ``Diagnostic`` at `file:line:col` for malformed JSON or a field
    /// of the wrong shape.
    public static func decode(_ text: String, file: String) throws(Diagnostic) -> GraphDiff {
        let (doc, locations) = try JSONParser.parse(text, file: file)
        let r = ModelJSONReader(locations: locations, file: file)
        _ = try r.object(doc, "$", allowed: ["parley_patch", "metadata", "sources", "entities", "relations"])
        guard case .int(let v)? = doc["parley_patch"] else {
            throw r.error("$", "not a Parley patch: the key \"parley_patch\": \(version) is missing")
        }
        guard v == version else { throw r.error("$.parley_patch", "patch version \(v) is not supported (this parley reads \(version))") }

        var d = GraphDiff()
        if let m = doc["metadata"] {
            _ = try r.object(m, "$.metadata", allowed: ["before", "after"])
            guard let b = m["before"], let a = m["after"] else { throw r.error("$.metadata", "needs 'before' and 'after'") }
            d.metadata = MetadataChange(before: try r.metadata(b, "$.metadata.before"), after: try r.metadata(a, "$.metadata.after"))
        }
        func list(_ section: String, _ op: String) throws(Diagnostic) -> [(JSONValue, String)] {
            guard let s = doc[section] else { return [] }
            guard let items = s[op] else { return [] }
            let p = "$.\(section).\(op)"
            guard let a = items.arrayValue else { throw r.error(p, "expected a list") }
            return a.enumerated().map { ($1, "\(p)[\($0)]") }
        }
        func pair(_ j: JSONValue, _ p: String) throws(Diagnostic) -> (JSONValue, JSONValue) {
            _ = try r.object(j, p, allowed: ["before", "after"])
            guard let b = j["before"], let a = j["after"] else { throw r.error(p, "needs 'before' and 'after'") }
            return (b, a)
        }
        for (name, ops) in [("sources", ["remove", "change", "add"]), ("entities", ["remove", "change", "add"]),
                            ("relations", ["remove", "change", "shift", "add"])] {
            if let s = doc[name] { _ = try r.object(s, "$.\(name)", allowed: Set(ops)) }
        }
        for (j, p) in try list("sources", "remove") { d.sourcesRemoved.append(try r.source(j, p)) }
        for (j, p) in try list("sources", "change") {
            let (b, a) = try pair(j, p)
            d.sourcesChanged.append(SourceChange(before: try r.source(b, p + ".before"), after: try r.source(a, p + ".after")))
        }
        for (j, p) in try list("sources", "add") { d.sourcesAdded.append(try r.source(j, p)) }
        for (j, p) in try list("entities", "remove") { d.entitiesRemoved.append(try r.entity(j, p)) }
        for (j, p) in try list("entities", "change") {
            let (b, a) = try pair(j, p)
            d.entitiesChanged.append(EntityChange(before: try r.entity(b, p + ".before"), after: try r.entity(a, p + ".after")))
        }
        for (j, p) in try list("entities", "add") { d.entitiesAdded.append(try r.entity(j, p)) }
        for (j, p) in try list("relations", "remove") { d.relationsRemoved.append(try r.relation(j, p)) }
        for (j, p) in try list("relations", "change") {
            let (b, a) = try pair(j, p)
            d.relationsChanged.append(RelationChange(before: try r.relation(b, p + ".before"), after: try r.relation(a, p + ".after")))
        }
        for (j, p) in try list("relations", "shift") {
            let (b, a) = try pair(j, p)
            d.stanceShifts.append(StanceShift(before: try r.relation(b, p + ".before"), after: try r.relation(a, p + ".after")))
        }
        for (j, p) in try list("relations", "add") { d.relationsAdded.append(try r.relation(j, p)) }
        return d
    }
}
