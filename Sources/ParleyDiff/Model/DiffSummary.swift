import ParleyCore

/// What a diff means for each party (stances gained, lost, shifted) and each proposal
/// (provisions added, dropped, changed). An official's stance counts for the party it
/// REPRESENTS; a provision that REVISES another in the same proposal is one change with both
/// versions, not an addition and a drop.
public struct DiffSummary: Sendable, Hashable {
    public var parties: [PartyChanges] = []
    public var proposals: [ProposalChanges] = []

    /// A stance as the summary shows it: the relation, who voiced it, and what it is about.
    public struct Stance: Sendable, Hashable {
        public var relation: PortableRelation
        /// The entity that holds the stance when it is not the party itself (an official).
        public var voicedBy: Entity?
        public var target: Entity
    }

    public struct Shift: Sendable, Hashable {
        public var shift: StanceShift
        public var voicedBy: Entity?
        public var target: Entity
    }

    /// The stance changes of one party (or of an entity that represents none).
    public struct PartyChanges: Sendable, Hashable {
        public var party: Entity
        public var gained: [Stance] = []
        public var lost: [Stance] = []
        public var shifted: [Shift] = []
    }

    /// A provision that changed within a proposal: edited in place, or replaced by one that REVISES it.
    public struct ProvisionChange: Sendable, Hashable {
        public var before: Entity
        public var after: Entity
        /// True when `after` is another provision that REVISES `before`.
        public var isRevision: Bool
        /// Attributes that differ between the two versions (the army cap's limit).
        public var attributeChanges: [AttributeChange] { AttributeChange.between(before.attributes, after.attributes) }
        /// Other changes of the provision's membership (its point number), before → after.
        public var membershipChanges: [AttributeChange]
    }

    /// The provision changes of one proposal.
    public struct ProposalChanges: Sendable, Hashable {
        public var proposal: Entity
        public var added: [Entity] = []
        public var dropped: [Entity] = []
        public var changed: [ProvisionChange] = []
    }

    public var isEmpty: Bool { parties.isEmpty && proposals.isEmpty }

    /// Summarises `diff`, computed from `before` to `after` with `rules`.
    /// - Complexity: O(changes × degree of the entities they touch), plus sorting.
    public init(_ diff: GraphDiff, before a: Graph, after b: Graph, rules: DiffRules) {
        // The proposals on another thread meanwhile (the parties keep both cores busy part of the time only).
        let proposals = Pending { DiffSummary.byProposal(diff, a, b, rules) }
        parties = DiffSummary.byParty(diff, a, b, rules)
        self.proposals = proposals.value
    }

    // MARK: By party

    /// The ``parties`` part of the summary of `d` (made on its own by the JSON report).
    static func byParty(_ d: GraphDiff, _ a: Graph, _ b: Graph, _ rules: DiffRules) -> [PartyChanges] {
        guard !rules.stanceTypes.isEmpty else { return [] }
        // Stances gained (with the shifts) on one core, stances lost on the other; each list is
        // kept per party in the order of the diff, then merged in the order parties first appear.
        let (repsA, repsB) = Parallel.both({ Represents(a, rules) }, { Represents(b, rules) })
        let (afterSide, lostSide) = Parallel.both(
            { () -> (PerParty<Stance>, PerParty<Shift>) in
                let look = Lookup(g: b, other: a, rules: rules, reps: repsB, otherReps: repsA)
                let gained = DiffSummary.stances(d.relationsAdded, look, rules)
                var shifted = PerParty<Shift>()
                for s in d.stanceShifts {
                    let parties = look.parties(of: s.after.from)
                    // The subject is looked up only when it speaks for another (it is voicedBy).
                    let subject = parties.contains { $0.id != s.after.from } ? look.entity(s.after.from) : nil
                    let target = look.entity(s.after.to)
                    for p in parties {
                        shifted.append(Shift(shift: s, voicedBy: p.id == s.after.from ? nil : subject, target: target), for: p)
                    }
                }
                return (gained, shifted)
            },
            { () -> PerParty<Stance> in
                let look = Lookup(g: a, other: b, rules: rules, reps: repsA, otherReps: repsB)
                return DiffSummary.stances(d.relationsRemoved, look, rules)
            })
        var (gained, shifted) = afterSide
        var lost = lostSide
        var position: [String: Int] = [:]
        var out: [PartyChanges] = []
        func changes(of p: Entity) -> Int {
            if let i = position[p.id] { return i }
            position[p.id] = out.count
            out.append(PartyChanges(party: p))
            return out.count - 1
        }
        // Each list is moved out (not shared), so that sorting it below does not copy it.
        for i in gained.parties.indices { out[changes(of: gained.parties[i])].gained = gained.take(i) }
        for i in lost.parties.indices { out[changes(of: lost.parties[i])].lost = lost.take(i) }
        for i in shifted.parties.indices { out[changes(of: shifted.parties[i])].shifted = shifted.take(i) }
        // Lexicographic, as tuples compare, without building the tuples (copies of their strings).
        func voice(_ e: Entity?) -> String { e?.id ?? "" }
        func order(_ x: Stance, _ y: Stance) -> Bool {
            if x.target.id != y.target.id { return x.target.id < y.target.id }
            if x.relation.type != y.relation.type { return x.relation.type < y.relation.type }
            return voice(x.voicedBy) < voice(y.voicedBy)
        }
        func shiftOrder(_ x: Shift, _ y: Shift) -> Bool {
            if x.target.id != y.target.id { return x.target.id < y.target.id }
            return voice(x.voicedBy) < voice(y.voicedBy)
        }
        for i in out.indices {
            if out[i].gained.count > 1 { out[i].gained.sort(by: order) }
            if out[i].lost.count > 1 { out[i].lost.sort(by: order) }
            if out[i].shifted.count > 1 { out[i].shifted.sort(by: shiftOrder) }
        }
        out.sort { $0.party.id < $1.party.id }
        return out
    }

    /// The stances among `relations`, for each party their subjects speak for, in order. Each
    /// subject's entity, parties and their places in the lists are looked up once (subjects
    /// recur: an official voices many stances).
    private static func stances(_ relations: [PortableRelation], _ look: Lookup, _ rules: DiffRules) -> PerParty<Stance> {
        var out = PerParty<Stance>()
        // Each subject's number, entity and places; relations are read in place, not copied.
        var subjectNumbers: [String: Int] = [:]
        var subjects: [Entity?] = []
        var places: [[(list: Int, isSubject: Bool)]] = []
        relations.withUnsafeBufferPointer { relations in
            for i in relations.indices where rules.stanceTypes[relations[i].type] != nil {
                let from = relations[i].from
                let k: Int
                if let known = subjectNumbers[from] {
                    k = known
                } else {
                    k = subjects.count
                    subjectNumbers[from] = k
                    let parties = look.parties(of: from)
                    // The subject's entity is needed only when it speaks for another party.
                    subjects.append(parties.contains { $0.id != from } ? look.entity(from) : nil)
                    places.append(parties.map { p in (out.list(for: p), p.id == from) })
                }
                let target = look.entity(relations[i].to)
                for place in places[k] {
                    out.lists[place.list].append(
                        Stance(relation: relations[i], voicedBy: place.isSubject ? nil : subjects[k], target: target))
                }
            }
        }
        return out
    }

    /// Lists of one kind per party, parties in the order they first appear (with the entity
    /// they first appeared as).
    private struct PerParty<T: Sendable>: Sendable {
        var parties: [Entity] = []
        var lists: [[T]] = []
        private var position: [String: Int] = [:]

        mutating func append(_ x: T, for p: Entity) {
            lists[list(for: p)].append(x)
        }

        /// The list at `i`, moved out (an empty list is left in its place).
        mutating func take(_ i: Int) -> [T] {
            var list: [T] = []
            swap(&list, &lists[i])
            return list
        }

        /// Where `p`'s list is, made (empty) when `p` appears first.
        mutating func list(for p: Entity) -> Int {
            if let i = position[p.id] { return i }
            position[p.id] = parties.count
            parties.append(p)
            lists.append([])
            return parties.count - 1
        }
    }

    /// Entities and the parties they speak for, looked up by id in one graph, else in the other
    /// (the parties of each id once: subjects recur).
    private final class Lookup {
        let g: Graph
        let other: Graph
        let rules: DiffRules
        let reps: Represents
        let otherReps: Represents
        private var partiesByID: [String: [Entity]] = [:]

        init(g: Graph, other: Graph, rules: DiffRules, reps: Represents, otherReps: Represents) {
            self.g = g
            self.other = other
            self.rules = rules
            self.reps = reps
            self.otherReps = otherReps
        }

        /// The entity with this id in `g`, else in `other`, else a bare one.
        func entity(_ id: String) -> Entity {
            g.entity(withID: id) ?? other.entity(withID: id) ?? Entity(id: id, type: "")
        }

        /// The parties an entity speaks for in `g` (itself when it is one), else in `other`.
        func parties(of id: String) -> [Entity] {
            if let ps = partiesByID[id] { return ps }
            let ps = Lookup.parties(of: id, in: g, reps, rules) ?? Lookup.parties(of: id, in: other, otherReps, rules) ?? [entity(id)]
            partiesByID[id] = ps
            return ps
        }

        private static func parties(of id: String, in graph: Graph, _ represents: Represents, _ rules: DiffRules) -> [Entity]? {
            guard let h = graph.handle(forID: id) else { return nil }
            let e = graph[h]
            if rules.partyTypes.contains(e.type) { return [e] }
            var reps: [Entity] = []
            for t in represents.targets[h] ?? [] {
                let r = graph[t]
                if rules.partyTypes.contains(r.type) { reps.append(r) }
            }
            return reps.isEmpty ? nil : reps
        }
    }

    /// Whom each entity of a graph REPRESENTS (one entry per relation), read once.
    private struct Represents: Sendable {
        var targets: [EntityHandle: [EntityHandle]] = [:]

        /// - Complexity: O(relations of the represents type).
        init(_ g: Graph, _ rules: DiffRules) {
            for h in g.relations(ofType: rules.representsType) {
                let r = g[h]
                targets[r.from, default: []].append(r.to)
            }
        }
    }

    // MARK: By proposal

    /// The ``proposals`` part of the summary of `d` (made on its own by the JSON report).
    static func byProposal(_ d: GraphDiff, _ a: Graph, _ b: Graph, _ rules: DiffRules) -> [ProposalChanges] {
        var out: [String: ProposalChanges] = [:]
        // A's ids as B knows them (renames), so that one proposal is one group.
        var renamed: [String: String] = [:]
        for c in d.entitiesChanged where c.isRename { renamed[c.before.id] = c.after.id }
        func bID(_ aID: String) -> String { renamed[aID] ?? aID }
        func proposal(_ id: String, _ g: Graph, _ other: Graph) -> Entity? {
            guard let e = g.entity(withID: id) ?? other.entity(withID: id), rules.proposalTypes.contains(e.type) else { return nil }
            return e
        }

        // Provisions that joined and left each proposal.
        var joined: [String: [String]] = [:]  // proposal (B id) → provision ids (B)
        var left: [String: [String]] = [:]  // proposal (B id) → provision ids (A)
        for r in d.relationsAdded where r.type == rules.partOfType {
            guard let p = proposal(r.to, b, a) else { continue }
            out[p.id] = out[p.id] ?? ProposalChanges(proposal: p)
            joined[p.id, default: []].append(r.from)
        }
        for r in d.relationsRemoved where r.type == rules.partOfType {
            let pid = bID(r.to)
            guard let p = proposal(pid, b, a) ?? proposal(r.to, a, b) else { continue }
            out[pid] = out[pid] ?? ProposalChanges(proposal: p)
            left[pid, default: []].append(r.from)
        }
        for (pid, ids) in joined {
            var dropped = Set(left[pid] ?? [])
            for id in ids.sorted() {
                guard let n = b.handle(forID: id) else { continue }
                // A provision that REVISES an earlier one is one change with both versions: prefer
                // one that left this proposal, else any that existed before (kept in another version).
                let revised = b.relations(from: n, ofType: rules.revisesType).map { b.toID($0) }.sorted()
                if let old = revised.first(where: { dropped.contains($0) }) ?? revised.first(where: { a.handle(forID: $0) != nil }),
                    let before = a.entity(withID: old) ?? b.entity(withID: old)
                {
                    dropped.remove(old)
                    out[pid]!.changed.append(ProvisionChange(before: before, after: b[n], isRevision: true, membershipChanges: []))
                } else {
                    out[pid]!.added.append(b[n])
                }
            }
            left[pid] = Array(dropped)
        }
        for (pid, ids) in left {
            for id in ids.sorted() { if let e = a.entity(withID: id) { out[pid]!.dropped.append(e) } }
        }
        // Provisions edited in place, and changes of their membership (point numbers).
        for c in d.entitiesChanged {
            guard let h = b.handle(forID: c.after.id) else { continue }
            for r in b.relations(from: h, ofType: rules.partOfType) {
                guard let p = proposal(b.toID(r), b, a), isMember(c.before.id, of: p.id, in: a, renamed, rules) else { continue }
                out[p.id, default: ProposalChanges(proposal: p)].changed.append(
                    ProvisionChange(before: c.before, after: c.after, isRevision: false, membershipChanges: []))
            }
        }
        for c in d.relationsChanged where c.after.type == rules.partOfType {
            guard let p = proposal(c.after.to, b, a), let prov = b.entity(withID: c.after.from) else { continue }
            let changes = AttributeChange.between(c.before.attributes, c.after.attributes)
            guard !changes.isEmpty else { continue }
            var group = out[p.id] ?? ProposalChanges(proposal: p)
            if let i = group.changed.firstIndex(where: { $0.after.id == prov.id && !$0.isRevision }) {
                group.changed[i].membershipChanges = changes
            } else {
                let before = a.entity(withID: c.before.from) ?? prov
                group.changed.append(ProvisionChange(before: before, after: prov, isRevision: false, membershipChanges: changes))
            }
            out[p.id] = group
        }
        return out.values.filter { !$0.added.isEmpty || !$0.dropped.isEmpty || !$0.changed.isEmpty }.map { p in
            var p = p
            p.added.sort { $0.id < $1.id }
            p.dropped.sort { $0.id < $1.id }
            p.changed.sort { ($0.after.id, $0.before.id) < ($1.after.id, $1.before.id) }
            return p
        }.sorted { $0.proposal.id < $1.proposal.id }
    }

    /// Whether provision `id` (A's id) is PART_OF proposal `proposalID` (B's id) in `a`.
    private static func isMember(
        _ id: String, of proposalID: String, in a: Graph, _ renamed: [String: String], _ rules: DiffRules
    ) -> Bool {
        guard let h = a.handle(forID: id) else { return false }
        return a.relations(from: h, ofType: rules.partOfType).contains { (renamed[a.toID($0)] ?? a.toID($0)) == proposalID }
    }
}
