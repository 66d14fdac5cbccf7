import Foundation

/// A progress line on standard error for long imports and exports, shown only when standard
/// error is a terminal and a phase has run for more than a second: `reading big.graphml… 3.2 s`.
/// The line is erased when the phase ends. With `PARLEY_TIMINGS=1` in the environment each
/// phase's time is printed as `timing: LABEL: SECONDS s (cpu SECONDS s)`, the second the
/// process's CPU time over the phase on all cores (the GraphML benchmark reads these).
final class ProgressIndicator: @unchecked Sendable {
    private let enabled: Bool
    private let timings = ProcessInfo.processInfo.environment["PARLEY_TIMINGS"] != nil
    private let lock = NSLock()
    private var phase: String?
    private var started = Date()
    private var shown = false
    private var timer: DispatchSourceTimer?

    init(enabled: Bool = isatty(STDERR_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_PROGRESS"] == nil) {
        self.enabled = enabled
    }

    /// Runs `work`, labelled `label` on the progress line.
    func phase<T, E: Error>(_ label: String, _ work: () throws(E) -> T) throws(E) -> T {
        begin(label)
        let clock = ContinuousClock.now
        let cpu = timings ? Self.cpuSeconds() : 0
        defer {
            end()
            if timings {
                let d = ContinuousClock.now - clock
                let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
                let used = Self.cpuSeconds() - cpu
                FileHandle.standardError.write(
                    Data("timing: \(label): \(String(format: "%.3f", seconds)) s (cpu \(String(format: "%.3f", used)) s)\n".utf8))
            }
        }
        return try work()
    }

    /// The CPU time the process has used so far, user and system, on all its threads.
    private static func cpuSeconds() -> Double {
        var usage = rusage()
        guard getrusage(RUSAGE_SELF.rawValue, &usage) == 0 else { return 0 }
        func s(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return s(usage.ru_utime) + s(usage.ru_stime)
    }

    private func begin(_ label: String) {
        guard enabled else { return }
        lock.lock()
        phase = label
        started = Date()
        lock.unlock()
        let t = DispatchSource.makeTimerSource(queue: .global())
        t.schedule(deadline: .now() + 1, repeating: 0.25)
        t.setEventHandler { [weak self] in self?.draw() }
        t.resume()
        timer = t
    }

    private func draw() {
        lock.lock()
        defer { lock.unlock() }
        guard let phase else { return }
        let seconds = Date().timeIntervalSince(started)
        FileHandle.standardError.write(Data("\r\u{1B}[K\(phase)… \(String(format: "%.1f", seconds)) s".utf8))
        shown = true
    }

    private func end() {
        guard enabled else { return }
        timer?.cancel()
        timer = nil
        lock.lock()
        defer { lock.unlock() }
        if shown { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        shown = false
        phase = nil
    }
}
