/// One parsed JATS/NLM article: front matter, body section tree, back matter, references and
/// sub-articles. A plain value: `Sendable`, `Codable`, `Equatable`, built by `JATSParser`.
///
/// Figures, tables, formulas and supplementary material stay where they appear (as `Block`s of
/// their section); `allFigures`, `allTables` etc. collect them in document order. Floats that
/// JATS puts in `<floats-group>` are in `floats`.
public struct Article: Sendable, Codable, Equatable {
    /// Where the article came from: a path or the `source` passed to the parser.
    public var source: String
    /// `@article-type` (e.g. `research-article`, `decision-letter`), if present.
    public var articleType: String?
    /// `@xml:lang`, if present (e.g. `en`, `pt`).
    public var language: String?
    /// `@dtd-version`, if present (e.g. `1.1d3`, `3.0`).
    public var dtdVersion: String?
    /// The DOCTYPE's public identifier, if the document has one.
    public var doctypePublicID: String?
    /// Title, journal, identifiers, licence, authors, keywords and abstracts.
    public var front: FrontMatter
    /// The body as a root section (no title): its `blocks` are paragraphs before the first
    /// `<sec>`, its `subsections` the top-level sections.
    public var body: Section
    /// Back matter other than references (acknowledgements, appendices, notes, footnotes) as a
    /// root section without title.
    public var back: Section
    /// Figures, tables etc. from `<floats-group>`, in document order.
    public var floats: [Block]
    /// The reference list, in document order.
    public var references: [Reference]
    /// `<sub-article>` and `<response>` elements (decision letters, author responses,
    /// translations), parsed the same way and kept apart from the main text.
    public var subArticles: [Article]

    /// Creates an article; the parser is the usual source of these.
    public init(source: String, articleType: String? = nil, language: String? = nil,
                dtdVersion: String? = nil, doctypePublicID: String? = nil,
                front: FrontMatter = FrontMatter(), body: Section = Section(), back: Section = Section(),
                floats: [Block] = [], references: [Reference] = [], subArticles: [Article] = []) {
        self.source = source
        self.articleType = articleType
        self.language = language
        self.dtdVersion = dtdVersion
        self.doctypePublicID = doctypePublicID
        self.front = front
        self.body = body
        self.back = back
        self.floats = floats
        self.references = references
        self.subArticles = subArticles
    }
}

extension Article {
    /// The article title (`front.title`).
    public var title: String? { front.title }
    /// The DOI without `doi:` or resolver prefix (`front.doi`).
    public var doi: String? { front.doi }

    /// Every block of the body, back matter and floats, depth-first in document order
    /// (abstracts and sub-articles excluded).
    public var allBlocks: [Block] {
        var out: [Block] = []
        body.collectBlocks(into: &out)
        back.collectBlocks(into: &out)
        for block in floats { block.collect(into: &out) }
        return out
    }

    /// All paragraphs of body and back matter, in document order.
    public var allParagraphs: [Paragraph] {
        allBlocks.compactMap { if case .paragraph(let p) = $0 { p } else { nil } }
    }

    /// All figures of body, back matter and floats, in document order.
    public var allFigures: [Figure] {
        allBlocks.compactMap { if case .figure(let f) = $0 { f } else { nil } }
    }

    /// All tables of body, back matter and floats, in document order.
    public var allTables: [Table] {
        allBlocks.compactMap { if case .table(let t) = $0 { t } else { nil } }
    }

    /// Display formulas (block level and inside paragraphs) and inline formulas, in document order.
    public var allFormulas: [Formula] {
        allBlocks.flatMap { block -> [Formula] in
            switch block {
            case .formula(let f): [f]
            case .paragraph(let p): p.formulas
            default: []
            }
        }
    }

    /// All supplementary material of body, back matter and floats, in document order.
    public var allSupplementaryMaterials: [SupplementaryMaterial] {
        allBlocks.compactMap { if case .supplementary(let s) = $0 { s } else { nil } }
    }
}
