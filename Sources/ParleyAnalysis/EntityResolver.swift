import ParleyCore

/// Why an entity argument named no single entity.
public struct ResolutionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What the user typed.
    public var text: String
    /// The entities it could mean, when it is ambiguous (ids, sorted).
    public var candidates: [String]
    /// The closest id, name or alias, when nothing matched.
    public var suggestion: String?
    public var description: String

    /// The exit status a command uses for it: 2 (a usage problem, like a bad flag).
    public static let exitCode: Int32 = 2
}

/// Finds the entity an argument means: by id, by name or by alias, ignoring case, diacritics
/// and typographic punctuation (`Zelenskyy`, `zelenskyj` and `ZELENSKY` find the same official).
public struct EntityResolver: Sendable {
    public var graph: Graph

    public init(graph: Graph) { self.graph = graph }

    /// The one entity `text` names.
    /// - Throws: ``ResolutionError`` listing the candidates when several match, or with a
    ///   did-you-mean when none does.
    /// - Complexity: O(1) expected for a match; O(entities) to suggest a spelling.
    public func resolve(_ text: String) throws(ResolutionError) -> EntityHandle {
        let hits = graph.resolve(text)
        if hits.count == 1 { return hits[0] }
        if hits.count > 1 {
            let lines = hits.map { h -> String in
                let e = graph[h]
                return "  \(e.id) (\(e.type)\(e.name.map { ": \($0)" } ?? ""))"
            }.sorted()
            throw ResolutionError(
                text: text, candidates: hits.map { graph[$0].id }.sorted(), suggestion: nil,
                description: "'\(text)' is ambiguous; it could mean:\n" + lines.joined(separator: "\n")
                    + "\nname one by its id.")
        }
        var spellings: [String] = []
        for h in graph.entityHandles {
            let e = graph[h]
            spellings.append(e.id)
            if let n = e.name { spellings.append(n) }
            spellings.append(contentsOf: e.aliases)
        }
        let suggestion = closestMatch(to: text, among: spellings)
        let hint = suggestion.map { " (did you mean '\($0)'?)" } ?? ""
        throw ResolutionError(
            text: text, candidates: [], suggestion: suggestion, description: "no entity '\(text)' in the graph\(hint)")
    }

    /// The ids of the entities the texts name, in order, without repeats.
    public func resolveIDs(_ texts: [String]) throws(ResolutionError) -> [String] {
        var out: [String] = []
        for t in texts {
            let id = graph[try resolve(t)].id
            if !out.contains(id) { out.append(id) }
        }
        return out
    }
}
