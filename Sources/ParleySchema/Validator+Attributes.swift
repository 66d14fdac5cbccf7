import ParleyCore

extension ValidationRun {
    /// Attributes against what the type allows: unknown ones (a warning), missing required ones,
    /// values of the wrong type. `allowed` is nil when the type itself is unknown: then only the
    /// common attributes are checked.
    mutating func checkAttributes(
        _ attributes: [String: Value], allowed: [String: AttributeSpec]?, common: [String: AttributeSpec]?,
        owner: String, element: SourceMap.Element
    ) {
        guard schema != nil else { return }
        // Sorted, so that problems without a position (a graph built in code) come in a stable order.
        for name in attributes.count > 1 ? attributes.keys.sorted() : Array(attributes.keys) {
            let value = attributes[name] ?? .null
            // Positions are looked up only for a problem: most attributes have none.
            if let spec = (allowed ?? common)?[name] {
                if let problem = problem(with: value, type: spec.type, values: spec.values, items: spec.items) {
                    error("\(owner): attribute '\(name)' \(problem)", at: location(element, "attributes.\(name)", "attributes"))
                }
            } else if let allowed {
                let suggestion = closestMatch(to: name, among: allowed.keys.sorted())
                warning(
                    "\(owner): unknown attribute '\(name)'\(Self.hint(suggestion))",
                    at: location(element, "attributes.\(name)", "attributes"))
            }
        }
        guard let allowed else { return }
        for name in allowed.keys.sorted() where allowed[name]?.required == true {
            if attributes[name] == nil || attributes[name] == .null {
                error("\(owner): required attribute '\(name)' is missing", at: location(element, "attributes", "type"))
            }
        }
    }

    /// What is wrong with a value of a declared type, or nil. An integer passes for a float; a
    /// date may be written as a string `YYYY-MM-DD` when it is a real date.
    mutating func problem(with value: Value, type: ValueType, values: [String], items: ValueType?) -> String? {
        var found: String { value.isNull ? "nothing" : "\(value.typeName) \(Self.show(value))" }
        switch (type, value) {
        case (.string, .string), (.integer, .int), (.float, .float), (.float, .int), (.boolean, .bool),
            (.date, .date), (.map, .map):
            return nil
        case (.date, .string(let s)):
            if LocalDate(iso: s) != nil { return nil }
            if Self.looksLikeDate(s) { return "is not a real date: '\(s)'" }
            return "must be a date (YYYY-MM-DD), not '\(s)'"
        case (.list, .list(let list)):
            guard let items else { return nil }
            for (i, item) in list.enumerated() {
                if let p = problem(with: item, type: items, values: [], items: nil) { return "item \(i + 1) \(p)" }
            }
            return nil
        case (.enum, .string(let s)):
            if values.contains(s) { return nil }
            let suggestion = closestMatch(to: s, among: values)
            return "has value '\(s)', which is not one of \(values.joined(separator: ", "))\(Self.hint(suggestion))"
        case (.entity, .string(let s)):
            if graph.handle(forID: s) != nil { return nil }
            return "names no entity '\(s)'\(Self.hint(suggestEntity(for: s)))"
        case (.enum, _), (.entity, _):
            return "must be a string (\(type.rawValue)), not \(found)"
        default:
            let expected = type == .date ? "a date (YYYY-MM-DD)" : "\(article(type.rawValue)) \(type.rawValue)"
            return "must be \(expected), not \(found)"
        }
    }

    func article(_ word: String) -> String {
        ["a", "e", "i", "o", "u"].contains(word.first.map(String.init) ?? "") ? "an" : "a"
    }

    static func show(_ v: Value) -> String {
        switch v {
        case .string(let s): "'\(s)'"
        default: v.description
        }
    }

    /// `NNNN-NN-NN`: meant as a date, whether or not the day exists.
    static func looksLikeDate(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 10 else { return false }
        for (i, c) in u.enumerated() {
            if i == 4 || i == 7 { if c != UInt8(ascii: "-") { return false } } else if !(48...57).contains(c) { return false }
        }
        return true
    }
}
