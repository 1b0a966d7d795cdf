@testable import LM
import PreflexorTesting
import Testing

/// KV-cache decoding against the full training forward, and the sampler's settings.
@Suite struct GenerationTests {
    static let config = LlamaConfig(vocabSize: 37, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2,
                                    numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 24)

    @Test(arguments: [false, true])
    func kvCacheMatchesFullForward(lora: Bool) {
        let model = LlamaModel(config: Self.config, seed: 11)
        if lora {
            model.enableLoRA(rank: 2, alpha: 4, targets: LlamaModel.allLoRATargets, includeEmbeddings: true, seed: 1)
            var rng = SeededGenerator(seed: 2)
            for p in model.parameters where p.trainable { for i in 0..<p.count { p.value[i] = Float(0.1 * rng.nextNormal()) } }
        }
        let seq: [Int32] = [3, 17, 4, 4, 30, 1, 9, 22, 5]
        let V = Self.config.vocabSize
        let full = model.forward(tokens: seq, batch: 1, length: seq.count)
        let cache = KVCache<Float>(config: Self.config), scratch = InferenceScratch<Float>()
        model.net.beginDecoding()   // single rows read the transposed weight copies, as in generate()
        defer { model.net.endDecoding() }
        // Prefill 4 tokens, then one token at a time: every step's logits equal the full forward's row.
        model.net.inferenceStep(tokens: Array(seq[0..<4]), cache: cache, scratch: scratch)
        var t = 3
        while true {
            let row = Array(full[(t * V)..<((t + 1) * V)])
            #expect(NumericCheck.firstMismatch("logits@\(t)", actual: scratch.logits, reference: row, abs: 1e-5, rel: 1e-4) == nil)
            t += 1
            if t == seq.count { break }
            model.net.inferenceStep(tokens: [seq[t]], cache: cache, scratch: scratch)
        }
        #expect(cache.length == seq.count)
    }

    @Test func greedyIsArgmaxOfFullForward() throws {
        let model = LlamaModel(config: Self.config, seed: 12)
        let prompt: [Int32] = [1, 2, 3]
        let g = try model.generate(prompt: prompt, config: .greedy(maxNewTokens: 10))
        #expect(g.tokens.count == 10 && g.stopReason == .maxNewTokens)
        let seq = prompt + g.tokens
        let logits = model.forward(tokens: seq, batch: 1, length: seq.count)
        let V = Self.config.vocabSize
        for (i, tok) in g.tokens.enumerated() {
            let row = logits[((prompt.count - 1 + i) * V)..<((prompt.count + i) * V)]
            #expect(Int32(row.indices.max { row[$0] < row[$1] }! - row.startIndex) == tok, "step \(i)")
        }
    }

    @Test func seedsStopTokensAndContext() throws {
        let model = LlamaModel(config: Self.config, seed: 13)
        let prompt: [Int32] = [5, 6]
        let sampling = GenerationConfig(maxNewTokens: 15, temperature: 1.0, seed: 42)
        let a = try model.generate(prompt: prompt, config: sampling)
        let b = try model.generate(prompt: prompt, config: sampling)
        var other = sampling
        other.seed = 43
        let c = try model.generate(prompt: prompt, config: other)
        #expect(a == b)
        #expect(a.tokens != c.tokens)
        // Stop on the first sampled token: nothing is returned.
        var stopping = sampling
        stopping.stopTokens = [a.tokens[0]]
        let s = try model.generate(prompt: prompt, config: stopping)
        #expect(s.tokens.isEmpty && s.stopReason == .stopToken(a.tokens[0]))
        // The context (24 positions) bounds prompt + output.
        let long = try model.generate(prompt: prompt, config: .greedy(maxNewTokens: 100))
        #expect(long.stopReason == .contextFull && long.tokens.count == 24 - prompt.count + 1)
        // The callback can stop early.
        let cb = try model.generate(prompt: prompt, config: sampling) { _ in false }
        #expect(cb.tokens.count == 1 && cb.stopReason == .callback)
        // Bad input is an error, not a trap.
        #expect(throws: LMError.self) { try model.generate(prompt: [99], config: sampling) }
        #expect(throws: LMError.self) { try model.generate(prompt: prompt, config: GenerationConfig(topP: 0)) }
    }

    @Test func topKTopPAndRepetitionPenalty() {
        // top-k 1 is greedy whatever the seed.
        var logits: [Float] = [0.5, 2.0, 1.9, -3]
        for seed in 0..<20 {
            var s = Sampler(config: GenerationConfig(temperature: 1, topK: 1, seed: UInt64(seed)))
            var l = logits
            #expect(s.next(logits: &l) == 1)
        }
        // top-p 0.4 keeps only token 1 (p = 0.47); top-p 0.95 also samples token 2 and 0.
        var picked: Set<Int32> = []
        for seed in 0..<50 {
            var s = Sampler(config: GenerationConfig(temperature: 1, topP: 0.4, seed: UInt64(seed)))
            var l = logits
            picked.insert(s.next(logits: &l))
        }
        #expect(picked == [1])
        picked = []
        for seed in 0..<200 {
            var s = Sampler(config: GenerationConfig(temperature: 1, topP: 0.95, seed: UInt64(seed)))
            var l = logits
            picked.insert(s.next(logits: &l))
        }
        #expect(picked == [0, 1, 2])
        // Repetition penalty 2 on token 1: 2.0 -> 1.0, so greedy picks token 2 (1.9).
        var s = Sampler(config: GenerationConfig(temperature: 0, repetitionPenalty: 2))
        s.seen = [1, 3]
        #expect(s.next(logits: &logits) == 2)
        #expect(logits[1] == 1.0 && logits[3] == -6)
    }
}
