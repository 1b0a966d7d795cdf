/// Flattening of an article into the text units the chunker needs, in document order.
///
/// JATS does not import Text, so this returns JATS's own `ArticleTextBlock`, whose fields and
/// kind names match `Text.TextBlock` one to one. The mapping is one line:
///
///     let blocks = article.textBlocks().map {
///         TextBlock(sectionPath: $0.sectionPath, sectionType: $0.sectionType,
///                   kind: TextBlock.Kind(rawValue: $0.kind.rawValue)!, text: $0.text)
///     }
///
/// (`Benchmarks/ParseBench` uses exactly this and checks every kind maps.)
public struct ArticleTextBlock: Sendable, Codable, Equatable, Hashable {
    /// What the text is; raw values equal `Text.TextBlock.Kind`'s.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Abstract paragraphs.
        case abstract
        /// Body and back-matter paragraphs (also list items, quotes, footnotes).
        case paragraph
        /// A display formula standing between paragraphs, as text.
        case formula
        /// A figure, table or supplementary-material caption ("Figure 1. Title. Text").
        case caption
        /// Table cells, one row per line, cells separated by " | ".
        case table
        /// Anything else.
        case other
    }

    /// Section titles from the outermost down. Untitled sections are named by their label, else
    /// "Section N" (N = position among siblings, from 1). Abstracts are under their own title or
    /// "Abstract"; floats under "Figures and Tables"; paragraphs before the first section have [].
    public var sectionPath: [String]
    /// `SectionType.rawValue` of the innermost section (nil for text outside any section).
    public var sectionType: String?
    /// What the text is.
    public var kind: Kind
    /// The text, never empty.
    public var text: String

    /// Creates a block.
    public init(sectionPath: [String], sectionType: String?, kind: Kind, text: String) {
        self.sectionPath = sectionPath
        self.sectionType = sectionType
        self.kind = kind
        self.text = text
    }
}

extension Article {
    /// Abstracts, then body, back matter (acknowledgements, appendices, notes) and floats, as
    /// text blocks in document order. References and sub-articles are not included: call
    /// `textBlocks()` on each of `subArticles` to index them separately.
    public func textBlocks() -> [ArticleTextBlock] {
        var out: [ArticleTextBlock] = []
        for a in front.abstracts {
            var name = a.title ?? "Abstract"
            if let lang = a.language, lang != language { name += " (\(lang))" }
            a.content.appendBlocks(path: [name], kind: .abstract, into: &out, root: true)
        }
        body.appendBlocks(path: [], kind: .paragraph, into: &out, root: true)
        back.appendBlocks(path: [], kind: .paragraph, into: &out, root: true)
        for block in floats { block.appendText(path: ["Figures and Tables"], type: nil, kind: .paragraph, into: &out) }
        return out
    }
}

extension Section {
    func appendBlocks(path: [String], kind: ArticleTextBlock.Kind, into out: inout [ArticleTextBlock], root: Bool) {
        let type: String? = root && path.isEmpty ? nil : self.type.rawValue
        for b in blocks { b.appendText(path: path, type: type, kind: kind, into: &out) }
        for (i, sub) in subsections.enumerated() {
            let name = sub.title ?? sub.label ?? "Section \(i + 1)"
            sub.appendBlocks(path: path + [name], kind: kind, into: &out, root: false)
        }
    }
}

extension Block {
    func appendText(path: [String], type: String?, kind: ArticleTextBlock.Kind, into out: inout [ArticleTextBlock]) {
        func add(_ k: ArticleTextBlock.Kind, _ text: String) {
            if !text.isEmpty { out.append(ArticleTextBlock(sectionPath: path, sectionType: type, kind: k, text: text)) }
        }
        switch self {
        case .paragraph(let p): add(kind, p.text)
        case .formula(let f): add(.formula, f.text)
        case .figure(let f): add(.caption, f.captionText)
        case .supplementary(let s): add(.caption, s.captionText)
        case .table(let t):
            add(.caption, ([t.captionText] + t.footnotes).filter { !$0.isEmpty }.joined(separator: " "))
            add(.table, t.cellText)
        }
    }
}
