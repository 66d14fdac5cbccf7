import Foundation
import ParleyCore

/// How `parley query` prints results.
public enum OutputFormat: String, Sendable, CaseIterable {
    case table, json, jsonl, csv, markdown
}

/// Renders query results as an aligned table, JSON, JSON lines, CSV or a Markdown table.
///
/// Nodes print as `(id:Label)`, relationships as `(a)-[:TYPE]->(b)`, paths as their walk; JSON
/// spells graph elements out as objects with their properties. Output is deterministic.
public enum ResultFormatter {
    public static func render(_ r: QueryResult, graph: Graph, as format: OutputFormat) -> String {
        switch format {
        case .table: return table(r, graph)
        case .markdown: return markdown(r, graph)
        case .csv: return csv(r, graph)
        case .json:
            let rows = r.rows.map { row in jsonObject(r.columns, row, graph) }
            if rows.isEmpty { return "[]\n" }
            return "[\n" + rows.map { "  " + $0 }.joined(separator: ",\n") + "\n]\n"
        case .jsonl: return jsonLines(r, graph)
        }
    }

    /// One JSON object per row, written as UTF-8 bytes into one buffer that becomes the string
    /// at the end (strings without escapes copied whole, numbers in place).
    /// - Complexity: O(size of the output).
    static func jsonLines(_ r: QueryResult, _ graph: Graph) -> String {
        // Every column's `"name": `, one after another in one buffer.
        var keys: [UInt8] = []
        var keyEnds: [Int] = []
        keyEnds.reserveCapacity(r.columns.count)
        for c in r.columns {
            appendJSON(.string(c), graph, to: &keys)
            keys.append(UInt8(ascii: ":"))
            keys.append(UInt8(ascii: " "))
            keyEnds.append(keys.count)
        }
        var out: [UInt8] = []
        out.reserveCapacity(r.rows.count * (keys.count + 3 + 24 * keyEnds.count))
        for row in r.rows {
            out.append(UInt8(ascii: "{"))
            for (k, v) in row.enumerated() where k < keyEnds.count {
                if k > 0 {
                    out.append(UInt8(ascii: ","))
                    out.append(UInt8(ascii: " "))
                }
                out.append(contentsOf: keys[(k == 0 ? 0 : keyEnds[k - 1])..<keyEnds[k]])
                appendJSON(v, graph, to: &out)
            }
            out.append(UInt8(ascii: "}"))
            out.append(UInt8(ascii: "\n"))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends ``json(_:_:)`` of `v` to `out` as UTF-8, writing strings and integers in place.
    static func appendJSON(_ v: QueryValue, _ g: Graph, to out: inout [UInt8]) {
        switch v {
        case .value(.string(var s)):
            s.withUTF8 { bytes in
                if TypedJSON.mayNeedEscape(bytes) {
                    out.append(contentsOf: TypedJSON.quoted(String(decoding: bytes, as: UTF8.self)).utf8)
                } else {
                    out.append(UInt8(ascii: "\""))
                    out.append(contentsOf: bytes)
                    out.append(UInt8(ascii: "\""))
                }
            }
        case .value(.int(let i)): out.append(contentsOf: String(i).utf8)
        case .value(.null): out.append(contentsOf: "null".utf8)
        default: out.append(contentsOf: json(v, g).utf8)
        }
    }

    // MARK: Plain text

    /// A value as a table cell: strings bare, everything else in Cypher-like notation.
    public static func text(_ v: QueryValue, _ g: Graph) -> String {
        switch v {
        case .value(.null): return "null"
        case .value(let x): return x.description
        case .node(let h): return nodeText(h, g)
        case .relationship(let h):
            let r = g[h]
            return "(\(g[r.from].id))-[:\(r.type)]->(\(g[r.to].id))"
        case .path(let p):
            var s = nodeText(p.nodes[0], g)
            for (k, h) in p.relationships.enumerated() {
                let r = g[h]
                let forward = r.from == p.nodes[k]
                s += forward ? "-[:\(r.type)]->" : "<-[:\(r.type)]-"
                s += nodeText(p.nodes[k + 1], g)
            }
            return s
        case .list(let l): return "[" + l.map { inner($0, g) }.joined(separator: ", ") + "]"
        case .map(let m): return "{" + m.keys.sorted().map { "\($0): \(inner(m[$0]!, g))" }.joined(separator: ", ") + "}"
        }
    }

    static func inner(_ v: QueryValue, _ g: Graph) -> String {
        if let s = v.stringValue { return "'" + s.replacingOccurrences(of: "'", with: "\\'") + "'" }
        return text(v, g)
    }

    static func nodeText(_ h: EntityHandle, _ g: Graph) -> String {
        let e = g[h]
        let labels = e.allLabels.map { ":" + $0 }.joined()
        return PropertyMapping.isGeneratedID(e.id) ? "(\(e.name ?? "")\(labels))" : "(\(e.id)\(labels))"
    }

    static func table(_ r: QueryResult, _ g: Graph) -> String {
        let cells = r.rows.map { $0.map { text($0, g).replacingOccurrences(of: "\n", with: " ") } }
        var widths = r.columns.map(\.count)
        for row in cells { for (k, c) in row.enumerated() where k < widths.count { widths[k] = max(widths[k], c.count) } }
        func line(_ items: [String]) -> String {
            var out = ""
            for (k, c) in items.enumerated() {
                if k > 0 { out += " │ " }
                out += c + String(repeating: " ", count: max(0, widths[k] - c.count))
            }
            while out.hasSuffix(" ") { out.removeLast() }
            return out + "\n"
        }
        var out = line(r.columns)
        out += widths.map { String(repeating: "─", count: $0) }.joined(separator: "─┼─") + "\n"
        for row in cells { out += line(row) }
        out += "(\(r.rows.count) row\(r.rows.count == 1 ? "" : "s"))\n"
        return out
    }

    static func markdown(_ r: QueryResult, _ g: Graph) -> String {
        func esc(_ s: String) -> String { s.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ") }
        var out = "| " + r.columns.map(esc).joined(separator: " | ") + " |\n"
        out += "|" + r.columns.map { _ in " --- |" }.joined() + "\n"
        for row in r.rows { out += "| " + row.map { esc(text($0, g)) }.joined(separator: " | ") + " |\n" }
        return out
    }

    static func csv(_ r: QueryResult, _ g: Graph) -> String {
        func field(_ s: String) -> String {
            if s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r") {
                return "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return s
        }
        var out = r.columns.map(field).joined(separator: ",") + "\n"
        for row in r.rows {
            out += row.map { $0.isNull ? "" : field(text($0, g)) }.joined(separator: ",") + "\n"
        }
        return out
    }

    // MARK: JSON

    static func jsonObject(_ columns: [String], _ row: [QueryValue], _ g: Graph) -> String {
        "{" + zip(columns, row).map { "\(jsonString($0)): \(json($1, g))" }.joined(separator: ", ") + "}"
    }

    /// `s` as a JSON string literal (ParleyCore's escaping, shared by every JSON Parley writes).
    public static func jsonString(_ s: String) -> String { TypedJSON.quoted(s) }

    static func jsonMap(_ m: [String: QueryValue], _ g: Graph) -> String {
        "{" + m.keys.sorted().map { "\(jsonString($0)): \(json(m[$0]!, g))" }.joined(separator: ", ") + "}"
    }

    /// A value as JSON: nodes as `{"id", "labels", "properties"}`, relationships as
    /// `{"type", "from", "to", "properties"}`, paths as `{"nodes", "relationships"}`.
    public static func json(_ v: QueryValue, _ g: Graph) -> String {
        switch v {
        case .value(let x):
            switch x {
            case .null: return "null"
            case .bool(let b): return b ? "true" : "false"
            case .int(let i): return String(i)
            case .float(let f): return f.isFinite ? Value.formatFloat(f) : jsonString(Value.formatFloat(f))
            case .string(let s): return jsonString(s)
            case .date(let d): return jsonString(d.description)
            case .list, .map: return json(QueryValue(x), g)
            }
        case .node(let h):
            let e = g[h]
            return "{\"id\": \(jsonString(e.id)), \"labels\": [\(e.allLabels.map(jsonString).joined(separator: ", "))], \"properties\": \(jsonMap(PropertyMapping.nodeProperties(e), g))}"
        case .relationship(let h):
            let r = g[h]
            return "{\"type\": \(jsonString(r.type)), \"from\": \(jsonString(g[r.from].id)), \"to\": \(jsonString(g[r.to].id)), \"properties\": \(jsonMap(PropertyMapping.relationshipProperties(r), g))}"
        case .path(let p):
            return "{\"nodes\": [\(p.nodes.map { json(.node($0), g) }.joined(separator: ", "))], \"relationships\": [\(p.relationships.map { json(.relationship($0), g) }.joined(separator: ", "))]}"
        case .list(let l): return "[" + l.map { json($0, g) }.joined(separator: ", ") + "]"
        case .map(let m): return jsonMap(m, g)
        }
    }
}
