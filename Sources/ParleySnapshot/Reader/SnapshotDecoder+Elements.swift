import ParleyCore

/// Decoding of the snapshot metadata, sources and entities.
extension SnapshotDecoder {
    static let metadataKeys = ["id", "as_of", "title", "schema", "description", "attributes"]
    static let sourceKeys = ["id", "outlet", "title", "date", "file", "url", "attributes"]
    /// The keys of an entity mapping.
    enum EntityKey: String, CaseIterable {
        case id, type, labels, name, aliases, attributes, cite, citations
    }

    static let entityKeys = EntityKey.allCases.map(\.rawValue)
    static let entityKeyTable = KeyTable(EntityKey.allCases.map { ($0.rawValue, $0) })

    /// The `snapshot:` mapping.
    mutating func decodeMetadata(_ node: DocNode) {
        if tree.isNull(node) { return }
        sourceMap.record(.metadata, at: location(tree.mark(node)))
        guard let entries = entries(of: node, "'snapshot'") else { return }
        var id, asOf, title, schema, description, attrs: DocEntry?
        for e in entries {
            switch tree.text(e.key) {
            case "id": take(e, into: &id)
            case "as_of": take(e, into: &asOf)
            case "title": take(e, into: &title)
            case "schema": take(e, into: &schema)
            case "description": take(e, into: &description)
            case "attributes": take(e, into: &attrs)
            default: unknownKey(e.key, in: "'snapshot'", allowed: Self.metadataKeys)
            }
        }
        let what = "the snapshot"
        var m = SnapshotMetadata()
        m.id = text(id, what)
        m.asOf = date(asOf, what)
        m.title = text(title, what)
        m.schema = text(schema, what)
        m.description = text(description, what)
        m.attributes = attributes(attrs, what)
        graph.metadata = m
        recordField(.metadata, "id", id)
        recordField(.metadata, "as_of", asOf)
        recordField(.metadata, "title", title)
        recordField(.metadata, "schema", schema)
        recordField(.metadata, "description", description)
        recordAttributes(.metadata, attrs)
    }

    /// One item of `sources:`.
    mutating func decodeSource(_ node: DocNode) {
        guard let entries = entries(of: node, "a source") else { return }
        var id, outlet, title, date, file, url, attrs: DocEntry?
        for e in entries {
            switch tree.text(e.key) {
            case "id": take(e, into: &id)
            case "outlet": take(e, into: &outlet)
            case "title": take(e, into: &title)
            case "date": take(e, into: &date)
            case "file": take(e, into: &file)
            case "url": take(e, into: &url)
            case "attributes": take(e, into: &attrs)
            default: unknownKey(e.key, in: "a source", allowed: Self.sourceKeys)
            }
        }
        guard let sourceID = text(id, "a source") else {
            report("source without an id", at: tree.mark(node))
            return
        }
        func what() -> String { "source '\(sourceID)'" }
        let source = Source(
            id: sourceID, outlet: text(outlet, what()), title: text(title, what()), date: self.date(date, what()),
            file: text(file, what()), url: text(url, what()), attributes: attributes(attrs, what()))
        if graph.source(withID: sourceID) != nil {
            let first = sourceMap.location(of: .source(sourceID), field: "id")
            report("duplicate source id '\(sourceID)' (first at line \(first.line))", at: id.map { tree.mark($0.value) } ?? tree.mark(node))
            return
        }
        try? graph.addSource(source)
        let element = SourceMap.Element.source(sourceID)
        sourceMap.record(element, at: location(tree.mark(node)))
        recordField(element, "id", id)
        recordField(element, "outlet", outlet)
        recordField(element, "title", title)
        recordField(element, "date", date)
        recordField(element, "file", file)
        recordField(element, "url", url)
        recordAttributes(element, attrs)
    }

    /// One item of `entities:`.
    mutating func decodeEntity(_ node: DocNode) {
        guard let entries = entries(of: node, "an entity") else { return }
        var id, type, labels, name, aliases, attrs, cite, citations: DocEntry?
        for e in entries {
            switch tree.key(e.key, in: Self.entityKeyTable) {
            case .id: take(e, into: &id)
            case .type: take(e, into: &type)
            case .labels: take(e, into: &labels)
            case .name: take(e, into: &name)
            case .aliases: take(e, into: &aliases)
            case .attributes: take(e, into: &attrs)
            case .cite: take(e, into: &cite)
            case .citations: take(e, into: &citations)
            case nil: unknownKey(e.key, in: "an entity", allowed: Self.entityKeys)
            }
        }
        guard let entityID = text(id, "an entity") else {
            report("entity without an id", at: tree.mark(node))
            return
        }
        func what() -> String { "entity '\(entityID)'" }
        let entityType = text(type, what())
        if entityType == nil, type.map({ tree.isScalar($0.value) }) ?? true {
            report("entity '\(entityID)' has no type", at: type.map { tree.mark($0.value) } ?? tree.mark(node))
        }
        var citationMarks: [CitationMarks] = []
        let entity = Entity(
            id: entityID, type: entityType ?? "", name: text(name, what()), aliases: textList(aliases, what()),
            labels: textList(labels, what()), attributes: attributes(attrs, what()),
            citations: self.citations(compact: cite, long: citations, what(), marks: &citationMarks))
        // Adding refuses an id that is taken (one look-up of the id instead of two); the entity
        // is moved into the graph, not copied.
        guard let handle = try? graph.addEntity(consume entity) else {
            if let existing = graph.handle(forID: entityID) {
                let first = sourceMap.location(of: .entity(existing), field: "id")
                report("duplicate entity id '\(entityID)' (first at line \(first.line))", at: id.map { tree.mark($0.value) } ?? tree.mark(node))
            }
            return
        }
        entityIDs.insert(entityID, handle)
        let element = SourceMap.Element.entity(handle)
        sourceMap.record(element, at: location(tree.mark(node)))
        // Always kept: a later duplicate's diagnostic names the line of the first.
        recordField(element, "id", id)
        guard options.recordsPositions else { return }
        recordField(element, "type", type)
        recordField(element, "name", name)
        recordField(element, "labels", labels)
        recordField(element, "aliases", aliases)
        recordAttributes(element, attrs)
        recordCitations(citationMarks) { .entityCitation(handle, $0) }
    }
}
