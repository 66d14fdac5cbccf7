import ParleySchema

/// The relation types that state a position, split by sign, in the schema's order.
///
/// From the negotiation schema: DEMANDS, SUPPORTS and PROPOSES are positive, REJECTS negative.
/// A graph read without a schema gets the same four (``standard``).
public struct StanceTypes: Sendable, Hashable {
    /// Types that state a position for something (DEMANDS, SUPPORTS, PROPOSES).
    public var positive: [String]
    /// Types that state a position against something (REJECTS).
    public var negative: [String]
    /// Every stance type, in the schema's order (the order positions are grouped in).
    public var all: [String]

    public init(positive: [String], negative: [String], all: [String]? = nil) {
        self.positive = positive
        self.negative = negative
        self.all = all ?? positive + negative
    }

    /// The stance types of a schema, or ``standard`` when it has none.
    public init(schema: Schema?) {
        guard let schema, !schema.stanceTypes.isEmpty else {
            self = .standard
            return
        }
        let types = schema.relationTypes.filter { $0.stance != nil }
        self.init(
            positive: types.filter { $0.stance == .positive }.map(\.name),
            negative: types.filter { $0.stance == .negative }.map(\.name),
            all: types.map(\.name))
    }

    /// DEMANDS, SUPPORTS, REJECTS, PROPOSES: the negotiation schema's stance types.
    public static let standard = StanceTypes(
        positive: ["DEMANDS", "SUPPORTS", "PROPOSES"], negative: ["REJECTS"],
        all: ["DEMANDS", "SUPPORTS", "REJECTS", "PROPOSES"])

    /// Whether `type` states a position for something.
    public func isPositive(_ type: String) -> Bool { positive.contains(type) }
}
