import ParleyCore

/// How an analyst command prints its answer.
public enum ReportFormat: String, Sendable, CaseIterable {
    /// Text for a terminal: grouped lists, or an aligned grid.
    case table
    /// Markdown to paste into a brief: headings and bullet lists, or a pipe table.
    case markdown
    /// One JSON object: the title, header fields and an `items` array.
    case json
    /// One row per item, with a header row.
    case csv
}

/// One line of an analyst answer: a stance, a step of a path, a neighbour, a dated item.
public struct ReportItem: Sendable, Hashable {
    /// The heading the item is listed under in text and Markdown (a stance, a provision, a date).
    public var group: String?
    /// The item in words, for text and Markdown.
    public var headline: String
    /// Further lines in words (voiced by, said by, disputed and why).
    public var details: [String]
    /// The item's fields in column order, for JSON and CSV (and grid layouts).
    public var fields: [String: Value]
    /// The evidence: source and quote.
    public var citations: [Citation]

    public init(
        group: String? = nil, headline: String, details: [String] = [], fields: [String: Value],
        citations: [Citation] = []
    ) {
        self.group = group
        self.headline = headline
        self.details = details
        self.fields = fields
        self.citations = citations
    }
}

/// An analyst command's answer, ready to print in any ``ReportFormat``.
///
/// A grouped report lists items under headings (positions by stance, sticking points by
/// provision); a grid report is a table (the position matrix, neighbours, the timeline).
public struct AnalystReport: Sendable {
    public enum Layout: Sendable { case grouped, grid }

    /// The first line: what was asked of which graph.
    public var title: String
    /// Facts about the subject (an entity card's type, aliases and attributes), in order.
    public var header: [(String, Value)]
    /// Field names in column order for JSON, CSV and grids.
    public var columns: [String]
    public var items: [ReportItem]
    public var layout: Layout
    /// Whether text and Markdown print citations under each item.
    public var showsCitations: Bool
    /// Whether group headings in text say how many items they hold.
    public var countsInGroups: Bool
    /// What to print when there are no items.
    public var emptyMessage: String
    /// The query the answer came from.
    public var query: AnalystQuery

    public init(
        title: String, header: [(String, Value)] = [], columns: [String], items: [ReportItem],
        layout: Layout = .grouped, showsCitations: Bool = true, countsInGroups: Bool = true, emptyMessage: String,
        query: AnalystQuery
    ) {
        self.countsInGroups = countsInGroups
        self.title = title
        self.header = header
        self.columns = columns
        self.items = items
        self.layout = layout
        self.showsCitations = showsCitations
        self.emptyMessage = emptyMessage
        self.query = query
    }

    /// The report in a format. Deterministic: the same graph gives the same bytes.
    public func render(_ format: ReportFormat) -> String {
        switch format {
        case .table: layout == .grid ? ReportRenderer.gridText(self) : ReportRenderer.groupedText(self)
        case .markdown: layout == .grid ? ReportRenderer.gridMarkdown(self) : ReportRenderer.groupedMarkdown(self)
        case .json: ReportRenderer.json(self)
        case .csv: ReportRenderer.csv(self)
        }
    }
}
