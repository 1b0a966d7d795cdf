@testable import LM
import Testing

/// Whole-model gradient checks in Double: every trainable parameter of a tiny Llama
/// (GQA, 2 layers), tied and untied, with and without LoRA everywhere.
@Suite struct ModelGradientTests {
    static func tinyConfig(tied: Bool) -> LlamaConfig {
        LlamaConfig(vocabSize: 11, hiddenSize: 8, intermediateSize: 12, numHiddenLayers: 2, numAttentionHeads: 4,
                    numKeyValueHeads: 2, maxPositionEmbeddings: 8, tieWordEmbeddings: tied)
    }

    /// Runs forward + backward with loss sum(logits * r) and checks every trainable parameter.
    static func check(_ net: LlamaNetwork<Double>) -> [String] {
        let B = 2, T = 3
        let tokens: [Int32] = [1, 5, 10, 3, 3, 0]
        let r = GradCheck.random(B * T * net.config.vocabSize, seed: 42)
        func loss() -> Double { zip(net.forward(tokens: tokens, B: B, T: T), r).reduce(0) { $0 + $1.0 * $1.1 } }
        net.zeroGrad()
        _ = net.forward(tokens: tokens, B: B, T: T)
        net.backward(dLogits: r)
        // Scale the weights up from 0.02 so the check exercises non-trivial curvature.
        return GradCheck.checkParameters(net.parameters, loss: loss)
    }

    static func scaled(_ net: LlamaNetwork<Double>) -> LlamaNetwork<Double> {
        for p in net.baseParameters where p.shape.count == 2 { p.value = p.value.map { $0 * 20 } }
        for (i, p) in net.baseParameters.enumerated() where p.shape.count == 1 {
            p.value = GradCheck.random(p.count, seed: UInt64(100 + i)).map { 1 + 0.3 * $0 }
        }
        return net
    }

    @Test(arguments: [true, false])
    func wholeModel(tied: Bool) throws {
        let net = Self.scaled(try LlamaNetwork<Double>(config: Self.tinyConfig(tied: tied), seed: 7))
        let failures = Self.check(net)
        #expect(failures.isEmpty, "\(failures)")
        #expect(net.parameters.count == 1 + 2 * 9 + 1 + (tied ? 0 : 1))
    }

    @Test(arguments: [true, false])
    func wholeModelWithLoRAEverywhere(tied: Bool) throws {
        let net = Self.scaled(try LlamaNetwork<Double>(config: Self.tinyConfig(tied: tied), seed: 8))
        net.enableLoRA(rank: 2, alpha: 4, targets: LlamaNetwork<Double>.loraTargetNames, includeEmbeddings: true, seed: 9)
        // B (and embedding A) start at zero; randomise every adapter so all gradient paths are live.
        for (i, p) in net.parameters.enumerated() where p.trainable {
            p.value = GradCheck.random(p.count, seed: UInt64(200 + i), scale: 0.5)
        }
        #expect(net.baseParameters.allSatisfy { !$0.trainable })
        let failures = Self.check(net)
        #expect(failures.isEmpty, "\(failures)")
        // Frozen base weights receive no gradient.
        for p in net.baseParameters { #expect(p.grad.allSatisfy { $0 == 0 }, "\(p.name) got a gradient while frozen") }
    }
}
