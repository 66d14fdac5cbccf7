import Foundation
import ParleyCore
import Testing

@Suite struct ParallelTests {
    /// Results reach `consume` in index order, each once, whatever order the pieces finish in.
    @Test(arguments: [0, 1, 2, 7, 64])
    func inOrderHandsEveryResultOverInOrder(count: Int) {
        var seen: [Int] = []
        Parallel.inOrder(count, { i -> [Int] in
            // Early pieces take longest, so later ones are done first.
            usleep(UInt32((count - i) * 200))
            return [i, i * i]
        }, consume: { i, value in
            #expect(value == [i, i * i])
            seen.append(i)
        })
        #expect(seen == Array(0..<count))
    }

    struct Stop: Error, Equatable {}

    /// A throwing `consume` stops the handing over; every piece under way still finishes
    /// before the error comes back (nothing is left running on memory the caller frees).
    @Test func inOrderStopsAtTheFirstErrorAndWaitsForThePieces() {
        let finished = Counter()
        var seen: [Int] = []
        #expect(throws: Stop.self) {
            try Parallel.inOrder(8, { i -> Int in
                usleep(2_000)
                finished.add()
                return i
            }, consume: { (i, _) throws(Stop) in
                seen.append(i)
                if i == 2 { throw Stop() }
            })
        }
        #expect(seen == [0, 1, 2])
        #expect(finished.value == 8)
    }

    @Test func mapAndBothKeepTheOrderOfThePieces() {
        #expect(Parallel.map(5) { $0 * 10 } == [0, 10, 20, 30, 40])
        let (a, b) = Parallel.both({ "first" }, { 2 })
        #expect(a == "first" && b == 2)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var n = 0
        func add() { lock.withLock { n += 1 } }
        var value: Int { lock.withLock { n } }
    }
}
