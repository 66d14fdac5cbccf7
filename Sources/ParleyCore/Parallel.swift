import Dispatch

/// Independent pieces of work run on all cores, results kept in the order of the pieces, so
/// that what is built from them does not depend on how the threads were scheduled.
public enum Parallel {
    /// `body(0) … body(count - 1)`, run concurrently; the results in index order.
    /// - Complexity: the work of the pieces, spread over the cores.
    public static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) -> T) -> [T] {
        if count <= 1 { return (0..<count).map(body) }
        let slots = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        nonisolated(unsafe) let shared = slots
        // Each piece writes only its own slot.
        DispatchQueue.concurrentPerform(iterations: count) { i in shared[i] = body(i) }
        return slots.map { $0! }
    }

    /// Runs `first` and `second` at once and returns both results.
    public static func both<A: Sendable, B: Sendable>(_ first: @Sendable () -> A, _ second: @Sendable () -> B) -> (A, B) {
        nonisolated(unsafe) var a: A?
        nonisolated(unsafe) var b: B?
        DispatchQueue.concurrentPerform(iterations: 2) { i in
            if i == 0 { a = first() } else { b = second() }
        }
        return (a!, b!)
    }
}
