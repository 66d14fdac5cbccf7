import ParleyCore

/// The two ways `parley stats` prints statistics: aligned text for people, JSON for programs.
extension GraphStatistics {
    /// Aligned text, one figure per line.
    public func text(file: String) -> String {
        var out = "graph: \(file)"
        var about: [String] = []
        if let snapshotID { about.append(snapshotID) }
        if let asOf { about.append("as of \(asOf)") }
        if !about.isEmpty { out += " (\(about.joined(separator: ", ")))" }
        out += "\n"
        func table(_ rows: [(String, Int)]) {
            let width = rows.map { $0.0.count }.max() ?? 0
            for (name, count) in rows {
                out += "  " + name + String(repeating: " ", count: width - name.count + 2) + String(count) + "\n"
            }
        }
        out += "entities: \(entityCount)\n"
        table(entitiesByType.map { ($0.type.isEmpty ? "(no type)" : $0.type, $0.count) })
        out += "relations: \(relationCount)\n"
        table(relationsByType.map { ($0.type, $0.count) })
        out += "sources: \(sourceCount)\n"
        out += "citations: \(citationCount) (\(citedRelationCount) of \(relationCount) relations cited)\n"
        if let dateSpan { out += "dates: \(dateSpan.lowerBound) to \(dateSpan.upperBound)\n" } else { out += "dates: none\n" }
        out += "degree: min \(degree.minimum), median \(Self.number(degree.median)), mean \(Self.number(degree.mean)), max \(degree.maximum)\n"
        if !degree.top.isEmpty {
            out += "top entities by degree:\n"
            table(degree.top.map { ($0.id, $0.degree) })
        }
        return out
    }

    /// A JSON object with the same figures; keys in a fixed order.
    public func json(file: String) -> String {
        func str(_ s: String) -> String { Self.jsonString(s) }
        func counts(_ rows: [(type: String, count: Int)]) -> String {
            "{" + rows.map { "\(str($0.type)): \($0.count)" }.joined(separator: ", ") + "}"
        }
        var fields: [String] = []
        fields.append("\"file\": \(str(file))")
        fields.append("\"snapshot\": \(snapshotID.map(str) ?? "null")")
        fields.append("\"as_of\": \(asOf.map { str($0.description) } ?? "null")")
        fields.append("\"entities\": {\"total\": \(entityCount), \"by_type\": \(counts(entitiesByType))}")
        fields.append("\"relations\": {\"total\": \(relationCount), \"by_type\": \(counts(relationsByType))}")
        fields.append("\"sources\": \(sourceCount)")
        fields.append("\"citations\": {\"total\": \(citationCount), \"cited_relations\": \(citedRelationCount)}")
        if let dateSpan {
            fields.append("\"dates\": {\"first\": \(str(dateSpan.lowerBound.description)), \"last\": \(str(dateSpan.upperBound.description))}")
        } else {
            fields.append("\"dates\": null")
        }
        let top = degree.top.map { "{\"id\": \(str($0.id)), \"degree\": \($0.degree)}" }.joined(separator: ", ")
        fields.append(
            "\"degree\": {\"min\": \(degree.minimum), \"median\": \(Self.number(degree.median)), \"mean\": \(Self.number(degree.mean)), \"max\": \(degree.maximum), \"top\": [\(top)]}")
        return "{\n  " + fields.joined(separator: ",\n  ") + "\n}\n"
    }

    /// A number with at most two decimals, without trailing zeros (`1`, `1.5`, `2.33`).
    static func number(_ x: Double) -> String {
        let rounded = (x * 100).rounded() / 100
        if rounded == rounded.rounded() { return String(Int(rounded)) }
        var s = String(rounded)
        if let dot = s.firstIndex(of: "."), s.distance(from: dot, to: s.endIndex) > 3 {
            s = String(s[..<s.index(dot, offsetBy: 3)])
        }
        return s
    }

    static func jsonString(_ s: String) -> String { TypedJSON.quoted(s) }
}
