/// One chunk of a document: a run of whole sentences (or table rows) of one section, within
/// the token budget, ready to embed.
///
/// Deterministic: the same blocks and configuration always give the same chunks, so
/// `(paper id, sectionPath, ordinal)` is a stable id.
public struct Chunk: Sendable, Codable, Equatable, Hashable {
    /// 0-based position among all chunks of the document (unique within it).
    public var ordinal: Int
    /// 0-based position among the chunks of its section.
    public var ordinalInSection: Int
    /// 0-based index of its section (a run of consecutive blocks with one `sectionPath`).
    public var sectionIndex: Int
    /// The section's titles, outermost first.
    public var sectionPath: [String]
    /// The section's normalised type, if known.
    public var sectionType: String?
    /// `.paragraph` for packed prose (paragraphs, formulas, other), else the block's own kind.
    public var kind: TextBlock.Kind
    /// The chunk text: exactly `sectionText.scalarSlice(range)`.
    public var text: String
    /// Unicode-scalar offsets in the section text (its blocks joined by `Chunker.blockSeparator`).
    public var range: Range<Int>
    /// Indices (into the `blocks` given to `chunk(blocks:)`) of the blocks it draws from.
    public var blockIndices: ClosedRange<Int>
    /// Tokens in `text` by the chunker's token counter.
    public var tokenCount: Int

    /// Creates a chunk; `Chunker` is the usual source of these.
    public init(ordinal: Int, ordinalInSection: Int, sectionIndex: Int, sectionPath: [String], sectionType: String?,
                kind: TextBlock.Kind, text: String, range: Range<Int>, blockIndices: ClosedRange<Int>, tokenCount: Int) {
        self.ordinal = ordinal
        self.ordinalInSection = ordinalInSection
        self.sectionIndex = sectionIndex
        self.sectionPath = sectionPath
        self.sectionType = sectionType
        self.kind = kind
        self.text = text
        self.range = range
        self.blockIndices = blockIndices
        self.tokenCount = tokenCount
    }
}

/// The text of one section as the chunker sees it: its blocks joined by
/// `Chunker.blockSeparator`. `Chunk.range` offsets point into `text`.
public struct SectionText: Sendable, Codable, Equatable, Hashable {
    /// 0-based index of the section (matches `Chunk.sectionIndex`).
    public var index: Int
    /// The section's titles, outermost first.
    public var sectionPath: [String]
    /// The section's normalised type, if known.
    public var sectionType: String?
    /// The blocks' texts joined by `Chunker.blockSeparator`.
    public var text: String
    /// Indices of its blocks in the input.
    public var blockIndices: ClosedRange<Int>
    /// Unicode-scalar range of each block's text inside `text`, in block order.
    public var blockRanges: [Range<Int>]
}
