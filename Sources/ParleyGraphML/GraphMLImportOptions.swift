import ParleyCore

/// How GraphML from other tools maps onto typed entities and relations.
///
/// Each key option names a GraphML key by its `attr.name` or its `id` (case-insensitive).
/// Left nil, the first key present among the defaults is used: entity type from `type` or
/// `labels` (APOC's `:Party:Leader`, split into type and further labels), display name from
/// `label` or `name` (Gephi, yEd's node graphics), relation type from `label`, `type`,
/// `relation` or `relationship`. Without a fitting key, entities get ``defaultEntityType`` and
/// relations ``defaultRelationType``. Files Parley wrote itself ignore these options.
public struct GraphMLImportOptions: Sendable, Hashable {
    public var typeKey: String?
    public var labelKey: String?
    public var relationKey: String?
    public var defaultEntityType: String
    public var defaultRelationType: String

    public init(
        typeKey: String? = nil, labelKey: String? = nil, relationKey: String? = nil, defaultEntityType: String = "Node",
        defaultRelationType: String = "RELATED"
    ) {
        self.typeKey = typeKey
        self.labelKey = labelKey
        self.relationKey = relationKey
        self.defaultEntityType = defaultEntityType
        self.defaultRelationType = defaultRelationType
    }

    static let typeCandidates = ["type", "labels"]
    static let labelCandidates = ["label", "name"]
    static let relationCandidates = ["label", "type", "relation", "relationship"]
}

/// What reading a GraphML file gave: the graph, where each element was, and the problems met.
public struct GraphMLReadResult: Sendable {
    public var graph: Graph
    public var sourceMap: SourceMap
    /// Warnings and non-fatal errors (fatal ones are thrown).
    public var diagnostics: [Diagnostic]
    /// Whether the file was written by Parley (and so read losslessly, ignoring the mapping options).
    public var isParleyFile: Bool
}
