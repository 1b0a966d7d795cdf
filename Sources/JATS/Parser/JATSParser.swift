import Foundation
internal import CLibXML2

/// Parses JATS 1.0-1.3 and NLM 2.x/3.0 (Archiving and Publishing) articles into `Article` values.
///
/// Safe by construction: libxml2 runs with `XML_PARSE_NONET` and without `XML_PARSE_NOENT`,
/// `XML_PARSE_DTDLOAD` or `XML_PARSE_HUGE`, so no external DTD or entity is ever loaded and no
/// entity is substituted by the parser. When flattening text, only internal entities whose
/// replacement text is plain characters (e.g. `<!ENTITY alpha "&#945;">`) are expanded; any
/// other reference (external, nested, undeclared) is dropped, so an XXE document never yields a
/// file's content and a "billion laughs" document is rejected by libxml2's amplification check or
/// stays unexpanded. Input size, nesting depth and node count are limited (`Limits`).
///
/// Thread-safe: every call uses its own parser context and document, and libxml2 is initialised
/// once; `parse` may run concurrently from many tasks.
public struct JATSParser: Sendable {
    /// Resource limits, checked before and after libxml2 builds the tree.
    public struct Limits: Sendable, Equatable {
        /// Largest accepted input in bytes. Default 64 MiB (the largest paper in the shared
        /// corpus is under 1 MiB).
        public var maxInputBytes: Int
        /// Deepest accepted element nesting. Default 256, which is also libxml2's own limit
        /// without `XML_PARSE_HUGE`; larger values cannot raise libxml2's.
        public var maxDepth: Int
        /// Most accepted nodes (elements, text, comments...). Default 4,000,000.
        public var maxNodes: Int

        /// Creates limits; see each field for its default.
        public init(maxInputBytes: Int = 64 << 20, maxDepth: Int = 256, maxNodes: Int = 4_000_000) {
            self.maxInputBytes = maxInputBytes
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }
    }

    /// The limits this parser enforces.
    public var limits: Limits

    /// Creates a parser with the given limits.
    public init(limits: Limits = Limits()) {
        self.limits = limits
        _ = JATSParser.libxmlReady
    }

    /// libxml2 must be initialised once before it is used from several threads.
    private static let libxmlReady: Void = { xmlInitParser() }()

    /// Reads and parses the file at `url`; `Article.source` is its path.
    public func parse(fileAt url: URL) throws(JATSError) -> Article {
        let data: Data
        do {
            data = try Data(contentsOf: url, options: [.mappedIfSafe])
        } catch {
            throw JATSError(.unreadableFile, "cannot read the file (\(error.localizedDescription)); check the path and permissions",
                            file: url.path, underlying: error)
        }
        return try parse(data: data, source: url.path)
    }

    /// Parses one article from `data`; `source` names it in errors and in `Article.source`.
    public func parse(data: Data, source: String) throws(JATSError) -> Article {
        if data.count > limits.maxInputBytes {
            throw JATSError(.inputTooLarge, "input is \(data.count) bytes, the limit is \(limits.maxInputBytes); raise JATSParser.Limits.maxInputBytes if this is a real article",
                            file: source)
        }
        if data.allSatisfy({ isSpaceByte($0) }) {
            throw JATSError(.emptyInput, "input is empty (\(data.count) bytes of whitespace); expected a JATS <article>", file: source)
        }
        let doc = try readDocument(data, source: source)
        defer { xmlFreeDoc(doc) }
        guard let root = xmlDocGetRootElement(doc) else {
            throw JATSError(.malformedXML, "document has no root element", file: source)
        }
        // Every node takes at least one input byte, and libxml2 itself stops at depth 256
        // without XML_PARSE_HUGE, so the walk is needed only when a limit is tighter than that.
        if data.count > limits.maxNodes || limits.maxDepth < 256 {
            try checkShape(root, source: source)
        }
        guard let articleNode = findArticle(root) else {
            throw JATSError(.notAnArticle, "no <article> element (root is <\(root.localName)>); is this a JATS/NLM article?",
                            file: source, line: Int(xmlGetLineNo(root)))
        }
        var extractor = Extractor(source: source)
        var article = extractor.article(from: articleNode)
        article.doctypePublicID = doctypePublicID(doc)
        return article
    }

    private static let options: Int32 = Int32(bitPattern:
        XML_PARSE_NONET.rawValue | XML_PARSE_NOCDATA.rawValue | XML_PARSE_NOERROR.rawValue
            | XML_PARSE_NOWARNING.rawValue | XML_PARSE_COMPACT.rawValue)

    private func readDocument(_ data: Data, source: String) throws(JATSError) -> xmlDocPtr {
        guard let ctxt = xmlNewParserCtxt() else {
            throw JATSError(.parserFailure, "libxml2 could not create a parser context (out of memory?)", file: source)
        }
        defer { xmlFreeParserCtxt(ctxt) }
        // Errors libxml2 raises outside the parser context (e.g. "invalid redeclaration of
        // predefined entity" from the tree module) go to the thread's structured handler, whose
        // default prints to stderr. Silence it for this call only; it is thread-local state.
        let savedHandler = __xmlStructuredError().pointee
        let savedContext = __xmlStructuredErrorContext().pointee
        xmlSetStructuredErrorFunc(nil, { _, _ in })
        defer { xmlSetStructuredErrorFunc(savedContext, savedHandler) }
        // Collect libxml2's structured errors for this context only (never the global handler).
        let box = ErrorBox()
        let unmanaged = Unmanaged.passRetained(box)
        defer { unmanaged.release() }
        ctxt.pointee._private = unmanaged.toOpaque()
        ctxt.pointee.sax.pointee.serror = { userData, error in
            guard let userData, let error else { return }
            let c = userData.assumingMemoryBound(to: xmlParserCtxt.self)
            guard let priv = c.pointee._private else { return }
            Unmanaged<ErrorBox>.fromOpaque(priv).takeUnretainedValue().record(error.pointee)
        }
        let doc: xmlDocPtr? = data.withUnsafeBytes { raw in
            raw.withMemoryRebound(to: CChar.self) { buf in
                xmlCtxtReadMemory(ctxt, buf.baseAddress, Int32(buf.count), nil, nil, Self.options)
            }
        }
        if let doc, ctxt.pointee.wellFormed != 0 { return doc }
        if let doc { xmlFreeDoc(doc) }
        var first = box.firstFatal
        if first == nil, let last = xmlCtxtGetLastError(ctxt) { first = ErrorBox.Entry(last.pointee) }
        let message = first?.message ?? "libxml2 reported the document as not well-formed"
        throw JATSError(.malformedXML, "not well-formed XML: \(message); fix the file or re-export it from the source",
                        file: source, line: first?.line, column: first?.column)
    }

    /// Walks the whole tree once, iteratively, to enforce the depth and node limits before any
    /// extraction (an expanded entity tree is not walked: entity references are leaves here).
    private func checkShape(_ root: NodePtr, source: String) throws(JATSError) {
        var count = 0
        var depth = 1
        var node: NodePtr? = root
        while let n = node {
            count += 1
            if count > limits.maxNodes {
                throw JATSError(.tooManyNodes, "more than \(limits.maxNodes) nodes; raise JATSParser.Limits.maxNodes if this is a real article",
                                file: source, line: Int(xmlGetLineNo(n)))
            }
            if n.pointee.type == XML_ELEMENT_NODE, let c = n.pointee.children {
                depth += 1
                if depth > limits.maxDepth {
                    throw JATSError(.tooDeep, "elements nested deeper than \(limits.maxDepth) levels",
                                    file: source, line: Int(xmlGetLineNo(c)))
                }
                node = c
                continue
            }
            var cur: NodePtr? = n
            node = nil
            while let c = cur {
                if c == root { break }
                if let next = c.pointee.next { node = next; break }
                cur = c.pointee.parent
                depth -= 1
            }
        }
    }

    private func findArticle(_ root: NodePtr) -> NodePtr? {
        if root.named("article") { return root }
        // Wrappers such as <root><article>... or <pmc-articleset><article>...: breadth-first, shallow.
        var level = [root]
        for _ in 0..<4 {
            var next: [NodePtr] = []
            for n in level {
                for c in n.elementChildren {
                    if c.named("article") { return c }
                    next.append(c)
                }
            }
            level = next
        }
        return nil
    }

    private func doctypePublicID(_ doc: xmlDocPtr) -> String? {
        guard let dtd = doc.pointee.intSubset, let ext = dtd.pointee.ExternalID else { return nil }
        return String(cString: UnsafeRawPointer(ext).assumingMemoryBound(to: CChar.self))
    }
}

/// Errors libxml2 reports for one parse. Only touched from that parse's thread.
private final class ErrorBox {
    struct Entry {
        var message: String
        var line: Int?
        var column: Int?
        init(_ e: xmlError) {
            message = e.message.map { String(cString: $0).trimmingASCIIWhitespace() } ?? "unknown error \(e.code)"
            line = e.line > 0 ? Int(e.line) : nil
            column = e.int2 > 0 ? Int(e.int2) : nil
        }
    }
    var firstFatal: Entry?
    func record(_ e: xmlError) {
        if firstFatal == nil, e.level == XML_ERR_FATAL { firstFatal = Entry(e) }
    }
}
