import Foundation
import ParleyCore

/// Checks a loaded graph against its schema and its sources, collecting every problem.
///
/// The rules (`schema/README.md`): entity and relation types known (did-you-mean otherwise);
/// relation ends allowed by the type's domain and range; attributes known (a warning otherwise),
/// of their declared value type, required ones present; `valid_from` not after `valid_until`;
/// an alias not claimed by two entities; every citation names a source of the snapshot; a quote
/// at most 30 words and found in its source's local text file. Problems the reader found (a
/// relation to a missing entity, a duplicate id, a date that does not exist) come in with
/// `readerDiagnostics`.
///
/// ```swift
/// let problems = Validator.validate(loaded.graph, sourceMap: loaded.sourceMap, schema: loaded.schema,
///                                   readerDiagnostics: loaded.diagnostics, strict: true)
/// problems.forEach { print($0) }   // graphs/x.yaml:41:7: error: …
/// ```
public enum Validator {
    /// Every problem of the graph, sorted by position, reader problems included.
    ///
    /// - Parameters:
    ///   - file: the snapshot's path, against which sources' local files are resolved
    ///     (defaults to `sourceMap.file`).
    ///   - strict: warnings become errors, except that a source's local file is missing (a
    ///     matter of the machine the check runs on, not of the data).
    /// - Complexity: O(entities + relations + attributes), plus the quote look-ups.
    public static func validate(
        _ graph: Graph, sourceMap: SourceMap, schema: Schema?, file: String? = nil,
        readerDiagnostics: [Diagnostic] = [], strict: Bool = false
    ) -> [Diagnostic] {
        var run = ValidationRun(graph: graph, sourceMap: sourceMap, schema: schema, file: file ?? sourceMap.file)
        run.checkEntities()
        run.checkAliases()
        run.checkRelations()
        let own = run.finish()
        var all: [Diagnostic] = []
        for d in readerDiagnostics { all.append(strict ? strictened(d) : d) }
        for (d, environmental) in own { all.append(strict && !environmental ? strictened(d) : d) }
        return Diagnostics(all).sorted
    }

    /// The diagnostic as `--strict` sees it: a warning becomes an error.
    public static func strictened(_ d: Diagnostic) -> Diagnostic {
        guard d.severity == .warning else { return d }
        var e = d
        e.severity = .error
        return e
    }

    /// How a source's missing local file is reported (a warning that `--strict` leaves alone).
    static func missingFileMessage(source: String, file: String) -> String {
        "source '\(source)': file '\(file)' is not there, so its quotes are not checked "
            + "(a matter of this machine, not of the data: a warning even with --strict)"
    }
}

/// One validation pass over a graph.
struct ValidationRun {
    let graph: Graph
    let sourceMap: SourceMap
    let schema: Schema?
    let file: String
    /// Found problems, each with whether it is about the environment (exempt from --strict).
    var found: [(Diagnostic, Bool)] = []
    /// Source texts by source id (nil: the source names no readable local file).
    var texts: [String: SourceText?] = [:]
    /// Look-ups by type as written, done once per type rather than once per element.
    var entityTypeCache: [String: (spec: EntityTypeSpec, attributes: [String: AttributeSpec])?] = [:]
    var relationTypeCache: [String: (spec: RelationTypeSpec, attributes: [String: AttributeSpec])?] = [:]
    var knownTypesCache: [EntityHandle: [String]] = [:]
    /// Spellings (ids, names, aliases) → entity id, for did-you-mean on entity references.
    lazy var entitySpellings: [(String, String)] = {
        var out: [(String, String)] = []
        for e in graph.entities {
            out.append((e.id, e.id))
            if let n = e.name { out.append((n, e.id)) }
            for a in e.aliases { out.append((a, e.id)) }
        }
        return out
    }()

    init(graph: Graph, sourceMap: SourceMap, schema: Schema?, file: String) {
        self.graph = graph
        self.sourceMap = sourceMap
        self.schema = schema
        self.file = file
    }

    mutating func error(_ message: String, at location: SourceLocation) {
        found.append((.error(message, at: location), false))
    }

    mutating func warning(_ message: String, at location: SourceLocation, environmental: Bool = false) {
        found.append((.warning(message, at: location), environmental))
    }

    func finish() -> [(Diagnostic, Bool)] { found }

    /// Where a field stands: the first of `fields` the reader recorded, else the element.
    func location(_ element: SourceMap.Element, _ fields: String...) -> SourceLocation {
        let fallback = sourceMap.location(of: element)
        for f in fields {
            let l = sourceMap.location(of: element, field: f)
            if l != fallback { return l }
        }
        return fallback
    }

    static func hint(_ suggestion: String?) -> String {
        suggestion.map { " (did you mean '\($0)'?)" } ?? ""
    }

    /// " (did you mean 'venue', an alias of Place?)" for a suggested type spelling.
    static func typeHint(_ spelling: String?, canonical: (String) -> String?) -> String {
        guard let spelling else { return "" }
        guard let name = canonical(spelling), name != spelling else { return hint(spelling) }
        return " (did you mean '\(spelling)', an alias of \(name)?)"
    }

    /// "did you mean" for a reference to an entity: an exact match ignoring case and diacritics
    /// first, then the closest id, name or alias.
    mutating func suggestEntity(for text: String) -> String? {
        if let h = graph.resolve(text).first { return graph[h].id }
        guard graph.entityCount <= 20_000 else { return nil }  // a fuzzy search per miss would be quadratic
        let spellings = entitySpellings
        guard let best = closestMatch(to: text, among: spellings.map(\.0)) else { return nil }
        return spellings.first { $0.0 == best }?.1
    }

    // MARK: Entities

    mutating func checkEntities() {
        for h in graph.entityHandles {
            let e = graph[h]
            let element = SourceMap.Element.entity(h)
            var allowed: [String: AttributeSpec]?
            if let schema {
                if e.type.isEmpty {
                    error("entity '\(e.id)' has no type", at: location(element, "type"))
                } else if let (_, attributes) = entityType(e.type, in: schema) {
                    allowed = attributes
                } else {
                    let suggestion = Self.typeHint(closestMatch(to: e.type, among: schema.entityTypeSpellings)) {
                        schema.entityType(named: $0)?.name
                    }
                    error(
                        "unknown entity type '\(e.type)' of '\(e.id)'\(suggestion)",
                        at: location(element, "type"))
                }
            }
            let owner = "\(e.type) '\(e.id)'"
            checkAttributes(
                e.attributes, allowed: allowed, common: schema?.entityAttributes, owner: owner,
                element: element)
            for (i, c) in e.citations.enumerated() {
                checkCitation(c, element: .entityCitation(h, i), owner: owner)
            }
            if let disputes = e.attributes["disputes"]?.listValue {
                checkDisputes(disputes, owner: owner, at: location(element, "attributes.disputes", "attributes"))
            }
        }
    }

    /// `disputes: [{attribute, value, source, quote, note}]`: each claim's source and quote are
    /// checked like a citation's.
    mutating func checkDisputes(_ items: [Value], owner: String, at location: SourceLocation) {
        for item in items {
            guard let m = item.mapValue, let source = m["source"]?.stringValue else { continue }
            checkCitation(
                Citation(source: source, quote: m["quote"]?.stringValue), owner: "a dispute of \(owner)",
                sourceAt: location, quoteAt: location)
        }
    }

    /// An alias that folds (case, diacritics) to another entity's id, name or alias.
    mutating func checkAliases() {
        var names: [String: [EntityHandle]] = [:]
        var aliases: [String: [EntityHandle]] = [:]
        for h in graph.entityHandles {
            let e = graph[h]
            for k in Set([TextKey.fold(e.id)] + (e.name.map { [TextKey.fold($0)] } ?? [])) where !k.isEmpty {
                names[k, default: []].append(h)
            }
            for k in Set(e.aliases.map(TextKey.fold)) where !k.isEmpty { aliases[k, default: []].append(h) }
        }
        for h in graph.entityHandles {
            let e = graph[h]
            var reported = Set<String>()
            for (i, alias) in e.aliases.enumerated() {
                let k = TextKey.fold(alias)
                guard !k.isEmpty, reported.insert(k).inserted else { continue }
                // Alias against alias: reported once, at the later entity.
                let byName = (names[k] ?? []).filter { $0 != h }
                let byAlias = (aliases[k] ?? []).filter { $0 < h }
                guard let other = (byName + byAlias).min() else { continue }
                let o = graph[other]
                let how = byName.contains(other) ? (TextKey.fold(o.id) == k ? "the id of" : "the name of") : "also an alias of"
                let line = sourceMap.location(of: .entity(other)).line
                error(
                    "alias '\(alias)' of '\(e.id)' is \(how) '\(o.id)' (line \(line)): an alias may name one entity only",
                    at: location(.entity(h), "aliases.\(i)", "aliases"))
            }
        }
    }

    // MARK: Relations

    mutating func checkRelations() {
        for h in graph.relationHandles {
            let r = graph[h]
            let element = SourceMap.Element.relation(h)
            let from = graph[r.from]
            let to = graph[r.to]
            let owner = "relation \(r.type) from '\(from.id)' to '\(to.id)'"
            var allowed: [String: AttributeSpec]?
            if let schema {
                if let (spec, attributes) = relationType(r.type, in: schema) {
                    allowed = attributes
                    checkEnds(r, spec: spec, from: from, to: to, owner: owner, element: element, schema: schema)
                } else {
                    let suggestion = Self.typeHint(closestMatch(to: r.type, among: schema.relationTypeSpellings)) {
                        schema.relationType(named: $0)?.name
                    }
                    error("\(owner): unknown relation type '\(r.type)'\(suggestion)", at: location(element, "type"))
                }
            }
            checkAttributes(
                r.attributes, allowed: allowed, common: schema?.relationAttributes, owner: owner, element: element)
            if let f = r.validFrom, let u = r.validUntil, u < f {
                error("\(owner): valid_from \(f) is after valid_until \(u)", at: location(element, "valid_from", "valid_until"))
            }
            for (i, c) in r.citations.enumerated() {
                checkCitation(c, element: .citation(h, i), owner: owner)
            }
        }
    }

    /// Domain and range. A symmetric type also accepts its ends the other way round.
    mutating func checkEnds(
        _ r: Relation, spec: RelationTypeSpec, from: Entity, to: Entity, owner: String, element: SourceMap.Element,
        schema: Schema
    ) {
        guard let fromTypes = knownTypes(r.from, schema: schema), let toTypes = knownTypes(r.to, schema: schema) else {
            return  // an unknown type: reported at the entity
        }
        let fromOK = !spec.from.isEmpty && fromTypes.contains(where: spec.from.contains)
        let toOK = !spec.to.isEmpty && toTypes.contains(where: spec.to.contains)
        if fromOK && toOK { return }
        if spec.symmetric && fromTypes.contains(where: spec.to.contains) && toTypes.contains(where: spec.from.contains) {
            return
        }
        if !fromOK {
            error(
                "\(owner): \(spec.name) cannot start at \(fromTypes[0]) '\(from.id)' (its domain is \(spec.from.joined(separator: ", ")))",
                at: location(element, "from"))
        }
        if !toOK {
            error(
                "\(owner): \(spec.name) cannot end at \(toTypes[0]) '\(to.id)' (its range is \(spec.to.joined(separator: ", ")))",
                at: location(element, "to"))
        }
    }

    /// An entity's type and labels that the schema knows, as canonical names; nil when none.
    mutating func knownTypes(_ h: EntityHandle, schema: Schema) -> [String]? {
        if let cached = knownTypesCache[h] { return cached.isEmpty ? nil : cached }
        var known: [String] = []
        for label in graph[h].allLabels {
            if let (spec, _) = entityType(label, in: schema) { known.append(spec.name) }
        }
        knownTypesCache[h] = known
        return known.isEmpty ? nil : known
    }

    mutating func entityType(_ name: String, in schema: Schema) -> (spec: EntityTypeSpec, attributes: [String: AttributeSpec])? {
        if let cached = entityTypeCache[name] { return cached }
        let found = schema.entityType(named: name).map { ($0, schema.attributes(ofEntityType: $0)) }
        entityTypeCache[name] = .some(found)
        return found
    }

    mutating func relationType(_ name: String, in schema: Schema) -> (spec: RelationTypeSpec, attributes: [String: AttributeSpec])? {
        if let cached = relationTypeCache[name] { return cached }
        let found = schema.relationType(named: name).map { ($0, schema.attributes(ofRelationType: $0)) }
        relationTypeCache[name] = .some(found)
        return found
    }

    // MARK: Citations and quotes

    mutating func checkCitation(_ c: Citation, element: SourceMap.Element, owner: String) {
        checkCitation(
            c, owner: owner, sourceAt: location(element, "source"), quoteAt: location(element, "quote", "source"))
    }

    mutating func checkCitation(_ c: Citation, owner: String, sourceAt: SourceLocation, quoteAt: SourceLocation) {
        guard let source = graph.source(withID: c.source) else {
            let suggestion = closestMatch(to: c.source, among: graph.sources.map(\.id))
            error("\(owner): cites unknown source '\(c.source)'\(Self.hint(suggestion))", at: sourceAt)
            return
        }
        guard let quote = c.quote, !quote.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
        let words = QuoteText.wordCount(quote)
        if words > QuoteText.maximumWords {
            error(
                "\(owner): quote of \(words) words from '\(source.id)' is longer than \(QuoteText.maximumWords) words",
                at: quoteAt)
        }
        guard let text = text(of: source) else { return }
        if !text.contains(quote: quote) {
            var message = "\(owner): quote not found in the text of source '\(source.id)' (\(source.file ?? ""))"
            if let passage = text.closestPassage(to: quote) { message += "; closest passage: \"\(passage)\"" }
            error(message, at: quoteAt)
        }
    }

    /// The text of a source's local file, read once; nil when the source names none (or a URL),
    /// or when the file is missing (reported once, as a warning about the environment).
    mutating func text(of source: Source) -> SourceText? {
        if let cached = texts[source.id] { return cached }
        var result: SourceText?
        defer { texts[source.id] = .some(result) }
        guard let name = source.file, !name.isEmpty, !name.contains("://") else { return nil }
        let path = resolve(name)
        let at = location(.source(source.id), "file")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            warning(Validator.missingFileMessage(source: source.id, file: name), at: at, environmental: true)
            return nil
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            warning(Validator.missingFileMessage(source: source.id, file: name), at: at, environmental: true)
            return nil
        }
        guard let s = String(data: data, encoding: .utf8) else {
            error("source '\(source.id)': file '\(name)' is not UTF-8 text", at: at)
            return nil
        }
        result = SourceText(s)
        return result
    }

    /// A source file's path: as written when absolute, else relative to the snapshot's folder.
    func resolve(_ name: String) -> String {
        if name.hasPrefix("/") { return name }
        let base: URL
        if file.hasPrefix("<") {  // <stdin>
            base = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        } else {
            base = URL(fileURLWithPath: file).deletingLastPathComponent()
        }
        return base.appendingPathComponent(name).standardizedFileURL.path
    }
}
