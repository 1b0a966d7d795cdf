import Foundation
import PreflexorTesting
import Testing
@testable import Training

/// AdamW, clipping and schedules against PyTorch / Hugging Face numbers
/// (`Tests/Fixtures/Training/optimizer_reference.json`, written by make_reference.py).
@Suite struct OptimizerReferenceTests {
    struct Reference: Decodable {
        struct Step: Decodable { var grad_norm: Double; var values: [String: [Float]] }
        struct Schedules: Decodable { var peak: Double; var warmup: Int; var total: Int; var rates: [String: [Double]] }
        var lr: Double; var weight_decay: Double; var max_grad_norm: Double
        var grads: [[String: [Float]]]; var steps: [Step]; var initial: [String: [Float]]; var schedules: Schedules
    }

    let ref: Reference = try! JSONDecoder().decode(Reference.self, from: Fixtures.data("Training", "optimizer_reference.json"))

    @Test func adamWWithClippingMatchesPyTorch() throws {
        var adam = AdamW(settings: try AdamW.Settings(weightDecay: ref.weight_decay))
        var values = ref.initial
        let names = ["w", "model.norm.weight"]
        for (k, g) in ref.grads.enumerated() {
            var grads = g
            let norm = GradientClipping.globalNorm(names.map { grads[$0]! })
            #expect(abs(norm - ref.steps[k].grad_norm) < 1e-6 * norm)
            let coef = GradientClipping.coefficient(norm: norm, maxNorm: ref.max_grad_norm)
            adam.beginStep()
            for n in names {
                GradientClipping.scale(&grads[n]!, by: coef)
                adam.update(name: n, value: &values[n]!, grad: grads[n]!, lr: ref.lr)
                let m = NumericCheck.firstMismatch("step \(k + 1) \(n)", actual: values[n]!, reference: ref.steps[k].values[n]!, abs: 1e-7, rel: 1e-6)
                #expect(m == nil, "\(m ?? "")")
            }
        }
        #expect(adam.step == 3)
    }

    @Test(arguments: LearningRateSchedule.Kind.allCases)
    func scheduleMatchesHuggingFace(kind: LearningRateSchedule.Kind) throws {
        let s = try LearningRateSchedule(kind: kind, peak: ref.schedules.peak, warmupSteps: ref.schedules.warmup, totalSteps: ref.schedules.total)
        let expected = ref.schedules.rates[kind.rawValue]!
        for step in 0..<ref.schedules.total {
            #expect(abs(s.rate(at: step) - expected[step]) < 1e-15, "\(kind) step \(step)")
        }
    }

    @Test func badSettingsFailWithTheFix() {
        #expect(throws: TrainingError.self) { try AdamW.Settings(beta1: 1) }
        #expect(throws: TrainingError.self) { try LearningRateSchedule(kind: .cosine, peak: 0, totalSteps: 10) }
        var c = TrainerConfig(method: .dpo)
        c.labelSmoothing = 0
        #expect { try c.validate() } throws: { ($0 as? TrainingError)?.message.contains("exo_pair") == true }
        c = TrainerConfig(method: .orpo)
        c.gradientAccumulation = 0
        #expect(throws: TrainingError.self) { try c.validate() }
        c = TrainerConfig(method: .sft)
        c.thinkingMasking = .randomPartial(fraction: 1.5)
        #expect(throws: TrainingError.self) { try c.validate() }
    }

    @Test func rngIsDeterministicAndRestorable() throws {
        var a = TrainingRNG(seed: 7)
        _ = (0..<5).map { _ in a.next() }
        let saved = try JSONEncoder().encode(a)
        var b = try JSONDecoder().decode(TrainingRNG.self, from: saved)
        #expect((0..<10).map { _ in a.next() } == (0..<10).map { _ in b.next() })
        var c = TrainingRNG(seed: 8)
        #expect(TrainingRNG(seed: 7).state != c.state && c.next() != TrainingRNG(seed: 7).state[0])
    }
}
