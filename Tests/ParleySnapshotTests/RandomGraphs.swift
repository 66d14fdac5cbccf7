import ParleyCore

/// A small seeded random number generator (SplitMix64), so that a failing graph can be rebuilt
/// from its seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random graphs that stress the writers: ids and strings that YAML would otherwise read as
/// something else (`yes`, `null`, `1.0`, `- x`, `a: b`, `#`), quotes, line breaks, non-ASCII
/// text, every kind of value, citations and validity dates.
struct RandomGraphs {
    /// Strings chosen to break naive quoting.
    static let hostile: [String] = [
        "yes", "no", "Yes", "NO", "on", "off", "y", "n", "true", "False", "null", "Null", "~", "", " ",
        "1.0", "1", "-1", "0x1F", "0o17", "017", "1_000", "1:30", "1e5", ".5", "._", "-._", "._e+1", ".inf", "-.inf", ".nan", "+1",
        "2025-11-24", "2025-02-30", "2025-11-24T10:00:00Z", "- x", "-", "--- x", "...", "a: b", "a:b", "key:",
        "#", "# x", "x # y", "x#y", "'single'", "\"double\"", "it's", "say \"hi\"", "line\nbreak", "tab\there",
        "cr\rlf", " leading", "trailing ", "Зеленський", "Україна", "Ünïcödé", "é", "e\u{301}x", "日本語",
        "👍🏽", "back\\slash", "bell\u{7}", "nul\u{0}", "nel\u{85}x", "ls\u{2028}x", "bom\u{FEFF}x", "nbsp\u{A0}x",
        "@at", "`tick`", "[a]", "{a: b}", "a, b", "*star", "&amp", "!bang", "|pipe", ">gt", "%pct", "?q", "<<",
        "=", "28-point plan", "2025-11-24 10:00", "2025-1-2", "1.0.0", "12:30", "...x", ".x", "+x", "multi word value", "x: y: z", "\u{1F}", "del\u{7F}", "c1\u{9F}", "../path/file.yaml",
    ]
    static let letters = Array("abcdefghijklmnopqrstuvwxyzAZ09-_ .:#'\"é中ж")

    var rng: SplitMix64
    /// JSON cannot tell a date-shaped string from a date, nor hold NaN or infinities: leave
    /// those out when the graph must survive a JSON round trip.
    var jsonSafe: Bool

    init(seed: UInt64, jsonSafe: Bool = false) {
        rng = SplitMix64(seed: seed)
        self.jsonSafe = jsonSafe
    }

    mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    mutating func int(_ r: ClosedRange<Int>) -> Int { Int.random(in: r, using: &rng) }

    mutating func string() -> String {
        if chance(0.6) {
            let s = Self.hostile[int(0...Self.hostile.count - 1)]
            if jsonSafe, s.utf8.count == 10, LocalDate(iso: s) != nil { return s + "!" }
            return s
        }
        return String((0..<int(1...8)).map { _ in Self.letters[int(0...Self.letters.count - 1)] })
    }

    mutating func date() -> LocalDate {
        LocalDate(year: int(1...9999), month: int(1...12), day: int(1...28)) ?? LocalDate(year: 2025, month: 1, day: 1)!
    }

    mutating func value(depth: Int = 0) -> Value {
        switch int(0...(depth >= 2 ? 5 : 7)) {
        case 0: return .null
        case 1: return .bool(chance(0.5))
        case 2: return .int([0, -1, 42, Int.max, Int.min, int(-1_000_000...1_000_000)][int(0...5)])
        case 3:
            let choices: [Double] = [0.1, -0.0, 1e300, .leastNonzeroMagnitude, 1.5, -2.25e-10, 1e20, 123456.789]
            let extra: [Double] = jsonSafe ? [] : [.infinity, -.infinity]
            let all = choices + extra
            return .float(all[int(0...all.count - 1)])
        case 4: return .string(string())
        case 5: return .date(date())
        case 6: return .list((0..<int(0...3)).map { _ in value(depth: depth + 1) })
        default:
            var m: [String: Value] = [:]
            for _ in 0..<int(0...3) { m[string()] = value(depth: depth + 1) }
            return .map(m)
        }
    }

    mutating func attributes() -> [String: Value] {
        var m: [String: Value] = [:]
        for _ in 0..<int(0...3) { m[string()] = value() }
        return m
    }

    mutating func citations() -> [Citation] {
        (0..<int(0...2)).map { _ in Citation(source: string(), quote: chance(0.8) ? string() : nil) }
    }

    mutating func optionalString() -> String? { chance(0.5) ? string() : nil }

    /// A graph of up to `size` entities and twice as many relations.
    mutating func graph(size: Int) -> Graph {
        var g = Graph()
        if chance(0.7) {
            g.metadata = SnapshotMetadata(
                id: optionalString(), asOf: chance(0.5) ? date() : nil, title: optionalString(), schema: optionalString(),
                description: optionalString(), attributes: chance(0.3) ? attributes() : [:])
        }
        for _ in 0..<int(0...3) {
            g.upsertSource(
                Source(
                    id: string(), outlet: optionalString(), title: optionalString(), date: chance(0.5) ? date() : nil,
                    file: optionalString(), url: optionalString(), attributes: chance(0.3) ? attributes() : [:]))
        }
        var handles: [EntityHandle] = []
        for _ in 0..<int(0...size) {
            let e = Entity(
                id: string(), type: string(), name: optionalString(), aliases: (0..<int(0...2)).map { _ in string() },
                labels: (0..<int(0...2)).map { _ in string() }, attributes: attributes(), citations: citations())
            if let h = try? g.addEntity(e) { handles.append(h) }
        }
        guard !handles.isEmpty else { return g }
        for _ in 0..<int(0...size * 2) {
            let from = handles[int(0...handles.count - 1)]
            let to = chance(0.1) ? from : handles[int(0...handles.count - 1)]
            let validFrom = chance(0.3) ? date() : nil
            let r = Relation(
                from: from, type: chance(0.7) ? ["DEMANDS", "MEETS_WITH", "x", "part of"][int(0...3)] : string(), to: to,
                attributes: chance(0.5) ? attributes() : [:], citations: chance(0.5) ? citations() : [],
                validFrom: validFrom, validUntil: chance(0.3) ? date() : nil,
                confidence: chance(0.3) ? Confidence.allCases[int(0...2)] : nil)
            _ = try? g.addRelation(r)
            // Sometimes the very same relation twice.
            if chance(0.05) { _ = try? g.addRelation(r) }
        }
        return g
    }
}
