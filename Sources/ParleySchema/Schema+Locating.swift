import Foundation
import ParleyCore

extension Schema {
    /// The negotiation schema (`schema/negotiation.yaml`) found by walking up from the folder of
    /// `file` (or from the current folder when nil), loaded; nil when none is found or it does
    /// not load.
    public static func `default`(near file: String?) -> Schema? {
        guard let path = locate(named: "negotiation", near: file) else { return nil }
        return try? cachedLoad(path: path)
    }

    /// The path of `schema/NAME.yaml` in the folder of `file` or one above it (then from the
    /// current folder), or nil.
    public static func locate(named name: String, near file: String?) -> String? {
        let fm = FileManager.default
        var starts: [URL] = []
        if let file { starts.append(URL(fileURLWithPath: file).deletingLastPathComponent().standardizedFileURL) }
        starts.append(URL(fileURLWithPath: fm.currentDirectoryPath).standardizedFileURL)
        for start in starts {
            var dir = start
            while true {
                for ext in ["yaml", "yml"] {
                    let candidate = dir.appendingPathComponent("schema/\(name).\(ext)").path
                    if fm.fileExists(atPath: candidate) { return candidate }
                }
                let parent = dir.deletingLastPathComponent()
                if parent.path == dir.path { break }
                dir = parent
            }
        }
        return nil
    }

    /// Resolves what a snapshot writes in `snapshot.schema`: a path relative to the snapshot's
    /// folder (`../../schema/negotiation.yaml`), or a bare name (`negotiation`) looked up as
    /// `schema/NAME.yaml` above the snapshot. Returns the path, or nil when nothing is there.
    public static func resolve(reference: String, relativeTo snapshotFile: String?) -> String? {
        let looksLikePath = reference.contains("/") || reference.hasSuffix(".yaml") || reference.hasSuffix(".yml")
        if looksLikePath {
            // Kept relative when the snapshot's path is, so that diagnostics in the schema read
            // as the user would write the path (`graphs/x/../../schema/s.yaml` → `schema/s.yaml`).
            let path: String
            if reference.hasPrefix("/") {
                path = reference
            } else {
                let folder = snapshotFile.map { ($0 as NSString).deletingLastPathComponent } ?? ""
                path = Self.normalize(folder.isEmpty ? reference : (folder as NSString).appendingPathComponent(reference))
            }
            return FileManager.default.fileExists(atPath: path) ? path : nil
        }
        return locate(named: reference, near: snapshotFile)
    }

    /// Removes `.` and `name/..` segments from a path without making it absolute.
    static func normalize(_ path: String) -> String {
        var parts: [Substring] = []
        let absolute = path.hasPrefix("/")
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == "..", let last = parts.last, last != ".." {
                parts.removeLast()
            } else if part == "..", absolute, parts.isEmpty {
                continue
            } else {
                parts.append(part)
            }
        }
        let joined = parts.joined(separator: "/")
        return absolute ? "/" + joined : (joined.isEmpty ? "." : joined)
    }

    /// Loads a schema once per process and path (validating a folder of snapshots that all name
    /// the same schema reads it once). A changed file (modification date) is read again.
    public static func cachedLoad(path: String) throws -> Schema {
        let key = URL(fileURLWithPath: path).standardizedFileURL.path
        let modified = (try? FileManager.default.attributesOfItem(atPath: key)[.modificationDate]) as? Date
        if let hit = SchemaCache.shared.get(key), hit.modified == modified { return hit.schema }
        let schema = try load(path: path)
        SchemaCache.shared.set(key, (schema, modified))
        return schema
    }
}

/// Schemas already read, by absolute path.
final class SchemaCache: @unchecked Sendable {
    static let shared = SchemaCache()
    private let lock = NSLock()
    private var entries: [String: (schema: Schema, modified: Date?)] = [:]

    func get(_ key: String) -> (schema: Schema, modified: Date?)? {
        lock.lock()
        defer { lock.unlock() }
        return entries[key]
    }

    func set(_ key: String, _ value: (schema: Schema, modified: Date?)) {
        lock.lock()
        defer { lock.unlock() }
        entries[key] = value
    }
}
