import Foundation
import CLibXML2
import ParleyCore

/// Collects the errors libxml2 reports through its structured error handler, so that they reach
/// the user as diagnostics with line and column rather than as text on standard error.
final class XMLErrorCollector {
    struct Entry {
        var level: Int32
        var line: Int
        var column: Int
        var message: String
    }

    var entries: [Entry] = []
    /// More errors than this are counted but not kept (a broken file can report one per byte).
    let limit = 50
    var dropped = 0

    var firstError: Entry? { entries.first { $0.level >= Int32(XML_ERR_ERROR.rawValue) } }

    /// The C handler; `context` is an unretained pointer to a collector that outlives the parser.
    static let handler: xmlStructuredErrorFunc = { context, error in
        guard let context, let error else { return }
        let collector = Unmanaged<XMLErrorCollector>.fromOpaque(context).takeUnretainedValue()
        collector.record(error.pointee)
    }

    /// Routes libxml2's errors on this thread (those not tied to a reader: the text writer, I/O)
    /// to this collector rather than to standard error.
    func installForThisThread() {
        xmlSetStructuredErrorFunc(Unmanaged.passUnretained(self).toOpaque(), XMLErrorCollector.handler)
    }

    /// Routes them to a handler that drops them (never to standard error).
    func uninstallForThisThread() {
        xmlSetStructuredErrorFunc(nil, { _, _ in })
    }

    func record(_ error: xmlError) {
        guard entries.count < limit else {
            dropped += 1
            return
        }
        var message = error.message.map { String(cString: $0) } ?? "XML error \(error.code)"
        while message.last?.isWhitespace == true { message.removeLast() }
        message = message.replacingOccurrences(of: "\n", with: "; ")
        // libxml2 repeats some errors as it unwinds; one report is enough.
        if let last = entries.last, last.message == message, last.line == Int(error.line), last.column == Int(error.int2) { return }
        entries.append(Entry(level: Int32(error.level.rawValue), line: Int(error.line), column: Int(error.int2), message: message))
    }

    /// The collected problems as diagnostics about `file`.
    func diagnostics(file: String) -> [Diagnostic] {
        entries.map { e in
            let severity: Diagnostic.Severity = e.level >= Int32(XML_ERR_ERROR.rawValue) ? .error : .warning
            return Diagnostic(severity, e.message, at: SourceLocation(file: file, line: max(1, e.line), column: max(1, e.column)))
        }
    }
}

/// One-time libxml2 set-up: initialise the parser and refuse every external entity or DTD load,
/// whatever a document asks for (documents are opened by Parley itself, never through this loader).
let libxml2Setup: Void = {
    xmlInitParser()
    xmlSetExternalEntityLoader { _, _, _ in nil }
}()
