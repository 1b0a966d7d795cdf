import Foundation

extension LlamaNetwork {
    /// The projection names `enableLoRA` accepts as targets.
    static var loraTargetNames: Set<String> { ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"] }

    /// Wraps the named projections of every layer (and, with `includeEmbeddings`, the token
    /// embedding and the output head) in LoRA adapters of rank R and scale alpha / R, and
    /// freezes every base parameter. Adapter names follow PEFT (`...q_proj.lora_A.weight`,
    /// `model.embed_tokens.lora_embedding_A`, `lm_head.lora_A.weight`).
    func enableLoRA(rank R: Int, alpha: Double, targets: Set<String>, includeEmbeddings: Bool, seed: UInt64) {
        precondition(R > 0, "enableLoRA: rank must be positive, got \(R)")
        let unknown = targets.subtracting(Self.loraTargetNames)
        precondition(unknown.isEmpty, "enableLoRA: unknown targets \(unknown.sorted()); use \(Self.loraTargetNames.sorted())")
        precondition(embedLoRA == nil && head.lora == nil && !layers.contains { $0.linears.contains { $0.1.lora != nil } },
                     "enableLoRA: adapters are already enabled; call mergeLoRA() first")
        var rng = SeededGenerator(seed: seed)
        let scale = S(alpha / Double(R))
        for p in baseParameters { p.trainable = false }
        func adapter(_ prefix: String, _ lin: Linear<S>) -> LoRAAdapter<S> {
            let I = lin.inFeatures, O = lin.outFeatures
            let bound = 1 / Double(I).squareRoot()
            var a = [S](repeating: 0, count: R * I)
            for i in a.indices { a[i] = S((2 * rng.nextUnit() - 1) * bound) }
            return LoRAAdapter(a: ParameterOf(name: prefix + ".lora_A.weight", shape: [R, I], value: a),
                               b: ParameterOf(name: prefix + ".lora_B.weight", shape: [O, R],
                                              value: [S](repeating: 0, count: O * R)),
                               scale: scale)
        }
        for (l, layer) in layers.enumerated() {
            for (name, lin) in layer.linears where targets.contains(name) {
                let module = ["gate_proj", "up_proj", "down_proj"].contains(name) ? "mlp" : "self_attn"
                lin.lora = adapter("model.layers.\(l).\(module).\(name)", lin)
            }
        }
        if includeEmbeddings {
            let V = config.vocabSize, C = config.hiddenSize
            var b = [S](repeating: 0, count: C * R)
            for i in b.indices { b[i] = S(rng.nextNormal()) }
            embedLoRA = EmbeddingLoRA(
                a: ParameterOf(name: "model.embed_tokens.lora_embedding_A", shape: [R, V], value: [S](repeating: 0, count: R * V)),
                b: ParameterOf(name: "model.embed_tokens.lora_embedding_B", shape: [C, R], value: b),
                scale: scale)
            if !config.tieWordEmbeddings { head.lora = adapter("lm_head", head) }
        }
    }

    /// Folds every adapter into its base weight (W += scale * B A; E += scale * (B A)^T),
    /// removes the adapters and makes the base parameters trainable again.
    func mergeLoRA() {
        for layer in layers {
            for (_, lin) in layer.linears {
                lin.lora?.merge(into: lin.weight)
                lin.lora = nil
            }
        }
        head.lora?.merge(into: head.weight)
        head.lora = nil
        embedLoRA?.merge(into: embed)
        embedLoRA = nil
        for p in baseParameters { p.trainable = true }
    }
}
