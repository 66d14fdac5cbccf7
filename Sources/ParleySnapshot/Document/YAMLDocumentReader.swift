import ParleyCore
import Yams

/// Parses YAML text with Yams (libyaml) and converts it to ``DocTree`` nodes with 1-based positions.
///
/// Yams composes the whole document; the snapshot decoder then converts and decodes it one
/// section element at a time.
enum YAMLDocumentReader {
    /// The document's root node, or nil for an empty document.
    /// - Throws: a ``Diagnostic`` with the position of the first syntax error.
    static func compose(_ text: String, file: String) throws(Diagnostic) -> Node? {
        try YAMLNestingCheck.check(text, file: file)
        do {
            // The basic resolver has no rules: plain scalars are typed by YAMLScalarResolution,
            // which is much faster than Yams' regular expressions.
            let root = try Yams.compose(yaml: text, Resolver.basic, Constructor.default)
            if let root { try checkExpansion(root, budget: 4 * text.utf8.count + 100_000, file: file) }
            return root
        } catch let error as Diagnostic {
            throw error
        } catch let error as YamlError {
            throw diagnostic(for: error, text: text, file: file)
        } catch {
            throw Diagnostic.error("cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Refuses a document whose aliases expand it beyond `budget` nodes (a "billion laughs": ten
    /// anchors each naming the one before ten times are a billion nodes once expanded) or beyond
    /// ``YAMLNestingCheck/maximumDepth`` levels, before ``convert(_:)`` walks it recursively.
    /// - Complexity: O(min(budget, expanded size)), iterative.
    static func checkExpansion(_ root: Node, budget: Int, file: String) throws(Diagnostic) {
        var stack: [(Node, Int)] = [(root, 1)]
        var count = 0
        while let (node, depth) = stack.popLast() {
            count += 1
            let tooMany = count > budget
            if tooMany || depth > YAMLNestingCheck.maximumDepth {
                let m = mark(node.mark)
                let why = tooMany
                    ? "aliases expand the document to more than \(budget) nodes"
                    : "aliases nest the document deeper than \(YAMLNestingCheck.maximumDepth) levels"
                throw Diagnostic.error(why, at: SourceLocation(file: file, line: Int(m.line), column: Int(m.column)))
            }
            switch node {
            case .scalar, .alias: break
            case .sequence(let seq): for child in seq { stack.append((child, depth + 1)) }
            case .mapping(let map):
                for (k, v) in map {
                    stack.append((k, depth + 1))
                    stack.append((v, depth + 1))
                }
            }
        }
    }

    /// Converts a Yams node (and everything under it), appending it to `tree`.
    @discardableResult
    static func convert(_ node: Node, into tree: inout DocTree) -> DocNode {
        switch node {
        case .scalar(let s):
            return tree.appendScalar(s.string, kind: kind(of: s), mark: mark(s.mark))
        case .sequence(let seq):
            let list = tree.open(.list, mark: mark(seq.mark))
            for item in seq { convert(item, into: &tree) }
            tree.close(list, count: seq.count)
            return list
        case .mapping(let map):
            let m = tree.open(.map, mark: mark(map.mark))
            var count = 0
            for (k, v) in map {
                convertKey(k, into: &tree)
                convert(v, into: &tree)
                count += 1
            }
            tree.close(m, count: count)
            return m
        case .alias(let a):
            // Yams resolves aliases while composing; an unresolved one reads as its text.
            return tree.appendScalar("*\(a.anchor.rawValue)", kind: .string, mark: mark(a.mark))
        }
    }

    /// Appends a mapping key to `tree`: always one scalar node.
    @discardableResult
    static func convertKey(_ key: Node, into tree: inout DocTree) -> DocNode {
        if case .scalar(let s) = key { return tree.appendScalar(s.string, kind: kind(of: s), mark: mark(s.mark)) }
        // A complex key (`? [a, b]`): kept as text so the decoder can report it.
        return tree.appendScalar("\(key)", kind: .string, mark: mark(key.mark))
    }

    static func mark(_ m: Mark?) -> TextMark {
        guard let m else { return TextMark(line: 1, column: 1) }
        return TextMark(line: m.line, column: m.column)
    }

    private static func kind(of s: Node.Scalar) -> ScalarKind {
        let tag = s.tag.description
        if tag.isEmpty { return s.style == .plain || s.style == .any ? .plain : .string }
        if tag == Tag.Name.str.rawValue || tag == "!" { return .string }
        return .plain
    }

    /// A diagnostic for a YAML syntax error, at the position libyaml reports.
    static func diagnostic(for error: YamlError, text: String, file: String) -> Diagnostic {
        func at(_ m: Mark) -> SourceLocation { SourceLocation(file: file, line: max(1, m.line), column: max(1, m.column)) }
        switch error {
        case .scanner(let context, let problem, let m, _), .parser(let context, let problem, let m, _),
            .composer(let context, let problem, let m, _):
            var message = "malformed YAML: \(problem)"
            if let context, !context.text.isEmpty {
                message += " (\(context.text) at \(context.mark.line):\(context.mark.column))"
            }
            return .error(message, at: at(m))
        case .reader(let problem, let offset, _, _):
            var loc = SourceLocation(file: file, line: 1, column: 1)
            if let offset { loc = location(ofByteOffset: offset, in: text, file: file) }
            return .error("malformed YAML: \(problem)", at: loc)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "'\($0)'" }.joined(separator: ", ")
            return .error("duplicate key \(keys) in a mapping", at: at(context.mark))
        case .dataCouldNotBeDecoded:
            return .error("the file is not UTF-8 text", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .error("malformed YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    /// Line and column (in Unicode scalars) of a byte offset.
    static func location(ofByteOffset offset: Int, in text: String, file: String) -> SourceLocation {
        var text = text
        return text.withUTF8 { RelationRecords.location(of: offset, in: $0, file: file) }
    }
}
