import ParleyCore

/// An index from entity ids to handles keyed on the ids' UTF-8 bytes: an open-addressing table
/// of handles with a cheap byte hash (the store's `[String: EntityHandle]` hashes every key with
/// SipHash, a few hundred instructions per anchored look-up).
///
/// It answers as ``Graph/handle(forID:)`` does, with Swift's string equality (canonical
/// equivalence: the Kelvin sign `K` equals `K`, a precomposed `é` equals `e` and a combining
/// accent). A key whose bytes are an id's bytes is that id. A key whose bytes are no id's is no
/// id when the key and every id are ASCII (an ASCII string equals only its own bytes); otherwise
/// the store's index answers.
///
/// Built for one graph that never changes (the graph of an engine's cache: a new graph starts a
/// new cache), so it needs no invalidation of its own.
final class IDByteIndex: @unchecked Sendable {
    /// Per slot: `hash << 32 | (handle + 1)`; 0 is an empty slot.
    private let table: [UInt64]
    private let mask: Int
    /// Whether every id of the graph is ASCII.
    let idsAreASCII: Bool

    /// How many id look-ups a walk state makes on its engine's graph before it builds this
    /// index (building reads every id once: it pays for itself after a few look-ups, and a
    /// query run once does not pay for it).
    static let buildAfter = 16

    /// - Complexity: O(entities).
    init(_ graph: Graph) {
        var capacity = 8
        while capacity < 2 * graph.entityCount { capacity *= 2 }
        var table = [UInt64](repeating: 0, count: capacity)
        let mask = capacity - 1
        var ascii = true
        for h in graph.entityHandles {
            var id = graph.id(of: h)
            let (hash, isASCII) = id.withUTF8 { Self.hash($0) }
            ascii = ascii && isASCII
            var i = Int(hash) & mask
            while table[i] != 0 { i = (i + 1) & mask }
            table[i] = UInt64(hash) << 32 | UInt64(UInt32(h.int + 1))
        }
        self.table = table
        self.mask = mask
        idsAreASCII = ascii
    }

    /// A 32-bit hash of `bytes` (FNV-1a, folded) and whether they are all ASCII.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> (UInt32, Bool) {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        var high: UInt8 = 0
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
            high |= b
        }
        h ^= h >> 29
        h = h &* 0xbf58_476d_1ce4_e5b9
        h ^= h >> 32
        return (UInt32(truncatingIfNeeded: h), high < 0x80)
    }

    /// The entity of `graph` (the graph this index was built for) whose id equals `id` as Swift
    /// strings compare, as ``Graph/handle(forID:)`` answers.
    /// - Complexity: O(length of `id`) expected.
    @inline(__always)
    func handle(forID id: String, in graph: Graph) -> EntityHandle? {
        var key = id
        let (hash, isASCII) = key.withUTF8 { Self.hash($0) }
        let tag = UInt64(hash)
        var i = Int(hash) & mask
        while true {
            let e = table[i]
            if e == 0 { break }
            if e >> 32 == tag {
                let h = EntityHandle(Int(UInt32(truncatingIfNeeded: e)) - 1)
                if graph.id(of: h) == key { return h }
            }
            i = (i + 1) & mask
        }
        // No id has the key's bytes (nor its hash with an equal string).
        if isASCII, idsAreASCII { return nil }
        return graph.handle(forID: id)
    }
}
