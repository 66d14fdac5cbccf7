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
    /// at the end (strings without escapes copied whole, numbers in place). The keys are those
    /// of the result's header (a query plan's, made once).
    /// - Complexity: O(size of the output).
    static func jsonLines(_ r: QueryResult, _ graph: Graph) -> String {
        let keys = r.header.keys
        if case .flat(let cells, let width, let count) = r.storage, width == keys.ends.count,
           let text = plainJSONLines(cells, width: width, count: count, keys) {
            return text
        }
        if case .storeIDs(let handles, let width, let count, let holder, let plain) = r.storage, width == keys.ends.count,
           let text = storeIDJSONLines(handles, width: width, count: count, keys, holder, plain: plain) {
            return text
        }
        var out: [UInt8] = []
        switch r.storage {
        case .flat(let cells, let width, let count):
            out.reserveCapacity(count * (keys.bytes.count + 3 + 24 * keys.ends.count))
            for k in 0..<count { appendObject(cells[(k * width)..<((k + 1) * width)], keys, graph, to: &out) }
        case .nested(let rows):
            out.reserveCapacity(rows.count * (keys.bytes.count + 3 + 24 * keys.ends.count))
            for row in rows { appendObject(row, keys, graph, to: &out) }
        case .storeIDs:
            let rows = r.rows
            out.reserveCapacity(rows.count * (keys.bytes.count + 3 + 24 * keys.ends.count))
            for row in rows { appendObject(row, keys, graph, to: &out) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Thrown inside ``plainJSONLines(_:width:count:_:)`` on a value it does not write itself.
    private struct NotPlain: Error {}

    /// ``jsonLines(_:_:)`` of flat rows whose values are all null, booleans, integers or strings
    /// that need no escape (the common case: ids, names, counts), written straight into the
    /// string's own storage: its size is added up first, then each byte written once. nil when
    /// a value is anything else (the caller writes those rows through ``appendJSON(_:_:to:)``).
    /// - Complexity: O(size of the output).
    static func plainJSONLines(_ cells: [QueryValue], width: Int, count: Int, _ keys: ColumnKeys) -> String? {
        // Bytes per row besides the values: braces, newline, separators and keys.
        var size = count * (3 + 2 * max(0, width - 1) + keys.bytes.count)
        for v in cells {
            switch v {
            case .value(.string(let s)): size += s.utf8.count + 2
            case .value(.int(let i)): size += decimalDigits(i)
            case .value(.null): size += 4
            case .value(.bool(let b)): size += b ? 4 : 5
            default: return nil
            }
        }
        return try? String(unsafeUninitializedCapacity: size) { buffer -> Int in
            guard var p = buffer.baseAddress else { return 0 }
            let end = p + size
            @inline(__always) func put(_ b: UInt8) {
                p.pointee = b
                p += 1
            }
            @inline(__always) func put(_ bytes: UnsafeBufferPointer<UInt8>) throws {
                guard let base = bytes.baseAddress, end - p >= bytes.count else { throw NotPlain() }
                copyBytes(base, bytes.count, to: p)
                p += bytes.count
            }
            try keys.bytes.withUnsafeBufferPointer { keyBytes in
                try cells.withUnsafeBufferPointer { cells in
                    var c = 0
                    for _ in 0..<count {
                        put(UInt8(ascii: "{"))
                        for k in 0..<width {
                            if k > 0 {
                                put(UInt8(ascii: ","))
                                put(UInt8(ascii: " "))
                            }
                            try put(UnsafeBufferPointer(rebasing: keyBytes[(k == 0 ? 0 : keys.ends[k - 1])..<keys.ends[k]]))
                            switch cells[c] {
                            case .value(.string(let s)):
                                put(UInt8(ascii: "\""))
                                let written: Bool? = s.utf8.withContiguousStorageIfAvailable { bytes in
                                    guard !mayNeedEscape(bytes) else { return false }
                                    return (try? put(bytes)) != nil
                                }
                                guard written == true else { throw NotPlain() }
                                put(UInt8(ascii: "\""))
                            case .value(.int(let i)):
                                p += writeDecimal(i, to: p)
                            case .value(.null):
                                try "null".utf8.withContiguousStorageIfAvailable(put)
                            case .value(.bool(let b)):
                                try (b ? "true" : "false").utf8.withContiguousStorageIfAvailable(put)
                            default:
                                throw NotPlain()
                            }
                            c += 1
                        }
                        put(UInt8(ascii: "}"))
                        put(UInt8(ascii: "\n"))
                    }
                }
            }
            return size - (end - p)
        }
    }

    /// ``plainJSONLines(_:width:count:_:)`` of rows kept as node handles (see
    /// ``QueryResult``): each id read from the graph in place (through its holder: a graph
    /// captured by a closure would be copied) and written straight into the
    /// string's storage, null for -1. nil when an id needs an escape (the caller writes the
    /// rows through ``appendJSON(_:_:to:)``). `plain`: the walk that made the rows found that
    /// no id needs one (not checked again).
    /// - Complexity: O(size of the output).
    static func storeIDJSONLines(_ handles: [Int32], width: Int, count: Int, _ keys: ColumnKeys, _ holder: GraphHolder, plain: Bool) -> String? {
        guard width > 0, handles.count == width * count else { return nil }
        var size = count * (3 + 2 * (width - 1) + keys.bytes.count)
        for h in handles {
            guard h >= 0 else {
                size += 4
                continue
            }
            let written: Bool? = holder.graph.id(of: EntityHandle(Int(h))).utf8.withContiguousStorageIfAvailable { bytes in
                size += bytes.count + 2
                return plain || !mayNeedEscape(bytes)
            }
            guard written == true else { return nil }
        }
        return String(unsafeUninitializedCapacity: size) { buffer -> Int in
            guard let start = buffer.baseAddress else { return 0 }
            var p = start
            @inline(__always) func put(_ bytes: UnsafeBufferPointer<UInt8>) {
                guard let base = bytes.baseAddress else { return }
                copyBytes(base, bytes.count, to: p)
                p += bytes.count
            }
            keys.bytes.withUnsafeBufferPointer { keyBytes in
                handles.withUnsafeBufferPointer { handles in
                    var c = 0
                    for _ in 0..<count {
                        p.pointee = UInt8(ascii: "{")
                        p += 1
                        var keyStart = 0
                        for k in 0..<width {
                            if k > 0 {
                                p[0] = UInt8(ascii: ",")
                                p[1] = UInt8(ascii: " ")
                                p += 2
                            }
                            let keyEnd = keys.ends[k]
                            put(UnsafeBufferPointer(rebasing: keyBytes[keyStart..<keyEnd]))
                            keyStart = keyEnd
                            let h = handles[c]
                            c += 1
                            if h < 0 {
                                "null".utf8.withContiguousStorageIfAvailable(put)
                            } else {
                                p.pointee = UInt8(ascii: "\"")
                                p += 1
                                holder.graph.id(of: EntityHandle(Int(h))).utf8.withContiguousStorageIfAvailable(put)
                                p.pointee = UInt8(ascii: "\"")
                                p += 1
                            }
                        }
                        p[0] = UInt8(ascii: "}")
                        p[1] = UInt8(ascii: "\n")
                        p += 2
                    }
                }
            }
            return p - start
        }
    }

    /// Copies `count` bytes from `source` to `target` (which do not overlap): up to 16 bytes
    /// (keys, ids, names) as two overlapping words, without a call to `memcpy` (about 30
    /// instructions per call for a few bytes).
    /// - Complexity: O(count).
    @inline(__always)
    static func copyBytes(_ source: UnsafePointer<UInt8>, _ count: Int, to target: UnsafeMutablePointer<UInt8>) {
        let from = UnsafeRawPointer(source)
        let to = UnsafeMutableRawPointer(target)
        switch count {
        case 8...16:
            let a = from.loadUnaligned(as: UInt64.self)
            let b = from.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            to.storeBytes(of: a, as: UInt64.self)
            to.storeBytes(of: b, toByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            let a = from.loadUnaligned(as: UInt32.self)
            let b = from.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
            to.storeBytes(of: a, as: UInt32.self)
            to.storeBytes(of: b, toByteOffset: count - 4, as: UInt32.self)
        case 0..<4:
            for k in 0..<count { target[k] = source[k] }
        default:
            target.update(from: source, count: count)
        }
    }

    /// ``TypedJSON/mayNeedEscape(_:)`` (a control character, `"`, `\\`, DEL, or the lead byte
    /// of U+2028/U+2029 or of a BOM), eight bytes at a time: a word of ASCII bytes is checked
    /// with bit arithmetic, a word with other bytes (and a string under eight bytes) byte by byte.
    /// - Complexity: O(n).
    @inline(__always)
    static func mayNeedEscape(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = utf8.baseAddress else { return false }
        let n = utf8.count
        @inline(__always) func byte(_ b: UInt8) -> Bool {
            b < 0x20 || b == 0x22 || b == 0x5C || b == 0x7F || b == 0xE2 || b == 0xEF
        }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        /// Whether a byte of `w` (every byte below 0x80) is below `limit` (at most 0x80).
        @inline(__always) func below(_ w: UInt64, _ limit: UInt64) -> Bool { (w &- ones &* limit) & ~w & highs != 0 }
        @inline(__always) func word(_ at: Int) -> Bool {
            let w = UnsafeRawPointer(base + at).loadUnaligned(as: UInt64.self)
            if w & highs != 0 {
                for k in at..<(at + 8) where byte(base[k]) { return true }
                return false
            }
            return below(w, 0x20) || below(w ^ (ones &* 0x22), 1) || below(w ^ (ones &* 0x5C), 1) || below(w ^ (ones &* 0x7F), 1)
        }
        guard n >= 8 else {
            for k in 0..<n where byte(base[k]) { return true }
            return false
        }
        var i = 0
        while i + 8 <= n {
            if word(i) { return true }
            i += 8
        }
        // The last bytes, in a word that overlaps the one before.
        return i < n && word(n - 8)
    }

    /// How many characters `i` takes in decimal, with its sign.
    @inline(__always)
    static func decimalDigits(_ i: Int) -> Int {
        var n = i < 0 ? 2 : 1
        var m = i.magnitude
        while m >= 10 {
            m /= 10
            n += 1
        }
        return n
    }

    /// Writes `i` in decimal at `p` (``decimalDigits(_:)`` bytes); returns how many it wrote.
    @inline(__always)
    static func writeDecimal(_ i: Int, to p: UnsafeMutablePointer<UInt8>) -> Int {
        let n = decimalDigits(i)
        var m = i.magnitude
        var k = n - 1
        repeat {
            p[k] = UInt8(ascii: "0") + UInt8(m % 10)
            m /= 10
            k -= 1
        } while m > 0
        if i < 0 { p[0] = UInt8(ascii: "-") }
        return n
    }

    /// Appends one row as a JSON object and a newline (values past the last column left out).
    @inline(__always)
    static func appendObject<Row: Collection<QueryValue>>(_ row: Row, _ keys: ColumnKeys, _ graph: Graph, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "{"))
        var k = 0
        for v in row {
            guard k < keys.ends.count else { break }
            if k > 0 {
                out.append(UInt8(ascii: ","))
                out.append(UInt8(ascii: " "))
            }
            out.append(contentsOf: keys.bytes[(k == 0 ? 0 : keys.ends[k - 1])..<keys.ends[k]])
            appendJSON(v, graph, to: &out)
            k += 1
        }
        out.append(UInt8(ascii: "}"))
        out.append(UInt8(ascii: "\n"))
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
        out += "(\(r.rowCount) row\(r.rowCount == 1 ? "" : "s"))\n"
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
