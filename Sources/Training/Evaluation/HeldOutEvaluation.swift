import Foundation

/// Held-out preference evaluation (issue 12 acceptance): for pairs never trained on, the
/// **summed** log-probs of the chosen and the rejected completion under the policy, over the
/// labels each example keeps (all completion tokens in stage 1; in stage 2 the answer only, from
/// the last `<|/thinking|>` on, when the examples were prepared with `.answerOnly`).
///
/// - preference accuracy: share of pairs with `sum log p(chosen) > sum log p(rejected)`;
/// - per-token accuracy: the same with the mean log-prob per kept token (ORPO's odds use the
///   mean; a long chosen answer against a short rejected one loses the sum by its length alone);
/// - with a reference model, the implicit-reward margin of DPO,
///   `beta * ((pi_c - ref_c) - (pi_r - ref_r))`, averaged over pairs (0 for the reference itself).
///
/// Forward passes only; nothing is updated.
public struct HeldOutReport: Sendable, Codable, Equatable {
    /// Pairs evaluated.
    public var pairs: Int
    /// Share of pairs whose chosen completion is more likely than the rejected one.
    public var accuracy: Double
    /// Share of pairs whose chosen completion has the higher mean log-prob per token.
    public var tokenAccuracy: Double?
    /// Mean summed log-prob of the chosen / rejected completions (nats).
    public var meanChosenLogProb: Double
    public var meanRejectedLogProb: Double
    /// Mean `beta * ((pi_c - ref_c) - (pi_r - ref_r))`; nil without a reference.
    public var margin: Double?

    public init(pairs: Int, accuracy: Double, meanChosenLogProb: Double, meanRejectedLogProb: Double, margin: Double?,
                tokenAccuracy: Double? = nil) {
        self.pairs = pairs; self.accuracy = accuracy; self.tokenAccuracy = tokenAccuracy
        self.meanChosenLogProb = meanChosenLogProb; self.meanRejectedLogProb = meanRejectedLogProb; self.margin = margin
    }
}

public enum HeldOutEvaluation {
    /// Per-pair summed completion log-probs (chosen, rejected) of `model`, one pair at a time.
    public static func logProbs<Model: CausalLanguageModel>(_ model: Model, examples: [TokenizedExample], padID: Int32) throws
        -> [(chosen: Double, rejected: Double)] {
        try both(model, examples: examples, padID: padID).map(\.sum)
    }

    /// Per pair, from one forward pass: the summed and the per-token mean completion log-probs.
    static func both<Model: CausalLanguageModel>(_ model: Model, examples: [TokenizedExample], padID: Int32) throws
        -> [(sum: (chosen: Double, rejected: Double), mean: (chosen: Double, rejected: Double))] {
        try examples.enumerated().map { (i, e) in
            guard e.rejected != nil else {
                throw TrainingError(.invalidData, "held-out example \(i + 1) is not a preference pair")
            }
            let batch = TokenBatch([e], preference: true, padID: padID)
            let logits = model.forward(tokens: batch.tokens, batch: batch.rows, length: batch.length)
            let lp = try TokenLogProbs(logits: logits, targets: batch.targets, rows: batch.rows, length: batch.length,
                                       vocab: model.vocabularySize)
            let sum = SequenceLogProbs.reduce(lp.logProbs, mask: batch.completionMask, rows: batch.rows, length: batch.length, .sum)
            let mean = SequenceLogProbs.reduce(lp.logProbs, mask: batch.completionMask, rows: batch.rows, length: batch.length, .mean)
            return ((sum[0], sum[1]), (mean[0], mean[1]))
        }
    }

    /// The report of `model` on `examples`; with `reference`, the mean DPO reward margin at `beta`.
    public static func evaluate<Model: CausalLanguageModel>(_ model: Model, reference: Model? = nil, beta: Double = 0.1,
                                                          examples: [TokenizedExample], padID: Int32) throws -> HeldOutReport {
        guard !examples.isEmpty else { throw TrainingError(.invalidData, "no held-out pairs to evaluate") }
        let policy = try both(model, examples: examples, padID: padID)
        let ref = try reference.map { try logProbs($0, examples: examples, padID: padID) }
        var r = report(policy: policy.map(\.sum), reference: ref, beta: beta)
        r.tokenAccuracy = Double(policy.filter { $0.mean.chosen > $0.mean.rejected }.count) / Double(policy.count)
        return r
    }

    /// The report from log-probs already computed (`reference` aligned with `policy`).
    public static func report(policy: [(chosen: Double, rejected: Double)], reference: [(chosen: Double, rejected: Double)]?,
                              beta: Double) -> HeldOutReport {
        let n = Double(max(policy.count, 1))
        let accuracy = Double(policy.filter { $0.chosen > $0.rejected }.count) / n
        let margin = reference.map { ref in
            zip(policy, ref).map { p, r in beta * ((p.chosen - r.chosen) - (p.rejected - r.rejected)) }.reduce(0, +) / n
        }
        return HeldOutReport(pairs: policy.count, accuracy: accuracy,
                             meanChosenLogProb: policy.map(\.chosen).reduce(0, +) / n,
                             meanRejectedLogProb: policy.map(\.rejected).reduce(0, +) / n, margin: margin)
    }
}
