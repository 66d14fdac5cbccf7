import CLibXML2
import Foundation

/// A thin wrapper of libxml2's `xmlTextWriter`: elements, attributes and escaped text, written
/// to a memory buffer or a file. Internal: no libxml2 type leaves this target.
final class XMLTextWriter {
    private let writer: xmlTextWriterPtr
    private let buffer: xmlBufferPtr?
    private let errors: XMLErrorCollector
    /// Set when a libxml2 call failed; later calls do nothing.
    private(set) var failed = false

    /// A writer into memory (``contents``).
    init?(errors: XMLErrorCollector = XMLErrorCollector()) {
        _ = libxml2Setup
        self.errors = errors
        errors.installForThisThread()
        guard let buffer = xmlBufferCreate() else { return nil }
        guard let w = xmlNewTextWriterMemory(buffer, 0) else {
            xmlBufferFree(buffer)
            errors.uninstallForThisThread()
            return nil
        }
        self.buffer = buffer
        self.writer = w
        configure()
    }

    /// A writer into the file at `path` (created or truncated).
    init?(path: String, errors: XMLErrorCollector = XMLErrorCollector()) {
        _ = libxml2Setup
        self.errors = errors
        errors.installForThisThread()
        guard let w = xmlNewTextWriterFilename(path, 0) else {
            errors.uninstallForThisThread()
            return nil
        }
        self.buffer = nil
        self.writer = w
        configure()
    }

    private func configure() {
        xmlTextWriterSetIndent(writer, 1)
        xmlTextWriterSetIndentString(writer, "  ")
    }

    private var closed = false

    /// Frees the libxml2 writer, which flushes and closes its file.
    func close() {
        guard !closed else { return }
        closed = true
        xmlFreeTextWriter(writer)
        errors.uninstallForThisThread()
    }

    deinit {
        close()
        if let buffer { xmlBufferFree(buffer) }
    }

    /// Runs a libxml2 call with this writer's error collector installed.
    @inline(__always)
    private func check(_ call: () -> Int32) {
        if failed || closed { return }
        if call() < 0 { failed = true }
    }

    func startDocument() { check { xmlTextWriterStartDocument(writer, "1.0", "UTF-8", nil) } }
    func startElement(_ name: String) { check { xmlTextWriterStartElement(writer, name) } }
    func endElement() { check { xmlTextWriterEndElement(writer) } }
    func attribute(_ name: String, _ value: String) { check { xmlTextWriterWriteAttribute(writer, name, value) } }
    func text(_ value: String) { check { xmlTextWriterWriteString(writer, value) } }

    /// `<name key="k">text</name>` in one call.
    func element(_ name: String, attribute: String, _ attrValue: String, text value: String) {
        startElement(name)
        self.attribute(attribute, attrValue)
        if !value.isEmpty { text(value) }
        endElement()
    }

    /// Closes every open element and flushes.
    func endDocument() {
        check { xmlTextWriterEndDocument(writer) }
        check { xmlTextWriterFlush(writer) }
    }

    /// What was written so far to memory.
    var contents: Data {
        guard let buffer, let content = xmlBufferContent(buffer) else { return Data() }
        return Data(bytes: content, count: Int(xmlBufferLength(buffer)))
    }
}
