import ParleyCore

/// The diff for people: a header, the changes grouped by party and by proposal, then every
/// change to entities, relations and sources. `+` added, `-` removed, `~` changed; coloured
/// (green, red, yellow) when `color` is true.
public enum TextRenderer {
    /// - Complexity: O(changes).
    public static func render(_ report: DiffReport, color: Bool) -> String {
        var w = Writer(color: color)
        let d = report.diff
        let rules = report.rules

        w.line(w.bold("parley diff: \(snapshot(report.before.metadata)) → \(snapshot(report.after.metadata))"))
        if d.isEmpty {
            w.line("No differences.")
            return w.out
        }
        w.line(report.counts.map { phrase($0.0, $0.1) }.joined(separator: ", "))

        if !report.summary.parties.isEmpty {
            w.section("By party")
            for p in report.summary.parties {
                w.line("  " + w.bold(Describe.entity(p.party)))
                for s in p.gained { w.item(.added, "gained", stance(s.relation.type, s.target, s.voicedBy, s.relation)) }
                for s in p.lost { w.item(.removed, "lost", stance(s.relation.type, s.target, s.voicedBy, s.relation)) }
                for s in p.shifted {
                    w.item(.changed, "shifted", stance("\(s.shift.before.type) → \(s.shift.after.type)", s.target, s.voicedBy, s.shift.after))
                }
            }
        }
        if !report.summary.proposals.isEmpty {
            w.section("By proposal")
            for p in report.summary.proposals {
                w.line("  " + w.bold(Describe.entity(p.proposal)))
                for e in p.added { w.item(.added, "added", Describe.entity(e)) }
                for e in p.dropped { w.item(.removed, "dropped", Describe.entity(e)) }
                for c in p.changed {
                    var parts = (c.isRevision ? ["revised by \(Describe.entity(c.after))"] : [])
                    if c.nameChanged { parts.append("name \"\(c.before.name ?? "")\" → \"\(c.after.name ?? "")\"") }
                    parts += c.attributeChanges.map(Describe.change)
                    parts += c.membershipChanges.map(Describe.change)
                    w.item(.changed, "changed", Describe.entity(c.before) + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; ")))
                }
            }
        }

        let entityChanges = d.entitiesChanged.filter { !$0.isOrderOnly }
        if !d.entitiesAdded.isEmpty || !d.entitiesRemoved.isEmpty || !entityChanges.isEmpty {
            w.section("Entities")
            for e in d.entitiesAdded { w.item(.added, "added", "\(Describe.entity(e)) \(e.type)", indent: 2) }
            for e in d.entitiesRemoved { w.item(.removed, "removed", "\(Describe.entity(e)) \(e.type)", indent: 2) }
            for c in entityChanges {
                if c.isRename { w.item(.changed, "renamed", "\(c.before.id) → \(c.after.id)", indent: 2) }
                let parts = Describe.changes(c)
                if !parts.isEmpty { w.item(.changed, c.isRetype ? "retyped" : "changed", "\(c.after.id): " + parts.joined(separator: "; "), indent: 2) }
            }
        }
        let relationChanges = d.relationsChanged.filter { !$0.isOrderOnly }
        if !d.relationsAdded.isEmpty || !d.relationsRemoved.isEmpty || !relationChanges.isEmpty || !d.stanceShifts.isEmpty {
            w.section("Relations")
            for r in d.relationsAdded { w.item(.added, "added", relation(r, rules), indent: 2) }
            for r in d.relationsRemoved { w.item(.removed, "removed", relation(r, rules), indent: 2) }
            for s in d.stanceShifts {
                w.item(.changed, "shifted", "\(s.after.from) \(s.before.type) → \(s.after.type) \(s.after.to)", indent: 2)
            }
            for c in relationChanges {
                w.item(.changed, "changed", Describe.relation(c.after, rules: rules) + ": " + Describe.changes(c).joined(separator: "; "), indent: 2)
            }
        }
        if !d.sourcesAdded.isEmpty || !d.sourcesRemoved.isEmpty || !d.sourcesChanged.isEmpty {
            w.section("Sources")
            for s in d.sourcesAdded { w.item(.added, "added", source(s), indent: 2) }
            for s in d.sourcesRemoved { w.item(.removed, "removed", source(s), indent: 2) }
            for s in d.sourcesChanged { w.item(.changed, "changed", source(s.after), indent: 2) }
        }
        return w.out
    }

    /// `1 entity added`, `2 entities added`, `1 stance shift` from a count's key.
    private static func phrase(_ key: String, _ n: Int) -> String {
        let words = key.split(separator: "_").map(String.init)
        guard words.count == 2 else { return "\(n) \(key)" }
        var noun = words[0]
        if words[1] == "shifts" { return n == 1 ? "1 stance shift" : "\(n) stance shifts" }
        if noun == "metadata" { return "snapshot metadata changed" }
        if n == 1 { noun = noun == "entities" ? "entity" : String(noun.dropLast()) }
        return "\(n) \(noun) \(words[1])"
    }

    private static func snapshot(_ m: SnapshotMetadata) -> String {
        let id = m.id ?? "(unnamed)"
        return m.asOf.map { "\(id) (\($0))" } ?? id
    }

    private static func stance(_ type: String, _ target: Entity, _ voicedBy: Entity?, _ r: PortableRelation) -> String {
        var s = "\(type) \(Describe.entity(target))"
        if let v = voicedBy { s += ", voiced by \(Describe.entity(v))" }
        if let said = r.attributes["said_by"] { s += ", as told by \(Describe.value(said))" }
        return s
    }

    private static func relation(_ r: PortableRelation, _ rules: DiffRules) -> String {
        Describe.relation(r, rules: rules) + Describe.attributes(r.attributes, except: rules.identifyingAttributes[r.type] ?? [])
    }

    private static func source(_ s: Source) -> String {
        let about = [s.outlet, s.date?.description, s.title].compactMap { $0 }
        return about.isEmpty ? s.id : "\(s.id) (\(about.joined(separator: ", ")))"
    }

    enum Mark { case added, removed, changed }

    /// Lines with optional ANSI colour.
    struct Writer {
        var color: Bool
        var out = ""

        mutating func line(_ s: String) { out += s + "\n" }

        mutating func section(_ title: String) {
            out += "\n" + bold(title) + "\n"
        }

        mutating func item(_ mark: Mark, _ verb: String, _ text: String, indent: Int = 4) {
            let (sign, code) =
                switch mark {
                case .added: ("+", "32")
                case .removed: ("-", "31")
                case .changed: ("~", "33")
                }
            let padded = verb + String(repeating: " ", count: max(1, 9 - verb.count))
            line(String(repeating: " ", count: indent) + paint("\(sign) \(padded)", code) + text)
        }

        func bold(_ s: String) -> String { paint(s, "1") }

        func paint(_ s: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
    }
}

extension DiffSummary.ProvisionChange {
    var nameChanged: Bool { before.name != after.name && !isRevision }
}
