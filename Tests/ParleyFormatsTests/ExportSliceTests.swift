import Foundation
import ParleyCore
import ParleyExport
import ParleySchema
import ParleyTestSupport
import Testing

@Suite("Export slicing: --focus, --depth, --types, --at")
struct ExportSliceTests {
    static let graph = SampleGraphs.negotiation()
    static let schema: Schema? = try? Schema.load(path: Paths.schema.path)

    func ids(_ g: Graph) -> [String] { g.entities.map(\.id).sorted() }

    @Test("no options: the whole graph")
    func everything() throws {
        #expect(try ExportSlice().apply(to: Self.graph) == Self.graph)
    }

    @Test("--focus by name or alias with --depth")
    func focus() throws {
        let one = try ExportSlice(focus: "Zelenskyy", depth: 1).apply(to: Self.graph)
        #expect(ids(one) == ["ukraine", "zelensky"])
        let two = try ExportSlice(focus: "zelensky", depth: 2).apply(to: Self.graph)
        #expect(ids(two) == ["cede-donetsk", "ukraine", "zelensky"])
        let zero = try ExportSlice(focus: "zelensky", depth: 0).apply(to: Self.graph)
        #expect(ids(zero) == ["zelensky"] && zero.relationCount == 0)
        #expect(one.checkInvariants().isEmpty)
    }

    @Test("--types keeps entity types and relation types; schema aliases are accepted")
    func types() throws {
        let officials = try ExportSlice(types: ["Official"]).apply(to: Self.graph)
        #expect(ids(officials) == ["ushakov", "witkoff", "zelensky"])
        #expect(officials.relationTypeCounts == ["MEETS_WITH": 2])
        let meets = try ExportSlice(types: ["meets-with"]).apply(to: Self.graph, schema: Self.schema)
        #expect(meets.entityCount == Self.graph.entityCount)
        #expect(meets.relationTypeCounts == ["MEETS_WITH": 2])
        let both = try ExportSlice(types: ["Party", "Provision", "DEMANDS"]).apply(to: Self.graph)
        #expect(both.relationTypeCounts == ["DEMANDS": 2])
        #expect(ids(both) == ["cede-donetsk", "russia", "ukraine"])
    }

    @Test("--at drops relations not valid on the date")
    func at() throws {
        let early = try ExportSlice(at: LocalDate(iso: "2025-11-20")).apply(to: Self.graph)
        #expect(early.relations(ofType: "REJECTS").isEmpty)
        #expect(early.relations(ofType: "DEMANDS").count == 2)
        let later = try ExportSlice(at: LocalDate(iso: "2025-12-01")).apply(to: Self.graph)
        #expect(later.relations(ofType: "REJECTS").isEmpty && later.relationCount == Self.graph.relationCount - 1)
    }

    @Test("--focus with --types: the neighbourhood within the relation types kept")
    func focusAndTypes() throws {
        let g = try ExportSlice(focus: "witkoff", depth: 3, types: ["MEETS_WITH"]).apply(to: Self.graph)
        #expect(ids(g) == ["ushakov", "witkoff"])
    }

    @Test(
        "errors say what is wrong and suggest a fix",
        arguments: [
            (ExportSlice(focus: "zelenski"), "no entity 'zelenski' (did you mean 'zelensky'?)"),
            (ExportSlice(types: ["Ofical"]), "no entity or relation type 'Ofical' (did you mean 'Official'?)"),
            (ExportSlice(focus: "russia", depth: -1), "--depth must be 0 or more"),
        ])
    func errors(slice: ExportSlice, message: String) {
        let error = #expect(throws: ExportError.self) { try slice.apply(to: Self.graph) }
        #expect(error?.message.contains(message) == true, "\(String(describing: error))")
    }

    @Test("an ambiguous --focus lists the candidates")
    func ambiguous() throws {
        var g = Self.graph
        try g.addEntity(Entity(id: "ru-2", type: "Party", name: "Russia"))
        let error = #expect(throws: ExportError.self) { try ExportSlice(focus: "Russia").apply(to: g) }
        #expect(error?.message.contains("ru-2, russia") == true)
    }
}
