import Foundation
import Testing

/// Runs Graphviz's `dot` on the text and records an issue when it complains. Skipped (with a
/// note) when Graphviz is not installed.
func expectGraphvizAccepts(_ dot: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
    let candidates = ["/usr/bin/dot", "/usr/local/bin/dot", "/opt/homebrew/bin/dot"]
    guard let path = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        print("note: Graphviz 'dot' not found; DOT not checked")
        return
    }
    let p = Process()
    p.executableURL = URL(fileURLWithPath: path)
    p.arguments = ["-Tsvg", "-o", "/dev/null"]
    let input = Pipe()
    let err = Pipe()
    p.standardInput = input
    p.standardError = err
    try p.run()
    input.fileHandleForWriting.write(Data(dot.utf8))
    try input.fileHandleForWriting.close()
    let message = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    p.waitUntilExit()
    #expect(p.terminationStatus == 0 && message.isEmpty, "dot: \(message)", sourceLocation: sourceLocation)
}
