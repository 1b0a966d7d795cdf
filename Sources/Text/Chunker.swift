/// Cuts a document's text blocks into section-aware chunks within a token budget.
///
/// - A section is a run of consecutive blocks with the same `sectionPath`; no chunk spans two.
/// - Prose (`paragraph`, `formula`, `other`) is packed sentence by sentence across the blocks
///   of a section up to `targetTokens`, repeating the last `overlapSentences` sentence(s) of a
///   chunk at the start of the next. `abstract` blocks are packed the same way among themselves.
/// - Each `caption` and `table` block gets its own chunk(s): captions split between sentences,
///   tables between rows (lines), without overlap.
/// - A sentence (or row) longer than `targetTokens` is split at word boundaries (a single
///   word longer than that, e.g. a sequence, at character boundaries).
/// - No chunk is ever over `maxTokens` by the token counter.
public struct Chunker: Sendable {
    /// Chunking settings, checked when the `Chunker` is created.
    public struct Config: Sendable, Equatable {
        /// Tokens a chunk aims for. Default 200 (WordPiece tokens), leaving room below
        /// all-MiniLM-L6-v2's 256-token window for the [CLS]/[SEP] tokens and counter error.
        public var targetTokens: Int
        /// Hard ceiling per chunk. Default 256, the embedding model's window.
        public var maxTokens: Int
        /// Sentences repeated from the end of one prose chunk at the start of the next.
        /// Default 1.
        public var overlapSentences: Int

        /// Creates a configuration; see each field for its default.
        public init(targetTokens: Int = 200, maxTokens: Int = 256, overlapSentences: Int = 1) {
            self.targetTokens = targetTokens
            self.maxTokens = maxTokens
            self.overlapSentences = overlapSentences
        }
    }

    /// Joins the blocks of a section into the section text that `Chunk.range` points into.
    public static let blockSeparator = "\n\n"

    /// The settings.
    public let config: Config
    /// The token counter (default `TokenEstimate.wordPiece`).
    public let tokenCounter: TokenCounter
    /// The sentence splitter used for prose and captions.
    public let splitter: SentenceSplitter

    /// Creates a chunker; throws when the configuration cannot work.
    public init(_ config: Config = Config(), tokenCounter: @escaping TokenCounter = TokenEstimate.wordPiece,
                splitter: SentenceSplitter = SentenceSplitter()) throws(TextError) {
        guard config.targetTokens >= 8 else {
            throw TextError(.invalidConfiguration, "targetTokens is \(config.targetTokens); use at least 8 (default 200)")
        }
        guard config.maxTokens >= config.targetTokens else {
            throw TextError(.invalidConfiguration, "maxTokens (\(config.maxTokens)) is below targetTokens (\(config.targetTokens)); set maxTokens >= targetTokens (defaults 256 and 200)")
        }
        guard config.overlapSentences >= 0 else {
            throw TextError(.invalidConfiguration, "overlapSentences is \(config.overlapSentences); use 0 or more (default 1)")
        }
        self.config = config
        self.tokenCounter = tokenCounter
        self.splitter = splitter
    }

    /// The sections of `blocks`: runs of consecutive blocks with the same `sectionPath`, with
    /// their text as the chunker sees it.
    public func sections(_ blocks: [TextBlock]) -> [SectionText] {
        var out: [SectionText] = []
        var i = 0
        while i < blocks.count {
            var j = i
            while j + 1 < blocks.count && blocks[j + 1].sectionPath == blocks[i].sectionPath { j += 1 }
            var text = ""
            var ranges: [Range<Int>] = []
            var offset = 0
            for k in i...j {
                if k > i { text += Self.blockSeparator; offset += Self.blockSeparator.unicodeScalars.count }
                let n = blocks[k].text.unicodeScalars.count
                ranges.append(offset..<(offset + n))
                text += blocks[k].text
                offset += n
            }
            out.append(SectionText(index: out.count, sectionPath: blocks[i].sectionPath,
                                   sectionType: blocks[i].sectionType, text: text, blockIndices: i...j, blockRanges: ranges))
            i = j + 1
        }
        return out
    }

    /// Chunks `blocks` (in document order). Empty blocks are skipped.
    public func chunk(blocks: [TextBlock]) -> [Chunk] {
        var chunks: [Chunk] = []
        for section in sections(blocks) {
            var inSection = 0
            let scalars = Array(section.text.unicodeScalars)
            var groups: [(kind: TextBlock.Kind, members: [Int])] = []
            for (local, blockIndex) in section.blockIndices.enumerated() {
                let kind = blocks[blockIndex].kind
                if blocks[blockIndex].text.unicodeScalars.allSatisfy(isWhitespace) { continue }
                let packKind = Self.packKind(kind)
                if let pk = packKind, let last = groups.last, last.kind == pk {
                    groups[groups.count - 1].members.append(local)
                } else {
                    groups.append((packKind ?? kind, [local]))
                }
            }
            for group in groups {
                var units: [Unit] = []
                for local in group.members {
                    let r = section.blockRanges[local]
                    let block = blocks[section.blockIndices.lowerBound + local]
                    units += self.units(of: block, in: r, scalars: scalars, blockIndex: section.blockIndices.lowerBound + local)
                }
                let overlap = group.kind == .table ? 0 : config.overlapSentences
                for (piece, tokens) in pack(units, overlap: overlap, scalars: scalars) {
                    let range = piece.first!.range.lowerBound..<piece.last!.range.upperBound
                    let text = Self.string(scalars[range])
                    chunks.append(Chunk(ordinal: chunks.count, ordinalInSection: inSection, sectionIndex: section.index,
                                        sectionPath: section.sectionPath, sectionType: section.sectionType,
                                        kind: group.kind, text: text, range: range,
                                        blockIndices: piece.first!.blockIndex...piece.last!.blockIndex,
                                        tokenCount: tokens))
                    inSection += 1
                }
            }
        }
        return chunks
    }

    /// The kind blocks are packed under, or nil for kinds that always stand alone.
    static func packKind(_ kind: TextBlock.Kind) -> TextBlock.Kind? {
        switch kind {
        case .paragraph, .formula, .other: .paragraph
        case .abstract: .abstract
        case .caption, .table: nil
        }
    }

    static func string(_ s: ArraySlice<Unicode.Scalar>) -> String { makeString(s) }
}
