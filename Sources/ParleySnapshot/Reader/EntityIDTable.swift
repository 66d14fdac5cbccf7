import ParleyCore

/// Entity ids written in ASCII → handles, looked up by the bytes of a word without making a
/// string: how the snapshot decoder resolves the endpoints of `rel: FROM TYPE TO`.
///
/// Only ASCII ids are kept, because for ASCII two texts are equal as strings exactly when their
/// bytes are (Swift compares other text by canonical equivalence, which bytes cannot). A word
/// that misses here is looked up as a string in the graph, so the answer is always the graph's.
///
/// Open addressing with linear probing over a power-of-two table; keys are stored back to back
/// in one byte array.
/// - Complexity: O(length of the id) per insertion and look-up, expected.
struct EntityIDTable {
    private struct Slot {
        var hash: UInt64
        var start: Int32
        var length: Int32
        var handle: EntityHandle
    }

    private var slots: [Slot?] = []
    private var keys: [UInt8] = []
    private var count = 0

    /// Makes room for `n` ids without growing.
    mutating func reserveCapacity(_ n: Int) {
        guard n > 0 else { return }
        var size = 16
        while size < n * 2 { size <<= 1 }
        if size > slots.count { rehash(to: size) }
    }

    /// Adds an id (non-ASCII ids and ids already present are left out).
    mutating func insert(_ id: String, _ handle: EntityHandle) {
        var id = id
        id.withUTF8 { bytes in
            guard bytes.count <= Int(Int32.max), !bytes.contains(where: { $0 >= 0x80 }) else { return }
            if (count + 1) * 2 > slots.count { rehash(to: max(16, slots.count * 2)) }
            let h = Self.hash(bytes)
            var i = Int(truncatingIfNeeded: h) & (slots.count - 1)
            while let s = slots[i] {
                if s.hash == h, equals(s, bytes) { return }
                i = (i + 1) & (slots.count - 1)
            }
            slots[i] = Slot(hash: h, start: Int32(truncatingIfNeeded: keys.count), length: Int32(bytes.count), handle: handle)
            keys.append(contentsOf: bytes)
            count += 1
        }
    }

    /// The handle of the ASCII id spelled by `bytes`, or nil (also for non-ASCII bytes).
    func handle(forASCII bytes: UnsafeBufferPointer<UInt8>) -> EntityHandle? {
        guard !slots.isEmpty else { return nil }
        let h = Self.hash(bytes)
        var i = Int(truncatingIfNeeded: h) & (slots.count - 1)
        while let s = slots[i] {
            if s.hash == h, equals(s, bytes) { return s.handle }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    private func equals(_ s: Slot, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard Int(s.length) == bytes.count else { return false }
        let start = Int(s.start)
        return keys.withUnsafeBufferPointer { k in
            var i = 0
            while i < bytes.count {
                if k[start + i] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func rehash(to size: Int) {
        let old = slots
        slots = Array(repeating: nil, count: size)
        for case let s? in old {
            var i = Int(truncatingIfNeeded: s.hash) & (size - 1)
            while slots[i] != nil { i = (i + 1) & (size - 1) }
            slots[i] = s
        }
    }

    /// FNV-1a over the bytes, then a final mix so that the low bits (the slot) depend on all.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3
        }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
