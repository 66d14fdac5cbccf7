/// Deterministic numbers for the random graphs of these tests: a seed gives the same sequence on
/// every run and every machine (a 64-bit linear congruential generator, its high bits used).
struct SeededNumbers {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    /// A number in `0..<n` (`n` > 0).
    mutating func next(_ n: Int) -> Int {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return Int((state >> 33) % UInt64(n))
    }
}
