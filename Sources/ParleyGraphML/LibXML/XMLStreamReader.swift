import CLibXML2
import Foundation

/// A thin wrapper of libxml2's streaming `xmlTextReader`, set up for untrusted input: no entity
/// substitution, no DTD loading or validation, no network, no XInclude; errors go to an
/// ``XMLErrorCollector`` through the structured error handler. Internal: no libxml2 type leaves
/// this target, and the unsafe pointers it hands out live only until the next ``read()``.
final class XMLStreamReader {
    enum NodeKind {
        case element, endElement, text, entityReference, documentType, other
    }

    private let reader: xmlTextReaderPtr
    let errors: XMLErrorCollector
    private var fileDescriptor: Int32 = -1
    private var memory: UnsafeMutableBufferPointer<CChar>?

    /// The parser options: line numbers past 65535, no network. Deliberately absent:
    /// `XML_PARSE_NOENT` (entity substitution), `XML_PARSE_DTDLOAD`, `XML_PARSE_DTDATTR`,
    /// `XML_PARSE_DTDVALID`, `XML_PARSE_XINCLUDE`, `XML_PARSE_HUGE` (keeps libxml2's size limits).
    static let options: Int32 = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_BIG_LINES.rawValue | XML_PARSE_COMPACT.rawValue | XML_PARSE_NOCDATA.rawValue)

    /// Opens the file at `path` for reading; nil when it cannot be opened.
    init?(path: String) {
        _ = libxml2Setup
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        guard let r = xmlReaderForFd(fd, path, nil, XMLStreamReader.options) else {
            close(fd)
            return nil
        }
        reader = r
        fileDescriptor = fd
        errors = XMLErrorCollector()
        installHandler()
    }

    /// Reads a document held in memory (copied).
    init?(bytes: some Collection<UInt8>, name: String) {
        _ = libxml2Setup
        let buf = UnsafeMutableBufferPointer<CChar>.allocate(capacity: max(1, bytes.count))
        var i = 0
        for b in bytes {
            buf[i] = CChar(bitPattern: b)
            i += 1
        }
        guard let r = xmlReaderForMemory(buf.baseAddress, Int32(clamping: bytes.count), name, nil, XMLStreamReader.options) else {
            buf.deallocate()
            return nil
        }
        reader = r
        memory = buf
        errors = XMLErrorCollector()
        installHandler()
    }

    private func installHandler() {
        xmlTextReaderSetStructuredErrorHandler(reader, XMLErrorCollector.handler, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit {
        xmlFreeTextReader(reader)
        if fileDescriptor >= 0 { close(fileDescriptor) }
        memory?.deallocate()
    }

    /// Moves to the next node: true when there is one, false at the end of the document, nil on
    /// an error (see ``errors``).
    func read() -> Bool? {
        switch xmlTextReaderRead(reader) {
        case 1: true
        case 0: false
        default: nil
        }
    }

    var kind: NodeKind {
        switch UInt32(xmlTextReaderNodeType(reader)) {
        case XML_READER_TYPE_ELEMENT.rawValue: .element
        case XML_READER_TYPE_END_ELEMENT.rawValue: .endElement
        case XML_READER_TYPE_TEXT.rawValue, XML_READER_TYPE_CDATA.rawValue, XML_READER_TYPE_SIGNIFICANT_WHITESPACE.rawValue,
            XML_READER_TYPE_WHITESPACE.rawValue:
            .text
        case XML_READER_TYPE_ENTITY_REFERENCE.rawValue: .entityReference
        case XML_READER_TYPE_DOCUMENT_TYPE.rawValue: .documentType
        default: .other
        }
    }

    /// An interned name for fast comparison with ``localNamePointer``.
    func intern(_ name: String) -> UnsafePointer<UInt8>? { xmlTextReaderConstString(reader, name) }

    /// The local name of the current node, interned in the reader's dictionary (valid while the reader lives).
    var localNamePointer: UnsafePointer<UInt8>? { xmlTextReaderConstLocalName(reader) }

    var localName: String { xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "" }
    var qualifiedName: String { xmlTextReaderConstName(reader).map { String(cString: $0) } ?? "" }
    /// The namespace URI of the current node, interned (compare with ``intern(_:)``'s pointers).
    var namespaceURIPointer: UnsafePointer<UInt8>? { xmlTextReaderConstNamespaceUri(reader) }
    var namespaceURI: String? { xmlTextReaderConstNamespaceUri(reader).map { String(cString: $0) } }
    var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    var depth: Int { Int(xmlTextReaderDepth(reader)) }

    /// The value of the attribute with this (unprefixed) name on the current element.
    func attribute(_ name: String) -> String? {
        guard let p = xmlTextReaderGetAttribute(reader, name) else { return nil }
        defer { parley_xml_free(p) }
        return String(cString: p)
    }

    /// Every attribute of the current element as (qualified name, value), in document order.
    func attributes() -> [(String, String)] {
        var out: [(String, String)] = []
        guard xmlTextReaderHasAttributes(reader) == 1 else { return out }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            let n = xmlTextReaderConstName(reader).map { String(cString: $0) } ?? ""
            let v = xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? ""
            out.append((n, v))
        }
        xmlTextReaderMoveToElement(reader)
        return out
    }

    /// The text of the current text node.
    var value: String { xmlTextReaderConstValue(reader).map { String(cString: $0) } ?? "" }

    /// Appends the current text node's value to `s` without an intermediate copy.
    func appendValue(to s: inout String) {
        if let p = xmlTextReaderConstValue(reader) {
            s += String(cString: p)
        }
    }

    /// The line of the current node (1-based).
    var line: Int {
        if let node = xmlTextReaderCurrentNode(reader) {
            let l = Int(xmlGetLineNo(node))
            if l > 0 { return l }
        }
        return max(1, Int(xmlTextReaderGetParserLineNumber(reader)))
    }

    /// The parser's column: exact for errors, and for an element the end of its start tag.
    var column: Int { max(1, Int(xmlTextReaderGetParserColumnNumber(reader))) }

    /// Whether the document type declaration at the current node declares entities (general or
    /// parameter). Such documents are refused before any entity is referenced.
    func documentTypeDeclaresEntities() -> Bool {
        guard let node = xmlTextReaderCurrentNode(reader) else { return false }
        let dtd = UnsafeMutableRawPointer(node).assumingMemoryBound(to: xmlDtd.self)
        if let e = dtd.pointee.entities, xmlHashSize(OpaquePointer(e)) > 0 { return true }
        if let p = dtd.pointee.pentities, xmlHashSize(OpaquePointer(p)) > 0 { return true }
        if let doc = xmlTextReaderCurrentDoc(reader), let sub = doc.pointee.intSubset {
            if let e = sub.pointee.entities, xmlHashSize(OpaquePointer(e)) > 0 { return true }
            if let p = sub.pointee.pentities, xmlHashSize(OpaquePointer(p)) > 0 { return true }
        }
        return false
    }
}
