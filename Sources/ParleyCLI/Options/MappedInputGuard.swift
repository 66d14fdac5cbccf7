import Foundation

/// `parley diff` maps its JSON inputs into memory (``MappedFile``). Should another program cut
/// such a file short while it is being read, touching the lost pages raises SIGBUS: this turns
/// that into a clear message and exit status 2 instead of a crash. Nothing has been written by
/// then (the report is written after reading, atomically).
enum MappedInputGuard {
    static func install() {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            let message = "parley: error: an input file was cut short by another program while it was being read\n"
            _ = message.withCString { write(STDERR_FILENO, $0, strlen($0)) }
            _exit(2)
        }
        sigemptyset(&action.sa_mask)
        sigaction(SIGBUS, &action, nil)
    }
}
