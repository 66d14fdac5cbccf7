import ParleyCore

/// Refuses YAML nested deeper than Parley reads, before Yams composes it: Yams and the snapshot
/// decoder walk the document recursively, so a hostile file nested 100,000 levels deep would
/// overflow the stack instead of failing with a message.
///
/// The scan is a light tokenizer: it follows block indentation, `-`/`?` indicators, flow
/// brackets, quoted scalars, comments and block scalars, and counts one level per open
/// collection. It errs on the side of counting too many (a multi-line plain scalar indented a
/// little more on each line adds levels), far below any real snapshot's depth.
enum YAMLNestingCheck {
    /// Deepest nesting accepted, the same as for JSON.
    static let maximumDepth = JSONDocumentParser.maximumDepth

    /// Throws a diagnostic at the first position nested deeper than ``maximumDepth``.
    /// - Complexity: O(n) in the length of the text, O(depth) memory.
    static func check(_ text: String, file: String) throws(Diagnostic) {
        var scanner = Scanner(bytes: Array(text.utf8))
        if let (line, column) = scanner.firstTooDeep(limit: maximumDepth) {
            throw Diagnostic.error(
                "nesting deeper than \(maximumDepth) levels", at: SourceLocation(file: file, line: line, column: column))
        }
    }

    struct Scanner {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0
        var flow = 0
        var blocks: [Int] = []
        /// The indentation of the line that opened a block scalar (`|`, `>`), while inside it.
        var blockScalarParent: Int?

        init(bytes: [UInt8]) { self.bytes = bytes }

        var column: Int { i - lineStart + 1 }
        func byte(_ k: Int) -> UInt8? { k < bytes.count ? bytes[k] : nil }
        func isBlankOrEnd(_ k: Int) -> Bool {
            guard let b = byte(k) else { return true }
            return b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D
        }

        mutating func newline() {
            i += 1
            line += 1
            lineStart = i
        }

        /// The (line, column) where the nesting first exceeds `limit`, or nil.
        mutating func firstTooDeep(limit: Int) -> (Int, Int)? {
            while i < bytes.count {
                // At a line start outside flow collections: indentation opens and closes blocks.
                if flow == 0 {
                    var k = i
                    while byte(k) == 0x20 { k += 1 }
                    let indent = k - i
                    let b = byte(k)
                    if b == nil || b == 0x0A || b == 0x0D || (b == UInt8(ascii: "#") && blockScalarParent == nil) {
                        skipLine()
                        continue
                    }
                    if let parent = blockScalarParent {
                        if indent > parent {
                            skipLine()
                            continue
                        }
                        blockScalarParent = nil
                    }
                    if indent == 0, isDocumentMarker(at: k) {
                        blocks.removeAll()
                        i = k + 3
                    } else if indent == 0, b == UInt8(ascii: "%") {
                        skipLine()
                        continue
                    } else {
                        i = k
                    }
                    while let last = blocks.last, last >= indent { blocks.removeLast() }
                    blocks.append(indent)
                    if blocks.count + flow > limit { return (line, column) }
                }
                if let tooDeep = scanLine(limit: limit) { return tooDeep }
            }
            return nil
        }

        func isDocumentMarker(at k: Int) -> Bool {
            guard k + 2 < bytes.count else { return false }
            let three = (bytes[k], bytes[k + 1], bytes[k + 2])
            let marker = three == (0x2D, 0x2D, 0x2D) || three == (0x2E, 0x2E, 0x2E)
            return marker && isBlankOrEnd(k + 3)
        }

        mutating func skipLine() {
            while let b = byte(i), b != 0x0A { i += 1 }
            if i < bytes.count { newline() }
        }

        /// Scans to the end of the line (or further, through a multi-line quoted scalar).
        mutating func scanLine(limit: Int) -> (Int, Int)? {
            var atScalarStart = true
            while let b = byte(i) {
                switch b {
                case 0x0A:
                    newline()
                    return nil
                case 0x20, 0x09, 0x0D:
                    i += 1
                case UInt8(ascii: "#") where i == lineStart || byte(i - 1) == 0x20 || byte(i - 1) == 0x09:
                    skipLine()
                    return nil
                case _ where (b == UInt8(ascii: "-") || b == UInt8(ascii: "?")) && flow == 0 && atScalarStart && isBlankOrEnd(i + 1):
                    blocks.append(column + 1)
                    if blocks.count + flow > limit { return (line, column) }
                    i += 1
                case UInt8(ascii: ":") where isBlankOrEnd(i + 1) || (flow > 0 && byte(i + 1) == UInt8(ascii: ",")):
                    i += 1
                    atScalarStart = true
                case UInt8(ascii: "["), UInt8(ascii: "{"):
                    flow += 1
                    if blocks.count + flow > limit { return (line, column) }
                    i += 1
                    atScalarStart = true
                case UInt8(ascii: "]"), UInt8(ascii: "}"):
                    flow = max(0, flow - 1)
                    i += 1
                case UInt8(ascii: ","):
                    i += 1
                    atScalarStart = true
                case UInt8(ascii: "\""):
                    skipQuoted(double: true)
                    atScalarStart = false
                case UInt8(ascii: "'"):
                    skipQuoted(double: false)
                    atScalarStart = false
                case _ where (b == UInt8(ascii: "|") || b == UInt8(ascii: ">")) && flow == 0 && atScalarStart:
                    // A block scalar: its lines are text, up to the next line indented no more
                    // than the one that opened it.
                    var k = lineStart
                    while byte(k) == 0x20 { k += 1 }
                    blockScalarParent = k - lineStart
                    skipLine()
                    return nil
                case UInt8(ascii: "&"), UInt8(ascii: "!"), UInt8(ascii: "*"):
                    while !isBlankOrEnd(i), !(flow > 0 && isFlowIndicator(bytes[i])) { i += 1 }
                default:
                    skipPlain()
                    atScalarStart = false
                }
            }
            return nil
        }

        func isFlowIndicator(_ b: UInt8) -> Bool {
            b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}")
        }

        /// A plain scalar: up to `: `, ` #`, the end of the line, or a flow indicator in flow.
        mutating func skipPlain() {
            i += 1
            while let b = byte(i), b != 0x0A {
                if b == UInt8(ascii: ":"), isBlankOrEnd(i + 1) || (flow > 0 && byte(i + 1).map(isFlowIndicator) == true) { return }
                if b == UInt8(ascii: "#"), byte(i - 1) == 0x20 || byte(i - 1) == 0x09 { return }
                if flow > 0, isFlowIndicator(b) { return }
                i += 1
            }
        }

        /// A quoted scalar, which may span lines; an unterminated one runs to the end (libyaml
        /// reports it).
        mutating func skipQuoted(double: Bool) {
            let quote = bytes[i]
            i += 1
            while let b = byte(i) {
                if b == 0x0A {
                    newline()
                    continue
                }
                if double, b == UInt8(ascii: "\\") {
                    i += 2
                    continue
                }
                if b == quote {
                    if !double, byte(i + 1) == quote {
                        i += 2
                        continue
                    }
                    i += 1
                    return
                }
                i += 1
            }
        }
    }
}
