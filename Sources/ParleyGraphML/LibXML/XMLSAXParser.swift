import CLibXML2
import Foundation

/// What an ``XMLSAXParser`` reports, in document order: subclass and override. The pointers
/// live only during the call. A class rather than a protocol so that libxml2's callbacks reach
/// it through one virtual call, with no retain or release.
class XMLSAXHandler {
    /// Where the event being handled stands, set by whoever delivers it: the line (during a
    /// start tag, where the tag ends), the column, and during a start tag the column of its `<`
    /// (see ``XMLSAXParser/elementColumn``).
    @exclusivity(unchecked) var line = 1
    @exclusivity(unchecked) var column = 1
    @exclusivity(unchecked) var elementColumn = 1
    /// Whether the handler has given up; events are then no longer delivered.
    var hasFailed: Bool { false }

    /// A start tag: the local name, prefix and namespace URI, interned in the parser's
    /// dictionary (compare them with ``XMLSAXParser/intern(_:)``'s pointers).
    func startElement(
        _ localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes
    ) {}
    /// An end tag (also after the start of an empty element `<a/>`).
    func endElement() {}
    /// A run of text (one text node may come in several runs), entities already replaced.
    func characters(_ text: UnsafeBufferPointer<UInt8>) {}
    /// A reference to an entity the parser did not replace (`&name;`).
    func entityReference(_ name: UnsafePointer<UInt8>) {}
    /// The document type declaration declares an entity (general or parameter).
    func entityDeclaration() {}
}

/// The attributes of a start tag as libxml2's SAX2 interface hands them over: five pointers per
/// attribute (local name, prefix, namespace URI, value start, value end). Valid during the call.
struct XMLAttributes {
    let base: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    let count: Int

    /// The value of the attribute with this local name and no namespace; `name` must come from
    /// ``XMLSAXParser/intern(_:)``.
    /// - Complexity: O(number of attributes).
    func value(_ name: UnsafePointer<UInt8>?) -> UnsafeBufferPointer<UInt8>? {
        guard let base, let name else { return nil }
        for i in 0..<count {
            let a = base + 5 * i
            guard a[0] == name, a[2] == nil, let start = a[3], let end = a[4] else { continue }
            return UnsafeBufferPointer(start: start, count: end - start)
        }
        return nil
    }

    /// The value as a string, nil when absent.
    func string(_ name: UnsafePointer<UInt8>?) -> String? {
        value(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the attribute is present.
    func contains(_ name: UnsafePointer<UInt8>?) -> Bool { value(name) != nil }
}

/// libxml2's SAX2 push parser over a file read in chunks (or bytes in memory), set up for
/// untrusted input: no entity substitution, no DTD loading or
/// validation, no network, no XInclude, and an entity declaration stops the parse. It builds no
/// tree: events go straight to an ``XMLSAXHandler``, so memory stays that of one chunk.
/// Internal: no libxml2 type leaves this target.
final class XMLSAXParser {
    let errors = XMLErrorCollector()
    private var context: xmlParserCtxtPtr?
    /// Receives the events; it owns this parser, so the reference is not retained.
    var handler: Unmanaged<XMLSAXHandler>?
    /// Set by ``stop()``: the handler wants no more events.
    private(set) var stopped = false
    /// Where libxml2 reported its first fatal error; later errors elsewhere are its cascades
    /// and are not kept.
    fileprivate var firstFatalError: (line: Int32, column: Int32)?

    /// The bytes pushed per call into libxml2.
    static let chunkSize = 256 * 1024

    /// The parser options: no network, line numbers past 65535. Deliberately absent:
    /// `XML_PARSE_NOENT` (entity substitution), `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR`,
    /// `XML_PARSE_DTDVALID`, `XML_PARSE_XINCLUDE`, `XML_PARSE_HUGE` (keeps libxml2's size limits).
    static let options: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// A parser for the document `name` (how libxml2 names it); set ``handler`` before parsing.
    init(name: String) {
        _ = libxml2Setup
        var sax = XMLSAXParser.callbacks()
        context = xmlCreatePushParserCtxt(&sax, Unmanaged.passUnretained(self).toOpaque(), nil, 0, name)
        if let context {
            xmlCtxtUseOptions(context, XMLSAXParser.options)
        }
    }

    deinit {
        if let context {
            if let doc = context.pointee.myDoc { xmlFreeDoc(doc) }
            xmlFreeParserCtxt(context)
        }
    }

    /// Whether libxml2 could create the parser.
    var isReady: Bool { context != nil }

    /// A name interned in the parser's dictionary: the element and attribute names the parser
    /// reports are the same pointers.
    func intern(_ name: String) -> UnsafePointer<UInt8>? {
        guard let dict = context?.pointee.dict else { return nil }
        return xmlDictLookup(dict, name, -1)
    }

    /// The current line (1-based): during ``XMLSAXHandler/startElement(_:namespace:attributes:)``
    /// the line where the start tag ends.
    var line: Int {
        guard let input = context?.pointee.input else { return 1 }
        return max(1, Int(input.pointee.line))
    }

    /// The current column: during a start tag, just after it.
    var column: Int {
        guard let input = context?.pointee.input else { return 1 }
        return max(1, Int(input.pointee.col))
    }

    /// During ``XMLSAXHandler/startElement(_:prefix:namespace:attributes:)``: the column of the
    /// tag's `<` when the tag stands on one line (the line libxml2 reports is where it ends),
    /// else the column where it ends.
    var elementColumn: Int {
        guard let input = context?.pointee.input, let base = input.pointee.base, var p = input.pointee.cur else { return column }
        let col = Int(input.pointee.col)
        var back = 0
        // libxml2 has the whole start tag in its buffer and stands at its closing `>` or `/>`;
        // `<` cannot occur inside the tag, so the nearest one before is its start.
        while p > base {
            p -= 1
            back += 1
            if p.pointee == UInt8(ascii: "<") { return max(1, col - back) }
            if p.pointee == 0x0A { break }
        }
        return max(1, col)
    }

    /// Stops the parse from inside a handler call; no more events come.
    func stop() {
        guard !stopped else { return }
        stopped = true
        if let context { xmlStopParser(context) }
    }

    /// Whether the document is well-formed so far.
    var isWellFormed: Bool { (context?.pointee.wellFormed ?? 0) == 1 }

    /// Parses the file open at `fd`. Returns false when libxml2 found the document malformed (see
    /// ``errors``) or reading failed; true otherwise, also when the handler stopped the parse.
    func parse(fileDescriptor fd: Int32) -> Bool {
        guard let context else { return false }
        let buffer = UnsafeMutablePointer<CChar>.allocate(capacity: XMLSAXParser.chunkSize)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, XMLSAXParser.chunkSize)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            xmlParseChunk(context, buffer, Int32(n), n == 0 ? 1 : 0)
            if stopped { return true }
            if context.pointee.wellFormed != 1 { return false }
            if n == 0 { return true }
        }
    }

    /// Parses a document held in memory.
    func parse(bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let context else { return false }
        var offset = 0
        while true {
            let n = min(XMLSAXParser.chunkSize, bytes.count - offset)
            let start = bytes.baseAddress.map { UnsafeRawPointer($0 + offset).assumingMemoryBound(to: CChar.self) }
            xmlParseChunk(context, n > 0 ? start : nil, Int32(n), n == 0 ? 1 : 0)
            offset += n
            if stopped { return true }
            if context.pointee.wellFormed != 1 { return false }
            if n == 0 { return true }
        }
    }

    /// The C callbacks; the context pointer is the unretained ``XMLSAXParser``. Every callback
    /// not set here (external subset, entity resolution, entity look-up, processing
    /// instructions, comments) is left nil, so libxml2 loads nothing and stores no declaration.
    private static func callbacks() -> xmlSAXHandler {
        var h = xmlSAXHandler()
        h.initialized = 0xDEED_BEAF  // XML_SAX2_MAGIC
        h.startElementNs = { ctx, localName, prefix, uri, _, _, attributeCount, _, attributes in
            guard let localName else { return }
            withHandler(ctx) {
                $0.startElement(localName, prefix: prefix, namespace: uri, attributes: XMLAttributes(base: attributes, count: Int(attributeCount)))
            }
        }
        h.endElementNs = { ctx, _, _, _ in
            withHandler(ctx) { $0.endElement() }
        }
        let characters: charactersSAXFunc = { ctx, text, length in
            guard let text, length > 0 else { return }
            withHandler(ctx) { $0.characters(UnsafeBufferPointer(start: text, count: Int(length))) }
        }
        h.characters = characters
        h.ignorableWhitespace = characters
        h.cdataBlock = characters
        h.reference = { ctx, name in
            guard let name else { return }
            withHandler(ctx) { $0.entityReference(name) }
        }
        h.entityDecl = { ctx, _, _, _, _, _ in
            withHandler(ctx) { $0.entityDeclaration() }
        }
        h.serror = { ctx, error in
            guard let p = parser(ctx), let error else { return }
            // After the first fatal error libxml2 goes on only to report its consequences; those
            // at the same spot say what it expected there and are kept.
            let e = error.pointee
            if let first = p.firstFatalError, first != (e.line, e.int2) { return }
            p.errors.record(e)
            if e.level == XML_ERR_FATAL, p.firstFatalError == nil { p.firstFatalError = (e.line, e.int2) }
        }
        return h
    }
}

/// The ``XMLSAXParser`` behind a SAX callback's context pointer.
private func parser(_ ctx: UnsafeMutableRawPointer?) -> XMLSAXParser? {
    guard let ctx else { return nil }
    return Unmanaged<XMLSAXParser>.fromOpaque(ctx).takeUnretainedValue()
}

/// Runs `body` with the handler of the parser behind a SAX callback's context pointer, unless
/// the parse was stopped; neither object is retained (both outlive the parse).
@inline(__always)
private func withHandler(_ ctx: UnsafeMutableRawPointer?, _ body: (XMLSAXHandler) -> Void) {
    guard let ctx else { return }
    Unmanaged<XMLSAXParser>.fromOpaque(ctx)._withUnsafeGuaranteedRef { p in
        guard !p.stopped, let h = p.handler else { return }
        h._withUnsafeGuaranteedRef(body)
    }
}
