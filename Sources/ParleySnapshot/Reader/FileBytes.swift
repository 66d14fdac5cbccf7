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
    private static func contents(of fd: Int32, sizeHint: Int) -> [UInt8]? {
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

    private static func reason(_ code: Int32) -> String {
        code == ENOENT ? "no such file" : String(cString: strerror(code)).lowercased()
    }
}
