import Foundation
import PreflexorTesting
import Testing
@testable import Training

/// Finite-difference checks of every loss, w.r.t. the sequence log-probs and, through
/// log-softmax and the label masks, w.r.t. the logits.
@Suite struct LossGradientTests {
    let chosen = [-0.5, -2.3, -0.05, -4.0]
    let rejected = [-1.2, -0.7, -3.0, -0.01]

    @Test func orpoGradientWrtLogProbs() throws {
        let out = try ORPOLoss.preference(chosen: chosen, rejected: rejected, beta: 0.1)
        let f = { (x: [Double]) throws -> Double in
            try ORPOLoss.preference(chosen: Array(x[..<4]), rejected: Array(x[4...]), beta: 0.1).preferenceLoss
        }
        #expect(try GradientCheck.mismatch("dORPO/dlogp", at: chosen + rejected, analytic: out.dChosen + out.dRejected, f) == nil)
    }

    @Test(arguments: [(DPOLoss.Kind.sigmoid, 0.1, 0.0), (.sigmoid, 0.5, 5e-3), (.exoPair, 0.1, 5e-3), (.exoPair, 0.3, 1e-3),
                      (.ipo, 0.1, 0.0), (.ipo, 0.5, 5e-3)])
    func dpoGradientWrtLogProbs(kind: DPOLoss.Kind, beta: Double, eps: Double) throws {
        let loss = try DPOLoss(kind: kind, beta: beta, labelSmoothing: eps)
        let pc = [-50.0, -12, -30, -7], pr = [-80.0, -10, -31, -20]
        let rc = [-55.0, -11, -29, -9], rr = [-70.0, -12, -30, -15]
        let out = try loss(policyChosen: pc, policyRejected: pr, referenceChosen: rc, referenceRejected: rr)
        let f = { (x: [Double]) throws -> Double in
            try loss(policyChosen: Array(x[..<4]), policyRejected: Array(x[4...]), referenceChosen: rc, referenceRejected: rr).loss
        }
        #expect(try GradientCheck.mismatch("d\(kind)/dlogp", at: pc + pr, analytic: out.dChosen + out.dRejected, f) == nil)
    }

    // Through log-softmax: R = 4 rows (2 pairs), T = 5, V = 7, Double logits.
    static let R = 4, T = 5, V = 7 // shared with FloatKernelTests

    static func logits(seed: UInt64) -> [Double] {
        var rng = TrainingRNG(seed: seed)
        return (0..<(R * T * V)).map { _ in rng.nextUnit() * 4 - 2 }
    }

    /// Targets with a padded tail in row 3, a prompt of 2 positions, and a thinking-masked row.
    static let targets: [Int32] = [
        1, 2, 3, 4, 5,
        6, 0, 1, 2, 3,
        4, 4, 4, 1, 2,
        0, 1, 2, -1, -1,
    ]
    static let completion: [Bool] = [
        false, true, true, true, true,
        false, false, false, true, true, // thinking-masked up to the tag
        false, true, true, true, true,
        false, true, true, false, false,
    ]
    static let nll: [Bool] = targets.map { $0 >= 0 }

    @Test(arguments: ["sft", "orpo", "dpo-sigmoid", "exo-pair", "ipo"])
    func gradientWrtLogits(objectiveName: String) throws {
        let R = Self.R, T = Self.T, V = Self.V
        let objective: TrainingObjective = switch objectiveName {
        case "sft": .sft
        case "orpo": .orpo(beta: 0.1)
        case "dpo-sigmoid": .dpo(try DPOLoss(kind: .sigmoid, beta: 0.5, labelSmoothing: 0.1))
        case "ipo": .dpo(try DPOLoss(kind: .ipo, beta: 0.5, labelSmoothing: 0))
        default: .dpo(try DPOLoss(kind: .exoPair, beta: 0.5, labelSmoothing: 5e-3))
        }
        let reference = (chosen: [-5.0, -4.0], rejected: [-6.0, -3.0])
        func loss(_ x: [Double]) throws -> Double {
            let lp = try TokenLogProbs(logits: x, targets: Self.targets, rows: R, length: T, vocab: V)
            return try objective.evaluate(lp, completionMask: Self.completion, nllMask: Self.nll, reference: reference).loss
        }
        let x = Self.logits(seed: 7)
        let lp = try TokenLogProbs(logits: x, targets: Self.targets, rows: R, length: T, vocab: V)
        let result = try objective.evaluate(lp, completionMask: Self.completion, nllMask: Self.nll, reference: reference)
        let dLogits = lp.gradient(dLogProbs: result.dLogProbs)
        #expect(dLogits.contains { $0 != 0 })
        #expect(try GradientCheck.mismatch("d\(objectiveName)/dlogits", at: x, analytic: dLogits, h: 1e-5, abs: 1e-9, rel: 1e-5, loss) == nil)
    }

    /// The Float kernel used in training agrees with the Double one.
    @Test func floatKernelMatchesDouble() throws {
        let x = Self.logits(seed: 3)
        let d = try TokenLogProbs(logits: x, targets: Self.targets, rows: Self.R, length: Self.T, vocab: Self.V)
        let f = try TokenLogProbs(logits: x.map(Float.init), targets: Self.targets, rows: Self.R, length: Self.T, vocab: Self.V)
        for i in d.logProbs.indices { #expect(abs(d.logProbs[i] - f.logProbs[i]) < 1e-5) }
        #expect(d.logProbs[18] == 0 && d.logProbs[19] == 0) // ignored positions
    }

    @Test func sftLossIsMeanNLL() throws {
        let lp = [-1.0, -2.0, -3.0, -100.0]
        let r = CausalLMLoss.nll(logProbs: lp, mask: [true, true, true, false])
        #expect(abs(r.loss - 2.0) < 1e-15 && r.tokens == 3)
        let third: Double = -1.0 / 3
        let expected: [Double] = [third, third, third, 0]
        #expect(r.dLogProbs == expected)
    }
}

@Suite struct FloatKernelTests {
    /// The vectorised exp used by the Float log-softmax, against libm over its range.
    @Test func fastExpIsAccurate() {
        var worst = 0.0
        var x: Float = -87
        while x < 88 {
            let lanes = SIMD8<Float>((0..<8).map { x + Float($0) * 0.0123 })
            let e = FastExp.exp(lanes)
            for k in 0..<8 {
                let ref = Foundation.exp(Double(lanes[k]))
                worst = max(worst, abs(Double(e[k]) - ref) / ref)
            }
            x += 0.173
        }
        #expect(worst < 5e-7, "worst relative error \(worst)")
    }

    /// Float log-probs and gradients agree with the Double path (odd V exercises the tails).
    @Test func floatGradientMatchesDouble() throws {
        let R = LossGradientTests.R, T = LossGradientTests.T, V = 19
        var rng = TrainingRNG(seed: 5)
        let x = (0..<(R * T * V)).map { _ in rng.nextUnit() * 8 - 4 }
        let targets = LossGradientTests.targets.map { $0 >= 0 ? $0 * 2 : $0 }
        let d = try TokenLogProbs(logits: x, targets: targets, rows: R, length: T, vocab: V)
        let f = try TokenLogProbs(logits: x.map(Float.init), targets: targets, rows: R, length: T, vocab: V)
        #expect(NumericCheck.firstMismatch("logp", actual: f.logProbs, reference: d.logProbs, abs: 1e-6, rel: 1e-5) == nil)
        let g = (0..<(R * T)).map { Double($0 % 3) - 1 }
        let dd = d.gradient(dLogProbs: g), df = f.gradient(dLogProbs: g)
        #expect(NumericCheck.firstMismatch("dlogits", actual: df.map(Double.init), reference: dd, abs: 1e-6, rel: 1e-5) == nil)
        #expect(dd[18 * V ..< 20 * V].allSatisfy { $0 == 0 }) // ignored positions get no gradient
    }
}
