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

    /// `produce(0) … produce(count - 1)` run on other threads, the cores busy with them, while
    /// this thread hands each result to `consume` in index order as soon as it is there (a
    /// file written while the rest of it is still being made).
    ///
    /// When `consume` throws, no further result is consumed; the pieces under way are waited
    /// for, and the error is rethrown.
    /// - Complexity: the work of the pieces, spread over the cores, overlapping with `consume`.
    public static func inOrder<T: Sendable, E: Error>(
        _ count: Int, _ produce: @escaping @Sendable (Int) -> T, consume: (Int, T) throws(E) -> Void
    ) throws(E) {
        let slots = Slots<T>(count)
        let group = DispatchGroup()
        for i in 0..<count {
            DispatchQueue.global().async(group: group) { slots.put(produce(i), at: i) }
        }
        defer { group.wait() }
        for i in 0..<count { try consume(i, slots.take(i)) }
    }

    /// One result per piece, each handed over once: `take` waits until `put` has filled it.
    private final class Slots<T: Sendable>: @unchecked Sendable {
        private let values: UnsafeMutableBufferPointer<T?>
        private let ready: [DispatchSemaphore]

        init(_ count: Int) {
            values = .allocate(capacity: count)
            values.initialize(repeating: nil)
            ready = (0..<count).map { _ in DispatchSemaphore(value: 0) }
        }

        deinit {
            values.deinitialize()
            values.deallocate()
        }

        /// Called once per index, each from its own task: the semaphore orders it before `take`.
        func put(_ value: T, at i: Int) {
            values[i] = value
            ready[i].signal()
        }

        func take(_ i: Int) -> T {
            ready[i].wait()
            defer { values[i] = nil }
            return values[i]!
        }
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
