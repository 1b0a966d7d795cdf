/// One unit of document text handed to the `Chunker`, in document order.
///
/// Text does not know JATS: the caller maps its own structure to these (the JATS module's
/// `Article.textBlocks()` yields the same fields). Consecutive blocks with the same
/// `sectionPath` form one section; chunks never span two sections.
public struct TextBlock: Sendable, Codable, Equatable, Hashable {
    /// What a block is; decides how it is chunked.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Abstract text: packed by sentences like paragraphs, but never with body text.
        case abstract
        /// Body prose: packed by sentences with neighbouring paragraphs, formulas and items.
        case paragraph
        /// A display formula as text: packed with the surrounding paragraphs.
        case formula
        /// A figure, table or supplementary-material caption: always its own chunk(s).
        case caption
        /// Table cells as text, one row per line: always its own chunk(s), split between rows.
        case table
        /// Anything else (list items, quotes, footnotes): packed like paragraphs.
        case other
    }

    /// Titles from the outermost section down to this block's own section (empty for text
    /// outside any section).
    public var sectionPath: [String]
    /// Normalised section type (e.g. `methods`), if known.
    public var sectionType: String?
    /// What the block is.
    public var kind: Kind
    /// The text, already readable (markup flattened, whitespace collapsed).
    public var text: String

    /// Creates a block.
    public init(sectionPath: [String], sectionType: String? = nil, kind: Kind, text: String) {
        self.sectionPath = sectionPath
        self.sectionType = sectionType
        self.kind = kind
        self.text = text
    }
}
