/// A small open-addressing table from byte strings to integers, for looking up the text libxml2
/// hands over (a `<data key="…">`) without making a `String` of it first.
struct ByteStringTable {
    private var slots: [Int32] = Array(repeating: -1, count: 64)
    private var keys: [[UInt8]] = []
    private var values: [Int] = []

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }

    /// The value stored for these bytes.
    /// - Complexity: O(length of the bytes), expected.
    func value(for bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let mask = slots.count - 1
        var i = Int(truncatingIfNeeded: ByteStringTable.hash(bytes)) & mask
        while true {
            let s = Int(slots[i])
            if s < 0 { return nil }
            if keys[s].withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) { return values[s] }
            i = (i + 1) & mask
        }
    }

    /// Stores `value` for `key`, replacing an earlier one.
    mutating func set(_ key: String, _ value: Int) {
        var k = key
        let existing = k.withUTF8 { self.value(for: $0) }
        if existing != nil, let s = keys.firstIndex(of: Array(key.utf8)) {
            values[s] = value
            return
        }
        if (keys.count + 1) * 2 > slots.count { grow() }
        keys.append(Array(key.utf8))
        values.append(value)
        insertSlot(keys.count - 1)
    }

    private mutating func insertSlot(_ s: Int) {
        let mask = slots.count - 1
        var i = keys[s].withUnsafeBufferPointer { Int(truncatingIfNeeded: ByteStringTable.hash($0)) } & mask
        while slots[i] >= 0 { i = (i + 1) & mask }
        slots[i] = Int32(s)
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        for s in keys.indices { insertSlot(s) }
    }
}
