import Foundation

/// Large inputs run with glibc's allocator asking for transparent huge pages
/// (`GLIBC_TUNABLES=glibc.malloc.hugetlb=1`): reading two 100 MB snapshots touches about half a
/// gigabyte of fresh memory, and in 2 MB pages that takes tens of thousands fewer page faults
/// (about 6% of a large diff's CPU time here). The tunable is read when a process starts, so
/// the command starts itself again with it, once, before doing anything; when that cannot be
/// done it simply goes on as it is. `PARLEY_NO_HUGE_PAGES=1` turns this off;
/// `PARLEY_HUGE_PAGES_ABOVE=BYTES` sets the size from which it is done.
enum HugePages {
    static let tunable = "glibc.malloc.hugetlb=1"

    /// Whether this process runs with the tunable.
    static var areOn: Bool { (ProcessInfo.processInfo.environment["GLIBC_TUNABLES"] ?? "").contains(tunable) }

    /// Restarts this process with the tunable set when the files at `paths` hold at least
    /// `threshold` bytes together and it is not set yet. Returns only when it did not restart.
    static func restartIfLarge(_ paths: [String], threshold: Int = 64 << 20) {
        #if os(Linux)
            let environment = ProcessInfo.processInfo.environment
            let current = environment["GLIBC_TUNABLES"] ?? ""
            guard !current.contains("glibc.malloc.hugetlb"), environment["PARLEY_NO_HUGE_PAGES"] == nil else { return }
            let threshold = environment["PARLEY_HUGE_PAGES_ABOVE"].flatMap { Int($0) } ?? threshold
            var total = 0
            for path in paths {
                var info = stat()
                if stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG { total += Int(info.st_size) }
            }
            guard total >= threshold else { return }
            setenv("GLIBC_TUNABLES", current.isEmpty ? tunable : current + ":" + tunable, 1)
            let arguments = CommandLine.arguments.map { strdup($0) } + [nil]
            execv("/proc/self/exe", arguments)
            // Still here: exec failed (no /proc). Go on as we are, without the tunable.
            unsetenv("GLIBC_TUNABLES")
            if !current.isEmpty { setenv("GLIBC_TUNABLES", current, 1) }
        #endif
    }
}
