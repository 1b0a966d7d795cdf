@testable import LM
import Foundation
import PreflexorTesting
import Testing

/// The fp32 public model: shapes, parameter names, LoRA start/merge invariants, Float vs Double.
@Suite struct LlamaModelTests {
    static let config = LlamaConfig(vocabSize: 37, hiddenSize: 16, intermediateSize: 24, numHiddenLayers: 2,
                                    numAttentionHeads: 4, numKeyValueHeads: 2, maxPositionEmbeddings: 16)
    static let tokens: [Int32] = [1, 2, 3, 4, 5, 36, 0, 7, 7, 9]

    @Test func defaultConfigIsTrainableSize() {
        let model = LlamaModel(config: LlamaConfig(), seed: 1)
        #expect((10_000_000...30_000_000).contains(model.parameterCount), "\(model.parameterCount) parameters")
        #expect(model.config.maxPositionEmbeddings >= 256)
    }

    @Test func parameterNamesFollowHuggingFace() {
        let model = LlamaModel(config: Self.config, seed: 1)
        let names = model.parameters.map(\.name)
        #expect(names.first == "model.embed_tokens.weight")
        #expect(names.contains("model.layers.1.self_attn.k_proj.weight"))
        #expect(names.contains("model.layers.0.mlp.down_proj.weight"))
        #expect(names.last == "model.norm.weight")   // tied: no lm_head.weight
        let k = model.parameters.first { $0.name == "model.layers.0.self_attn.k_proj.weight" }!
        #expect(k.shape == [8, 16])                   // G*D = 2*4 rows, C columns
    }

    @Test func floatMatchesDouble() throws {
        let model = LlamaModel(config: Self.config, seed: 3)
        let dnet = try LlamaNetwork<Double>(config: Self.config, seed: 3)
        let lf = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        let ld = dnet.forward(tokens: Self.tokens, B: 2, T: 5)
        #expect(NumericCheck.firstMismatch("logits", actual: lf.map(Double.init), reference: ld, abs: 1e-5, rel: 1e-4) == nil)
        // Batch rows are independent: row 1 alone gives the same logits as in the batch.
        let single = model.forward(tokens: Array(Self.tokens[5...]), batch: 1, length: 5)
        #expect(NumericCheck.firstMismatch("row1", actual: single, reference: Array(lf[(5 * 37)...]), abs: 1e-5, rel: 1e-4) == nil)
    }

    @Test func loraStartsAtBaseAndMergePreservesLogits() {
        let model = LlamaModel(config: Self.config, seed: 4)
        let base = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        model.enableLoRA(rank: 4, alpha: 8, targets: LlamaModel.allLoRATargets, includeEmbeddings: true, seed: 5)
        #expect(model.parameters.filter(\.trainable).allSatisfy { $0.name.contains("lora") })
        #expect(model.parameters.filter(\.trainable).count == 2 * 7 * 2 + 2)
        let start = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        #expect(NumericCheck.firstMismatch("lora start", actual: start, reference: base, abs: 1e-6, rel: 1e-5) == nil)
        // Move every adapter, then merging must reproduce the adapted logits.
        var rng = SeededGenerator(seed: 6)
        for p in model.parameters where p.trainable { for i in 0..<p.count { p.value[i] = Float(0.05 * rng.nextNormal()) } }
        let adapted = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        #expect(NumericCheck.firstMismatch("adapted vs base", actual: adapted, reference: base, abs: 1e-6, rel: 1e-5) != nil)
        model.mergeLoRA()
        #expect(model.parameters.allSatisfy { $0.trainable && !$0.name.contains("lora") })
        let merged = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        #expect(NumericCheck.firstMismatch("merged", actual: merged, reference: adapted, abs: 1e-5, rel: 1e-4) == nil)
    }

    @Test func backwardAccumulatesAndZeroGradClears() {
        let model = LlamaModel(config: Self.config, seed: 7)
        let logits = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        let dLogits = logits.map { $0 * 0.1 }
        model.backward(dLogits: dLogits)
        let once = model.parameters[1].grad
        _ = model.forward(tokens: Self.tokens, batch: 2, length: 5)
        model.backward(dLogits: dLogits)
        let twice = model.parameters[1].grad
        #expect(NumericCheck.firstMismatch("accumulated", actual: twice, reference: once.map { 2 * $0 }, abs: 1e-7, rel: 1e-4) == nil)
        model.zeroGrad()
        #expect(model.parameters.allSatisfy { $0.grad.allSatisfy { $0 == 0 } })
    }
}
