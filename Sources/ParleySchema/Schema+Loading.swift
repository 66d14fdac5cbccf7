import Foundation
import ParleyCore
import Yams

extension Schema {
    /// Reads a schema file (format: `schema/README.md`).
    ///
    /// - Throws: ``Diagnostics`` listing every problem of the schema itself (an unknown entity type
    ///   in a domain or range, duplicate names or aliases, an alias claimed by two types, an
    ///   unknown value type, an enum without values, unknown keys), each at its `file:line:col`;
    ///   also when the file cannot be read or is not YAML.
    public static func load(path: String) throws -> Schema {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw Diagnostics([.error("cannot read schema '\(path)': \(error.localizedDescription)")])
        }
        return try load(yaml: text, file: path)
    }

    /// Reads a schema from YAML text; `file` names it in diagnostics.
    /// - Throws: ``Diagnostics`` as ``load(path:)`` does.
    public static func load(yaml text: String, file: String) throws -> Schema {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw Diagnostics([YAMLErrors.diagnostic(for: error, file: file)])
        }
        var parser = SchemaParser(file: file)
        guard let root else {
            throw Diagnostics([.error("the schema file is empty", at: SourceLocation(file: file, line: 1, column: 1))])
        }
        let schema = parser.parse(root)
        if !parser.diagnostics.isEmpty { throw Diagnostics(parser.diagnostics) }
        return schema
    }
}

/// Turns a Yams error into a diagnostic with the position libyaml gives.
enum YAMLErrors {
    static func diagnostic(for error: Error, file: String) -> Diagnostic {
        guard let yamlError = error as? YamlError else {
            return .error("not YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        func at(_ mark: Mark) -> SourceLocation { SourceLocation(file: file, line: mark.line, column: mark.column) }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let ctx = context.map { " (\($0.text))" } ?? ""
            return .error("YAML: \(problem)\(ctx)", at: at(mark))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.sorted().map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in one mapping", at: at(context.mark))
        case .reader(let problem, _, _, _):
            return .error("YAML: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .error("YAML: \(yamlError)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}

/// Walks the composed YAML of a schema file, keeping every node's position for diagnostics.
struct SchemaParser {
    let file: String
    var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    mutating func error(_ message: String, at node: Node) {
        diagnostics.append(.error(message, at: location(node)))
    }

    // MARK: Shapes

    /// The pairs of a mapping node, or an error (nil for a null node, which stands for an empty mapping).
    mutating func pairs(_ node: Node, what: String) -> [(key: Node, value: Node)] {
        if node.null != nil { return [] }
        guard let m = node.mapping else {
            error("\(what) must be a mapping", at: node)
            return []
        }
        return m.map { ($0.key, $0.value) }
    }

    mutating func string(_ node: Node, what: String) -> String? {
        guard case .scalar(let s) = node, node.null == nil else {
            error("\(what) must be a string", at: node)
            return nil
        }
        return s.string
    }

    /// A list of strings; a single string counts as a one-item list. Returns the nodes too.
    mutating func strings(_ node: Node, what: String) -> [(String, Node)] {
        if node.null != nil { return [] }
        if case .scalar(let s) = node { return [(s.string, node)] }
        guard let seq = node.sequence else {
            error("\(what) must be a list of strings", at: node)
            return []
        }
        var out: [(String, Node)] = []
        for item in seq {
            if case .scalar(let s) = item, item.null == nil { out.append((s.string, item)) } else {
                error("\(what) must be a list of strings", at: item)
            }
        }
        return out
    }

    mutating func bool(_ node: Node, what: String) -> Bool? {
        guard let b = node.bool, node.scalar != nil else {
            error("\(what) must be true or false", at: node)
            return nil
        }
        return b
    }

    /// Reports keys that the mapping may not hold, with a did-you-mean.
    mutating func checkKeys(_ pairs: [(key: Node, value: Node)], allowed: [String], in what: String) {
        for (k, _) in pairs {
            let key = k.string ?? ""
            guard !allowed.contains(key) else { continue }
            let hint = closestMatch(to: key, among: allowed).map { " (did you mean '\($0)'?)" } ?? ""
            error("unknown key '\(key)' in \(what)\(hint); expected one of \(allowed.joined(separator: ", "))", at: k)
        }
    }

    // MARK: The file

    mutating func parse(_ root: Node) -> Schema {
        let top = pairs(root, what: "the schema")
        checkKeys(
            top, allowed: ["schema", "version", "description", "entity_attributes", "relation_attributes", "entity_types", "relation_types"],
            in: "the schema")
        var name = URL(fileURLWithPath: file).deletingPathExtension().lastPathComponent
        var version: Int?
        var entityAttributes: [String: AttributeSpec] = [:]
        var relationAttributes: [String: AttributeSpec] = [:]
        var entityNodes: [(key: Node, value: Node)] = []
        var relationNodes: [(key: Node, value: Node)] = []
        var sawEntityTypes = false
        var sawRelationTypes = false
        for (k, v) in top {
            switch k.string ?? "" {
            case "schema": if let s = string(v, what: "'schema' (the schema's name)") { name = s }
            case "version":
                if let i = v.int, v.scalar != nil { version = i } else { error("'version' must be an integer", at: v) }
            case "description": _ = string(v, what: "'description'")
            case "entity_attributes": entityAttributes = attributes(v, owner: "entity_attributes")
            case "relation_attributes": relationAttributes = attributes(v, owner: "relation_attributes")
            case "entity_types":
                sawEntityTypes = true
                entityNodes = pairs(v, what: "'entity_types'")
            case "relation_types":
                sawRelationTypes = true
                relationNodes = pairs(v, what: "'relation_types'")
            default: break
            }
        }
        if !sawEntityTypes { error("the schema has no 'entity_types'", at: root) }
        if !sawRelationTypes { error("the schema has no 'relation_types'", at: root) }

        // Entity types first: relation domains and ranges refer to them.
        var entityTypes: [EntityTypeSpec] = []
        var entityNames = SpellingTable(kind: "entity type")
        for (k, v) in entityNodes {
            guard let typeName = typeName(k, kind: "entity type") else { continue }
            var spec = EntityTypeSpec(name: typeName)
            let fields = pairs(v, what: "entity type '\(typeName)'")
            checkKeys(fields, allowed: ["description", "aliases", "attributes", "style"], in: "entity type '\(typeName)'")
            var aliasNodes: [(String, Node)] = []
            for (fk, fv) in fields {
                switch fk.string ?? "" {
                case "description": spec.description = string(fv, what: "'description'")
                case "aliases": aliasNodes = strings(fv, what: "'aliases'")
                case "attributes": spec.attributes = attributes(fv, owner: "entity type '\(typeName)'")
                case "style": spec.style = nodeStyle(fv, owner: typeName)
                default: break
                }
            }
            spec.aliases = aliasNodes.map(\.0)
            if entityNames.claim(typeName, by: typeName, at: location(k), isName: true, into: &diagnostics) {
                for (alias, node) in aliasNodes {
                    _ = entityNames.claim(alias, by: typeName, at: location(node), isName: false, into: &diagnostics)
                }
                entityTypes.append(spec)
            }
        }
        let entityTypeLookup = Schema(name: name, entityTypes: entityTypes, relationTypes: [])

        var relationTypes: [RelationTypeSpec] = []
        var relationNames = SpellingTable(kind: "relation type")
        for (k, v) in relationNodes {
            guard let typeName = typeName(k, kind: "relation type") else { continue }
            var spec = RelationTypeSpec(name: typeName)
            let fields = pairs(v, what: "relation type '\(typeName)'")
            checkKeys(
                fields,
                allowed: ["description", "aliases", "from", "to", "symmetric", "stance", "identifying", "attributes", "style"],
                in: "relation type '\(typeName)'")
            var aliasNodes: [(String, Node)] = []
            var identifyingNodes: [(String, Node)] = []
            var sawFrom = false
            var sawTo = false
            for (fk, fv) in fields {
                switch fk.string ?? "" {
                case "description": spec.description = string(fv, what: "'description'")
                case "aliases": aliasNodes = strings(fv, what: "'aliases'")
                case "from":
                    sawFrom = true
                    spec.from = entityTypeList(fv, lookup: entityTypeLookup, role: "domain ('from')", of: typeName)
                case "to":
                    sawTo = true
                    spec.to = entityTypeList(fv, lookup: entityTypeLookup, role: "range ('to')", of: typeName)
                case "symmetric": spec.symmetric = bool(fv, what: "'symmetric'") ?? false
                case "stance":
                    guard let s = string(fv, what: "'stance'") else { break }
                    if let stance = Stance(rawValue: s) { spec.stance = stance } else {
                        error("unknown stance '\(s)': expected positive or negative", at: fv)
                    }
                case "identifying": identifyingNodes = strings(fv, what: "'identifying'")
                case "attributes": spec.attributes = attributes(fv, owner: "relation type '\(typeName)'")
                case "style": spec.style = edgeStyle(fv, owner: typeName)
                default: break
                }
            }
            if !sawFrom { error("relation type '\(typeName)' has no domain ('from')", at: k) }
            if !sawTo { error("relation type '\(typeName)' has no range ('to')", at: k) }
            for (attr, node) in identifyingNodes {
                if spec.attributes[attr] == nil && relationAttributes[attr] == nil {
                    let known = Array(spec.attributes.keys) + Array(relationAttributes.keys)
                    let hint = closestMatch(to: attr, among: known.sorted()).map { " (did you mean '\($0)'?)" } ?? ""
                    error("relation type '\(typeName)' is identified by '\(attr)', which is not one of its attributes\(hint)", at: node)
                } else {
                    spec.identifying.append(attr)
                }
            }
            spec.aliases = aliasNodes.map(\.0)
            if relationNames.claim(typeName, by: typeName, at: location(k), isName: true, into: &diagnostics) {
                for (alias, node) in aliasNodes {
                    _ = relationNames.claim(alias, by: typeName, at: location(node), isName: false, into: &diagnostics)
                }
                relationTypes.append(spec)
            }
        }
        return Schema(
            name: name, version: version, path: file, entityAttributes: entityAttributes,
            relationAttributes: relationAttributes, entityTypes: entityTypes, relationTypes: relationTypes)
    }

    // MARK: Parts

    mutating func typeName(_ node: Node, kind: String) -> String? {
        guard let s = string(node, what: "a \(kind) name"), !s.trimmingCharacters(in: .whitespaces).isEmpty else {
            if node.scalar != nil { error("a \(kind) name must not be empty", at: node) }
            return nil
        }
        return s
    }

    /// Domain or range: entity type names (or their aliases), returned as canonical names.
    mutating func entityTypeList(_ node: Node, lookup: Schema, role: String, of relation: String) -> [String] {
        var out: [String] = []
        let items = strings(node, what: "the \(role) of '\(relation)'")
        if items.isEmpty && node.null == nil && node.sequence != nil {
            error("the \(role) of relation type '\(relation)' is empty", at: node)
        }
        for (s, item) in items {
            if let t = lookup.entityType(named: s) {
                if !out.contains(t.name) { out.append(t.name) }
            } else {
                let hint = closestMatch(to: s, among: lookup.entityTypeSpellings).map { " (did you mean '\($0)'?)" } ?? ""
                error("unknown entity type '\(s)' in the \(role) of relation type '\(relation)'\(hint)", at: item)
            }
        }
        return out
    }

    mutating func attributes(_ node: Node, owner: String) -> [String: AttributeSpec] {
        var out: [String: AttributeSpec] = [:]
        for (k, v) in pairs(node, what: "the attributes of \(owner)") {
            guard let name = string(k, what: "an attribute name") else { continue }
            if let spec = attribute(v, name: name, owner: owner) { out[name] = spec }
        }
        return out
    }

    static let valueTypeNames = ValueType.allCases.map(\.rawValue)

    mutating func valueType(_ node: Node, attribute: String) -> ValueType? {
        guard let s = string(node, what: "the type of attribute '\(attribute)'") else { return nil }
        if let t = ValueType(rawValue: s) { return t }
        let hint = closestMatch(to: s, among: Self.valueTypeNames).map { " (did you mean '\($0)'?)" } ?? ""
        error(
            "unknown value type '\(s)' of attribute '\(attribute)'\(hint); expected one of \(Self.valueTypeNames.joined(separator: ", "))",
            at: node)
        return nil
    }

    /// One attribute: `{type: T, required: BOOL, values: [...], items: T, description: …}`, or just `T`.
    mutating func attribute(_ node: Node, name: String, owner: String) -> AttributeSpec? {
        if node.scalar != nil && node.null == nil {
            guard let t = valueType(node, attribute: name) else { return nil }
            if t == .enum { error("enum attribute '\(name)' of \(owner) lists no values", at: node) }
            return AttributeSpec(type: t)
        }
        let fields = pairs(node, what: "attribute '\(name)' of \(owner)")
        checkKeys(fields, allowed: ["type", "required", "values", "items", "description"], in: "attribute '\(name)'")
        var type: ValueType?
        var sawType = false
        var spec = AttributeSpec(type: .string)
        var valuesNode: Node?
        var itemsNode: Node?
        for (k, v) in fields {
            switch k.string ?? "" {
            case "type":
                sawType = true
                type = valueType(v, attribute: name)
            case "required": spec.required = bool(v, what: "'required'") ?? false
            case "values":
                valuesNode = v
                spec.values = strings(v, what: "the values of '\(name)'").map(\.0)
            case "items":
                itemsNode = v
                spec.items = valueType(v, attribute: "\(name)[]")
            case "description": spec.description = string(v, what: "'description'")
            default: break
            }
        }
        if !sawType {
            error("attribute '\(name)' of \(owner) has no type", at: node)
            return nil
        }
        guard let type else { return nil }
        spec.type = type
        if type == .enum && spec.values.isEmpty {
            error("enum attribute '\(name)' of \(owner) lists no values", at: valuesNode ?? node)
        }
        if type != .enum, let valuesNode {
            error("attribute '\(name)' has values but is of type \(type.rawValue), not enum", at: valuesNode)
        }
        if type != .list, let itemsNode {
            error("attribute '\(name)' has items but is of type \(type.rawValue), not list", at: itemsNode)
        }
        if spec.items == .enum, let itemsNode {
            error("list items of '\(name)' cannot be enum (no place for the values); use string", at: itemsNode)
        }
        let seen = Dictionary(grouping: spec.values, by: { $0 }).filter { $1.count > 1 }.keys.sorted()
        if let valuesNode, !seen.isEmpty {
            error("enum attribute '\(name)' lists \(seen.map { "'\($0)'" }.joined(separator: ", ")) twice", at: valuesNode)
        }
        return spec
    }

    mutating func nodeStyle(_ node: Node, owner: String) -> NodeStyle {
        var style = NodeStyle()
        let fields = pairs(node, what: "the style of '\(owner)'")
        checkKeys(fields, allowed: ["shape", "color", "fill"], in: "the style of '\(owner)'")
        for (k, v) in fields {
            switch k.string ?? "" {
            case "shape": style.shape = string(v, what: "'shape'")
            case "color": style.color = string(v, what: "'color'")
            case "fill": style.fill = string(v, what: "'fill'")
            default: break
            }
        }
        return style
    }

    mutating func edgeStyle(_ node: Node, owner: String) -> EdgeStyle {
        var style = EdgeStyle()
        let fields = pairs(node, what: "the style of '\(owner)'")
        checkKeys(fields, allowed: ["color", "style"], in: "the style of '\(owner)'")
        for (k, v) in fields {
            switch k.string ?? "" {
            case "color": style.color = string(v, what: "'color'")
            case "style": style.style = string(v, what: "'style'")
            default: break
            }
        }
        return style
    }
}

/// Who holds each spelling (name or alias) of one kind of type, to report clashes.
struct SpellingTable {
    let kind: String
    var owners: [String: (owner: String, at: SourceLocation, isName: Bool)] = [:]

    init(kind: String) { self.kind = kind }

    /// Claims a spelling for a type. Returns false (and reports) when a type name clashes with
    /// an earlier name or alias; an alias clash is reported and the alias left to its first owner.
    mutating func claim(_ spelling: String, by owner: String, at location: SourceLocation, isName: Bool, into diagnostics: inout [Diagnostic]) -> Bool {
        let key = TypeName.key(spelling)
        guard let prior = owners[key] else {
            owners[key] = (owner, location, isName)
            return true
        }
        if prior.owner == owner {
            // An alias that repeats the type's own name or another of its aliases: harmless.
            return true
        }
        let where_ = "\(prior.at.line):\(prior.at.column)"
        if isName && prior.isName {
            diagnostics.append(.error("duplicate \(kind) '\(spelling)' (already defined as '\(prior.owner)' at \(where_))", at: location))
            return false
        }
        if isName {
            diagnostics.append(.error("\(kind) '\(spelling)' clashes with an alias of '\(prior.owner)' (at \(where_))", at: location))
            return false
        }
        let what = prior.isName ? "the name of \(kind) '\(prior.owner)'" : "also an alias of '\(prior.owner)' (at \(where_))"
        diagnostics.append(.error("alias '\(spelling)' of \(kind) '\(owner)' is \(what)", at: location))
        return true
    }
}
