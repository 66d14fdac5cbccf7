import ParleySnapshot

/// Every file format Parley reads or writes a whole graph in.
public enum GraphFormat: String, Sendable, CaseIterable {
    /// A snapshot in YAML (`.yaml`, `.yml`): the format people write.
    case yaml
    /// A snapshot in JSON (`.json`): the same structure as the YAML.
    case json
    /// GraphML (`.graphml`, `.xml`).
    case graphml
    /// NetworkX-style node-link JSON (`nodes` and `links`).
    case nodeLinkJSON

    /// The format a path's extension names, or nil when the extension says nothing.
    /// A `.json` file is taken for a snapshot here; ``GraphLoader`` looks inside to tell
    /// node-link JSON apart.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".json") {
            self = .json
        } else if lower.hasSuffix(".graphml") || lower.hasSuffix(".xml") {
            self = .graphml
        } else {
            return nil
        }
    }

    /// The snapshot format this stands for, when it is one.
    public var snapshotFormat: SnapshotFormat? {
        switch self {
        case .yaml: .yaml
        case .json: .json
        case .graphml, .nodeLinkJSON: nil
        }
    }
}
