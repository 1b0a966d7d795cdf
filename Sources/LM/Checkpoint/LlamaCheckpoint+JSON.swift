import Foundation

extension LlamaCheckpoint {
    /// The `config.json` of `transformers`' `LlamaForCausalLM` for `c`.
    static func configJSON(_ c: LlamaConfig) -> [String: Any] {
        var d: [String: Any] = [
            "architectures": ["LlamaForCausalLM"],
            "model_type": "llama",
            "attention_bias": false,
            "attention_dropout": 0.0,
            "hidden_act": "silu",
            "head_dim": c.headDim,
            "hidden_size": c.hiddenSize,
            "initializer_range": 0.02,
            "intermediate_size": c.intermediateSize,
            "max_position_embeddings": c.maxPositionEmbeddings,
            "mlp_bias": false,
            "num_attention_heads": c.numAttentionHeads,
            "num_hidden_layers": c.numHiddenLayers,
            "num_key_value_heads": c.numKeyValueHeads,
            "pretraining_tp": 1,
            "rms_norm_eps": c.rmsNormEps,
            // Both spellings: rope_theta (transformers 4) and rope_parameters (transformers 5).
            "rope_theta": c.ropeTheta,
            "rope_parameters": ["rope_type": "default", "rope_theta": c.ropeTheta] as [String: Any],
            "tie_word_embeddings": c.tieWordEmbeddings,
            "torch_dtype": "float32",
            "use_cache": true,
            "vocab_size": c.vocabSize,
        ]
        d["bos_token_id"] = c.bosTokenId ?? NSNull()
        d["eos_token_id"] = c.eosTokenId ?? NSNull()
        d["pad_token_id"] = c.padTokenId ?? NSNull()
        return d
    }

    /// `generation_config.json`: special ids from the model config plus decoding defaults.
    static func generationJSON(_ c: LlamaConfig, _ g: GenerationConfig?) -> [String: Any] {
        var d: [String: Any] = ["_from_model_config": g == nil]
        if let bos = c.bosTokenId { d["bos_token_id"] = bos }
        if let pad = c.padTokenId { d["pad_token_id"] = pad }
        var eos = Set(g?.stopTokens.map { Int($0) } ?? [])
        if let e = c.eosTokenId { eos.insert(e) }
        if eos.count == 1 { d["eos_token_id"] = eos.first! } else if !eos.isEmpty { d["eos_token_id"] = eos.sorted() }
        if let g {
            d["max_new_tokens"] = g.maxNewTokens
            d["do_sample"] = g.temperature > 0
            if g.temperature > 0 {
                d["temperature"] = Double(g.temperature)
                d["top_k"] = g.topK
                d["top_p"] = Double(g.topP)
            }
            if g.repetitionPenalty != 1 { d["repetition_penalty"] = Double(g.repetitionPenalty) }
            d["seed"] = Int(truncatingIfNeeded: g.seed)
        }
        return d
    }

    /// Writes pretty, key-sorted JSON (stable bytes for golden tests).
    static func write(json: [String: Any], to url: URL) throws {
        var data = try JSONSerialization.data(withJSONObject: json, options: [.prettyPrinted, .sortedKeys])
        data.append(UInt8(ascii: "\n"))
        try data.write(to: url, options: .atomic)
    }
}
