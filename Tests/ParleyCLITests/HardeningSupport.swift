import Foundation
import ParleyTestSupport

/// How a time- and memory-boxed run of `parley` ended.
struct BoundedRun {
    var status: Int32
    /// The signal that ended the process (SIGSEGV for a stack overflow, SIGKILL when it ran out
    /// of time), or nil when it exited.
    var signal: Int32?
    var stdout: String
    var stderr: String
    var seconds: Double
    var timedOut: Bool
}

/// The address-space limit every bounded run gets: the resource-bound tests state that Parley
/// handles each hostile input inside it.
let boundedRunMemoryMiB = 2048

/// Runs the built `parley` with `arguments` under `ulimit -v` (``boundedRunMemoryMiB``), killing
/// it after `seconds`. Output goes to files, so that a large output cannot block the process.
func runParleyBounded(_ arguments: [String], seconds: Double, in directory: URL? = nil) throws -> BoundedRun {
    let folder = try Paths.temporaryDirectory()
    defer { try? FileManager.default.removeItem(at: folder) }
    let outURL = folder.appendingPathComponent("stdout")
    let errURL = folder.appendingPathComponent("stderr")
    _ = FileManager.default.createFile(atPath: outURL.path, contents: nil)
    _ = FileManager.default.createFile(atPath: errURL.path, contents: nil)
    let out = try FileHandle(forWritingTo: outURL)
    let err = try FileHandle(forWritingTo: errURL)
    defer { try? out.close(); try? err.close() }

    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/sh")
    process.arguments = ["-c", "ulimit -v \(boundedRunMemoryMiB * 1024) && exec \"$0\" \"$@\"", parleyBinary.path] + arguments
    process.currentDirectoryURL = directory ?? Paths.root
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    process.environment = env
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    let start = Date()
    try process.run()
    var timedOut = false
    while process.isRunning {
        if Date().timeIntervalSince(start) > seconds {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            break
        }
        usleep(20_000)
    }
    process.waitUntilExit()
    let elapsed = Date().timeIntervalSince(start)
    let signal: Int32? = process.terminationReason == .uncaughtSignal ? process.terminationStatus : nil
    return BoundedRun(
        status: process.terminationStatus, signal: signal,
        stdout: String(decoding: (try? Data(contentsOf: outURL)) ?? Data(), as: UTF8.self),
        stderr: String(decoding: (try? Data(contentsOf: errURL)) ?? Data(), as: UTF8.self),
        seconds: elapsed, timedOut: timedOut)
}

/// A fresh temporary folder holding one file.
func temporaryFile(named name: String, contents: some Collection<UInt8>) throws -> (folder: URL, file: URL) {
    let folder = try Paths.temporaryDirectory()
    let file = folder.appendingPathComponent(name)
    try Data(contents).write(to: file)
    return (folder, file)
}
