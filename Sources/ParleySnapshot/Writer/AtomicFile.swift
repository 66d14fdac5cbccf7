import Foundation
import ParleyCore

/// Writing a file so that readers only ever see the old content or the new, never half of it:
/// the bytes go to a temporary file beside the target, which is then renamed over it.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically. An existing file keeps its permissions.
    /// - Throws: ``Diagnostics`` naming the path when the folder is not writable or the disk is full;
    ///   the target is then left as it was and no temporary file remains.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(Diagnostics) {
        let out = try Stream(path: path)
        // Contiguous bytes (an array) are written in place, without a copy.
        let wrote = bytes.withContiguousStorageIfAvailable { buffer in
            Result { () throws(Diagnostics) in try out.write(UnsafeRawBufferPointer(buffer)) }
        }
        try (wrote ?? Result { () throws(Diagnostics) in try out.write(Array(bytes)[...]) }).get()
        try out.commit()
    }
}

extension AtomicFile {
    /// A file written piece by piece that appears at its path all at once, when
    /// ``commit()`` renames it over the target; until then, or when it is discarded (or
    /// dropped) instead, the target keeps what it had and the temporary file is removed.
    ///
    /// ```swift
    /// let out = try AtomicFile.Stream(path: "report.json")
    /// try out.write(head)
    /// try out.write(body)
    /// try out.commit()
    /// ```
    public final class Stream {
        public let path: String
        private let temporary: String
        private var descriptor: Int32
        private var committed = false

        /// Opens a temporary file beside `path` (with the target's permissions when it exists).
        /// - Throws: ``Diagnostics`` naming the path when the folder is not writable.
        public init(path: String) throws(Diagnostics) {
            self.path = path
            let target = URL(fileURLWithPath: path)
            temporary = target.deletingLastPathComponent()
                .appendingPathComponent(".\(target.lastPathComponent).parley-\(UUID().uuidString.prefix(8)).tmp").path
            var mode: mode_t = 0o666  // less the umask, as for any new file
            var existing = stat()
            if stat(path, &existing) == 0 { mode = existing.st_mode & 0o7777 }
            descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard descriptor >= 0 else { throw Self.failure(path) }
            if stat(path, &existing) == 0 { fchmod(descriptor, existing.st_mode & 0o7777) }
        }

        deinit { discard() }

        /// Appends `bytes`.
        /// - Throws: ``Diagnostics`` naming the path when the disk is full or the write fails;
        ///   the stream is then discarded.
        public func write(_ bytes: UnsafeRawBufferPointer) throws(Diagnostics) {
            guard descriptor >= 0 else { throw Diagnostics([.error("cannot write \(path): the file was closed")]) }
            var done = 0
            while done < bytes.count {
                let n = Foundation.write(descriptor, bytes.baseAddress! + done, bytes.count - done)
                if n < 0, errno == EINTR { continue }
                guard n > 0 else {
                    let error = Self.failure(path)
                    discard()
                    throw error
                }
                done += n
            }
        }

        /// Appends `bytes`.
        public func write(_ bytes: ArraySlice<UInt8>) throws(Diagnostics) {
            try bytes.withUnsafeBytes { raw in Result { () throws(Diagnostics) in try write(raw) } }.get()
        }

        /// Closes the file and renames it over the target.
        /// - Throws: ``Diagnostics`` naming the path when that fails; the target is then left
        ///   as it was and the temporary file removed.
        public func commit() throws(Diagnostics) {
            guard descriptor >= 0 else { throw Diagnostics([.error("cannot write \(path): the file was closed")]) }
            let closed = close(descriptor) == 0
            descriptor = -1
            guard closed, rename(temporary, path) == 0 else {
                let error = Self.failure(path)
                unlink(temporary)
                throw error
            }
            committed = true
        }

        /// Gives up: the temporary file is removed and the target keeps what it had.
        public func discard() {
            if descriptor >= 0 {
                close(descriptor)
                descriptor = -1
            }
            if !committed { unlink(temporary) }
            committed = true  // nothing left to remove
        }

        private static func failure(_ path: String) -> Diagnostics {
            Diagnostics([.error("cannot write \(path): \(FileBytes.reason(errno))")])
        }
    }
}
