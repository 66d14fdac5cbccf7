#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Raw memory for buffers of many megabytes that are written once from start to end (the
/// compact texts of a file's relation records): on Linux they are mapped with transparent huge
/// pages allowed, so that filling 100 MB costs about fifty page faults instead of 25,000 (the
/// kernel zeroes the memory either way). Smaller buffers, and other systems, use the heap.
enum LargeBuffer {
    /// From this size on, a buffer is mapped on its own.
    static let mappedFrom = 4 << 20

    /// `byteCount` bytes, aligned to 8 at least, and whether they were mapped: give them back
    /// with ``deallocate(_:_:mapped:)``.
    static func allocate(_ byteCount: Int) -> (UnsafeMutableRawPointer, mapped: Bool) {
        #if os(Linux)
            if byteCount >= mappedFrom,
                let p = mmap(nil, byteCount, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p != MAP_FAILED
            {
                _ = madvise(p, byteCount, MADV_HUGEPAGE)  // advice only: without it, plain pages
                return (p, true)
            }
        #endif
        return (UnsafeMutableRawPointer.allocate(byteCount: byteCount, alignment: 8), false)
    }

    /// Gives back a buffer of `byteCount` bytes from ``allocate(_:)``.
    static func deallocate(_ p: UnsafeMutableRawPointer, _ byteCount: Int, mapped: Bool) {
        #if os(Linux)
            if mapped {
                munmap(p, byteCount)
                return
            }
        #endif
        p.deallocate()
    }
}
