import ParleyCore

/// How Parley writes a graph as GraphML, so that Parley reads it back losslessly and Gephi, yEd,
/// NetworkX, igraph and Neo4j's APOC read it too.
///
/// ```xml
/// <graphml xmlns="http://graphml.graphdrawing.org/xmlns" …>
///   <key id="g.format" for="graph" attr.name="parley.format" attr.type="string"/>
///   <key id="labels" for="node" attr.name="labels" attr.type="string"/>
///   <key id="n.label" for="node" attr.name="label" attr.type="string"/>
///   <key id="na.string.title" for="node" attr.name="title" attr.type="string"/>
///   <key id="label" for="edge" attr.name="label" attr.type="string"/>
///   <key id="ea.date.date" for="edge" attr.name="date" attr.type="string"/>
///   <graph id="G" edgedefault="directed">
///     <data key="g.format">parley/1</data>
///     <node id="zelensky"><data key="labels">:Official</data><data key="n.label">Volodymyr Zelensky</data>…</node>
///     <edge id="e0" source="witkoff" target="ushakov" directed="false"><data key="label">MEETS_WITH</data>…</edge>
///   </graph>
/// </graphml>
/// ```
///
/// **Graph data** (`for="graph"`): `g.format` (`parley/1`, marks a file as Parley's own),
/// `g.id`, `g.as_of`, `g.title`, `g.schema`, `g.description` (the snapshot metadata),
/// `g.attributes` (the metadata's attributes, a JSON map), `g.symmetric_types` (JSON list of
/// the symmetric relation types used), `g.exact` (see below) and `g.sources` (JSON list of
/// `{"id","outlet","title","date","file","url","attributes"}`, sorted by id).
///
/// **Nodes**, one per entity, sorted by id. The node id is the entity id when that is an XML
/// name token of ASCII letters, digits, `.`, `-`, `_`; otherwise every other character is written
/// `_xHHHH_` (and `_x` itself `_x005F_x`), and the exact id is kept in `n.id` (JSON string).
/// Keys: `labels` (`:Type:Label…`, what APOC's `apoc.import.graphml` reads with
/// `readLabels: true`), `n.label` (display name, `label` for Gephi and yEd), `n.type`,
/// `n.name`, `n.labels` (JSON list of further labels), `n.aliases` (JSON list),
/// `n.citations` (JSON list of `{"source","quote"}`).
///
/// **Edges**, one per relation, sorted by (from, type, to, then the rest), ids `e0`, `e1`, … in
/// that order. The graph is directed; a relation of a symmetric type (``Graph/symmetricTypes``)
/// carries `directed="false"` (unless ``GraphMLWriteOptions/perEdgeDirection`` is off, for
/// NetworkX). Keys: `label` (the relation type: the edge label Gephi shows and
/// the relationship type APOC reads), `e.valid_from`, `e.valid_until` (dates), `e.confidence`,
/// `e.citations` (JSON list).
///
/// **Attributes**: one key per attribute name and value kind, id `na.KIND.NAME` (nodes) or
/// `ea.KIND.NAME` (edges), `attr.name` the attribute's name as a name token (prefixed `attr.` if
/// it collides with one of the keys above; an attribute held with several kinds is `NAME` for the
/// first kind and `NAME.KIND` for the others, since igraph refuses two keys with one name). Kinds and their `attr.type`: `bool` → boolean, `int` → long,
/// `float` → double, `string` → string, `date` → string (`YYYY-MM-DD`), `json` → string (lists,
/// maps, and strings holding characters XML 1.0 cannot carry, as ``TypedJSON``), `null` → string
/// (empty).
///
/// Structured JSON uses ``TypedJSON``: plain JSON, with `{"$date": "…"}` for dates.
/// XML 1.0 cannot carry most control characters at all. Attribute values holding them are written
/// as JSON (kind `json`); names, types and snapshot fields holding them are written with U+FFFD in
/// their plain key (for other tools) and exactly in `g.exact`, `n.exact` or `e.exact`, a JSON map
/// of field name to exact text that Parley's reader prefers.
public enum GraphMLFormat {
    /// The value of `g.format` in files Parley writes.
    public static let formatMarker = "parley/1"
    /// The GraphML namespace.
    public static let namespace = "http://graphml.graphdrawing.org/xmlns"

    /// The kind of an attribute value, as written in its key id.
    enum Kind: String, CaseIterable, Comparable {
        case bool, int, float, string, date, json, null

        init(of value: Value) {
            switch value {
            case .null: self = .null
            case .bool: self = .bool
            case .int: self = .int
            case .float: self = .float
            case .string(let s): self = GraphMLFormat.isXMLSafe(s) ? .string : .json
            case .date: self = .date
            case .list, .map: self = .json
            }
        }

        var attrType: String {
            switch self {
            case .bool: "boolean"
            case .int: "long"
            case .float: "double"
            case .string, .date, .json, .null: "string"
            }
        }

        static func < (a: Kind, b: Kind) -> Bool {
            allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
        }
    }

    /// Node keys other than attributes, by `attr.name`.
    static let reservedNodeNames: Set<String> = ["labels", "label", "type", "name", "parley.id", "parley.labels", "parley.exact", "aliases", "citations"]
    /// Edge keys other than attributes, by `attr.name`.
    static let reservedEdgeNames: Set<String> = ["label", "citations", "valid_from", "valid_until", "confidence", "parley.exact"]

    /// Whether a character may stand in an XML name token as Parley writes one.
    @inline(__always)
    static func isPlainIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x2D || b == 0x2E || b == 0x5F
    }

    /// An XML name token for any string: `russia` stays, `a b` becomes `a_x0020_b`, `""` becomes `_x_`.
    /// Different strings give different tokens.
    static func nameToken(_ s: String) -> String {
        let u = s.utf8
        var plain = !u.isEmpty
        var prev: UInt8 = 0
        for b in u {
            if !isPlainIDByte(b) || (prev == 0x5F && b == 0x78) { plain = false; break }
            prev = b
        }
        if plain { return s }
        if s.isEmpty { return "_x_" }
        var out = ""
        var previousUnderscore = false
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if v < 0x80, isPlainIDByte(UInt8(v)), !(previousUnderscore && v == 0x78) {
                out.unicodeScalars.append(scalar)
                previousUnderscore = v == 0x5F
            } else if previousUnderscore && v == 0x78 {
                // "_x" written as "_x005F_x": the underscore before an x is escaped.
                out.removeLast()
                out += "_x005F_x"
                previousUnderscore = false
            } else {
                let hex = String(v, radix: 16, uppercase: true)
                out += "_x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + "_"
                previousUnderscore = false
            }
        }
        return out
    }

    /// The string a name token written by ``nameToken(_:)`` stands for.
    static func decodeNameToken(_ t: String) -> String {
        if t == "_x_" { return "" }
        guard t.contains("_x") else { return t }
        var out = String.UnicodeScalarView()
        let scalars = Array(t.unicodeScalars)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "_", i + 1 < scalars.count, scalars[i + 1] == "x",
                let end = scalars[(i + 2)...].firstIndex(of: "_"), end > i + 2,
                let v = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)..<end])), radix: 16),
                let s = Unicode.Scalar(v)
            {
                out.append(s)
                i = end + 1
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }

    /// Whether XML 1.0 can carry the text (no control characters but tab, newline, return; no U+FFFE/U+FFFF).
    static func isXMLSafe(_ s: String) -> Bool {
        for b in s.utf8 where b < 0x20 && b != 0x09 && b != 0x0A && b != 0x0D { return false }
        for b in s.utf8 where b == 0xEF {
            // U+FFFE and U+FFFF are EF BF BE / EF BF BF; check scalars only when the lead byte occurs.
            return !s.unicodeScalars.contains { $0.value == 0xFFFE || $0.value == 0xFFFF }
        }
        return true
    }

    /// The text with every character XML 1.0 cannot carry replaced by U+FFFD.
    static func xmlSafe(_ s: String) -> String {
        if isXMLSafe(s) { return s }
        var out = String.UnicodeScalarView()
        for sc in s.unicodeScalars {
            let v = sc.value
            if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0xFFFE || v == 0xFFFF {
                out.append("\u{FFFD}")
            } else {
                out.append(sc)
            }
        }
        return String(out)
    }
}
