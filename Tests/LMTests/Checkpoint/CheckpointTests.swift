@testable import LM
import Foundation
import PreflexorTesting
import Testing

/// Hugging Face checkpoints both ways. The reference side is `scripts/lm_reference.py`:
/// it made `hf-tiny/` with transformers and checks that transformers loads `preflexor-tiny/`
/// (recorded here) with the same logits.
@Suite struct CheckpointTests {
    struct Logits: Codable {
        var input_ids: [[Int32]]
        var vocab_size: Int
        var logits: [Double]
    }

    static func tempDir() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-ckpt-\(UUID().uuidString)")
    }

    static func forward(_ model: LlamaModel, _ ids: [[Int32]]) -> [Float] {
        model.forward(tokens: ids.flatMap { $0 }, batch: ids.count, length: ids[0].count)
    }

    @Test func transformersCheckpointLoadsWithSameLogits() throws {
        let model = try LlamaCheckpoint.load(from: Fixtures.url("LM", "hf-tiny"))
        let c = model.config
        #expect(c.ropeTheta == 500000 && c.rmsNormEps == 1e-6 && !c.tieWordEmbeddings && c.numKeyValueHeads == 2)
        #expect(c.bosTokenId == 1 && c.eosTokenId == 2 && c.padTokenId == 0)
        let ref = try JSONDecoder().decode(Logits.self, from: Fixtures.data("LM", "hf-tiny-logits.json"))
        let got = Self.forward(model, ref.input_ids)
        let worst = zip(got, ref.logits).map { abs(Double($0) - $1) }.max() ?? 0
        print("preflexor loads hf-tiny: max abs logit difference from transformers \(worst)")
        #expect(NumericCheck.firstMismatch("hf-tiny logits", actual: got.map(Double.init), reference: ref.logits, abs: 1e-4, rel: 0) == nil)
        // The KV-cache path gives the same last-position logits.
        let V = ref.vocab_size, T = ref.input_ids[0].count
        let last = model.nextTokenLogits(ref.input_ids[1])
        let refLast = Array(ref.logits[((2 * T - 1) * V)..<(2 * T * V)])
        #expect(NumericCheck.firstMismatch("hf-tiny next-token logits", actual: last.map(Double.init), reference: refLast, abs: 1e-4, rel: 0) == nil)
    }

    /// The model whose checkpoint `preflexor-tiny/` is: seeded, with weights scaled up and
    /// random norms so that every tensor matters to the logits.
    static func preflexorTiny() -> LlamaModel {
        let config = LlamaConfig(vocabSize: 64, hiddenSize: 32, intermediateSize: 48, numHiddenLayers: 2, numAttentionHeads: 4,
                                 numKeyValueHeads: 2, maxPositionEmbeddings: 32, tieWordEmbeddings: true,
                                 bosTokenId: 1, eosTokenId: 2, padTokenId: 0)
        let model = LlamaModel(config: config, seed: 2026)
        var rng = SeededGenerator(seed: 7)
        for p in model.parameters {
            if p.shape.count == 1 {
                for i in 0..<p.count { p.value[i] = Float(1 + 0.3 * rng.nextNormal()) }
            } else {
                p.value = p.value.map { $0 * 10 }
            }
        }
        return model
    }

    static let preflexorInput: [[Int32]] = [[3, 7, 11, 2, 63, 0, 5], [9, 9, 1, 30, 31, 32, 60]]

    @Test func preflexorCheckpointIsGolden() throws {
        let model = Self.preflexorTiny()
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        try LlamaCheckpoint.save(model, to: dir, generation: .greedy(maxNewTokens: 16, stopTokens: [2]))
        let logits = Self.forward(model, Self.preflexorInput)
        let fixture = Fixtures.url("LM", "preflexor-tiny")
        let logitsURL = Fixtures.url("LM", "preflexor-tiny-logits.json")
        let files = [LlamaCheckpoint.configFile, LlamaCheckpoint.weightsFile, LlamaCheckpoint.generationConfigFile]
        if Fixtures.recording {
            try? FileManager.default.removeItem(at: fixture)
            try FileManager.default.copyItem(at: dir, to: fixture)
            let rec = Logits(input_ids: Self.preflexorInput, vocab_size: 64, logits: logits.map(Double.init))
            try JSONEncoder().encode(rec).write(to: logitsURL)
            Issue.record("recorded \(fixture.path) and \(logitsURL.path); now run scripts/lm_reference.py")
            return
        }
        for f in files {
            let written = try Data(contentsOf: dir.appendingPathComponent(f))
            let golden = try Data(contentsOf: fixture.appendingPathComponent(f))
            #expect(written == golden, "\(f) differs from Tests/Fixtures/LM/preflexor-tiny (re-record with PREFLEXOR_RECORD=1)")
        }
        let ref = try JSONDecoder().decode(Logits.self, from: Data(contentsOf: logitsURL))
        #expect(NumericCheck.firstMismatch("preflexor-tiny logits", actual: logits.map(Double.init), reference: ref.logits, abs: 1e-5, rel: 0) == nil)
        // Loading our own checkpoint reproduces the logits exactly.
        let loaded = try LlamaCheckpoint.load(from: fixture)
        #expect(Self.forward(loaded, Self.preflexorInput) == logits)
    }

    @Test func roundTripWithTokenizerGenerationConfigAndMergedLoRA() throws {
        let config = LlamaConfig(vocabSize: 40, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 1, numAttentionHeads: 2,
                                 numKeyValueHeads: 1, maxPositionEmbeddings: 16, tieWordEmbeddings: false, eosTokenId: 3)
        let model = LlamaModel(config: config, seed: 5)
        model.enableLoRA(rank: 2, alpha: 2, targets: ["q_proj", "down_proj"], includeEmbeddings: true, seed: 6)
        for p in model.parameters where p.trainable { p.value = p.value.map { _ in 0.01 } }
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: LMError.self) { try LlamaCheckpoint.save(model, to: dir) }
        model.mergeLoRA()
        let tokenizer = try BPETokenizer.load(tokenizerJSON: Fixtures.url("LM", "tokenizer/swift-bpe.tokenizer.json"))
        let gen = GenerationConfig(maxNewTokens: 9, temperature: 0.7, topK: 5, topP: 0.9, repetitionPenalty: 1.1, seed: 4, stopTokens: [7])
        try LlamaCheckpoint.save(model, to: dir, tokenizer: tokenizer, generation: gen)
        let loaded = try LlamaCheckpoint.load(from: dir)
        #expect(loaded.config == model.config)
        #expect(loaded.parameters.map(\.name) == model.parameters.map(\.name))
        for (a, b) in zip(loaded.parameters, model.parameters) { #expect(a.value == b.value, "\(a.name)") }
        let tok = try #require(try LlamaCheckpoint.loadTokenizer(from: dir))
        #expect(tok.encode("Nacre is a <|thinking|> composite") == tokenizer.encode("Nacre is a <|thinking|> composite"))
        let g = try #require(try LlamaCheckpoint.loadGenerationConfig(from: dir))
        #expect(g.maxNewTokens == 9 && g.topK == 5 && g.seed == 4 && g.stopTokens == [3, 7])
        #expect(abs(g.temperature - 0.7) < 1e-6 && abs(g.topP - 0.9) < 1e-6 && abs(g.repetitionPenalty - 1.1) < 1e-6)
    }

    @Test func errorsNameTheProblem() throws {
        let dir = Self.tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = #expect(throws: LMError.self) { try LlamaCheckpoint.load(from: dir) }
        #expect(missing?.code == .checkpointMissingFile)
        // A checkpoint whose weights lack a tensor.
        let model = LlamaModel(config: LlamaConfig(vocabSize: 8, hiddenSize: 8, intermediateSize: 8, numHiddenLayers: 1,
                                                   numAttentionHeads: 2, numKeyValueHeads: 2, maxPositionEmbeddings: 8), seed: 1)
        try LlamaCheckpoint.save(model, to: dir)
        var cfg = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent("config.json"))) as! [String: Any]
        cfg["num_hidden_layers"] = 2
        try JSONSerialization.data(withJSONObject: cfg).write(to: dir.appendingPathComponent("config.json"))
        let bad = #expect(throws: LMError.self) { try LlamaCheckpoint.load(from: dir) }
        #expect(bad?.code == .checkpointBadTensor && bad?.message.contains("model.layers.1.") == true)
        cfg["rope_scaling"] = ["rope_type": "llama3", "factor": 8.0]
        try JSONSerialization.data(withJSONObject: cfg).write(to: dir.appendingPathComponent("config.json"))
        let scaled = #expect(throws: LMError.self) { try LlamaCheckpoint.load(from: dir) }
        #expect(scaled?.code == .invalidConfig)
    }
}
