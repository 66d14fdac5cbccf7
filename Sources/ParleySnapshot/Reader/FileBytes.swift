import Foundation
import ParleyCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading a whole file (or standard input) into one byte array, without the extra copy that
/// going through `Data` costs; a snapshot of a million relations is a quarter of a gigabyte.
public enum FileBytes {
    /// The bytes of the file at `path`.
    /// - Throws: ``Diagnostics`` naming the path (missing, a folder, unreadable).
    public static func contents(ofFile path: String) throws(Diagnostics) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Diagnostics([.error("\(path): \(reason(errno))")]) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Diagnostics([.error("\(path): \(reason(errno))")]) }
        if info.st_mode & S_IFMT == S_IFDIR { throw Diagnostics([.error("\(path): is a folder, not a file")]) }
        guard let bytes = contents(of: fd, sizeHint: Int(info.st_size)) else {
            throw Diagnostics([.error("\(path): \(reason(errno))")])
        }
        return bytes
    }

    /// Everything on standard input.
    public static func standardInput() throws(Diagnostics) -> [UInt8] {
        guard let bytes = contents(of: 0, sizeHint: 0) else {
            throw Diagnostics([.error("cannot read standard input: \(reason(errno))")])
        }
        return bytes
    }

    /// Reads `fd` to its end: first `sizeHint` bytes in one go, then whatever more comes.
    static func contents(of fd: Int32, sizeHint: Int) -> [UInt8]? {
        var bytes: [UInt8] = []
        var failed = false
        if sizeHint > 0 {
            bytes = [UInt8](unsafeUninitializedCapacity: sizeHint) { buffer, count in
                count = 0
                guard let base = buffer.baseAddress else { return }
                while count < sizeHint {
                    let n = read(fd, base + count, sizeHint - count)
                    if n < 0, errno == EINTR { continue }
                    if n < 0 { failed = true }
                    if n <= 0 { break }
                    count += n
                }
            }
        }
        if failed { return nil }
        // Files whose size is not known ahead (pipes, /proc) or that grew.
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return nil }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}

/// A file's bytes mapped into memory, read-only, for as long as this object lives: no copy,
/// and no fresh memory to fill (the pages are the system's cached pages of the file). Files
/// that cannot be mapped (pipes, special files, an empty file) are read into memory instead.
///
/// As with any mapped file, a file cut short by another program while it is being read raises
/// SIGBUS; `parley diff`, which maps its JSON inputs, turns that into an error message.
///
/// ```swift
/// let file = try MappedFile(path: "big.json")
/// let result = try file.withBytes { bytes throws(Diagnostics) in
///     try SnapshotReader.read(buffer: bytes, file: "big.json", format: .json)
/// }
/// ```
public final class MappedFile: @unchecked Sendable {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let mapped: Bool

    /// - Throws: ``Diagnostics`` naming the path (missing, a folder, unreadable).
    public init(path: String) throws(Diagnostics) {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Diagnostics([.error("\(path): \(FileBytes.reason(errno))")]) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw Diagnostics([.error("\(path): \(FileBytes.reason(errno))")]) }
        if info.st_mode & S_IFMT == S_IFDIR { throw Diagnostics([.error("\(path): is a folder, not a file")]) }
        let size = Int(info.st_size)
        if info.st_mode & S_IFMT == S_IFREG, size > 0,
            let base = mmap(nil, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0), base != MAP_FAILED
        {
            bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: size)
            mapped = true
            return
        }
        // Read from the file already open (a pipe opened twice would wait for a second writer).
        guard let copy = FileBytes.contents(of: fd, sizeHint: info.st_mode & S_IFMT == S_IFREG ? size : 0) else {
            throw Diagnostics([.error("\(path): \(FileBytes.reason(errno))")])
        }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(copy.count, 1))
        _ = buffer.initialize(from: copy)
        bytes = UnsafeBufferPointer(start: buffer.baseAddress, count: copy.count)
        mapped = false
    }

    /// Runs `body` with the file's bytes, which stay valid until it returns (and not after).
    public func withBytes<R, E: Error>(_ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R) throws(E) -> R {
        defer { withExtendedLifetime(self) {} }
        return try body(bytes)
    }

    /// The file's size in bytes.
    public var count: Int { bytes.count }

    deinit {
        guard let base = bytes.baseAddress else { return }
        if mapped {
            munmap(UnsafeMutableRawPointer(mutating: base), bytes.count)
        } else {
            UnsafeMutablePointer(mutating: base).deallocate()
        }
    }
}
