import Foundation
import ParleyCore
import ParleyIO
import ParleySchema
import ParleyTestSupport

/// The three snapshots of `graphs/ukraine-2025/`, loaded once per test run.
enum Ukraine2025 {
    static let folder = Paths.graphs.appendingPathComponent("ukraine-2025")

    static let beforeGeneva = "2025-11-21-28-point-plan.yaml"
    static let afterGeneva = "2025-11-24-after-geneva.yaml"
    static let afterAbuDhabi = "2025-11-26-after-abu-dhabi.yaml"
    /// In time order.
    static let all = [beforeGeneva, afterGeneva, afterAbuDhabi]

    static func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// The negotiation schema the snapshots name (`../../schema/negotiation.yaml`).
    static let schema: Schema? = try? Schema.load(path: Paths.schema.path)

    /// The snapshot read through the library against the negotiation schema, type aliases
    /// canonicalised and symmetric types set.
    static func load(_ name: String) throws -> LoadedGraph {
        var loaded = try GraphLoader.load(path(name), schema: schema)
        if loaded.graph.symmetricTypes.isEmpty, let schema = loaded.schema {
            schema.canonicalize(&loaded.graph)
        }
        return loaded
    }

    static func graph(_ name: String) throws -> Graph { try load(name).graph }
}

/// The seed articles by number, as their file names start ("000" … "004").
enum Article: String, CaseIterable, Sendable {
    case bbc = "000", a001 = "001", a002 = "002", guardian = "003", a004 = "004"
}

extension Graph {
    /// Relations `from TYPE to` by ids; a symmetric type matches either way round.
    func relations(_ from: String, _ type: String, _ to: String) -> [Relation] {
        guard let f = handle(forID: from), let t = handle(forID: to) else { return [] }
        var found = self.relations(from: f, ofType: type).map { self[$0] }.filter { $0.to == t }
        if symmetricTypes.contains(type) || type == "MEETS_WITH" {
            found += self.relations(from: t, ofType: type).map { self[$0] }.filter { $0.to == f }
        }
        return found
    }

    /// The one relation `from TYPE to`; nil when there is none.
    func relation(_ from: String, _ type: String, _ to: String) -> Relation? {
        relations(from, type, to).first
    }

    /// The articles a relation's citations come from (by the number their source file starts with).
    func articles(citing relation: Relation) -> Set<Article> {
        Set(relation.citations.compactMap { article(of: $0.source) })
    }

    /// The quotes a relation cites from one article.
    func quotes(of relation: Relation, from article: Article) -> [String] {
        relation.citations.filter { self.article(of: $0.source) == article }.compactMap(\.quote)
    }

    /// The article a source's local file is.
    func article(of sourceID: String) -> Article? {
        guard let file = source(withID: sourceID)?.file else { return nil }
        let name = (file as NSString).lastPathComponent
        return Article(rawValue: String(name.prefix(3)))
    }

    /// The ids of the entities `text` resolves to (id, name or alias).
    func resolvedIDs(_ text: String) -> [String] { resolve(text).map { self[$0].id } }

    /// Every claim in the entity's `disputes` list, as maps.
    func disputes(of id: String) -> [[String: Value]] {
        entity(withID: id)?.attributes["disputes"]?.listValue?.compactMap(\.mapValue) ?? []
    }
}

extension Value {
    /// A date attribute as `YYYY-MM-DD`, whether the reader gave a date or a string.
    var isoDate: String? {
        switch self {
        case .date(let d): d.description
        case .string(let s): s
        default: nil
        }
    }
}
