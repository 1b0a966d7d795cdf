/// Keys and values of every layer for the positions decoded so far (batch 1).
final class KVCache<S: BLASScalar>: @unchecked Sendable {
    /// Per layer, k: [P, G*D] (rotated) and v: [P, G*D]; rows 0..<length are filled.
    var k: [[S]]
    var v: [[S]]
    /// Number of cached positions.
    var length = 0
    /// P: capacity in positions (max_position_embeddings).
    let capacity: Int

    init(config: LlamaConfig) {
        capacity = config.maxPositionEmbeddings
        let size = capacity * config.numKeyValueHeads * config.headDim
        k = (0..<config.numHiddenLayers).map { _ in [S](repeating: 0, count: size) }
        v = k
    }
}

/// Reusable activations of one inference step over M new tokens (no backward caches).
final class InferenceScratch<S: BLASScalar>: @unchecked Sendable {
    var M = 0
    var x: [S] = []      // [M, C] residual stream
    var xn: [S] = []     // [M, C]
    var rstd: [S] = []   // [M]
    var q: [S] = []      // [M, H*D]
    var y: [S] = []      // [M, H*D]
    var att: [S] = []    // [H, M, P]
    var gate: [S] = []   // [M, F]
    var up: [S] = []     // [M, F]
    var h: [S] = []      // [M, F]
    var logits: [S] = [] // [V], last position only

    func prepare(M: Int, config c: LlamaConfig) {
        guard M != self.M else { return }
        self.M = M
        let C = c.hiddenSize, HD = c.numAttentionHeads * c.headDim, F = c.intermediateSize
        func z(_ n: Int) -> [S] { [S](repeating: 0, count: n) }
        x = z(M * C); xn = z(M * C); rstd = z(M); q = z(M * HD); y = z(M * HD)
        att = z(c.numAttentionHeads * M * c.maxPositionEmbeddings)
        gate = z(M * F); up = z(M * F); h = z(M * F); logits = z(c.vocabSize)
    }
}
