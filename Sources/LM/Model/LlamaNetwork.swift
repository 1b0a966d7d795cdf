/// The Llama decoder's parameters and activation caches, generic over the scalar so the
/// same code runs in `Float` (``LlamaModel``) and in `Double` (gradient checks).
///
/// Forward and backward live in `LlamaNetwork+Forward.swift`, LoRA in `+LoRA.swift`,
/// KV-cache inference in `Generation/`.
final class LlamaNetwork<S: BLASScalar>: @unchecked Sendable {
    /// The hyper-parameters (validated).
    let config: LlamaConfig
    /// `model.embed_tokens.weight`: [V, C].
    let embed: ParameterOf<S>
    /// The decoder layers.
    let layers: [DecoderLayer<S>]
    /// `model.norm.weight`: [C].
    let norm: ParameterOf<S>
    /// The output head; its weight is `embed` when embeddings are tied, else `lm_head.weight`: [V, C].
    let head: Linear<S>
    /// LoRA on the embedding (and on the tied head), when enabled with embeddings.
    var embedLoRA: EmbeddingLoRA<S>?
    /// Rotary cos/sin for positions 0..<max_position_embeddings.
    let rope: RoPETable<S>

    // Activations cached by the last training forward (sized for N = B*T tokens).
    var acts: [LayerActivations<S>] = []
    var tokens: [Int32] = []       // [N], the last forward's input
    var batch = 0, length = 0      // B, T of the last forward
    var xFinal: [S] = []           // [N, C], output of the last layer
    var xnFinal: [S] = []          // [N, C], after the final RMSNorm; cached for the head's backward
    var rstdFinal: [S] = []        // [N]
    // Shared by all layers, overwritten layer by layer (forward) and recomputed (backward).
    var xn: [S] = []               // [N, C], a layer's normalised input (xn1 or xn2)
    var h: [S] = []                // [N, F], silu(gate) * up
    // Backward scratch, reused across layers.
    var dRes: [S] = []             // [N, C], gradient of the residual stream
    var dXn: [S] = []              // [N, C]
    var dY: [S] = []               // [N, H*D]
    var dQ: [S] = []               // [N, H*D]
    var dK: [S] = []               // [N, G*D]
    var dV: [S] = []               // [N, G*D]
    var dAtt: [S] = []             // [T, T]
    var dH: [S] = []               // [N, F]
    var dGate: [S] = []            // [N, F]
    var dUp: [S] = []              // [N, F]

    /// Initialises like transformers' `LlamaPreTrainedModel._init_weights`: linear and embedding
    /// weights normal(0, 0.02), RMSNorm weights one, drawn in parameter order from `seed`.
    /// With `randomInit: false` weights start at zero (a checkpoint is about to overwrite them).
    init(config: LlamaConfig, seed: UInt64, randomInit: Bool = true) throws {
        try config.validate()
        self.config = config
        var rng = SeededGenerator(seed: seed)
        let C = config.hiddenSize, F = config.intermediateSize, V = config.vocabSize
        let H = config.numAttentionHeads, G = config.numKeyValueHeads, D = config.headDim
        func normal(_ name: String, _ shape: [Int]) -> ParameterOf<S> {
            let n = shape.reduce(1, *)
            var v = [S](repeating: 0, count: n)
            if randomInit { for i in 0..<n { v[i] = S(0.02 * rng.nextNormal()) } }
            return ParameterOf(name: name, shape: shape, value: v)
        }
        func ones(_ name: String, _ n: Int) -> ParameterOf<S> {
            ParameterOf(name: name, shape: [n], value: [S](repeating: 1, count: n))
        }
        embed = normal("model.embed_tokens.weight", [V, C])
        var layers: [DecoderLayer<S>] = []
        for l in 0..<config.numHiddenLayers {
            let p = "model.layers.\(l)."
            let q = normal(p + "self_attn.q_proj.weight", [H * D, C])
            let k = normal(p + "self_attn.k_proj.weight", [G * D, C])
            let v = normal(p + "self_attn.v_proj.weight", [G * D, C])
            let o = normal(p + "self_attn.o_proj.weight", [C, H * D])
            let gate = normal(p + "mlp.gate_proj.weight", [F, C])
            let up = normal(p + "mlp.up_proj.weight", [F, C])
            let down = normal(p + "mlp.down_proj.weight", [C, F])
            layers.append(DecoderLayer(
                inputNorm: ones(p + "input_layernorm.weight", C), q: Linear(weight: q), k: Linear(weight: k),
                v: Linear(weight: v), o: Linear(weight: o), postNorm: ones(p + "post_attention_layernorm.weight", C),
                gate: Linear(weight: gate), up: Linear(weight: up), down: Linear(weight: down)))
        }
        self.layers = layers
        norm = ones("model.norm.weight", C)
        head = Linear(weight: config.tieWordEmbeddings ? embed : normal("lm_head.weight", [V, C]))
        rope = RoPETable(headDim: D, positions: config.maxPositionEmbeddings, theta: config.ropeTheta)
    }

    /// Base parameters in Hugging Face state-dict order, then LoRA adapters (layer order).
    var parameters: [ParameterOf<S>] {
        var ps = baseParameters
        if let e = embedLoRA { ps += [e.a, e.b] }
        for layer in layers {
            for lin in layer.linears { if let a = lin.1.lora { ps += [a.a, a.b] } }
        }
        if let a = head.lora { ps += [a.a, a.b] }
        return ps
    }

    /// The Hugging Face `LlamaForCausalLM` tensors (no adapters); `lm_head.weight` only when untied.
    var baseParameters: [ParameterOf<S>] {
        var ps = [embed]
        for layer in layers {
            ps += layer.linears.map { $0.1.weight }
            ps += [layer.inputNorm, layer.postNorm]
        }
        ps.append(norm)
        if !config.tieWordEmbeddings { ps.append(head.weight) }
        return ps
    }

    /// Sets every gradient to zero.
    func zeroGrad() {
        for p in parameters { p.grad.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
    }
}

/// One decoder block's parameters: pre-norm attention and pre-norm SwiGLU MLP.
final class DecoderLayer<S: BLASScalar>: @unchecked Sendable {
    let inputNorm: ParameterOf<S>              // [C]
    let q: Linear<S>, k: Linear<S>, v: Linear<S>, o: Linear<S>   // [H*D, C], [G*D, C], [G*D, C], [C, H*D]
    let postNorm: ParameterOf<S>               // [C]
    let gate: Linear<S>, up: Linear<S>, down: Linear<S>           // [F, C], [F, C], [C, F]

    init(inputNorm: ParameterOf<S>, q: Linear<S>, k: Linear<S>, v: Linear<S>, o: Linear<S>,
         postNorm: ParameterOf<S>, gate: Linear<S>, up: Linear<S>, down: Linear<S>) {
        self.inputNorm = inputNorm
        self.q = q; self.k = k; self.v = v; self.o = o
        self.postNorm = postNorm
        self.gate = gate; self.up = up; self.down = down
    }

    /// The seven projections with their Hugging Face module names, in state-dict order.
    var linears: [(String, Linear<S>)] {
        [("q_proj", q), ("k_proj", k), ("v_proj", v), ("o_proj", o), ("gate_proj", gate), ("up_proj", up), ("down_proj", down)]
    }
}

/// What one layer's forward caches for its backward, for N = B*T tokens.
final class LayerActivations<S: BLASScalar>: @unchecked Sendable {
    // Not cached (recomputed by backward from what is): the normalised inputs xn1, xn2 (from
    // xIn/xMid, the norm weights and rstd) and h = silu(gate) * up, saving 2*N*C + N*F per layer.
    var xIn: [S]     // [N, C]  layer input (residual stream)
    var rstd1: [S]   // [N]
    var q: [S]       // [N, H*D] rotated queries
    var k: [S]       // [N, G*D] rotated keys
    var v: [S]       // [N, G*D]
    var att: [S]     // [B, H, T, T] softmax probabilities
    var y: [S]       // [N, H*D] attention output, input of o_proj
    var xMid: [S]    // [N, C]  residual after attention
    var rstd2: [S]   // [N]
    var gate: [S]    // [N, F]
    var up: [S]      // [N, F]

    init(B: Int, T: Int, config c: LlamaConfig) {
        let N = B * T, C = c.hiddenSize, F = c.intermediateSize
        let HD = c.numAttentionHeads * c.headDim, GD = c.numKeyValueHeads * c.headDim
        func z(_ n: Int) -> [S] { [S](repeating: 0, count: n) }
        xIn = z(N * C); rstd1 = z(N)
        q = z(N * HD); k = z(N * GD); v = z(N * GD)
        att = z(B * c.numAttentionHeads * T * T); y = z(N * HD)
        xMid = z(N * C); rstd2 = z(N)
        gate = z(N * F); up = z(N * F)
    }
}
