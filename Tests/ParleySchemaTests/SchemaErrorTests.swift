import ParleyCore
import ParleySchema
import Testing

/// A schema with its own errors is reported at the line and column of the offending value.
@Suite("Schema errors")
struct SchemaErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var line: Int
        var column: Int
        var fragment: String
        var testDescription: String { name }
    }

    static let header = "schema: t\nversion: 1\n"

    static let cases: [Case] = [
        Case(
            name: "unknown entity type in a domain",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  DEMANDS:\n    from: [Party, Pary]\n    to: [Party]\n",
            line: 7, column: 19, fragment: "unknown entity type 'Pary' in the domain ('from') of relation type 'DEMANDS' (did you mean 'Party'?)"),
        Case(
            name: "unknown entity type in a range",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  DEMANDS:\n    from: [Party]\n    to: Gadget\n",
            line: 8, column: 9, fragment: "unknown entity type 'Gadget' in the range ('to')"),
        Case(
            name: "duplicate type names differing in case",
            yaml: header + "entity_types:\n  Party: {}\n  party: {}\nrelation_types: {}\n",
            line: 5, column: 3, fragment: "duplicate entity type 'party' (already defined as 'Party' at 4:3)"),
        Case(
            name: "duplicate keys",
            yaml: header + "entity_types:\n  Party: {}\n  Party: {}\nrelation_types: {}\n",
            line: 4, column: 3, fragment: "duplicate key 'Party'"),
        Case(
            name: "an alias claimed by two types",
            yaml: header
                + "entity_types:\n  Party: {aliases: [side]}\n  Official: {aliases: [Side]}\nrelation_types: {}\n",
            line: 5, column: 24, fragment: "alias 'Side' of entity type 'Official' is also an alias of 'Party' (at 4:21)"),
        Case(
            name: "an alias that is another type's name",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  MEETS_WITH: {from: [Party], to: [Party]}\n"
                + "  MEETS: {from: [Party], to: [Party], aliases: [meets-with]}\n",
            line: 7, column: 49, fragment: "alias 'meets-with' of relation type 'MEETS' is the name of relation type 'MEETS_WITH'"),
        Case(
            name: "unknown value type",
            yaml: header + "entity_types:\n  Party:\n    attributes:\n      size: {type: integr}\nrelation_types: {}\n",
            line: 6, column: 20, fragment: "unknown value type 'integr' of attribute 'size' (did you mean 'integer'?)"),
        Case(
            name: "enum without values",
            yaml: header + "entity_types:\n  Party:\n    attributes:\n      kind: {type: enum}\nrelation_types: {}\n",
            line: 6, column: 13, fragment: "enum attribute 'kind' of entity type 'Party' lists no values"),
        Case(
            name: "an unknown key in a type",
            yaml: header + "entity_types:\n  Party:\n    atributes: {}\nrelation_types: {}\n",
            line: 5, column: 5, fragment: "unknown key 'atributes' in entity type 'Party' (did you mean 'attributes'?)"),
        Case(
            name: "an unknown top-level key",
            yaml: header + "entity_type: {}\nentity_types: {}\nrelation_types: {}\n",
            line: 3, column: 1, fragment: "unknown key 'entity_type' in the schema (did you mean 'entity_types'?)"),
        Case(
            name: "a bad stance",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  DEMANDS: {from: [Party], to: [Party], stance: yes}\n",
            line: 6, column: 49, fragment: "unknown stance 'yes'"),
        Case(
            name: "identifying an attribute the type does not have",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  MEETS: {from: [Party], to: [Party], identifying: [date]}\n",
            line: 6, column: 53, fragment: "relation type 'MEETS' is identified by 'date', which is not one of its attributes"),
        Case(
            name: "a relation type without a range",
            yaml: header + "entity_types:\n  Party: {}\nrelation_types:\n  DEMANDS: {from: [Party]}\n",
            line: 6, column: 3, fragment: "relation type 'DEMANDS' has no range ('to')"),
        Case(
            name: "malformed YAML",
            yaml: header + "entity_types:\n  Party: {aliases: [a, b}\n",
            line: 4, column: 25, fragment: "YAML:"),
    ]

    @Test("schema errors carry file:line:col", arguments: cases)
    func schemaError(_ c: Case) {
        do {
            _ = try Schema.load(yaml: c.yaml, file: "s.yaml")
            Issue.record("expected an error for \(c.name)")
        } catch let d as Diagnostics {
            let hit = d.items.first { $0.message.contains(c.fragment) }
            #expect(hit != nil, "no diagnostic with '\(c.fragment)' in:\n\(d)")
            #expect(hit?.location == SourceLocation(file: "s.yaml", line: c.line, column: c.column), "\(d)")
            #expect(hit?.severity == .error)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test("every problem of a schema is reported in one go")
    func allProblemsAtOnce() {
        let yaml = Self.header + "entity_types:\n  Party:\n    attributes:\n      kind: {type: enum}\n      n: {type: nmber}\n"
            + "relation_types:\n  DEMANDS: {from: [Pary], to: [Party]}\n"
        #expect {
            try Schema.load(yaml: yaml, file: "s.yaml")
        } throws: { error in
            guard let d = error as? Diagnostics else { return false }
            return d.items.count == 3 && d.items.allSatisfy { $0.severity == .error && $0.location?.file == "s.yaml" }
        }
    }

    @Test("an attribute may be written as its bare type")
    func bareAttributeType() throws {
        let yaml = Self.header + "entity_types:\n  Party:\n    attributes: {size: integer}\nrelation_types: {}\n"
        let schema = try Schema.load(yaml: yaml, file: "s.yaml")
        #expect(schema.entityType(named: "party")?.attributes["size"]?.type == .integer)
    }
}
