extension LlamaNetwork {
    /// Every linear layer (head included) in one list.
    var allLinears: [Linear<S>] { layers.flatMap { $0.linears.map(\.1) } + [head] }

    /// Makes the transposed weight copies that single-row decoding reads (one extra copy of
    /// the linear weights while generating; `endDecoding()` frees them). Weights must not
    /// change between the two calls.
    func beginDecoding() { for lin in allLinears { lin.prepareDecoding() } }

    /// Frees the decoding copies; later single-row forwards read W directly again.
    func endDecoding() { for lin in allLinears { lin.weightT = nil } }

    /// Runs M new tokens at positions cache.length..<cache.length+M through the decoder,
    /// appending their keys and values to the cache, and returns the logits of the last
    /// one in `scratch.logits`: [V]. Prefill passes the whole prompt (M = prompt length),
    /// decoding passes one token. Uses the same kernels as training, without caching
    /// anything for backward.
    func inferenceStep(tokens: [Int32], cache: KVCache<S>, scratch s: InferenceScratch<S>) {
        let M = tokens.count, C = config.hiddenSize, F = config.intermediateSize
        let H = config.numAttentionHeads, G = config.numKeyValueHeads, D = config.headDim
        let GD = G * D, start = cache.length, Tk = start + M
        let eps = S(config.rmsNormEps)
        precondition(M > 0 && Tk <= cache.capacity, "inferenceStep: \(Tk) positions exceed the context of \(cache.capacity)")
        s.prepare(M: M, config: config)

        EmbeddingLookup.forward(out: &s.x, tokens: tokens, weight: embed.value, N: M, C: C)
        embedLoRA?.lookupForward(out: &s.x, tokens: tokens, N: M)
        for l in layers.indices {
            let L = layers[l]
            RMSNorm.forward(out: &s.xn, rstd: &s.rstd, x: s.x, weight: L.inputNorm.value, N: M, C: C, eps: eps)
            L.q.forward(out: &s.q, x: s.xn, N: M)
            RoPE.forward(x: &s.q, table: rope, B: 1, T: M, heads: H, D: D, offset: start)
            cache.k[l].withUnsafeMutableBufferPointer { kc in
                cache.v[l].withUnsafeMutableBufferPointer { vc in
                    let kNew = kc.baseAddress! + start * GD, vNew = vc.baseAddress! + start * GD
                    L.k.forward(out: kNew, x: s.xn, N: M)
                    L.v.forward(out: vNew, x: s.xn, N: M)
                    RoPE.forward(x: kNew, table: rope, B: 1, T: M, heads: G, D: D, offset: start)
                    CausalAttention.forward(out: &s.y, att: &s.att, q: s.q, k: kc.baseAddress!, v: vc.baseAddress!,
                                            kvBatchStride: 0, B: 1, Tq: M, Tk: Tk, offset: start, H: H, G: G, D: D)
                }
            }
            L.o.forward(out: &s.x, x: s.y, N: M, accumulate: true)
            RMSNorm.forward(out: &s.xn, rstd: &s.rstd, x: s.x, weight: L.postNorm.value, N: M, C: C, eps: eps)
            L.gate.forward(out: &s.gate, x: s.xn, N: M)
            L.up.forward(out: &s.up, x: s.xn, N: M)
            SwiGLU.forward(out: &s.h, gate: s.gate, up: s.up, count: M * F)
            L.down.forward(out: &s.x, x: s.h, N: M, accumulate: true)
        }
        cache.length = Tk
        // Only the last position's logits are needed to pick the next token.
        s.x.withUnsafeBufferPointer { x in
            s.xn.withUnsafeMutableBufferPointer { xn in
                s.rstd.withUnsafeMutableBufferPointer { r in
                    let last = x.baseAddress! + (M - 1) * C
                    RMSNorm.forward(out: xn.baseAddress!, rstd: r.baseAddress!, x: last, weight: norm.value, N: 1, C: C, eps: eps)
                    head.forward(out: &s.logits, x: xn.baseAddress!, N: 1)
                    if config.tieWordEmbeddings { embedLoRA?.headForward(logits: &s.logits, x: xn.baseAddress!, N: 1) }
                }
            }
        }
    }
}
