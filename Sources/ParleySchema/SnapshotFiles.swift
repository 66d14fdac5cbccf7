import Foundation
import ParleyCore

/// Finding the snapshot files that `parley validate PATH...` checks.
public enum SnapshotFiles {
    /// The extensions a folder walk picks up.
    public static let extensions: Set<String> = ["yaml", "yml", "json"]

    /// The files to validate: each named file as given, and under each folder (recursively, in
    /// sorted order) every `.yaml`, `.yml` and `.json` file that looks like a snapshot, leaving
    /// out READMEs, hidden files and other YAML/JSON (a schema, a JSON Schema, a node-link graph).
    /// A path that does not exist gives an error.
    public static func collect(_ paths: [String]) -> (files: [String], problems: [Diagnostic]) {
        var files: [String] = []
        var problems: [Diagnostic] = []
        let fm = FileManager.default
        for path in paths {
            if path == "-" {
                files.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
                problems.append(.error("\(path): no such file or folder"))
                continue
            }
            guard isDirectory.boolValue else {
                files.append(path)
                continue
            }
            var found: [String] = []
            let base = URL(fileURLWithPath: path)
            guard let walker = fm.enumerator(at: base, includingPropertiesForKeys: [.isRegularFileKey], options: [.skipsHiddenFiles]) else {
                problems.append(.error("\(path): cannot read the folder"))
                continue
            }
            for case let url as URL in walker {
                guard extensions.contains(url.pathExtension.lowercased()),
                    (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true,
                    !url.lastPathComponent.lowercased().hasPrefix("readme")
                else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(base.standardizedFileURL.path.count))
                    .drop { $0 == "/" }
                let shown = path.hasSuffix("/") ? path + relative : path + "/" + relative
                if looksLikeSnapshot(atPath: url.path) { found.append(shown) }
            }
            files.append(contentsOf: found.sorted())
        }
        return (files, problems)
    }

    /// Whether a YAML or JSON file looks like a snapshot: its top level has one of the keys
    /// `snapshot`, `sources`, `entities`, `relations` (YAML: written at the start of a line).
    public static func looksLikeSnapshot(atPath path: String) -> Bool {
        guard let data = FileManager.default.contents(atPath: path) else { return true }  // let the reader report it
        let firstByte = data.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        if firstByte == UInt8(ascii: "{") {
            guard let top = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return true }
            return ["snapshot", "entities", "relations"].contains { top[$0] != nil }
        }
        let keys: Set<Substring> = ["snapshot", "sources", "entities", "relations"]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true) {
            guard let first = line.first, first != " ", first != "\t", first != "#", first != "-" else { continue }
            let key = line.prefix { $0 != ":" }.trimmingCharacters(in: CharacterSet(charactersIn: "\"' \t"))
            if keys.contains(Substring(key)) { return true }
        }
        return false
    }
}
