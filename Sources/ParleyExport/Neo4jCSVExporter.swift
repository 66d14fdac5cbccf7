import Foundation
import ParleyCore

/// Writes a graph as a folder of CSV files for `neo4j-admin database import full`: one node file
/// per entity type (`nodes_Party.csv`) and one relationship file per relation type
/// (`relationships_DEMANDS.csv`), each with its header as the first line, plus `import.sh`, the
/// command that imports them.
///
/// Node files have `id:ID`, `:LABEL` (the type and further labels), `name:string`,
/// `aliases:string[]` and one typed column per attribute (`since:date`, `points:int`,
/// `share:float`, `tags:string[]` …). Relationship files have `:START_ID`, `:END_ID`, `:TYPE`
/// and the relationship properties of ``CypherPropertyMapping`` (`sources:string[]`,
/// `quotes:string[]`, `valid_from:date` …). Integers are `int` when every value of the column
/// fits in 32 bits, else `long`; floats are `float` when every value survives a round trip
/// through 32 bits, else `double`; a column whose values disagree in type is written as
/// `string` (and reported).
///
/// Strings are always double-quoted with inner quotes doubled, so commas, quotes and line
/// breaks survive (`--multiline-fields=true`). Arrays are joined with `;` unless some element
/// holds one, in which case the first of `|`, `^`, `~` that no element holds is used and
/// `import.sh` passes it as `--array-delimiter`. Output is deterministic: files, columns and rows
/// sorted.
public struct Neo4jCSVExporter: Sendable {
    /// One file of the export.
    public struct File: Sendable, Hashable {
        public var name: String
        public var contents: String
    }

    /// The files of an export, with what was noticed on the way.
    public struct Output: Sendable {
        public var files: [File]
        public var arrayDelimiter: Character
        /// Warnings (a value written as JSON text, a column written as strings) and notes.
        public var diagnostics: [Diagnostic]
    }

    /// What to do with a value Neo4j cannot store (a map, a list of lists, a mixed list).
    public var unstorable: UnstorablePolicy

    public init(unstorable: UnstorablePolicy = .reject) { self.unstorable = unstorable }

    /// The files for `graph`.
    /// - Throws: ``Diagnostics`` listing every problem when a name cannot be written or, under
    ///   ``UnstorablePolicy/reject``, a value cannot be stored by Neo4j.
    /// - Complexity: O(entities + relations + size of their properties), plus sorting.
    public func export(_ graph: Graph) throws(Diagnostics) -> Output {
        var diagnostics = CypherFit.check(graph, dialect: .neo4j, policy: unstorable)
        var seen: Set<String> = []
        for h in graph.entityHandles {
            for k in graph[h].attributes.keys where k.contains(":") && seen.insert(k).inserted {
                diagnostics.append(.error("property key '\(k)' holds ':', which neo4j-admin headers cannot hold"))
            }
        }
        for h in graph.relationHandles {
            for k in graph[h].attributes.keys where k.contains(":") && seen.insert(k).inserted {
                diagnostics.append(.error("property key '\(k)' holds ':', which neo4j-admin headers cannot hold"))
            }
        }
        if diagnostics.contains(where: { $0.severity == .error }) { throw Diagnostics(diagnostics) }

        // Rows as sorted property lists, made storable.
        func storable(_ props: [(key: String, value: Value)]) -> [String: Value] {
            var out: [String: Value] = [:]
            for (k, v) in props {
                if let s = CypherFit.storable(v, in: .neo4j, policy: unstorable) { out[k] = s }
            }
            return out
        }
        var nodeGroups: [String: [(id: String, labels: [String], props: [String: Value])]] = [:]
        for h in graph.entityHandles {
            let e = graph[h]
            nodeGroups[e.type, default: []].append((e.id, e.allLabels, storable(CypherPropertyMapping.nodeProperties(of: e))))
        }
        var relationGroups: [String: [(from: String, to: String, order: Int32, props: [String: Value])]] = [:]
        for h in graph.relationHandles {
            let r = graph[h]
            relationGroups[r.type, default: []].append(
                (graph.fromID(h), graph.toID(h), h.index, storable(CypherPropertyMapping.relationshipProperties(of: r))))
        }

        // One array delimiter for the whole export.
        var arrayText = Set<Character>()
        func collect(_ v: Value) {
            if case .list(let items) = v {
                for case .string(let s) in items { arrayText.formUnion(s) }
            }
        }
        for rows in nodeGroups.values {
            for row in rows {
                arrayText.formUnion(row.labels.joined())
                row.props.values.forEach(collect)
            }
        }
        for rows in relationGroups.values { for row in rows { row.props.values.forEach(collect) } }
        guard let delimiter = [";", "|", "^", "~"].map(Character.init).first(where: { !arrayText.contains($0) }) else {
            throw Diagnostics([.error("array elements hold each of ; | ^ ~, so no array delimiter is left for neo4j-admin")])
        }
        if delimiter != ";" {
            diagnostics.append(Diagnostic(.note, "array elements hold ';', so arrays are joined with '\(delimiter)' (import.sh passes --array-delimiter)"))
        }

        var files: [File] = []
        var usedNames: Set<String> = []
        var nodeFiles: [String] = []
        var relationshipFiles: [String] = []
        for type in nodeGroups.keys.sorted() {
            let rows = nodeGroups[type]!.sorted { $0.id < $1.id }
            let (columns, notes) = Self.columns(for: rows.map(\.props), fixed: ["id"], subject: "entities of type '\(type)'")
            diagnostics += notes
            var text = Self.csvLine(["id:ID", ":LABEL"] + columns.map(\.header))
            for row in rows {
                var fields = [Self.quoted(row.id), Self.quoted(row.labels.joined(separator: String(delimiter)))]
                for c in columns { fields.append(Self.field(row.props[c.key], c, delimiter)) }
                text += Self.csvLine(fields, raw: true)
            }
            let name = Self.fileName("nodes", type, &usedNames)
            nodeFiles.append(name)
            files.append(File(name: name, contents: text))
        }
        for type in relationGroups.keys.sorted() {
            let rows = relationGroups[type]!.sorted { ($0.from, $0.to, $0.order) < ($1.from, $1.to, $1.order) }
            let (columns, notes) = Self.columns(for: rows.map(\.props), fixed: [], subject: "relations of type '\(type)'")
            diagnostics += notes
            var text = Self.csvLine([":START_ID", ":END_ID", ":TYPE"] + columns.map(\.header))
            for row in rows {
                var fields = [Self.quoted(row.from), Self.quoted(row.to), Self.quoted(type)]
                for c in columns { fields.append(Self.field(row.props[c.key], c, delimiter)) }
                text += Self.csvLine(fields, raw: true)
            }
            let name = Self.fileName("relationships", type, &usedNames)
            relationshipFiles.append(name)
            files.append(File(name: name, contents: text))
        }
        files.append(File(name: "import.sh", contents: Self.importScript(nodeFiles, relationshipFiles, delimiter)))
        return Output(files: files, arrayDelimiter: delimiter, diagnostics: diagnostics)
    }

    /// Writes the files for `graph` into `directory` (created when missing), each atomically.
    /// Other files in the folder are left alone.
    @discardableResult
    public func write(_ graph: Graph, to directory: String) throws -> Output {
        let output = try export(graph)
        let dir = URL(fileURLWithPath: directory)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for f in output.files {
            let url = dir.appendingPathComponent(f.name)
            try writeAtomically(Data(f.contents.utf8), to: url)
            if f.name.hasSuffix(".sh") {
                try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
            }
        }
        return output
    }

    // MARK: Columns

    /// A typed property column.
    struct Column {
        var key: String
        /// The neo4j-admin type: int, long, float, double, boolean, date, string, with `[]` for arrays.
        var type: String
        var header: String { "\(key):\(type)" }
        var isArray: Bool { type.hasSuffix("[]") }
    }

    /// The typed columns for a set of rows, keys sorted (`name` and `aliases` first when present),
    /// leaving out the `fixed` keys that have columns of their own.
    static func columns(for rows: [[String: Value]], fixed: Set<String>, subject: String) -> ([Column], [Diagnostic]) {
        var values: [String: [Value]] = [:]
        for row in rows { for (k, v) in row where !fixed.contains(k) { values[k, default: []].append(v) } }
        let first = ["name", "aliases"].filter { values[$0] != nil }
        let keys = first + values.keys.filter { !first.contains($0) }.sorted()
        var notes: [Diagnostic] = []
        let columns = keys.map { k -> Column in
            if let t = commonType(values[k]!) { return Column(key: k, type: t) }
            notes.append(.warning("\(subject): property '\(k)' has values of different types; written as strings"))
            return Column(key: k, type: values[k]!.allSatisfy { $0.listValue != nil } ? "string[]" : "string")
        }
        return (columns, notes)
    }

    /// The one neo4j-admin type that holds every value, or nil when they disagree.
    static func commonType(_ values: [Value]) -> String? {
        var scalars: [Value] = []
        var lists = 0
        for v in values {
            if case .list(let items) = v { lists += 1; scalars += items } else { scalars.append(v) }
        }
        guard lists == 0 || lists == values.count else { return nil }
        let suffix = lists > 0 ? "[]" : ""
        if scalars.isEmpty { return "string" + suffix }
        if scalars.allSatisfy({ $0.stringValue != nil }) { return "string" + suffix }
        if scalars.allSatisfy({ $0.boolValue != nil }) { return "boolean" + suffix }
        if scalars.allSatisfy({ $0.dateValue != nil }) { return "date" + suffix }
        if scalars.allSatisfy({ $0.intValue != nil }) {
            let fits = scalars.allSatisfy { Int32(exactly: $0.intValue!) != nil }
            return (fits ? "int" : "long") + suffix
        }
        if scalars.allSatisfy({ $0.numberValue != nil }) {
            let fits = scalars.allSatisfy { Double(Float($0.numberValue!)) == $0.numberValue! }
            return (fits ? "float" : "double") + suffix
        }
        return nil
    }

    // MARK: Fields

    static func field(_ value: Value?, _ column: Column, _ delimiter: Character) -> String {
        guard let value, !value.isNull else { return "" }
        if column.isArray {
            guard case .list(let items) = value, !items.isEmpty else { return "" }
            return quoted(items.map(text).joined(separator: String(delimiter)))
        }
        if column.type == "string" {
            if case .string(let s) = value { return quoted(s) }
            return quoted(value.listValue != nil ? CypherFit.jsonText(value) : text(value))
        }
        return text(value)
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .float(let f): Value.formatFloat(f)
        default: v.description
        }
    }

    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// One CSV line: fields joined by commas; header fields are quoted only when they need it.
    static func csvLine(_ fields: [String], raw: Bool = false) -> String {
        if raw { return fields.joined(separator: ",") + "\n" }
        return fields.map { f in
            f.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) ? quoted(f) : f
        }.joined(separator: ",") + "\n"
    }

    /// `nodes_Party.csv`: the type with characters other than ASCII letters, digits, `-` and `_`
    /// replaced by `_`, made unique by a counter.
    static func fileName(_ prefix: String, _ type: String, _ used: inout Set<String>) -> String {
        let safe = String(type.unicodeScalars.map { s -> Character in
            s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "-" || s == "_") ? Character(s) : "_"
        })
        var name = "\(prefix)_\(safe.isEmpty ? "untyped" : safe).csv"
        var n = 2
        while !used.insert(name.lowercased()).inserted {
            name = "\(prefix)_\(safe.isEmpty ? "untyped" : safe)_\(n).csv"
            n += 1
        }
        return name
    }

    static func importScript(_ nodes: [String], _ relationships: [String], _ delimiter: Character) -> String {
        var s = """
            #!/bin/sh
            # Imports this folder into a new, empty Neo4j database (Neo4j 5; the database must not exist
            # or must be stopped). Usage: ./import.sh [DATABASE]   (default: neo4j)
            # Written by `parley export --to neo4j-csv`.
            set -e
            cd "$(dirname "$0")"
            exec neo4j-admin database import full \\
              --multiline-fields=true --array-delimiter='\(delimiter)' \\

            """
        for f in nodes { s += "  --nodes=\(f) \\\n" }
        for f in relationships { s += "  --relationships=\(f) \\\n" }
        s += "  \"${1:-neo4j}\"\n"
        return s
    }
}
