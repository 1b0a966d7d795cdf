import LM
import Testing
@testable import Training

/// The held-out figures of the stage-1/stage-2 loops: accuracy and the DPO reward margin.
@Suite struct HeldOutEvaluationTests {
    @Test func reportFromLogProbs() {
        // beta 0.1: pair 1 z = (-10 + 11) - (-12 + 11) = 2, pair 2 z = (-5 + 4) - (-3 + 6) = -4.
        let r = HeldOutEvaluation.report(policy: [(-10, -12), (-5, -3)], reference: [(-11, -11), (-4, -6)], beta: 0.1)
        #expect(r.pairs == 2)
        #expect(r.accuracy == 0.5)
        #expect(abs(r.margin! - (0.1 * 2 + 0.1 * -4) / 2) < 1e-12)
        #expect(abs(r.meanChosenLogProb - -7.5) < 1e-12 && abs(r.meanRejectedLogProb - -7.5) < 1e-12)
        #expect(HeldOutEvaluation.report(policy: [(-1, -2)], reference: nil, beta: 0.1).margin == nil)
    }

    /// The reference against itself has margin 0; the sums over the thinking labels and over
    /// the answer labels add up to the sum over all completion labels (the mask selects, it
    /// does not reweight).
    @Test func marginIsZeroForTheReferenceAndMasksPartitionTheSum() throws {
        let model = LlamaModel(config: Synthetic.config(), seed: 11)
        let reference = try model.frozenCopy()
        let all = Synthetic.pairs(6, seed: 4, conflictingThinking: true, masking: .none)
        let answer = Synthetic.pairs(6, seed: 4, conflictingThinking: true, masking: .answerOnly)
        let thinking = answer.map { e in
            TokenizedExample(prompt: e.prompt, chosen: e.chosen, rejected: e.rejected,
                             chosenLabels: e.chosenLabels.map { !$0 }, rejectedLabels: e.rejectedLabels?.map { !$0 })
        }
        let self_ = try HeldOutEvaluation.evaluate(model, reference: reference, beta: 0.5, examples: answer, padID: 0)
        #expect(abs(self_.margin!) < 1e-9)
        let a = try HeldOutEvaluation.logProbs(model, examples: answer, padID: 0)
        let t = try HeldOutEvaluation.logProbs(model, examples: thinking, padID: 0)
        let w = try HeldOutEvaluation.logProbs(model, examples: all, padID: 0)
        for i in 0..<6 {
            #expect(abs(a[i].chosen + t[i].chosen - w[i].chosen) < 1e-6 * max(1, abs(w[i].chosen)))
            #expect(abs(a[i].rejected + t[i].rejected - w[i].rejected) < 1e-6 * max(1, abs(w[i].rejected)))
            #expect(a[i].chosen < 0 && t[i].chosen < 0) // both parts hold labels
        }
        #expect(throws: TrainingError.self) { try HeldOutEvaluation.evaluate(model, examples: [], padID: 0) }
    }
}
