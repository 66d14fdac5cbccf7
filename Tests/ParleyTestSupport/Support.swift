import Foundation
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
public func runParley(_ arguments: [String], stdin: String? = nil, currentDirectory: URL? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = parleyBinary
    process.arguments = arguments
    process.currentDirectoryURL = currentDirectory ?? Paths.root
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    process.environment = env
    let out = Pipe()
    let err = Pipe()
    process.standardOutput = out
    process.standardError = err
    let input = Pipe()
    process.standardInput = input
    try process.run()
    if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
    try? input.fileHandleForWriting.close()
    // Read both pipes while the process runs so that a large output cannot block it.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return CommandResult(
        status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
        stderr: String(decoding: errData, as: UTF8.self))
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
