/// The two spellings of a snapshot file: YAML (what people write) and the same structure in JSON.
public enum SnapshotFormat: String, Sendable, CaseIterable {
    case yaml, json

    /// The format a file name's extension names (`.yaml`, `.yml`, `.json`), or nil.
    public init?(path: String) {
        let lower = path.lowercased()
        if lower.hasSuffix(".yaml") || lower.hasSuffix(".yml") {
            self = .yaml
        } else if lower.hasSuffix(".json") {
            self = .json
        } else {
            return nil
        }
    }

    /// Guesses the format from the content: JSON when the first character that is not white
    /// space (after a byte-order mark) is `{` or `[`, else YAML.
    public init(sniffing bytes: some Collection<UInt8>) {
        var rest = bytes[...]
        if rest.starts(with: [0xEF, 0xBB, 0xBF]) { rest = rest.dropFirst(3) }
        let first = rest.first { !($0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D) }
        self = first == UInt8(ascii: "{") || first == UInt8(ascii: "[") ? .json : .yaml
    }

    /// The usual file extension, without the dot.
    public var fileExtension: String { rawValue }
}
