import ParleyCore

/// Text, Markdown, JSON and CSV for ``AnalystReport``.
enum ReportRenderer {
    // MARK: Values

    /// A field as plain text: lists joined with `; `, null as empty.
    static func plain(_ v: Value?) -> String {
        switch v {
        case nil, .null?: return ""
        case .list(let l)?: return l.map { plain($0) }.joined(separator: "; ")
        case let x?: return x.description
        }
    }

    static func citationLine(_ c: Citation) -> String {
        c.quote.map { "\(c.source): “\($0)”" } ?? c.source
    }

    /// Items in order of first appearance of their group.
    static func groups(_ items: [ReportItem]) -> [(String?, [ReportItem])] {
        var order: [String?] = []
        var byGroup: [String?: [ReportItem]] = [:]
        for item in items {
            if byGroup[item.group] == nil { order.append(item.group) }
            byGroup[item.group, default: []].append(item)
        }
        return order.map { ($0, byGroup[$0] ?? []) }
    }

    // MARK: Text

    static func groupedText(_ r: AnalystReport) -> String {
        var out = r.title + "\n"
        for (k, v) in r.header { out += "  \(k): \(plain(v))\n" }
        if r.items.isEmpty { return out + "\n" + r.emptyMessage + "\n" }
        for (group, items) in groups(r.items) {
            out += "\n"
            if let group { out += r.countsInGroups ? "\(group) (\(items.count))\n" : "\(group)\n" }
            for item in items {
                out += "  • \(item.headline)\n"
                for d in item.details { out += "      \(d)\n" }
                if r.showsCitations {
                    for c in item.citations { out += "      ‣ \(citationLine(c))\n" }
                }
            }
        }
        return out
    }

    static func gridText(_ r: AnalystReport) -> String {
        var out = r.title + "\n"
        for (k, v) in r.header { out += "  \(k): \(plain(v))\n" }
        if r.items.isEmpty { return out + "\n" + r.emptyMessage + "\n" }
        let rows = r.items.map { item in r.columns.map { plain(item.fields[$0]).replacingOccurrences(of: "\n", with: " ") } }
        var widths = r.columns.map(\.count)
        for row in rows { for (k, c) in row.enumerated() { widths[k] = max(widths[k], c.count) } }
        func line(_ cells: [String]) -> String {
            var s = ""
            for (k, c) in cells.enumerated() {
                if k > 0 { s += " │ " }
                s += c + String(repeating: " ", count: widths[k] - c.count)
            }
            while s.hasSuffix(" ") { s.removeLast() }
            return s + "\n"
        }
        out += "\n" + line(r.columns)
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─") + "\n"
        for row in rows { out += line(row) }
        return out
    }

    // MARK: Markdown

    static func md(_ s: String) -> String {
        var out = ""
        for ch in s {
            if "\\`*_[]|<>".contains(ch) { out.append("\\") }
            out.append(ch == "\n" ? " " : ch)
        }
        return out
    }

    static func groupedMarkdown(_ r: AnalystReport) -> String {
        var out = "## \(md(r.title))\n\n"
        for (k, v) in r.header { out += "- **\(md(k))**: \(md(plain(v)))\n" }
        if !r.header.isEmpty { out += "\n" }
        if r.items.isEmpty { return out + md(r.emptyMessage) + "\n" }
        for (group, items) in groups(r.items) {
            if let group { out += "### \(md(group))\n\n" }
            for item in items {
                out += "- \(md(item.headline))\n"
                for d in item.details { out += "  - \(md(d))\n" }
                if r.showsCitations {
                    for c in item.citations {
                        out += "  - \(c.quote.map { "“\(md($0))” — " } ?? "")\(md(c.source))\n"
                    }
                }
            }
            out += "\n"
        }
        return out
    }

    static func gridMarkdown(_ r: AnalystReport) -> String {
        var out = "## \(md(r.title))\n\n"
        for (k, v) in r.header { out += "- **\(md(k))**: \(md(plain(v)))\n" }
        if !r.header.isEmpty { out += "\n" }
        if r.items.isEmpty { return out + md(r.emptyMessage) + "\n" }
        out += "| " + r.columns.map(md).joined(separator: " | ") + " |\n"
        out += "|" + r.columns.map { _ in " --- |" }.joined() + "\n"
        for item in r.items {
            out += "| " + r.columns.map { md(plain(item.fields[$0])) }.joined(separator: " | ") + " |\n"
        }
        return out
    }

    // MARK: CSV

    static func csvField(_ s: String) -> String {
        if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
            return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return s
    }

    static func csv(_ r: AnalystReport) -> String {
        let withCitations = r.items.contains { !$0.citations.isEmpty }
        var header = r.columns
        if withCitations { header += ["sources", "quotes"] }
        var out = header.map(csvField).joined(separator: ",") + "\n"
        for item in r.items {
            var cells = r.columns.map { plain(item.fields[$0]) }
            if withCitations {
                cells.append(item.citations.map(\.source).joined(separator: " | "))
                cells.append(item.citations.map { $0.quote ?? "" }.joined(separator: " | "))
            }
            out += cells.map(csvField).joined(separator: ",") + "\n"
        }
        return out
    }

    // MARK: JSON

    static func jsonString(_ s: String) -> String { TypedJSON.quoted(s) }

    static func json(_ v: Value) -> String {
        switch v {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): String(i)
        case .float(let f): f.isFinite ? Value.formatFloat(f) : jsonString(Value.formatFloat(f))
        case .string(let s): jsonString(s)
        case .date(let d): jsonString(d.description)
        case .list(let l): "[" + l.map(json).joined(separator: ", ") + "]"
        case .map(let m): "{" + m.keys.sorted().map { "\(jsonString($0)): \(json(m[$0]!))" }.joined(separator: ", ") + "}"
        }
    }

    static func json(_ r: AnalystReport) -> String {
        var out = "{\n  \"title\": \(jsonString(r.title)),\n"
        for (k, v) in r.header { out += "  \(jsonString(k)): \(json(v)),\n" }
        let items = r.items.map { item -> String in
            var parts = r.columns.map { "\(jsonString($0)): \(json(item.fields[$0] ?? .null))" }
            if !item.citations.isEmpty || r.showsCitations {
                let cites = item.citations.map { c in
                    "{\"source\": \(jsonString(c.source)), \"quote\": \(c.quote.map(jsonString) ?? "null")}"
                }
                parts.append("\"citations\": [\(cites.joined(separator: ", "))]")
            }
            return "    {" + parts.joined(separator: ", ") + "}"
        }
        out += "  \"items\": " + (items.isEmpty ? "[]" : "[\n" + items.joined(separator: ",\n") + "\n  ]") + "\n}\n"
        return out
    }
}
