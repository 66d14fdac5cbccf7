import ParleyCore

/// How attribute values are written in JSON.
enum ValueStyle {
    /// Lossless, for patches: a date is `{"$date": "2025-11-21"}`, a float that JSON cannot hold is
    /// `{"$float": "NaN"}`, and a map with a key starting with `$` is wrapped as `{"$map": {…}}`.
    case tagged
    /// For people and programs reading a report: dates as `"2025-11-21"`, NaN and infinities as strings.
    case plain
}

/// Snapshot-shaped JSON for the store's types: the same keys as the snapshot format
/// (`schema/README.md`), empty fields left out, map keys sorted.
enum ModelJSON {
    static func value(_ v: Value, _ style: ValueStyle) -> JSONValue {
        switch v {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let f):
            if f.isFinite { return .float(f) }
            let text = Value.formatFloat(f)
            return style == .tagged ? .object([("$float", .string(text))]) : .string(text)
        case .string(let s): return .string(s)
        case .date(let d): return style == .tagged ? .object([("$date", .string(d.description))]) : .string(d.description)
        case .list(let l): return .array(l.map { value($0, style) })
        case .map(let m):
            let obj = JSONValue.object(m.keys.sorted().map { ($0, value(m[$0]!, style)) })
            if style == .tagged, m.keys.contains(where: { $0.hasPrefix("$") }) { return .object([("$map", obj)]) }
            return obj
        }
    }

    static func attributes(_ m: [String: Value], _ style: ValueStyle) -> JSONValue {
        .object(m.keys.sorted().map { ($0, value(m[$0]!, style)) })
    }

    static func citation(_ c: Citation) -> JSONValue {
        var o: [(String, JSONValue)] = [("source", .string(c.source))]
        if let q = c.quote { o.append(("quote", .string(q))) }
        return .object(o)
    }

    static func entity(_ e: Entity, _ style: ValueStyle) -> JSONValue {
        var o: [(String, JSONValue)] = [("id", .string(e.id)), ("type", .string(e.type))]
        if !e.labels.isEmpty { o.append(("labels", .array(e.labels.map { .string($0) }))) }
        if let n = e.name { o.append(("name", .string(n))) }
        if !e.aliases.isEmpty { o.append(("aliases", .array(e.aliases.map { .string($0) }))) }
        if !e.attributes.isEmpty { o.append(("attributes", attributes(e.attributes, style))) }
        if !e.citations.isEmpty { o.append(("citations", .array(e.citations.map(citation)))) }
        return .object(o)
    }

    static func relation(_ r: PortableRelation, _ style: ValueStyle) -> JSONValue {
        var o: [(String, JSONValue)] = [("from", .string(r.from)), ("type", .string(r.type)), ("to", .string(r.to))]
        if !r.attributes.isEmpty { o.append(("attributes", attributes(r.attributes, style))) }
        if !r.citations.isEmpty { o.append(("citations", .array(r.citations.map(citation)))) }
        if let d = r.validFrom { o.append(("valid_from", .string(d.description))) }
        if let d = r.validUntil { o.append(("valid_until", .string(d.description))) }
        if let c = r.confidence { o.append(("confidence", .string(c.rawValue))) }
        return .object(o)
    }

    static func source(_ s: Source, _ style: ValueStyle) -> JSONValue {
        var o: [(String, JSONValue)] = [("id", .string(s.id))]
        if let x = s.outlet { o.append(("outlet", .string(x))) }
        if let x = s.title { o.append(("title", .string(x))) }
        if let x = s.date { o.append(("date", .string(x.description))) }
        if let x = s.file { o.append(("file", .string(x))) }
        if let x = s.url { o.append(("url", .string(x))) }
        if !s.attributes.isEmpty { o.append(("attributes", attributes(s.attributes, style))) }
        return .object(o)
    }

    static func metadata(_ m: SnapshotMetadata, _ style: ValueStyle) -> JSONValue {
        var o: [(String, JSONValue)] = []
        if let x = m.id { o.append(("id", .string(x))) }
        if let x = m.asOf { o.append(("as_of", .string(x.description))) }
        if let x = m.title { o.append(("title", .string(x))) }
        if let x = m.schema { o.append(("schema", .string(x))) }
        if let x = m.description { o.append(("description", .string(x))) }
        if !m.attributes.isEmpty { o.append(("attributes", attributes(m.attributes, style))) }
        return .object(o)
    }
}

/// Reads the store's types back from tagged JSON, reporting problems at `file:line:col`.
struct ModelJSONReader {
    var locations: [String: SourceLocation]
    var file: String

    /// An error at the value of `path`, or at its nearest enclosing value when `path` is absent.
    func error(_ path: String, _ message: String) -> Diagnostic {
        var p = Substring(path)
        while !p.isEmpty {
            if let l = locations[String(p)] { return .error(message, at: l) }
            guard let cut = p.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            p = p[..<cut]
        }
        return .error(message, at: SourceLocation(file: file, line: 1, column: 1))
    }

    func object(_ j: JSONValue, _ path: String, allowed: Set<String>) throws(Diagnostic) -> [(String, JSONValue)] {
        guard let o = j.objectValue else { throw error(path, "expected an object") }
        for (k, _) in o where !allowed.contains(k) {
            throw error(path + "." + k, "unknown key '\(k)' (expected one of \(allowed.sorted().joined(separator: ", ")))")
        }
        return o
    }

    func string(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> String {
        guard let s = j?.stringValue else { throw error(path, j == nil ? "missing '\(lastKey(path))'" : "expected a string") }
        return s
    }

    func optionalString(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> String? {
        guard let j, j != .null else { return nil }
        return try string(j, path)
    }

    func strings(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> [String] {
        guard let j else { return [] }
        guard let a = j.arrayValue else { throw error(path, "expected a list of strings") }
        var out: [String] = []
        for (i, x) in a.enumerated() { out.append(try string(x, "\(path)[\(i)]")) }
        return out
    }

    func date(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> LocalDate? {
        guard let s = try optionalString(j, path) else { return nil }
        guard let d = LocalDate(iso: s) else { throw error(path, "'\(s)' is not a date (YYYY-MM-DD)") }
        return d
    }

    private func lastKey(_ path: String) -> String {
        path.split(separator: ".").last.map(String.init) ?? path
    }

    func value(_ j: JSONValue, _ path: String) throws(Diagnostic) -> Value {
        switch j {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .int(i)
        case .float(let f): return .float(f)
        case .string(let s): return .string(s)
        case .array(let a):
            var out: [Value] = []
            for (i, x) in a.enumerated() { out.append(try value(x, "\(path)[\(i)]")) }
            return .list(out)
        case .object(let o):
            if o.count == 1, o[0].0.hasPrefix("$") {
                let (tag, inner) = o[0]
                let p = path + "." + tag
                switch tag {
                case "$date":
                    guard let s = inner.stringValue, let d = LocalDate(iso: s) else { throw error(p, "expected a date YYYY-MM-DD") }
                    return .date(d)
                case "$float":
                    switch inner.stringValue {
                    case "NaN": return .float(.nan)
                    case "Infinity": return .float(.infinity)
                    case "-Infinity": return .float(-.infinity)
                    default: throw error(p, "expected NaN, Infinity or -Infinity")
                    }
                case "$map":
                    guard inner.objectValue != nil else { throw error(p, "expected an object") }
                    return try plainMap(inner, p)
                default: throw error(p, "unknown tag '\(tag)' (expected $date, $float or $map)")
                }
            }
            return try plainMap(j, path)
        }
    }

    private func plainMap(_ j: JSONValue, _ path: String) throws(Diagnostic) -> Value {
        var m: [String: Value] = [:]
        for (k, v) in j.objectValue ?? [] { m[k] = try value(v, path + "." + k) }
        return .map(m)
    }

    func attributes(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> [String: Value] {
        guard let j else { return [:] }
        guard let o = j.objectValue else { throw error(path, "expected an object of attributes") }
        var m: [String: Value] = [:]
        for (k, v) in o { m[k] = try value(v, path + "." + k) }
        return m
    }

    func citations(_ j: JSONValue?, _ path: String) throws(Diagnostic) -> [Citation] {
        guard let j else { return [] }
        guard let a = j.arrayValue else { throw error(path, "expected a list of citations") }
        var out: [Citation] = []
        for (i, c) in a.enumerated() {
            let p = "\(path)[\(i)]"
            _ = try object(c, p, allowed: ["source", "quote"])
            out.append(Citation(source: try string(c["source"], p + ".source"), quote: try optionalString(c["quote"], p + ".quote")))
        }
        return out
    }

    func entity(_ j: JSONValue, _ p: String) throws(Diagnostic) -> Entity {
        _ = try object(j, p, allowed: ["id", "type", "labels", "name", "aliases", "attributes", "citations"])
        return Entity(
            id: try string(j["id"], p + ".id"), type: try string(j["type"], p + ".type"),
            name: try optionalString(j["name"], p + ".name"), aliases: try strings(j["aliases"], p + ".aliases"),
            labels: try strings(j["labels"], p + ".labels"), attributes: try attributes(j["attributes"], p + ".attributes"),
            citations: try citations(j["citations"], p + ".citations"))
    }

    func relation(_ j: JSONValue, _ p: String) throws(Diagnostic) -> PortableRelation {
        _ = try object(
            j, p, allowed: ["from", "type", "to", "attributes", "citations", "valid_from", "valid_until", "confidence"])
        var confidence: Confidence?
        if let c = try optionalString(j["confidence"], p + ".confidence") {
            guard let x = Confidence(rawValue: c) else { throw error(p + ".confidence", "expected high, medium or low") }
            confidence = x
        }
        return PortableRelation(
            from: try string(j["from"], p + ".from"), type: try string(j["type"], p + ".type"),
            to: try string(j["to"], p + ".to"), attributes: try attributes(j["attributes"], p + ".attributes"),
            citations: try citations(j["citations"], p + ".citations"),
            validFrom: try date(j["valid_from"], p + ".valid_from"), validUntil: try date(j["valid_until"], p + ".valid_until"),
            confidence: confidence)
    }

    func source(_ j: JSONValue, _ p: String) throws(Diagnostic) -> Source {
        _ = try object(j, p, allowed: ["id", "outlet", "title", "date", "file", "url", "attributes"])
        return Source(
            id: try string(j["id"], p + ".id"), outlet: try optionalString(j["outlet"], p + ".outlet"),
            title: try optionalString(j["title"], p + ".title"), date: try date(j["date"], p + ".date"),
            file: try optionalString(j["file"], p + ".file"), url: try optionalString(j["url"], p + ".url"),
            attributes: try attributes(j["attributes"], p + ".attributes"))
    }

    func metadata(_ j: JSONValue, _ p: String) throws(Diagnostic) -> SnapshotMetadata {
        _ = try object(j, p, allowed: ["id", "as_of", "title", "schema", "description", "attributes"])
        return SnapshotMetadata(
            id: try optionalString(j["id"], p + ".id"), asOf: try date(j["as_of"], p + ".as_of"),
            title: try optionalString(j["title"], p + ".title"), schema: try optionalString(j["schema"], p + ".schema"),
            description: try optionalString(j["description"], p + ".description"),
            attributes: try attributes(j["attributes"], p + ".attributes"))
    }
}
