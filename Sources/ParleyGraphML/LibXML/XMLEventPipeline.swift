import CLibXML2
import Foundation

/// A run of SAX events recorded on the parsing thread and replayed on the building thread:
/// names are libxml2's interned pointers (they live as long as the parser), attribute values
/// and text are copied into one fixed buffer, so every pointer stays valid until the batch is
/// recycled.
final class XMLEventBatch {
    enum Kind: UInt8 { case start, end, text, reference, entityDeclaration }

    struct Event {
        var kind: Kind
        var name: UnsafePointer<UInt8>?
        var prefix: UnsafePointer<UInt8>?
        var namespace: UnsafePointer<UInt8>?
        /// Start tags: the first of the event's pointers in ``attributes``; text and references:
        /// the offset in ``bytes``.
        var first: Int
        /// Start tags: the number of attributes; text: the number of bytes.
        var count: Int
        var line: Int32
        var column: Int32
        var elementColumn: Int32
    }

    let capacity: Int
    let bytes: UnsafeMutablePointer<UInt8>
    var used = 0
    var events: [Event] = []
    /// Five pointers per attribute, as libxml2 hands them over (name, prefix, URI, value start, value end).
    var attributes: [UnsafePointer<UInt8>?] = []

    init(capacity: Int) {
        self.capacity = capacity
        bytes = .allocate(capacity: capacity)
        events.reserveCapacity(capacity / 32)
    }

    deinit { bytes.deallocate() }

    func reset() {
        used = 0
        events.removeAll(keepingCapacity: true)
        attributes.removeAll(keepingCapacity: true)
    }

    /// Replays the events into `handler`, setting its position before each; stops early when
    /// the handler has failed.
    func replay(into handler: XMLSAXHandler) {
        attributes.withUnsafeMutableBufferPointer { pointers in
            for e in events {
                if handler.hasFailed { return }
                handler.line = Int(e.line)
                handler.column = Int(e.column)
                handler.elementColumn = Int(e.elementColumn)
                switch e.kind {
                case .start:
                    guard let name = e.name else { continue }
                    handler.startElement(
                        name, prefix: e.prefix, namespace: e.namespace,
                        attributes: XMLAttributes(base: pointers.baseAddress.map { $0 + e.first }, count: e.count))
                case .end: handler.endElement()
                case .text: handler.characters(UnsafeBufferPointer(start: bytes + e.first, count: e.count))
                case .reference: handler.entityReference(UnsafePointer(bytes + e.first))
                case .entityDeclaration: handler.entityDeclaration()
                }
            }
        }
    }
}

/// The hand-over between the parsing thread and the building thread: a bounded queue of
/// batches (so memory stays a few batches, whatever the document's size) and their recycling.
final class XMLEventQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var ready: [XMLEventBatch] = []
    private var spare: [XMLEventBatch] = []
    private var finished = false
    private var cancelled = false
    /// Whether the parse succeeded (valid once ``next()`` returned nil).
    private(set) var parsedOK = false
    let batchCapacity: Int
    let maxReady: Int

    init(batchCapacity: Int = 256 * 1024, maxReady: Int = 8) {
        self.batchCapacity = batchCapacity
        self.maxReady = maxReady
    }

    /// A batch with room for at least `minimum` bytes.
    func freshBatch(minimum: Int = 0) -> XMLEventBatch {
        condition.lock()
        let b = spare.popLast()
        condition.unlock()
        if let b, b.capacity >= minimum { return b }
        return XMLEventBatch(capacity: max(batchCapacity, minimum))
    }

    /// Hands a full batch to the builder; false when the builder cancelled (stop parsing).
    func send(_ batch: XMLEventBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while ready.count >= maxReady && !cancelled { condition.wait() }
        if cancelled { return false }
        ready.append(batch)
        condition.broadcast()
        return true
    }

    /// The parse ended (after the last ``send(_:)``).
    func finish(ok: Bool) {
        condition.lock()
        parsedOK = ok
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, or nil once the parse has ended and every batch was taken.
    func next() -> XMLEventBatch? {
        condition.lock()
        defer { condition.unlock() }
        while ready.isEmpty && !finished { condition.wait() }
        if ready.isEmpty { return nil }
        let b = ready.removeFirst()
        condition.broadcast()
        return b
    }

    /// Returns a replayed batch for reuse.
    func recycle(_ batch: XMLEventBatch) {
        batch.reset()
        condition.lock()
        if spare.count < maxReady { spare.append(batch) }
        condition.unlock()
    }

    /// The builder stops: the parser is told at its next hand-over.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}

/// The parsing thread's handler: records every event into batches for an ``XMLEventQueue``.
/// The batch being filled is kept in the recorder's own fields (no reference counting on the
/// hot path, and nothing the building thread touches) and moved into a batch object only when
/// handed over.
final class XMLEventRecorder: XMLSAXHandler {
    let queue: XMLEventQueue
    unowned(unsafe) let sax: XMLSAXParser
    private var batch: XMLEventBatch
    @exclusivity(unchecked) private var events: [XMLEventBatch.Event] = []
    @exclusivity(unchecked) private var attributePointers: [UnsafePointer<UInt8>?] = []
    @exclusivity(unchecked) private var bytes: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var used = 0
    @exclusivity(unchecked) private var capacity: Int

    init(sax: XMLSAXParser, queue: XMLEventQueue) {
        self.sax = sax
        self.queue = queue
        let b = queue.freshBatch()
        batch = b
        bytes = b.bytes
        capacity = b.capacity
        super.init()
        take(b)
    }

    /// Makes `b` the batch being filled.
    private func take(_ b: XMLEventBatch) {
        batch = b
        bytes = b.bytes
        capacity = b.capacity
        used = 0
        swap(&events, &b.events)
        swap(&attributePointers, &b.attributes)
        events.removeAll(keepingCapacity: true)
        attributePointers.removeAll(keepingCapacity: true)
    }

    /// Makes room for `n` more bytes, handing the current batch over when it is full.
    @inline(__always)
    private func reserve(_ n: Int) -> Bool {
        if used + n <= capacity { return true }
        return flush(minimum: n)
    }

    /// Copies bytes in (after ``reserve(_:)``) and returns their offset.
    @inline(__always)
    private func copy(_ from: UnsafePointer<UInt8>, _ n: Int) -> Int {
        let at = used
        if n > 0 { (bytes + at).update(from: from, count: n) }
        used += n
        return at
    }

    /// Hands the current batch over (when it holds anything) and starts a new one with room
    /// for `minimum` bytes; false when the builder cancelled (the parse is then stopped).
    @discardableResult
    func flush(minimum: Int = 0) -> Bool {
        if events.isEmpty {
            if capacity < minimum { take(XMLEventBatch(capacity: minimum)) }
            return true
        }
        let full = batch
        swap(&events, &full.events)
        swap(&attributePointers, &full.attributes)
        full.used = used
        guard queue.send(full) else {
            sax.stop()
            return false
        }
        take(queue.freshBatch(minimum: minimum))
        return true
    }

    @inline(__always)
    private func event(_ kind: XMLEventBatch.Kind, first: Int = 0, count: Int = 0, elementColumn: Int32 = 0) -> XMLEventBatch.Event {
        XMLEventBatch.Event(
            kind: kind, name: nil, prefix: nil, namespace: nil, first: first, count: count, line: Int32(truncatingIfNeeded: sax.line),
            column: Int32(truncatingIfNeeded: sax.column), elementColumn: elementColumn)
    }

    override func startElement(
        _ localName: UnsafePointer<UInt8>, prefix: UnsafePointer<UInt8>?, namespace: UnsafePointer<UInt8>?, attributes: XMLAttributes
    ) {
        var size = 0
        if let base = attributes.base {
            for i in 0..<attributes.count {
                if let s = base[5 * i + 3], let e = base[5 * i + 4] { size += e - s }
            }
        }
        guard reserve(size) else { return }
        var e = event(.start, first: attributePointers.count, count: attributes.count, elementColumn: Int32(truncatingIfNeeded: sax.elementColumn))
        e.name = localName
        e.prefix = prefix
        e.namespace = namespace
        if let base = attributes.base {
            for i in 0..<attributes.count {
                let a = base + 5 * i
                attributePointers.append(a[0])
                attributePointers.append(a[1])
                attributePointers.append(a[2])
                if let s = a[3], let end = a[4] {
                    let at = copy(s, end - s)
                    attributePointers.append(UnsafePointer(bytes + at))
                    attributePointers.append(UnsafePointer(bytes + at + (end - s)))
                } else {
                    attributePointers.append(nil)
                    attributePointers.append(nil)
                }
            }
        }
        events.append(e)
    }

    override func endElement() {
        events.append(event(.end))
    }

    override func characters(_ text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress, reserve(text.count) else { return }
        let at = copy(base, text.count)
        events.append(event(.text, first: at, count: text.count))
    }

    override func entityReference(_ name: UnsafePointer<UInt8>) {
        let n = strlen(UnsafeRawPointer(name).assumingMemoryBound(to: CChar.self))
        guard reserve(n + 1) else { return }
        let at = copy(name, n + 1)
        events.append(event(.reference, first: at))
        // The builder refuses every entity reference: parse no further.
        flush()
        sax.stop()
    }

    override func entityDeclaration() {
        events.append(event(.entityDeclaration))
        // The builder refuses every entity declaration: parse no further.
        flush()
        sax.stop()
    }
}

/// The parsing thread's work: libxml2 over the document, events recorded and handed over.
final class XMLParseJob: @unchecked Sendable {
    let sax: XMLSAXParser
    let queue: XMLEventQueue
    let recorder: XMLEventRecorder
    let parse: @Sendable (XMLSAXParser) -> Bool

    init(sax: XMLSAXParser, queue: XMLEventQueue, parse: @escaping @Sendable (XMLSAXParser) -> Bool) {
        self.sax = sax
        self.queue = queue
        self.parse = parse
        recorder = XMLEventRecorder(sax: sax, queue: queue)
        sax.handler = Unmanaged.passUnretained(recorder)
    }

    func run() {
        sax.errors.installForThisThread()
        let ok = parse(sax)
        recorder.flush()
        sax.errors.uninstallForThisThread()
        queue.finish(ok: ok)
    }
}
