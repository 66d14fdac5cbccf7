import ParleyCore

/// Entity ids written in ASCII → handles, looked up by the bytes of a word without making a
/// string: how the snapshot decoder resolves the endpoints of `rel: FROM TYPE TO`.
///
/// Only ASCII ids are kept, because for ASCII two texts are equal as strings exactly when their
/// bytes are (Swift compares other text by canonical equivalence, which bytes cannot). A word
/// that misses here is looked up as a string in the graph, so the answer is always the graph's.
///
/// Open addressing with linear probing over a power-of-two table. A slot holds the first 24
/// bytes of its key, so that a look-up usually touches one slot and nothing else (a look-up is a
/// cache miss on a large table; a second one for the key would double it); longer keys keep the
/// rest in one shared byte array.
/// - Complexity: O(length of the id) per insertion and look-up, expected.
struct EntityIDTable {
    /// An id's length and first 24 bytes (zero-padded), and its hash.
    private struct Key: Equatable {
        var w0: UInt64 = 0, w1: UInt64 = 0, w2: UInt64 = 0
        var length: Int32 = 0
        var hash: UInt64 = 0

        static let inline = 24

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            length = Int32(truncatingIfNeeded: bytes.count)
            var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
            if let base = bytes.baseAddress {
                let n = min(bytes.count, Key.inline)
                if n == Key.inline {
                    let raw = UnsafeRawPointer(base)
                    words = (raw.loadUnaligned(as: UInt64.self), raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self),
                        raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
                } else {
                    withUnsafeMutableBytes(of: &words) { $0.baseAddress!.copyMemory(from: base, byteCount: n) }
                }
            }
            (w0, w1, w2) = words
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
            h = (h ^ w0) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
            h = (h ^ w1) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
            h = (h ^ w2) &* 0x9e37_79b9_7f4a_7c15
            h ^= h >> 29
            if bytes.count > Key.inline {
                for b in bytes[Key.inline...] { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01b3 }
            }
            h ^= h >> 33
            h = h &* 0xff51_afd7_ed55_8ccd
            h ^= h >> 33
            hash = h
        }
    }

    private struct Slot {
        var key: Key
        /// Where the bytes after the first 24 start in ``keys``.
        var tail: Int32
        /// -1 for an empty slot.
        var handle: Int32
    }

    private static let empty = Slot(key: Key(UnsafeBufferPointer(start: nil, count: 0)), tail: 0, handle: -1)
    private var slots: [Slot] = []
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
            let key = Key(bytes)
            var i = Int(truncatingIfNeeded: key.hash) & (slots.count - 1)
            while slots[i].handle >= 0 {
                if matches(slots[i], key, bytes) { return }
                i = (i + 1) & (slots.count - 1)
            }
            slots[i] = Slot(key: key, tail: Int32(truncatingIfNeeded: keys.count), handle: handle.index)
            if bytes.count > Key.inline { keys.append(contentsOf: bytes[Key.inline...]) }
            count += 1
        }
    }

    /// The handle of the ASCII id spelled by `bytes`, or nil (also for non-ASCII bytes).
    func handle(forASCII bytes: UnsafeBufferPointer<UInt8>) -> EntityHandle? {
        guard !slots.isEmpty else { return nil }
        let key = Key(bytes)
        var i = Int(truncatingIfNeeded: key.hash) & (slots.count - 1)
        while slots[i].handle >= 0 {
            if matches(slots[i], key, bytes) { return EntityHandle(Int(slots[i].handle)) }
            i = (i + 1) & (slots.count - 1)
        }
        return nil
    }

    /// The handles of two ASCII ids at once (a relation's endpoints): both slots are read
    /// before either is compared, so that the two memory accesses overlap instead of queueing.
    func handles(forASCII a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> (EntityHandle?, EntityHandle?) {
        guard !slots.isEmpty else { return (nil, nil) }
        let mask = slots.count - 1
        let ka = Key(a), kb = Key(b)
        var i = Int(truncatingIfNeeded: ka.hash) & mask, j = Int(truncatingIfNeeded: kb.hash) & mask
        let first = (slots[i], slots[j])
        var ha: EntityHandle?, hb: EntityHandle?
        var s = first.0
        while s.handle >= 0 {
            if matches(s, ka, a) {
                ha = EntityHandle(Int(s.handle))
                break
            }
            i = (i + 1) & mask
            s = slots[i]
        }
        s = first.1
        while s.handle >= 0 {
            if matches(s, kb, b) {
                hb = EntityHandle(Int(s.handle))
                break
            }
            j = (j + 1) & mask
            s = slots[j]
        }
        return (ha, hb)
    }

    private func matches(_ s: Slot, _ key: Key, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard s.key == key else { return false }
        guard bytes.count > Key.inline else { return true }
        let start = Int(s.tail)
        return keys.withUnsafeBufferPointer { k in
            var i = Key.inline
            while i < bytes.count {
                if k[start + i - Key.inline] != bytes[i] { return false }
                i += 1
            }
            return true
        }
    }

    private mutating func rehash(to size: Int) {
        let old = slots
        slots = Array(repeating: Self.empty, count: size)
        for s in old where s.handle >= 0 {
            var i = Int(truncatingIfNeeded: s.key.hash) & (size - 1)
            while slots[i].handle >= 0 { i = (i + 1) & (size - 1) }
            slots[i] = s
        }
    }
}
