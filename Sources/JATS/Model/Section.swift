/// A section of an article (`<sec>`, `<app>`, `<ack>`, `<boxed-text>`...) with its content in
/// document order: `blocks` (paragraphs, figures...) come before `subsections`, as the JATS DTD
/// orders them.
public struct Section: Sendable, Codable, Equatable {
    /// `<label>` (e.g. "2.1"), if any.
    public var label: String?
    /// `<title>` as readable text, if any.
    public var title: String?
    /// `@sec-type` as written (e.g. `materials|methods`), if any.
    public var secType: String?
    /// Normalised type: from `sec-type`, else from the title, else the parent's type.
    public var type: SectionType
    /// `@id`, if any.
    public var id: String?
    /// Paragraphs, figures, tables, formulas... that precede the subsections.
    public var blocks: [Block]
    /// Nested sections.
    public var subsections: [Section]

    /// Creates a section; the root of `Article.body` has no title and type `.other`.
    public init(label: String? = nil, title: String? = nil, secType: String? = nil,
                type: SectionType = .other, id: String? = nil, blocks: [Block] = [], subsections: [Section] = []) {
        self.label = label
        self.title = title
        self.secType = secType
        self.type = type
        self.id = id
        self.blocks = blocks
        self.subsections = subsections
    }

    /// True when the section holds no blocks and no subsections.
    public var isEmpty: Bool { blocks.isEmpty && subsections.isEmpty }

    /// This section and all nested sections, depth-first (pre-order).
    public var allSections: [Section] {
        var out: [Section] = [self]
        for s in subsections { out += s.allSections }
        return out
    }

    func collectBlocks(into out: inout [Block]) {
        for b in blocks { b.collect(into: &out) }
        for s in subsections { s.collectBlocks(into: &out) }
    }

    func collectText(into parts: inout [String]) {
        if let title, !title.isEmpty { parts.append(title) }
        for b in blocks {
            if case .paragraph(let p) = b, !p.text.isEmpty { parts.append(p.text) }
        }
        for s in subsections { s.collectText(into: &parts) }
    }
}

/// A normalised section type, for retrieval filters and the graph.
public enum SectionType: String, Sendable, Codable, CaseIterable {
    case introduction, background, methods, results, discussion
    /// A combined "Results and Discussion" section.
    case resultsAndDiscussion = "results-discussion"
    case conclusion, abstract, acknowledgements, appendix
    case supplementary
    case dataAvailability = "data-availability"
    case funding
    case competingInterests = "competing-interests"
    case authorContributions = "author-contributions"
    case caseReport = "case-report"
    case notes
    /// Anything not recognised.
    case other
}

/// One unit of section content, in document order.
public enum Block: Sendable, Codable, Equatable {
    /// A paragraph (also list items, quotes, definition items, statements).
    case paragraph(Paragraph)
    /// A figure with label and caption.
    case figure(Figure)
    /// A table with label, caption and cell text.
    case table(Table)
    /// A display formula standing between paragraphs.
    case formula(Formula)
    /// Supplementary material with label and caption.
    case supplementary(SupplementaryMaterial)

    func collect(into out: inout [Block]) { out.append(self) }
}
