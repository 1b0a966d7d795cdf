/// Token embedding lookup: row `tokens[n]` of the [V, C] table.
enum EmbeddingLookup<S: BLASScalar> {
    /// out: [N, C]; tokens: [N] (already range-checked); weight: [V, C].
    static func forward(out: UnsafeMutablePointer<S>, tokens: UnsafePointer<Int32>, weight: UnsafePointer<S>, N: Int, C: Int) {
        for n in 0..<N {
            (out + n * C).update(from: weight + Int(tokens[n]) * C, count: C)
        }
    }

    /// Scatter-adds dOut: [N, C] into dWeight: [V, C] (repeated tokens accumulate). Rows of
    /// `paddingToken` get nothing, like PyTorch's `nn.Embedding(padding_idx=)` that transformers'
    /// Llama builds with `pad_token_id`.
    static func backward(dWeight: UnsafeMutablePointer<S>, dOut: UnsafePointer<S>, tokens: UnsafePointer<Int32>, N: Int, C: Int,
                         paddingToken: Int32? = nil) {
        for n in 0..<N where tokens[n] != paddingToken {
            let dw = dWeight + Int(tokens[n]) * C, d = dOut + n * C
            for i in 0..<C { dw[i] += d[i] }
        }
    }
}
