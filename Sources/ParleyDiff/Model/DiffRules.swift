import ParleyCore
import ParleySchema

/// What the diff needs to know about the schema a graph is written against: which relation types
/// are stances and with what polarity, which attributes tell two relations with the same ends
/// apart, which types are symmetric, and the types that tie officials to parties and provisions
/// to proposals.
///
/// The engine works on a bare ``Graph``; these rules add the negotiation meaning. With the default
/// (empty) rules a diff still matches entities and relations, but reports no stance shifts and
/// no summaries by party or proposal.
///
/// ```swift
/// let rules = DiffRules(schema: schema)          // from schema/negotiation.yaml
/// let diff = GraphDiff(from: before, to: after, rules: rules)
/// ```
public struct DiffRules: Sendable, Hashable {
    /// Relation types that state a position, with their polarity (DEMANDS: positive, REJECTS: negative).
    public var stanceTypes: [String: Stance]
    /// Per relation type, the attributes that take part in a relation's identity (MEETS_WITH: date, mode).
    public var identifyingAttributes: [String: [String]]
    /// Relation types stored once but meaning both directions; their ends are matched in either order.
    public var symmetricTypes: Set<String>
    /// The relation type linking an official to the party it speaks for (`REPRESENTS`).
    public var representsType: String
    /// The relation type linking a provision to its proposal (`PART_OF`).
    public var partOfType: String
    /// The relation type linking a later provision or proposal to the one it replaces (`REVISES`).
    public var revisesType: String
    /// Entity types that count as parties in the summary by party.
    public var partyTypes: Set<String>
    /// Entity types that count as proposals in the summary by proposal.
    public var proposalTypes: Set<String>

    public init(
        stanceTypes: [String: Stance] = [:], identifyingAttributes: [String: [String]] = [:],
        symmetricTypes: Set<String> = [], representsType: String = "REPRESENTS", partOfType: String = "PART_OF",
        revisesType: String = "REVISES", partyTypes: Set<String> = ["Party"], proposalTypes: Set<String> = ["Proposal"]
    ) {
        self.stanceTypes = stanceTypes
        self.identifyingAttributes = identifyingAttributes
        self.symmetricTypes = symmetricTypes
        self.representsType = representsType
        self.partOfType = partOfType
        self.revisesType = revisesType
        self.partyTypes = partyTypes
        self.proposalTypes = proposalTypes
    }

    /// The rules a schema gives: its stance types, identifying attributes and symmetric types
    /// (relation and entity type names of the negotiation conventions as defaults).
    public init(schema: Schema) {
        var identifying: [String: [String]] = [:]
        for t in schema.relationTypes where !t.identifying.isEmpty { identifying[t.name] = t.identifying }
        self.init(stanceTypes: schema.stanceTypes, identifyingAttributes: identifying, symmetricTypes: schema.symmetricTypes)
    }
}
