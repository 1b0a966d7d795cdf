extension LlamaModel {
    /// Generates up to `config.maxNewTokens` tokens after `prompt` with a KV cache (batch 1):
    /// the prompt is run in one prefill step, then one token per step. `onToken` sees each new
    /// token (stop tokens excluded) and returns false to stop early.
    /// Throws `LMError(.invalidInput)` for an empty prompt, out-of-range ids, a prompt longer
    /// than the context, or invalid settings.
    public func generate(prompt: [Int32], config gen: GenerationConfig,
                         onToken: ((Int32) -> Bool)? = nil) throws -> Generation {
        try gen.validate()
        let V = config.vocabSize, P = config.maxPositionEmbeddings
        guard !prompt.isEmpty else { throw LMError(.invalidInput, "generate needs a non-empty prompt (start with the BOS token)") }
        if let bad = prompt.first(where: { $0 < 0 || Int($0) >= V }) {
            throw LMError(.invalidInput, "prompt token id \(bad) is outside the vocabulary 0..<\(V)")
        }
        guard prompt.count <= P else {
            throw LMError(.invalidInput, "prompt has \(prompt.count) tokens, max_position_embeddings is only \(P); truncate it")
        }
        let cache = KVCache<Float>(config: config)
        let scratch = InferenceScratch<Float>()
        var sampler = Sampler(config: gen)
        sampler.seen = Set(prompt)
        var out: [Int32] = []
        var input = prompt
        net.beginDecoding()
        defer { net.endDecoding() }
        while true {
            if out.count >= gen.maxNewTokens { return Generation(tokens: out, stopReason: .maxNewTokens) }
            if cache.length + input.count > P { return Generation(tokens: out, stopReason: .contextFull) }
            net.inferenceStep(tokens: input, cache: cache, scratch: scratch)
            let next = sampler.next(logits: &scratch.logits)
            if gen.stopTokens.contains(next) { return Generation(tokens: out, stopReason: .stopToken(next)) }
            out.append(next)
            sampler.seen.insert(next)
            if let onToken, !onToken(next) { return Generation(tokens: out, stopReason: .callback) }
            input = [next]
        }
    }

    /// Logits: [V] of the next token after `tokens`, computed with a fresh KV cache (prefill only).
    public func nextTokenLogits(_ tokens: [Int32]) -> [Float] {
        let cache = KVCache<Float>(config: config)
        let scratch = InferenceScratch<Float>()
        net.inferenceStep(tokens: tokens, cache: cache, scratch: scratch)
        return scratch.logits
    }
}
