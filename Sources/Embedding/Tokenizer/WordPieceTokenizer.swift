import Foundation

/// BERT's WordPiece tokenizer (all-MiniLM-L6-v2 uses the uncased 30,522-token vocabulary).
///
/// `encode` reproduces Hugging Face `tokenizers` with the model's `tokenizer.json`:
/// special tokens written literally in the text (`[SEP]`, ...) are kept whole, the rest is
/// normalised and split into words by `BertNormalizer`, each word is split greedily
/// longest-match-first into vocabulary pieces (`##` marks a continuation; a word with no
/// split, or longer than `maxInputCharsPerWord`, becomes `[UNK]`), and the result is
/// wrapped as `[CLS] ... [SEP]` and truncated to `maxLength` tokens.
public struct WordPieceTokenizer: Sendable {
    /// Token id type (vocabulary index).
    public typealias TokenID = Int32

    /// Normalisation and pre-tokenisation settings.
    public let normalizer: BertNormalizer
    /// Maximum tokens per sequence including `[CLS]` and `[SEP]` (default 256, as
    /// sentence-transformers' `max_seq_length` for all-MiniLM-L6-v2).
    public var maxLength: Int
    /// Words longer than this many characters become `[UNK]` (default 100).
    public let maxInputCharsPerWord: Int
    /// Id of `[CLS]`, `[SEP]`, `[PAD]`, `[UNK]`.
    public let clsID: TokenID, sepID: TokenID, padID: TokenID, unkID: TokenID
    /// Vocabulary size.
    public var vocabularySize: Int { tokens.count }

    // Keyed by UTF-8 bytes, not String: String equality is canonical equivalence and its
    // Character-based prefix tests merge combining marks, where `tokenizers` compares bytes.
    private let wordStarts: [[UInt8]: TokenID]
    private let continuations: [[UInt8]: TokenID]
    private let tokens: [String]
    /// Special tokens matched literally in the raw text, longest first.
    private let specials: [(text: String, id: TokenID)]
    /// Longest vocabulary piece, in characters (bounds the greedy search).
    private let longestPiece: Int

    /// Builds a tokenizer from tokens in id order.
    /// - Parameters:
    ///   - vocabulary: token strings, index = id; continuation pieces start with `continuationPrefix`.
    ///   - specialTokens: tokens matched literally in raw text (default: those of BERT present in the vocabulary).
    public init(vocabulary: [String], normalizer: BertNormalizer = BertNormalizer(), maxLength: Int = 256,
                maxInputCharsPerWord: Int = 100, continuationPrefix: String = "##",
                specialTokens: [String] = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]) throws {
        var starts: [[UInt8]: TokenID] = [:]
        var conts: [[UInt8]: TokenID] = [:]
        var longest = 1
        let prefix = Array(continuationPrefix.utf8)
        for (i, token) in vocabulary.enumerated() {
            let bytes = Array(token.utf8)
            if bytes.count > prefix.count, bytes.starts(with: prefix) {
                let piece = Array(bytes[prefix.count...])
                if conts[piece] == nil { conts[piece] = TokenID(i) }
                longest = max(longest, token.unicodeScalars.count - continuationPrefix.unicodeScalars.count)
            } else {
                if starts[bytes] == nil { starts[bytes] = TokenID(i) }
                longest = max(longest, token.unicodeScalars.count)
            }
        }
        func id(_ t: String) throws -> TokenID {
            guard let v = starts[Array(t.utf8)] else {
                throw EmbeddingError(.invalidTokenizer, "vocabulary has no '\(t)' token; is this a BERT WordPiece vocabulary?")
            }
            return v
        }
        guard maxLength >= 2 else { throw EmbeddingError(.invalidArgument, "maxLength must be at least 2 ([CLS] and [SEP]), got \(maxLength)") }
        self.normalizer = normalizer
        self.maxLength = maxLength
        self.maxInputCharsPerWord = maxInputCharsPerWord
        self.clsID = try id("[CLS]")
        self.sepID = try id("[SEP]")
        self.padID = try id("[PAD]")
        self.unkID = try id("[UNK]")
        self.wordStarts = starts
        self.continuations = conts
        self.tokens = vocabulary
        self.specials = specialTokens.compactMap { t in starts[Array(t.utf8)].map { (t, $0) } }.sorted { $0.0.count > $1.0.count }
        self.longestPiece = longest
    }

    /// The token string of `id` (`[UNK]` when out of range).
    public func token(_ id: TokenID) -> String {
        tokens.indices.contains(Int(id)) ? tokens[Int(id)] : "[UNK]"
    }

    /// Token ids `[CLS] pieces... [SEP]`, truncated to `maxLength` (the last kept token is `[SEP]`).
    public func encode(_ text: String) -> [TokenID] {
        var ids: [TokenID] = [clsID]
        ids.reserveCapacity(min(maxLength, text.utf8.count / 3 + 8))
        let budget = maxLength - 2
        pieces(of: text) { id in
            guard ids.count - 1 < budget else { return false }
            ids.append(id)
            return true
        }
        ids.append(sepID)
        return ids
    }

    /// Token strings of `text` without `[CLS]`/`[SEP]` and without truncation (for inspection).
    public func tokenize(_ text: String) -> [String] {
        var out: [String] = []
        pieces(of: text) { out.append(token($0)); return true }
        return out
    }

    /// Number of WordPiece tokens in `text`, excluding `[CLS]`/`[SEP]` and without truncation.
    /// A chunk fits the encoder untruncated when `tokenCount(text) <= maxLength - 2`.
    public func tokenCount(_ text: String) -> Int {
        var n = 0
        pieces(of: text) { _ in n += 1; return true }
        return n
    }

    /// Calls `emit` with each piece id of `text` in order; stops when `emit` returns false.
    private func pieces(of text: String, _ emit: (TokenID) -> Bool) {
        var rest = Substring(text)
        var going = true
        while going, !rest.isEmpty {
            // Split out the next literal special token, if any (tokenizers' added tokens, normalized=false).
            var cut: (range: Range<Substring.Index>, id: TokenID)?
            if rest.utf8.contains(UInt8(ascii: "[")) {
                for (special, id) in specials {
                    if let r = rest.range(of: special), cut == nil || r.lowerBound < cut!.range.lowerBound {
                        cut = (r, id)
                    }
                }
            }
            let segment = cut.map { rest[rest.startIndex..<$0.range.lowerBound] } ?? rest
            going = wordPieces(of: segment, emit)
            guard let cut, going else { break }
            going = emit(cut.id)
            rest = rest[cut.range.upperBound...]
        }
    }

    private func wordPieces(of segment: Substring, _ emit: (TokenID) -> Bool) -> Bool {
        guard !segment.isEmpty else { return true }
        let scalars = normalizer.normalize(segment)
        var going = true
        var found: [TokenID] = []
        normalizer.forEachWord(in: scalars) { word in
            guard going else { return }
            found.removeAll(keepingCapacity: true)
            if word.count > maxInputCharsPerWord || !split(word, into: &found) {
                going = emit(unkID)
                return
            }
            for id in found where going { going = emit(id) }
        }
        return going
    }

    /// Greedy longest-match-first split of one word; false when some position has no piece.
    private func split(_ word: ArraySlice<Unicode.Scalar>, into out: inout [TokenID]) -> Bool {
        var start = word.startIndex
        var key: [UInt8] = []
        while start < word.endIndex {
            var end = min(word.endIndex, start + longestPiece)
            var match: TokenID?
            let table = start == word.startIndex ? wordStarts : continuations
            while start < end {
                key.removeAll(keepingCapacity: true)
                for s in word[start..<end] { UTF8.encode(s) { key.append($0) } }
                if let id = table[key] { match = id; break }
                end -= 1
            }
            guard let match else { return false }
            out.append(match)
            start = end
        }
        return true
    }
}
