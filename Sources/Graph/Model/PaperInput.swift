/// What the extractor reads for one paper: its key, the JATS keywords, and its chunks.
public struct PaperInput: Sendable, Hashable {
    /// One chunk of the paper's text.
    public struct Chunk: Sendable, Hashable {
        /// The chunk's index in the paper (the caller's numbering; evidence refers to it).
        public var index: Int
        /// The kind of text the chunk holds ("paragraph", "caption", "table", ...).
        public var section: String
        /// The normalised type of the section it comes from ("methods", "funding",
        /// "author-contributions", ...), when known.
        public var sectionType: String?
        /// The chunk's text. All offsets in Graph are Unicode scalar offsets into this text
        /// (what PostgreSQL and Python count as characters).
        public var text: String

        /// Creates a chunk.
        public init(index: Int, section: String = "", sectionType: String? = nil, text: String) {
            self.index = index
            self.section = section
            self.sectionType = sectionType
            self.text = text
        }
    }

    /// The paper's key (DOI, PMCID or the caller's id); evidence carries it.
    public var paperKey: String
    /// Author keywords from the JATS front matter (`kwd`); they become entities.
    public var keywords: [String]
    /// The chunks, in any order.
    public var chunks: [Chunk]

    /// Creates an input.
    public init(paperKey: String, keywords: [String] = [], chunks: [Chunk]) {
        self.paperKey = paperKey
        self.keywords = keywords
        self.chunks = chunks
    }
}

extension PaperInput {
    /// The chunks the extractors read: all but those of administrative sections
    /// (`GraphExtractor.administrativeSections`), in index order.
    public var readableChunks: [Chunk] {
        chunks.filter { !GraphExtractor.administrativeSections.contains($0.sectionType ?? "") }.sorted { $0.index < $1.index }
    }
}
