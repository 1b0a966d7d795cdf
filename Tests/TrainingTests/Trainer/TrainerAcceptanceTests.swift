import Foundation
import LM
import Testing
@testable import Training

/// The acceptance points, on a 2-layer, 16-wide Llama (debug build, seconds).
@Suite struct TrainerAcceptanceTests {
    @Test func sftLossFallsSteadily() throws {
        let model = LlamaModel(config: Synthetic.config(), seed: 1)
        var config = TrainerConfig(method: .sft)
        config.learningRate = 3e-3
        config.batchSize = 8
        config.gradientAccumulation = 1
        config.maxSteps = 60
        let trainer = try Trainer(config: config, model: model, examples: Synthetic.texts(64, seed: 3))
        let losses = try trainer.run().map(\.loss)
        // Means over windows of 10 steps must fall window after window.
        let windows = stride(from: 0, to: losses.count, by: 10).map { i in losses[i..<(i + 10)].reduce(0, +) / 10 }
        for (a, b) in zip(windows, windows.dropFirst()) {
            #expect(b < a, "window means \(windows)")
        }
        #expect(windows.last! < 0.6 * windows.first!, "window means \(windows)")
    }

    @Test func orpoReachesPreferenceAccuracyOnHeldOutPairs() throws {
        let model = LlamaModel(config: Synthetic.config(), seed: 2)
        var config = TrainerConfig(method: .orpo)
        config.learningRate = 3e-3
        config.batchSize = 4
        config.maxSteps = 40
        let trainer = try Trainer(config: config, model: model, examples: Synthetic.pairs(64, seed: 5))
        let before = try trainer.evaluate(Synthetic.pairs(40, seed: 99))
        try trainer.run()
        let after = try trainer.evaluate(Synthetic.pairs(40, seed: 99))
        #expect(after.accuracy! >= 0.95, "held-out accuracy \(after.accuracy!) (before training \(before.accuracy!))")
    }

    /// Stage 2's thinking mask, tested so that it matters: the training pairs' thinking blocks
    /// pull the other way and outweigh their answers (`Synthetic.pairs(conflictingThinking:)`:
    /// the chosen thinking is 12 bad tokens, the rejected thinking 12 good ones). With the
    /// answer-only mask DPO learns the answers (held-out answer-only accuracy >= 95%) and leaves
    /// the thinking free: the held-out **thinking-only** reward margin
    /// `beta * ((pi_c - ref_c) - (pi_r - ref_r))` over the labels before `<|/thinking|>` does not
    /// grow (the loss never sees them). Trained without the mask, the same run drives that
    /// margin up, so this test fails when the mask is dropped (the second arm shows it does).
    @Test(arguments: [DPOLoss.Kind.sigmoid, .exoPair, .ipo])
    func dpoLearnsTheAnswerOnlyWithThinkingMasked(kind: DPOLoss.Kind) throws {
        let beta = 0.1
        func heldOut(trainedWith masking: ThinkingMasking) throws -> (answerAccuracy: Double, thinkingMargin: Double) {
            let model = LlamaModel(config: Synthetic.config(), seed: 3)
            let reference = try model.frozenCopy()
            var config = TrainerConfig(method: .dpo)
            config.dpoLossType = kind
            config.beta = beta
            config.labelSmoothing = kind == .exoPair ? 5e-3 : 0
            config.learningRate = 3e-3
            config.batchSize = 4
            config.maxSteps = 40
            let data = Synthetic.pairs(64, seed: 6, conflictingThinking: true, masking: masking)
            let trainer = try Trainer(config: config, model: model, reference: reference, examples: data)
            try trainer.run()
            #expect(trainer.referenceCache.count == 64) // each example's reference log-probs computed once
            let answers = Synthetic.pairs(40, seed: 98, conflictingThinking: true, masking: .answerOnly)
            let thinking = answers.map { e in
                TokenizedExample(prompt: e.prompt, chosen: e.chosen, rejected: e.rejected,
                                 chosenLabels: e.chosenLabels.map { !$0 }, rejectedLabels: e.rejectedLabels?.map { !$0 })
            }
            let accuracy = try trainer.evaluate(answers).accuracy!
            let margin = try HeldOutEvaluation.evaluate(model, reference: reference, beta: beta, examples: thinking, padID: 0).margin!
            return (accuracy, margin)
        }
        let masked = try heldOut(trainedWith: .answerOnly)
        let unmasked = try heldOut(trainedWith: .none)
        #expect(masked.answerAccuracy >= 0.95, "\(kind) held-out answer accuracy with the thinking masked: \(masked.answerAccuracy)")
        #expect(masked.thinkingMargin <= 0.05, "\(kind) thinking-only margin with the mask: \(masked.thinkingMargin) (without: \(unmasked.thinkingMargin))")
        #expect(unmasked.thinkingMargin > masked.thinkingMargin + 0.2,
                "\(kind) thinking-only margin without the mask \(unmasked.thinkingMargin), with it \(masked.thinkingMargin)")
    }

    /// TRL's test: after a few steps every trainable parameter has changed.
    @Test(arguments: ["sft", "orpo", "dpo", "dpo-lora"])
    func everyTrainableParameterChanges(method: String) throws {
        let model = LlamaModel(config: Synthetic.config(), seed: 4)
        let reference = try model.frozenCopy()
        if method == "dpo-lora" {
            model.enableLoRA(rank: 4, alpha: 4, targets: LlamaModel.allLoRATargets, includeEmbeddings: true, seed: 9)
        }
        var config = TrainerConfig(method: method == "sft" ? .sft : method == "orpo" ? .orpo : .dpo)
        config.learningRate = 1e-2
        config.maxSteps = 3
        let data = method == "sft" ? Synthetic.texts(8, seed: 1) : Synthetic.pairs(8, seed: 1)
        let before = Dictionary(uniqueKeysWithValues: model.parameters.map { ($0.name, $0.value) })
        let trainer = try Trainer(config: config, model: model, reference: reference, examples: data)
        try trainer.run()
        for p in model.parameters {
            let changed = p.value != before[p.name]!
            if p.trainable {
                #expect(changed, "trainable parameter \(p.name) did not change")
            } else {
                #expect(!changed, "frozen parameter \(p.name) changed")
            }
        }
        #expect(model.parameters.contains { !$0.trainable } == (method == "dpo-lora"))
        #expect(reference.parameters.allSatisfy { $0.value == before[$0.name]! }, "the reference model changed")
    }
}
