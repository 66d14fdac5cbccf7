import ParleyCore

/// The store's types written straight to a ``JSONWriter``: the same text as writing
/// ``ModelJSON``'s trees (same keys, same order, empty fields left out, map keys sorted).
extension JSONWriter {
    /// As ``ModelJSON/value(_:_:)``.
    mutating func value(_ v: Value, _ style: ValueStyle) {
        switch v {
        case .null: null()
        case .bool(let b): bool(b)
        case .int(let i): int(i)
        case .float(let f):
            if f.isFinite {
                float(f)
            } else if style == .tagged {
                tagged("$float", Value.formatFloat(f))
            } else {
                string(Value.formatFloat(f))
            }
        case .string(let s): string(s)
        case .date(let d):
            if style == .tagged {
                beginObject()
                field("$date")
                date(d)
                endObject()
            } else {
                date(d)
            }
        case .list(let l):
            beginArray()
            for x in l { value(x, style) }
            endArray()
        case .map(let m):
            let wrap = style == .tagged && m.keys.contains(where: { $0.hasPrefix("$") })
            if wrap {
                beginObject()
                field("$map")
            }
            attributes(m, style)
            if wrap { endObject() }
        }
    }

    private mutating func tagged(_ tag: String, _ text: String) {
        beginObject()
        key(tag)
        string(text)
        endObject()
    }

    /// As ``ModelJSON/attributes(_:_:)``: an object with the keys sorted.
    mutating func attributes(_ m: [String: Value], _ style: ValueStyle) {
        beginObject()
        if m.count == 1, let (k, v) = m.first {
            key(k)
            value(v, style)
        } else {
            for (k, v) in m.sorted(by: { $0.key < $1.key }) {
                key(k)
                value(v, style)
            }
        }
        endObject()
    }

    /// As ``ModelJSON/citation(_:)``.
    mutating func citation(_ c: Citation) {
        beginObject()
        field("source")
        string(c.source)
        if let q = c.quote {
            field("quote")
            string(q)
        }
        endObject()
    }

    /// The fields of ``ModelJSON/entity(_:_:)``, inside an object the caller opened.
    mutating func entityFields(_ e: Entity, _ style: ValueStyle) {
        field("id")
        string(e.id)
        field("type")
        string(e.type)
        if !e.labels.isEmpty {
            field("labels")
            beginArray()
            for l in e.labels { string(l) }
            endArray()
        }
        if let n = e.name {
            field("name")
            string(n)
        }
        if !e.aliases.isEmpty {
            field("aliases")
            beginArray()
            for a in e.aliases { string(a) }
            endArray()
        }
        if !e.attributes.isEmpty {
            field("attributes")
            attributes(e.attributes, style)
        }
        if !e.citations.isEmpty {
            field("citations")
            beginArray()
            for c in e.citations { citation(c) }
            endArray()
        }
    }

    /// As ``ModelJSON/entity(_:_:)``.
    mutating func entity(_ e: Entity, _ style: ValueStyle) {
        beginObject()
        entityFields(e, style)
        endObject()
    }

    /// As ``ModelJSON/relation(_:_:)``.
    mutating func relation(_ r: PortableRelation, _ style: ValueStyle) {
        beginObject()
        field("from")
        string(r.from)
        field("type")
        string(r.type)
        field("to")
        string(r.to)
        if !r.attributes.isEmpty {
            field("attributes")
            attributes(r.attributes, style)
        }
        if !r.citations.isEmpty {
            field("citations")
            beginArray()
            for c in r.citations { citation(c) }
            endArray()
        }
        if let d = r.validFrom {
            field("valid_from")
            date(d)
        }
        if let d = r.validUntil {
            field("valid_until")
            date(d)
        }
        if let c = r.confidence {
            field("confidence")
            string(c.rawValue)
        }
        endObject()
    }
}
