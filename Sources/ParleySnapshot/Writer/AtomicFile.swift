import Foundation
import ParleyCore

/// Writing a file so that readers only ever see the old content or the new, never half of it:
/// the bytes go to a temporary file beside the target, which is then renamed over it.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically. An existing file keeps its permissions.
    /// - Throws: ``Diagnostics`` naming the path when the folder is not writable or the disk is full;
    ///   the target is then left as it was and no temporary file remains.
    public static func write(_ bytes: some Collection<UInt8>, to path: String) throws(Diagnostics) {
        let target = URL(fileURLWithPath: path)
        let folder = target.deletingLastPathComponent()
        let temporary = folder.appendingPathComponent(".\(target.lastPathComponent).parley-\(UUID().uuidString.prefix(8)).tmp")
        let fm = FileManager.default
        do {
            // Contiguous bytes (an array) are written in place, without a copy into `Data`.
            let wroteInPlace: Bool? = try bytes.withContiguousStorageIfAvailable { buffer in
                guard let base = buffer.baseAddress, !buffer.isEmpty else { return false }
                let view = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: buffer.count, deallocator: .none)
                try view.write(to: temporary)
                return true
            }
            if wroteInPlace != true { try Data(bytes).write(to: temporary) }
            if let attributes = try? fm.attributesOfItem(atPath: path), let permissions = attributes[.posixPermissions] {
                try? fm.setAttributes([.posixPermissions: permissions], ofItemAtPath: temporary.path)
            }
            guard rename(temporary.path, target.path) == 0 else {
                let reason = String(cString: strerror(errno))
                throw Diagnostics([.error("cannot write \(path): \(reason)")])
            }
        } catch let error as Diagnostics {
            try? fm.removeItem(at: temporary)
            throw error
        } catch {
            try? fm.removeItem(at: temporary)
            throw Diagnostics([.error("cannot write \(path): \(SnapshotReader.reason(error))")])
        }
    }
}
