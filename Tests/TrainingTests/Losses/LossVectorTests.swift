import Foundation
import Testing
@testable import Training

/// The test vectors of method.md section 4, to 1e-6.
@Suite struct LossVectorTests {
    @Test func orpoVector() throws {
        let x = ORPOLoss.logOdds(chosen: -0.5, rejected: -1.2)
        #expect(abs(x - 1.274370) < 1e-6)
        #expect(abs(StableMath.logSigmoid(x) - (-0.246553)) < 1e-6)
        let out = try ORPOLoss.preference(chosen: [-0.5], rejected: [-1.2], beta: 0.1)
        #expect(abs(2.0 + out.preferenceLoss - 2.024655) < 1e-6)
        #expect(abs(out.chosenRewards[0] - (-0.05)) < 1e-12)
    }

    /// pi_c=-50, pi_r=-80, ref_c=-55, ref_r=-70 (z = 15).
    @Test(arguments: [
        (DPOLoss.Kind.sigmoid, 0.1, 0.0, 0.201413),
        (.exoPair, 0.1, 1e-3, 0.785917), // method.md: eps = 0 is replaced by 1e-3 (TRL 0.11)
        (.sigmoid, 0.1, 5e-3, 0.208913),
        (.exoPair, 0.1, 5e-3, 0.495595),
        (.sigmoid, 0.5, 5e-3, 0.038053),
        (.exoPair, 0.5, 5e-3, 0.003240),
    ])
    func dpoVectors(kind: DPOLoss.Kind, beta: Double, eps: Double, expected: Double) throws {
        let loss = try DPOLoss(kind: kind, beta: beta, labelSmoothing: eps)
        let out = try loss(policyChosen: [-50], policyRejected: [-80], referenceChosen: [-55], referenceRejected: [-70])
        #expect(abs(out.loss - expected) < 1e-6, "\(kind) beta \(beta) eps \(eps): \(out.loss)")
        #expect(abs(out.chosenRewards[0] - beta * 5) < 1e-12)
        #expect(abs(out.rejectedRewards[0] - beta * -10) < 1e-12)
    }

    /// IPO, TRL's `(logits - 1 / (2 * beta)) ** 2` with logits = z = 15 (label smoothing unused).
    @Test(arguments: [(0.1, 0.0, 100.0), (0.5, 5e-3, 196.0)])
    func ipoVectors(beta: Double, eps: Double, expected: Double) throws {
        let loss = try DPOLoss(kind: .ipo, beta: beta, labelSmoothing: eps)
        let out = try loss(policyChosen: [-50], policyRejected: [-80], referenceChosen: [-55], referenceRejected: [-70])
        #expect(abs(out.loss - expected) < 1e-9, "ipo beta \(beta): \(out.loss)")
        // dL/dpi_c = 2 (z - 1/(2 beta)); dL/dpi_r its negative.
        #expect(abs(out.dChosen[0] - 2 * (15 - 1 / (2 * beta))) < 1e-9 && abs(out.dRejected[0] + out.dChosen[0]) < 1e-12)
    }

    /// IPO inside the objective uses token-averaged log-probs (TRL `average_log_prob` for ipo).
    /// Values from an independent Python computation (log-softmax, masked means, the formula):
    /// pi_c = -0.36762947, pi_r = -1.39128695, ref = (-1.5, -0.9), z = 1.62365748.
    @Test(arguments: [(0.1, 11.399688823814822), (0.5, 0.38894865024407616)])
    func ipoObjectiveAveragesTokens(beta: Double, expected: Double) throws {
        let logits: [Double] = [0.5, -1.0, 2.0, 1.5, 0.2, -0.3, 0.0, 0.7, -1.2,
                                -0.4, 1.1, 0.3, 2.2, -0.6, 0.1, 0.9, 0.9, -2.0]
        let lp = try TokenLogProbs(logits: logits, targets: [2, 0, 1, 1, 2, -1], rows: 2, length: 3, vocab: 3)
        let objective = TrainingObjective.dpo(try DPOLoss(kind: .ipo, beta: beta, labelSmoothing: 0))
        #expect(objective.reduction == .mean)
        let mask = [true, true, true, true, true, false]
        let r = try objective.evaluate(lp, completionMask: mask, nllMask: mask, reference: ([-1.5], [-0.9]))
        #expect(abs(r.loss - expected) < 1e-9, "ipo objective beta \(beta): \(r.loss)")
        let sum = TrainingObjective.dpo(try DPOLoss(kind: .sigmoid, beta: beta, labelSmoothing: 0))
        #expect(sum.reduction == .sum)
    }

    @Test func exoPairWithoutSmoothingFailsAtConstruction() {
        #expect {
            _ = try DPOLoss(kind: .exoPair, beta: 0.1, labelSmoothing: 0)
        } throws: { error in
            let e = error as! TrainingError
            return e.code == .invalidConfiguration && e.message.contains("greater than 0.0") && e.message.contains("1e-3")
        }
        #expect(throws: TrainingError.self) { try DPOLoss(kind: .sigmoid, beta: 0, labelSmoothing: 0) }
        #expect(throws: TrainingError.self) { try DPOLoss(kind: .sigmoid, beta: 0.1, labelSmoothing: 0.5) }
    }

    @Test func stablePrimitives() {
        // log1mexp: near 0 the naive log1p(-exp(x)) loses all digits; far below it must not underflow.
        #expect(abs(StableMath.log1mexp(-1e-10) - log(1e-10)) < 1e-6)
        #expect(abs(StableMath.log1mexp(-40) / -exp(-40.0) - 1) < 1e-12)
        #expect(abs(StableMath.log1mexp(-M_LN2) - log(0.5)) < 1e-15)
        // log_sigmoid via softplus stays finite where log(sigmoid(x)) would be -inf.
        #expect(StableMath.logSigmoid(-1000) == -1000)
        #expect(abs(StableMath.logSigmoid(40) + exp(-40.0)) < 1e-25)
        #expect(StableMath.sigmoid(-1000) == 0 && StableMath.sigmoid(1000) == 1)
    }
}
