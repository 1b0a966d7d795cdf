// Training forward and backward of the whole decoder, llm.c style: backward runs the
// layers in reverse and mirrors forward line by line. Gradients accumulate (+=) into
// `ParameterOf.grad` of trainable parameters only.

extension LlamaNetwork {
    /// tokens: [B*T] row-major; returns logits: [B*T, V]. Caches what backward needs
    /// (every layer's `LayerActivations`, the final norm's input/output and rstd); backward
    /// recomputes the cheap rest (normalised layer inputs, the SwiGLU product).
    func forward(tokens: [Int32], B: Int, T: Int) -> [S] {
        let N = B * T, C = config.hiddenSize, V = config.vocabSize, F = config.intermediateSize
        let H = config.numAttentionHeads, G = config.numKeyValueHeads, D = config.headDim
        let eps = S(config.rmsNormEps)
        precondition(B > 0 && T > 0 && tokens.count == N, "forward: \(tokens.count) tokens for batch \(B) x length \(T)")
        precondition(T <= config.maxPositionEmbeddings,
                     "Cannot forward sequence of length \(T), max_position_embeddings is only \(config.maxPositionEmbeddings)")
        for t in tokens where t < 0 || Int(t) >= V {
            preconditionFailure("forward: token id \(t) outside the vocabulary 0..<\(V)")
        }
        prepare(B: B, T: T)
        self.tokens = tokens

        EmbeddingLookup.forward(out: &acts[0].xIn, tokens: tokens, weight: embed.value, N: N, C: C)
        embedLoRA?.lookupForward(out: &acts[0].xIn, tokens: tokens, N: N)
        for l in layers.indices {
            let a = acts[l], L = layers[l]
            // attention block: xMid = xIn + o(attn(rope(q(xn1)), rope(k(xn1)), v(xn1)))
            RMSNorm.forward(out: &xn, rstd: &a.rstd1, x: a.xIn, weight: L.inputNorm.value, N: N, C: C, eps: eps)
            L.q.forward(out: &a.q, x: xn, N: N)
            L.k.forward(out: &a.k, x: xn, N: N)
            L.v.forward(out: &a.v, x: xn, N: N)
            RoPE.forward(x: &a.q, table: rope, B: B, T: T, heads: H, D: D, offset: 0)
            RoPE.forward(x: &a.k, table: rope, B: B, T: T, heads: G, D: D, offset: 0)
            CausalAttention.forward(out: &a.y, att: &a.att, q: a.q, k: a.k, v: a.v, kvBatchStride: T * G * D,
                                    B: B, Tq: T, Tk: T, offset: 0, H: H, G: G, D: D)
            copyValues(from: a.xIn, to: &a.xMid, count: N * C)
            L.o.forward(out: &a.xMid, x: a.y, N: N, accumulate: true)
            // MLP block: xOut = xMid + down(silu(gate(xn2)) * up(xn2))
            RMSNorm.forward(out: &xn, rstd: &a.rstd2, x: a.xMid, weight: L.postNorm.value, N: N, C: C, eps: eps)
            L.gate.forward(out: &a.gate, x: xn, N: N)
            L.up.forward(out: &a.up, x: xn, N: N)
            SwiGLU.forward(out: &h, gate: a.gate, up: a.up, count: N * F)
            if l + 1 < layers.count {
                let next = acts[l + 1]
                copyValues(from: a.xMid, to: &next.xIn, count: N * C)
                L.down.forward(out: &next.xIn, x: h, N: N, accumulate: true)
            } else {
                copyValues(from: a.xMid, to: &xFinal, count: N * C)
                L.down.forward(out: &xFinal, x: h, N: N, accumulate: true)
            }
        }
        RMSNorm.forward(out: &xnFinal, rstd: &rstdFinal, x: xFinal, weight: norm.value, N: N, C: C, eps: eps)
        var logits = [S](repeating: 0, count: N * V)   // [N, V], owned by the caller
        head.forward(out: &logits, x: xnFinal, N: N)
        if config.tieWordEmbeddings { embedLoRA?.headForward(logits: &logits, x: xnFinal, N: N) }
        return logits
    }

    /// dLogits: [B*T, V] for the last forward. Accumulates into every trainable parameter's grad.
    func backward(dLogits: [S]) {
        let B = batch, T = length, N = B * T, C = config.hiddenSize, F = config.intermediateSize
        let H = config.numAttentionHeads, G = config.numKeyValueHeads, D = config.headDim
        let eps = S(config.rmsNormEps)
        precondition(N > 0, "backward called before forward")
        precondition(dLogits.count == N * config.vocabSize,
                     "backward: dLogits has \(dLogits.count) values, expected \(N) x \(config.vocabSize)")
        zero(&dXn)
        zero(&dRes)
        head.backward(dX: &dXn, dOut: dLogits, x: xnFinal, N: N)
        if config.tieWordEmbeddings { embedLoRA?.headBackward(dX: &dXn, dLogits: dLogits, x: xnFinal, N: N) }
        withGrad(norm) { RMSNorm.backward(dX: &dRes, dWeight: $0, dOut: dXn, x: xFinal, weight: norm.value, rstd: rstdFinal, N: N, C: C) }

        for l in layers.indices.reversed() {
            let a = acts[l], L = layers[l]
            // MLP block (dRes is d xOut here, and becomes d xMid).
            SwiGLU.forward(out: &h, gate: a.gate, up: a.up, count: N * F)   // recompute h
            zero(&dH)
            L.down.backward(dX: &dH, dOut: dRes, x: h, N: N)
            zero(&dGate)
            zero(&dUp)
            SwiGLU.backward(dGate: &dGate, dUp: &dUp, dOut: dH, gate: a.gate, up: a.up, count: N * F)
            RMSNorm.forward(out: &xn, rstd: &a.rstd2, x: a.xMid, weight: L.postNorm.value, N: N, C: C, eps: eps)   // recompute xn2
            zero(&dXn)
            L.gate.backward(dX: &dXn, dOut: dGate, x: xn, N: N)
            L.up.backward(dX: &dXn, dOut: dUp, x: xn, N: N)
            withGrad(L.postNorm) {
                RMSNorm.backward(dX: &dRes, dWeight: $0, dOut: dXn, x: a.xMid, weight: L.postNorm.value, rstd: a.rstd2, N: N, C: C)
            }
            // Attention block (dRes becomes d xIn).
            zero(&dY)
            L.o.backward(dX: &dY, dOut: dRes, x: a.y, N: N)
            zero(&dQ)
            zero(&dK)
            zero(&dV)
            CausalAttention.backward(dQ: &dQ, dK: &dK, dV: &dV, dAtt: &dAtt, dOut: dY, q: a.q, k: a.k, v: a.v,
                                     att: a.att, B: B, T: T, H: H, G: G, D: D)
            RoPE.backward(dX: &dQ, table: rope, B: B, T: T, heads: H, D: D, offset: 0)
            RoPE.backward(dX: &dK, table: rope, B: B, T: T, heads: G, D: D, offset: 0)
            RMSNorm.forward(out: &xn, rstd: &a.rstd1, x: a.xIn, weight: L.inputNorm.value, N: N, C: C, eps: eps)   // recompute xn1
            zero(&dXn)
            L.q.backward(dX: &dXn, dOut: dQ, x: xn, N: N)
            L.k.backward(dX: &dXn, dOut: dK, x: xn, N: N)
            L.v.backward(dX: &dXn, dOut: dV, x: xn, N: N)
            withGrad(L.inputNorm) {
                RMSNorm.backward(dX: &dRes, dWeight: $0, dOut: dXn, x: a.xIn, weight: L.inputNorm.value, rstd: a.rstd1, N: N, C: C)
            }
        }
        // The padding token's embedding row is not trained (transformers: nn.Embedding(padding_idx=pad_token_id)).
        let pad = config.padTokenId.map { Int32($0) }
        if embed.trainable {
            EmbeddingLookup.backward(dWeight: &embed.grad, dOut: dRes, tokens: tokens, N: N, C: C, paddingToken: pad)
        }
        embedLoRA?.lookupBackward(dOut: dRes, tokens: tokens, N: N, paddingToken: pad)
    }

    /// Sizes the activation caches and scratch for B x T (reallocates only when the shape changes).
    func prepare(B: Int, T: Int) {
        guard B != batch || T != length || acts.isEmpty else { return }
        let N = B * T, C = config.hiddenSize, F = config.intermediateSize
        let HD = config.numAttentionHeads * config.headDim, GD = config.numKeyValueHeads * config.headDim
        acts = []   // release the old caches before allocating new ones
        acts = layers.map { _ in LayerActivations(B: B, T: T, config: config) }
        func z(_ n: Int) -> [S] { [S](repeating: 0, count: n) }
        xFinal = z(N * C); xnFinal = z(N * C); rstdFinal = z(N); xn = z(N * C); h = z(N * F)
        dRes = z(N * C); dXn = z(N * C); dY = z(N * HD); dQ = z(N * HD); dK = z(N * GD); dV = z(N * GD)
        dAtt = z(T * T); dH = z(N * F); dGate = z(N * F); dUp = z(N * F)
        batch = B
        length = T
    }

    /// Calls `body` with a pointer to `p.grad` when `p` is trainable, else with nil.
    func withGrad(_ p: ParameterOf<S>, _ body: (UnsafeMutablePointer<S>?) -> Void) {
        if p.trainable {
            p.grad.withUnsafeMutableBufferPointer { body($0.baseAddress!) }
        } else {
            body(nil)
        }
    }
}

/// dst[0..<count] = src[0..<count].
@inline(__always)
func copyValues<S>(from src: UnsafePointer<S>, to dst: UnsafeMutablePointer<S>, count: Int) {
    dst.update(from: src, count: count)
}

/// Sets every element to zero.
@inline(__always)
func zero<S: BLASScalar>(_ a: inout [S]) {
    a.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
}
