import Dispatch
import Foundation

/// Jobs run on the cores, the most urgent first, and products taken in the order a reader
/// needs them: a report's pieces are made while the ones before them are being written.
///
/// Each job gets its own task on the global queue, but a task runs whichever waiting job is
/// most urgent (lowest priority number) when it starts, not the one it came with; so a job
/// added late (a piece that could only be planned once the summary was made) still runs
/// before earlier ones that are less urgent. Jobs never wait for other jobs, so no thread is
/// held back waiting for work that has no thread to run on.
///
/// ```swift
/// let shop = Workshop<JSONBytes>(products: 2)
/// shop.schedule(priority: 1) { shop.deliver(1, render(second)) }
/// shop.schedule(priority: 0) { shop.deliver(0, render(first)) }
/// write(shop.take(0)); write(shop.take(1))
/// ```
final class Workshop<Product>: @unchecked Sendable {
    // Everything below is guarded by `condition`.
    private let condition = NSCondition()
    private var waiting: [(priority: Int, job: @Sendable () -> Void)] = []
    private var products: [Product?]

    /// A workshop for products numbered `0..<products`.
    init(products: Int) {
        self.products = [Product?](repeating: nil, count: products)
    }

    /// Runs `job` on another thread, before any waiting job with a higher `priority` number.
    func schedule(priority: Int, _ job: @escaping @Sendable () -> Void) {
        condition.lock()
        waiting.append((priority, job))
        condition.unlock()
        DispatchQueue.global().async { self.runMostUrgent() }
    }

    /// Hands over product `number` (each is delivered once).
    func deliver(_ number: Int, _ product: Product) {
        condition.lock()
        precondition(products[number] == nil, "each product is delivered once")
        products[number] = product
        condition.broadcast()
        condition.unlock()
    }

    /// Product `number`, once delivered (waits until then); the workshop lets go of it.
    func take(_ number: Int) -> Product {
        condition.lock()
        defer { condition.unlock() }
        while products[number] == nil { condition.wait() }
        let product = products[number]!
        products[number] = nil
        return product
    }

    private func runMostUrgent() {
        condition.lock()
        // One task per job: there is always one left for this task.
        let i = waiting.indices.min { waiting[$0].priority < waiting[$1].priority }!
        let job = waiting.remove(at: i).job
        condition.unlock()
        job()
    }
}
