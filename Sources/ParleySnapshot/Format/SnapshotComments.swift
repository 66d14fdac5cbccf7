import ParleyCore

/// The comments of a YAML snapshot that the canonical writer carries over: the block at the top
/// of the file, the comment lines directly above a section key (`relations:`), and the comment
/// lines directly above each source, entity and relation item (which move with the item when
/// the writer sorts). Comments inside an item or after a value on the same line are not kept.
public struct SnapshotComments: Sendable {
    /// Comment lines at the top of the file (blank lines between them kept).
    public var header: [String] = []
    var sections: [String: [String]] = [:]
    var sources: [String: [String]] = [:]
    var entities: [EntityHandle: [String]] = [:]
    var relations: [RelationHandle: [String]] = [:]

    public init() {}

    /// Whether there is no comment to carry over.
    public var isEmpty: Bool {
        header.isEmpty && sections.isEmpty && sources.isEmpty && entities.isEmpty && relations.isEmpty
    }

    /// Collects the comments of `text`, attaching them to the elements of `read`, which must be
    /// the result of reading that same text.
    /// - Complexity: O(lines of the file + elements).
    public static func extract(from text: String, read: SnapshotReadResult) -> SnapshotComments {
        var c = SnapshotComments()
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }
        func isComment(_ i: Int) -> Bool { lines[i].drop { $0 == " " || $0 == "\t" }.hasPrefix("#") }
        func isBlank(_ i: Int) -> Bool { lines[i].allSatisfy { $0 == " " || $0 == "\t" } }

        // The header: comment (and blank) lines before anything else.
        var headerEnd = 0
        while headerEnd < lines.count, isComment(headerEnd) || isBlank(headerEnd) { headerEnd += 1 }
        var header = lines[0..<headerEnd].map(String.init)
        while header.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { header.removeLast() }
        c.header = header

        /// Comment lines directly above 1-based line `line`, trimmed, not reaching into the header.
        func above(_ line: Int) -> [String] {
            var i = line - 2
            var out: [String] = []
            while i >= headerEnd, i >= 0, isComment(i) {
                out.append(lines[i].drop { $0 == " " || $0 == "\t" }.description)
                i -= 1
            }
            return out.reversed()
        }
        for (i, line) in lines.enumerated() where i >= headerEnd {
            for section in SnapshotSection.allCases where line.hasPrefix(section.rawValue + ":") {
                let found = above(i + 1)
                if !found.isEmpty { c.sections[section.rawValue] = found }
            }
        }
        let map = read.sourceMap
        let g = read.graph
        for s in g.sources where map.contains(.source(s.id)) {
            let found = above(map.location(of: .source(s.id)).line)
            if !found.isEmpty { c.sources[s.id] = found }
        }
        for h in g.entityHandles where map.contains(.entity(h)) {
            let found = above(map.location(of: .entity(h)).line)
            if !found.isEmpty { c.entities[h] = found }
        }
        for h in g.relationHandles where map.contains(.relation(h)) {
            let found = above(map.location(of: .relation(h)).line)
            if !found.isEmpty { c.relations[h] = found }
        }
        return c
    }
}
