import Foundation
import ParleyCore
import Testing

@Suite struct ParallelTests {
    /// Values taken in the caller's order are the right ones, whatever order they were made in.
    @Test(arguments: [1, 2, 7, 64])
    func pendingValuesAreTakenInAnyOrder(count: Int) {
        let pending = (0..<count).map { i in
            Pending { () -> [Int] in
                // Early pieces take longest, so later ones are done first.
                usleep(UInt32((count - i) * 200))
                return [i, i * i]
            }
        }
        for (i, p) in pending.enumerated() {
            #expect(p.value == [i, i * i])
            #expect(p.value == [i, i * i])  // read again: the same value, without waiting
        }
        #expect(Pending(value: "there").value == "there")
    }

    /// Work runs while the caller does something else: two pieces that each wait for the
    /// other's signal finish only if they run at the same time as the caller and each other.
    @Test func pendingWorkRunsAtOnce() {
        let first = DispatchSemaphore(value: 0), second = DispatchSemaphore(value: 0)
        let a = Pending { () -> Bool in
            first.signal()
            return second.wait(timeout: .now() + 10) == .success
        }
        let b = Pending { () -> Bool in
            second.signal()
            return first.wait(timeout: .now() + 10) == .success
        }
        #expect(a.value && b.value)
    }

    @Test func mapAndBothKeepTheOrderOfThePieces() {
        #expect(Parallel.map(5) { $0 * 10 } == [0, 10, 20, 30, 40])
        let (a, b) = Parallel.both({ "first" }, { 2 })
        #expect(a == "first" && b == 2)
    }
}
