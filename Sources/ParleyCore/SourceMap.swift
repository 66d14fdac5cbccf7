/// Where each element of a loaded graph was written, so that validation and other checks can
/// report `file:line:col`. Filled by the readers (snapshot YAML/JSON, GraphML); empty for graphs
/// built in code.
///
/// A snapshot of a million relations records ten million positions or so, so the storage is
/// compact: a position is packed into 64 bits (the file is the map's own), element starts of
/// entities and relations and their hottest fields live in arrays indexed by handle, and every
/// other field in one hash table keyed by a packed (element, field) code.
public struct SourceMap: Sendable {
    /// A thing in a snapshot that a diagnostic can point at.
    public enum Element: Sendable, Hashable {
        case document
        case metadata
        case source(String)
        case entity(EntityHandle)
        case relation(RelationHandle)
        /// The n-th citation of a relation.
        case citation(RelationHandle, Int)
        /// The n-th citation of an entity.
        case entityCitation(EntityHandle, Int)
    }

    /// The file the graph was read from, as the user named it (or `<stdin>`).
    public var file: String

    /// Interned field names; id 0 stands for the element itself.
    private var fieldIDs: [String: UInt32] = ["": 0]
    /// The same names in id order, scanned before hashing while there are few of them.
    private var fieldNames: [String] = [""]
    /// Interned source ids.
    private var sourceIDs: [String: UInt32] = [:]
    /// Element starts of entities and relations, and their hottest fields, by handle (0: none).
    private var entityColumns = DenseColumns()
    private var relationColumns = DenseColumns()
    /// Other fields of entities and relations (citations included), in recording order: a
    /// reader records an element's fields one after another, so each element's fields form one
    /// run at the end of this log (appending is cache-friendly; a look-up scans the run).
    private var log: [LogEntry] = []
    /// Where each entity's and relation's run starts in `log`, by handle (-1: none).
    private var entityRuns: [Int32] = []
    private var relationRuns: [Int32] = []
    /// The element whose run is still open (``runOwner(of:)``), 0 when none.
    private var openRun: UInt64 = 0
    /// Every other (element, field) → packed position, and fields recorded out of turn.
    private var packed = PositionTable()
    /// Positions that do not pack (another file, huge numbers, huge citation indexes).
    private var overflow: [OverflowKey: SourceLocation] = [:]

    public init(file: String) { self.file = file }

    /// Records where an element starts.
    /// - Complexity: O(1) amortised.
    public mutating func record(_ element: Element, at location: SourceLocation) {
        store(element, field: "", location)
    }

    /// Records where one field of an element stands (`type`, `to`, `attributes.date`, `quote`).
    /// Record the value's position, which is what a user needs to fix.
    /// - Complexity: O(1) amortised.
    public mutating func record(_ element: Element, field: String, at location: SourceLocation) {
        store(element, field: field, location)
    }

    /// Where a field of an element stands, falling back to where the element starts, then to the
    /// start of the file.
    public func location(of element: Element, field: String? = nil) -> SourceLocation {
        if let field, !field.isEmpty, let l = lookup(element, field: field) { return l }
        return lookup(element, field: "") ?? SourceLocation(file: file, line: 1, column: 1)
    }

    /// Whether anything was recorded for the element.
    public func contains(_ element: Element) -> Bool { lookup(element, field: "") != nil }

    // MARK: Storage

    /// Fields stored in arrays by handle.
    private enum DenseField: UInt8, Sendable {
        case start, id, type, from, to
        init?(entityField field: String) {
            switch field {
            case "": self = .start
            case "id": self = .id
            case "type": self = .type
            default: return nil
            }
        }
        init?(relationField field: String) {
            switch field {
            case "": self = .start
            case "type": self = .type
            case "from": self = .from
            case "to": self = .to
            default: return nil
            }
        }
    }

    /// One array of packed positions per dense field, indexed by handle (0: none).
    private struct DenseColumns: Sendable {
        var start: [UInt64] = []
        var id: [UInt64] = []
        var type: [UInt64] = []
        var from: [UInt64] = []
        var to: [UInt64] = []

        mutating func set(_ field: DenseField, _ index: Int, _ p: UInt64) {
            func put(_ column: inout [UInt64]) {
                if column.count <= index { column.append(contentsOf: repeatElement(0, count: index - column.count + 1)) }
                column[index] = p
            }
            switch field {
            case .start: put(&start)
            case .id: put(&id)
            case .type: put(&type)
            case .from: put(&from)
            case .to: put(&to)
            }
        }

        func get(_ field: DenseField, _ index: Int) -> UInt64? {
            let column: [UInt64]
            switch field {
            case .start: column = start
            case .id: column = id
            case .type: column = type
            case .from: column = from
            case .to: column = to
            }
            guard index < column.count, column[index] != 0 else { return nil }
            return column[index]
        }
    }

    private struct OverflowKey: Hashable, Sendable {
        var element: Element
        var field: String
    }

    /// Line in the high 32 bits, column in the low 32; nil when it does not fit or names
    /// another file.
    private func pack(_ l: SourceLocation) -> UInt64? {
        guard l.file == file, l.line >= 1, l.line <= Int(UInt32.max), l.column >= 0, l.column <= Int(UInt32.max) else {
            return nil
        }
        return UInt64(l.line) << 32 | UInt64(l.column)
    }

    private func unpack(_ p: UInt64) -> SourceLocation {
        SourceLocation(file: file, line: Int(p >> 32), column: Int(p & 0xFFFF_FFFF))
    }

    private mutating func store(_ element: Element, field: String, _ location: SourceLocation) {
        let key = OverflowKey(element: element, field: field)
        guard let p = pack(location) else {
            overflow[key] = location
            return
        }
        if !overflow.isEmpty, overflow[key] != nil { overflow[key] = nil }
        switch element {
        case .entity(let h) where h.index >= 0:
            if let d = DenseField(entityField: field) {
                entityColumns.set(d, Int(h.index), p)
                return
            }
        case .relation(let h) where h.index >= 0:
            if let d = DenseField(relationField: field) {
                relationColumns.set(d, Int(h.index), p)
                return
            }
        default: break
        }
        let fieldID: UInt32
        if let id = self.fieldID(field) {
            fieldID = id
        } else {
            fieldID = UInt32(fieldNames.count)
            fieldIDs[field] = fieldID
            fieldNames.append(field)
        }
        var sourceIndex: UInt32 = 0
        if case .source(let id) = element {
            if let i = sourceIDs[id] {
                sourceIndex = i
            } else {
                sourceIndex = UInt32(sourceIDs.count)
                sourceIDs[id] = sourceIndex
            }
        }
        guard let code = Self.code(element, fieldID: fieldID, sourceIndex: sourceIndex) else {
            overflow[key] = location
            return
        }
        let owner = Self.runOwner(of: code)
        if owner != 0 {
            if owner == openRun {
                log.append(LogEntry(code: code, position: p))
                return
            }
            let index = Int(code >> 29 & 0x7FFF_FFFF)
            if Self.startRun(owner: owner, index: index, at: Int32(truncatingIfNeeded: log.count), in: &entityRuns, &relationRuns) {
                openRun = owner
                log.append(LogEntry(code: code, position: p))
                return
            }
        }
        packed.set(code, p)
    }

    /// One field position in the log.
    private struct LogEntry: Sendable {
        var code: UInt64
        var position: UInt64
    }

    /// Entities with their citations (1), relations with theirs (2), as a nonzero code that
    /// also holds the handle; 0 for other elements.
    private static func runOwner(of code: UInt64) -> UInt64 {
        let kind = code >> 60 & 7
        let family: UInt64 = kind == 3 || kind == 6 ? 1 : kind == 4 || kind == 5 ? 2 : 0
        return family == 0 ? 0 : family << 32 | (code >> 29 & 0x7FFF_FFFF)
    }

    /// Opens the run of an element that has none yet; false when it already has one (its
    /// fields then go to the hash table).
    private static func startRun(owner: UInt64, index: Int, at start: Int32, in entities: inout [Int32], _ relations: inout [Int32]) -> Bool {
        func open(_ runs: inout [Int32]) -> Bool {
            if runs.count <= index { runs.append(contentsOf: repeatElement(-1, count: index - runs.count + 1)) }
            guard runs[index] < 0 else { return false }
            runs[index] = start
            return true
        }
        return owner >> 32 == 1 ? open(&entities) : open(&relations)
    }

    /// The position of `code` in its element's run, the last one recorded.
    private func runLookup(_ code: UInt64) -> UInt64? {
        let owner = Self.runOwner(of: code)
        guard owner != 0 else { return nil }
        let index = Int(code >> 29 & 0x7FFF_FFFF)
        let runs = owner >> 32 == 1 ? entityRuns : relationRuns
        guard index < runs.count, runs[index] >= 0 else { return nil }
        var found: UInt64?
        var i = Int(runs[index])
        while i < log.count, Self.runOwner(of: log[i].code) == owner {
            if log[i].code == code { found = log[i].position }
            i += 1
        }
        return found
    }

    /// The id of an interned field name: a scan while there are few names (most snapshots use
    /// a dozen), a hash look-up after.
    private func fieldID(_ field: String) -> UInt32? {
        if fieldNames.count <= 24 {
            for (i, name) in fieldNames.enumerated() where name == field { return UInt32(i) }
            return nil
        }
        return fieldIDs[field]
    }

    private func lookup(_ element: Element, field: String) -> SourceLocation? {
        if !overflow.isEmpty, let l = overflow[OverflowKey(element: element, field: field)] { return l }
        switch element {
        case .entity(let h) where h.index >= 0:
            if let d = DenseField(entityField: field) { return entityColumns.get(d, Int(h.index)).map(unpack) }
        case .relation(let h) where h.index >= 0:
            if let d = DenseField(relationField: field) { return relationColumns.get(d, Int(h.index)).map(unpack) }
        default: break
        }
        guard let fieldID = fieldID(field) else { return nil }
        var sourceIndex: UInt32 = 0
        if case .source(let id) = element {
            guard let i = sourceIDs[id] else { return nil }
            sourceIndex = i
        }
        guard let code = Self.code(element, fieldID: fieldID, sourceIndex: sourceIndex) else { return nil }
        // Fields recorded out of turn are newer than the run's.
        if let p = packed.get(code) ?? runLookup(code) { return unpack(p) }
        return nil
    }

    /// 1 (so that no code is 0) | kind (3 bits) | index (31 bits) | citation number (13 bits) |
    /// field (16 bits); nil when a part does not fit.
    private static func code(_ element: Element, fieldID: UInt32, sourceIndex: UInt32) -> UInt64? {
        guard fieldID < 1 << 16 else { return nil }
        let kind: UInt64
        var index: Int64 = 0
        var sub: Int = 0
        switch element {
        case .document: kind = 0
        case .metadata: kind = 1
        case .source: kind = 2; index = Int64(sourceIndex)
        case .entity(let h): kind = 3; index = Int64(h.index)
        case .relation(let h): kind = 4; index = Int64(h.index)
        case .citation(let h, let n): kind = 5; index = Int64(h.index); sub = n
        case .entityCitation(let h, let n): kind = 6; index = Int64(h.index); sub = n
        }
        guard sub >= 0, sub < 1 << 13, index >= 0, index < 1 << 31 else { return nil }
        return 1 << 63 | kind << 60 | UInt64(index) << 29 | UInt64(sub) << 16 | UInt64(fieldID)
    }
}

/// An open-addressing hash table from nonzero 64-bit codes to 64-bit positions: a multiplicative
/// hash and linear probing, several times cheaper than `Dictionary` for millions of entries.
private struct PositionTable: Sendable {
    private var keys: [UInt64] = []
    private var values: [UInt64] = []
    private var count = 0
    private var shift = 64

    /// - Complexity: O(1) expected, amortised.
    mutating func set(_ key: UInt64, _ value: UInt64) {
        if (count + 1) * 10 > keys.count * 7 { grow() }
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key {
                values[i] = value
                return
            }
            if k == 0 {
                keys[i] = key
                values[i] = value
                count += 1
                return
            }
            i = (i + 1) & (keys.count - 1)
        }
    }

    /// - Complexity: O(1) expected.
    func get(_ key: UInt64) -> UInt64? {
        guard !keys.isEmpty else { return nil }
        var i = slot(key)
        while true {
            let k = keys[i]
            if k == key { return values[i] }
            if k == 0 { return nil }
            i = (i + 1) & (keys.count - 1)
        }
    }

    private func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(shift)) }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        let capacity = max(1024, oldKeys.count * 2)
        keys = [UInt64](repeating: 0, count: capacity)
        values = [UInt64](repeating: 0, count: capacity)
        shift = 64 - capacity.trailingZeroBitCount
        count = 0
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { set(k, v) }
    }
}
