import ArgumentParser
import Foundation
import ParleyIO
import ParleySchema

/// The graph analyst commands read when none is given: the latest snapshot (greatest `as_of`)
/// in `graphs/ukraine-2025/`, looked for in the current folder and the folders above it.
enum DefaultGraph {
    /// The dataset folder, relative to the repository root.
    static let folder = "graphs/ukraine-2025"

    /// The latest snapshot's path.
    /// - Throws: `ExitCode.failure` after saying so when no dataset folder or snapshot is found.
    static func latestSnapshot(from start: String = FileManager.default.currentDirectoryPath) throws -> String {
        let fm = FileManager.default
        var dir = URL(fileURLWithPath: start).standardizedFileURL
        while true {
            let candidate = dir.appendingPathComponent(folder)
            var isDirectory: ObjCBool = false
            if fm.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                if let latest = latest(in: candidate.path, shownAs: relative(candidate.path, to: start)) { return latest }
                break
            }
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        printAnalystError("no GRAPH given and no snapshot found in \(folder)/ here or above; name a graph file")
        throw ExitCode.failure
    }

    /// The snapshot with the greatest `as_of` in a folder (file name breaks ties), or nil.
    static func latest(in path: String, shownAs shown: String) -> String? {
        let (files, _) = SnapshotFiles.collect([shown])
        var best: (date: String, file: String)?
        for file in files {
            guard let loaded = try? GraphLoader.load(file) else { continue }
            let date = loaded.graph.metadata.asOf?.description ?? ""
            if let b = best, (date, file) <= (b.date, b.file) { continue }
            best = (date, file)
        }
        return best?.file
    }

    /// `path` relative to `base` when it lies below it (so messages and titles stay short).
    static func relative(_ path: String, to base: String) -> String {
        let b = URL(fileURLWithPath: base).standardizedFileURL.path
        let p = URL(fileURLWithPath: path).standardizedFileURL.path
        if p.hasPrefix(b + "/") { return String(p.dropFirst(b.count + 1)) }
        return p
    }
}
