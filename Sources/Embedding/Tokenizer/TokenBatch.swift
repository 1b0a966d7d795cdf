/// A batch of token sequences padded to one length, in the layout the encoder reads.
public struct TokenBatch: Sendable, Equatable {
    /// Number of sequences `B`.
    public let count: Int
    /// Padded length `T` (the longest sequence in the batch).
    public let sequenceLength: Int
    /// Token ids, row-major `[B, T]`, padded with `[PAD]`.
    public let ids: [Int32]
    /// 1 for real tokens, 0 for padding, row-major `[B, T]`.
    public let attentionMask: [Int32]
    /// Real length of each sequence, `[B]`.
    public let lengths: [Int]

    /// Pads `sequences` with `padID` to the longest one.
    public init(_ sequences: [[Int32]], padID: Int32) {
        let t = sequences.map(\.count).max() ?? 0
        var ids = [Int32](repeating: padID, count: sequences.count * t)
        var mask = [Int32](repeating: 0, count: sequences.count * t)
        for (b, s) in sequences.enumerated() {
            for (i, id) in s.enumerated() {
                ids[b * t + i] = id
                mask[b * t + i] = 1
            }
        }
        self.count = sequences.count
        self.sequenceLength = t
        self.ids = ids
        self.attentionMask = mask
        self.lengths = sequences.map(\.count)
    }
}

extension WordPieceTokenizer {
    /// Encodes `texts` (each `[CLS] ... [SEP]`, truncated to `maxLength`) and pads them into one batch.
    public func encodeBatch(_ texts: [String]) -> TokenBatch {
        TokenBatch(texts.map(encode), padID: padID)
    }
}
