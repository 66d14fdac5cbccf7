import Foundation
#if canImport(Glibc)
import Glibc
#endif
import ParleyCore

/// Paths every test needs: the repository root, the dataset, the schema and `../shared`.
public enum Paths {
    /// The package's root folder (where Package.swift is).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        while url.path != "/" {
            url.deleteLastPathComponent()
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { return url }
        }
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
    }()

    public static var graphs: URL { root.appendingPathComponent("graphs") }
    public static var schema: URL { root.appendingPathComponent("schema/negotiation.yaml") }
    /// `../shared` beside the repository (the seeds, the openCypher TCK, the GraphML XSD).
    public static var shared: URL { root.deletingLastPathComponent().appendingPathComponent("shared") }
    public static var fixtures: URL { root.appendingPathComponent("Tests/Fixtures") }

    /// A fresh empty temporary folder.
    public static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parley-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

/// What a run of the `parley` binary printed and how it exited.
public struct CommandResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// Runs the built `parley` binary (found beside the test bundle) with `arguments`, as a user
/// would from a shell in the repository root.
///
/// The child is started with `posix_spawn` and its standard streams go through temporary files,
/// not pipes: Foundation's `Process` and pipe readers are not safe when many tests spawn at once.
public func runParley(_ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil) throws -> CommandResult {
    try runProcess(parleyBinary.path, arguments, stdin: stdin, currentDirectory: currentDirectory ?? Paths.root,
        environment: ["NO_COLOR": "1"])
}

/// Runs `executable` with `arguments` and waits for it; see ``runParley(_:stdin:currentDirectory:)``.
public func runProcess(
    _ executable: String, _ arguments: [String], stdin: String? = nil, currentDirectory: URL,
    environment extra: [String: String] = [:]
) throws -> CommandResult {
    let dir = try Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: dir) }
    let inPath = dir.appendingPathComponent("stdin").path
    let outPath = dir.appendingPathComponent("stdout").path
    let errPath = dir.appendingPathComponent("stderr").path
    _ = FileManager.default.createFile(atPath: inPath, contents: Data((stdin ?? "").utf8))

    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 0, inPath, O_RDONLY, 0)
    posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    // The child starts in `currentDirectory`: run it through `/bin/sh -c 'cd DIR && exec "$@"'`.
    let argv = ["/bin/sh", "-c", "cd \"$0\" && exec \"$@\"", currentDirectory.path, executable] + arguments
    var env = ProcessInfo.processInfo.environment
    for (k, v) in extra { env[k] = v }
    let envp = env.map { "\($0.key)=\($0.value)" }

    var cArgs = argv.map { strdup($0) } + [nil]
    var cEnv = envp.map { strdup($0) } + [nil]
    defer {
        for p in cArgs { free(p) }
        for p in cEnv { free(p) }
    }
    var pid: pid_t = 0
    let rc = posix_spawn(&pid, "/bin/sh", &actions, nil, &cArgs, &cEnv)
    guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        guard errno == EINTR else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    }
    // WIFEXITED / WEXITSTATUS / WTERMSIG by hand (they are macros in C).
    let signal = status & 0x7f
    let exitStatus: Int32 = signal == 0 ? (status >> 8) & 0xff : 128 + signal
    let out = FileManager.default.contents(atPath: outPath) ?? Data()
    let err = FileManager.default.contents(atPath: errPath) ?? Data()
    return CommandResult(
        status: exitStatus, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
}

/// The `parley` executable built beside the test bundle (`.build/debug/parley`).
public var parleyBinary: URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    // On Linux the test runner is `.build/debug/ParleyPackageTests.xctest`; on macOS it is inside a bundle.
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("parley")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    return Paths.root.appendingPathComponent(".build/debug/parley")
}

/// A JSON text without the white space between its tokens (inside strings every byte is kept),
/// as a tool that writes compact JSON would write it.
public func jsonWithoutSpaceBetweenTokens(_ text: String) -> String {
    var out: [UInt8] = []
    var inString = false, escaped = false
    for c in text.utf8 {
        if inString {
            out.append(c)
            if escaped {
                escaped = false
            } else if c == UInt8(ascii: "\\") {
                escaped = true
            } else if c == UInt8(ascii: "\"") {
                inString = false
            }
        } else if !(c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D) {
            out.append(c)
            if c == UInt8(ascii: "\"") { inString = true }
        }
    }
    return String(decoding: out, as: UTF8.self)
}
