/// Where each element of a loaded graph was written, so that validation and other checks can
/// report `file:line:col`. Filled by the readers (snapshot YAML/JSON, GraphML); empty for graphs
/// built in code.
public struct SourceMap: Sendable {
    /// A thing in a snapshot that a diagnostic can point at.
    public enum Element: Sendable, Hashable {
        case document
        case metadata
        case source(String)
        case entity(EntityHandle)
        case relation(RelationHandle)
        /// The n-th citation of a relation.
        case citation(RelationHandle, Int)
        /// The n-th citation of an entity.
        case entityCitation(EntityHandle, Int)
    }

    /// The file the graph was read from, as the user named it (or `<stdin>`).
    public var file: String
    var elements: [Element: SourceLocation] = [:]
    var fields: [Element: [String: SourceLocation]] = [:]

    public init(file: String) { self.file = file }

    /// Records where an element starts.
    public mutating func record(_ element: Element, at location: SourceLocation) {
        elements[element] = location
    }

    /// Records where one field of an element stands (`type`, `to`, `attributes.date`, `quote`).
    /// Record the value's position, which is what a user needs to fix.
    public mutating func record(_ element: Element, field: String, at location: SourceLocation) {
        fields[element, default: [:]][field] = location
    }

    /// Where a field of an element stands, falling back to where the element starts, then to the
    /// start of the file.
    public func location(of element: Element, field: String? = nil) -> SourceLocation {
        if let field, let l = fields[element]?[field] { return l }
        return elements[element] ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// Whether anything was recorded for the element.
    public func contains(_ element: Element) -> Bool { elements[element] != nil }
}
