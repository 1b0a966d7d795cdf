internal import CLibXML2

/// Walks one libxml2 tree and builds the value types. One per `parse` call; not shared.
///
/// The walk is split by concern: front matter (`Extractor+Front.swift`), body and back matter
/// (`+Body`, `+Back`), inline text and formulas (`+Inline`, `+Math`).
struct Extractor {
    let source: String
    /// `aff/@id` -> affiliation text, for the article being extracted.
    var affiliations: [String: String] = [:]
    /// Affiliation texts in document order (used when a contrib names none).
    var affiliationOrder: [String] = []
    /// Element name pointer -> `Tag` (see `tag(_:)`).
    var tagCache: [UnsafeRawPointer: Tag] = [:]

    init(source: String) { self.source = source }

    /// Extracts an `<article>`, `<sub-article>` or `<response>` element.
    mutating func article(from node: NodePtr) -> Article {
        let savedAffs = affiliations, savedOrder = affiliationOrder
        defer { affiliations = savedAffs; affiliationOrder = savedOrder }
        affiliations = [:]
        affiliationOrder = []

        var article = Article(source: source)
        article.articleType = node.trimmedAttr("article-type") ?? node.trimmedAttr("response-type")
        article.language = node.trimmedAttr("lang")
        article.dtdVersion = node.trimmedAttr("dtd-version")

        if let front = node.child("front") ?? node.child("front-stub") {
            article.front = frontMatter(front)
        }
        if let body = node.child("body") {
            article.body = section(body, parentType: .other, isRoot: true)
        }
        if let back = node.child("back") {
            article.back = backMatter(back, references: &article.references)
        }
        if let floats = node.child("floats-group") ?? node.child("floats-wrap") {
            var root = Section()
            sectionContent(floats, into: &root, type: .other)
            article.floats = root.blocks
            for sub in root.subsections { article.floats += sub.blocks }
        }
        for child in node.elementChildren where child.named("sub-article") || child.named("response") {
            article.subArticles.append(self.article(from: child))
        }
        return article
    }

    // MARK: - Small text helpers

    /// Readable text of an element (inline markup flattened, whitespace collapsed); nil if empty.
    mutating func text(_ node: NodePtr?) -> String? {
        guard let node else { return nil }
        if let simple = Self.simpleText(node) { return simple.isEmpty ? nil : simple }
        var buf = TextBuffer()
        var ctx = InlineContext()
        inline(node, &buf, &ctx)
        return buf.nonEmpty
    }

    /// Like `text` but leaves out `<label>` children (for captions, affiliations, footnotes).
    mutating func textSkippingLabel(_ node: NodePtr) -> String? {
        var buf = TextBuffer()
        var ctx = InlineContext()
        ctx.skipLabels = true
        inline(node, &buf, &ctx)
        return buf.nonEmpty
    }

    /// The plain text content of an element, whitespace collapsed, no special handling.
    func rawText(_ node: NodePtr?) -> String? {
        guard let node else { return nil }
        if let simple = Self.simpleText(node) { return simple.isEmpty ? nil : simple }
        var buf = TextBuffer()
        appendRaw(node, &buf)
        return buf.nonEmpty
    }

    /// Fast path for the commonest case (labels, names, years, ids): an element whose only
    /// child is one text node that needs no whitespace folding. Returns nil when the general
    /// path is needed. Avoids a TextBuffer per small element.
    static func simpleText(_ node: NodePtr) -> String? {
        guard let child = node.pointee.children, child.pointee.next == nil,
              child.pointee.type == XML_TEXT_NODE, let content = child.pointee.content else { return nil }
        var i = 0
        var prevSpace = true // leading space needs folding too
        while true {
            let b = content[i]
            if b == 0 { break }
            if b == 0x20 {
                if prevSpace { return nil }
                prevSpace = true
            } else if b < 0x20 || b == 0xC2 || b == 0xE2 || b == 0xE3 || b == 0x28 || b == 0x5B {
                return nil // control/whitespace, foldable Unicode space, or "( " / "[ " cleanup
            } else {
                if prevSpace && i > 0 && (b == 0x2C || b == 0x3B || b == 0x29 || b == 0x5D) { return nil }
                prevSpace = false
            }
            i += 1
        }
        if i > 0 && prevSpace { return nil } // trailing space
        return String(cString: UnsafeRawPointer(content).assumingMemoryBound(to: CChar.self))
    }

    private func appendRaw(_ node: NodePtr, _ buf: inout TextBuffer) {
        var c = node.pointee.children
        while let n = c {
            if n.isText, let content = n.pointee.content {
                buf.append(content)
            } else if n.isElement {
                appendRaw(n, &buf)
            }
            c = n.pointee.next
        }
    }
}
