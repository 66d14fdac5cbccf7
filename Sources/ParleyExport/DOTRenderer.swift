import Foundation

/// Runs Graphviz's `dot` to turn DOT text into a picture.
///
/// ```swift
/// try DOTRenderer.render(dot: DOTWriter.dot(for: graph), to: "graph.svg")
/// ```
public enum DOTRenderer {
    /// The picture formats `render` writes, by file extension.
    public static let formats = ["svg", "png", "pdf"]

    /// How to install Graphviz, for messages.
    public static let installHint = "install Graphviz: apt-get install graphviz (Debian, Ubuntu), brew install graphviz (macOS)"

    /// The `dot` executable: `$PARLEY_DOT` when set, else the first `dot` on `PATH`.
    public static func findDot(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let p = environment["PARLEY_DOT"], !p.isEmpty { return FileManager.default.isExecutableFile(atPath: p) ? p : nil }
        for dir in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(dir)/dot"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// The picture format a path's extension names (`svg`, `png`, `pdf`), or nil.
    public static func format(ofPath path: String) -> String? {
        let ext = URL(fileURLWithPath: path).pathExtension.lowercased()
        return formats.contains(ext) ? ext : nil
    }

    /// Renders DOT text with `dot -T<format>` into `path`, atomically (a temporary file beside it,
    /// renamed once `dot` succeeded). The format comes from the extension unless given.
    /// - Throws: ``ExportError`` when the format is unknown, `dot` is missing (saying how to
    ///   install it) or `dot` fails (with what it printed).
    public static func render(dot text: String, to path: String, format: String? = nil, dotPath: String? = nil) throws(ExportError) {
        guard let format = format ?? self.format(ofPath: path) else {
            throw ExportError("\(path): cannot tell the picture format from the extension; use .svg, .png or .pdf")
        }
        guard let dot = dotPath ?? findDot() else {
            throw ExportError("Graphviz's dot is not installed; \(installHint)")
        }
        let target = URL(fileURLWithPath: path)
        let temporary = target.deletingLastPathComponent().appendingPathComponent(".\(target.lastPathComponent).\(UUID().uuidString.prefix(8)).tmp")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: dot)
        process.arguments = ["-T\(format)", "-o", temporary.path]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw ExportError("cannot run \(dot): \(error.localizedDescription)")
        }
        let data = Data(text.utf8)
        let writer = Thread {
            input.fileHandleForWriting.write(data)
            try? input.fileHandleForWriting.close()
        }
        writer.start()
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            try? FileManager.default.removeItem(at: temporary)
            throw ExportError("dot failed (exit \(process.terminationStatus)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        guard rename(temporary.path, target.path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw ExportError("cannot write \(path): \(reason)")
        }
    }
}
