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

/// A value being made on another thread, started at once: ``value`` waits for it. Lets work
/// that does not depend on each other overlap (a report's summary made while its changes are
/// written), and a caller take results in its own order as they come.
///
/// ```swift
/// let summary = Pending { DiffSummary(diff, before: a, after: b, rules: rules) }
/// let pieces = ranges.map { r in Pending { render(r) } }
/// write(summary.value); for p in pieces { write(p.value) }
/// ```
///
/// Work still under way when the last reference goes finishes on its thread, unseen.
public final class Pending<T: Sendable>: @unchecked Sendable {
    // Written once by the worker before `done` is left; read only after waiting on `done`.
    private var result: T?
    private let done = DispatchGroup()

    /// Starts `work` on a thread of the global queue.
    public init(_ work: @escaping @Sendable () -> T) {
        done.enter()
        DispatchQueue.global().async {
            self.result = work()
            self.done.leave()
        }
    }

    /// A value that is there already.
    public init(value: T) {
        result = value
    }

    /// The value, once made (waits until then).
    public var value: T {
        done.wait()
        return result!
    }
}
