/// What a training run optimises: one of the three losses, applied to a batch's token
/// log-probs. This is the only place the losses meet the label masks.
///
/// Row layout: SFT batches have N rows; preference batches have 2N rows, the chosen answers
/// in rows `0..<N` and the rejected answers in rows `N..<2N` (TRL's `concatenated_forward`).
public enum TrainingObjective: Sendable, Equatable {
    /// Causal-LM NLL over the label mask.
    case sft
    /// ORPO with weight `beta` (lambda).
    case orpo(beta: Double)
    /// DPO sigmoid or EXO pair against a frozen reference model.
    case dpo(DPOLoss)

    /// True for ORPO and DPO, which need (chosen, rejected) pairs.
    public var isPreference: Bool { self != .sft }

    /// True when the objective needs reference-model log-probs (DPO/EXO).
    public var needsReference: Bool { if case .dpo = self { return true } else { return false } }

    /// How completion log-probs are reduced per sequence: mean for ORPO and IPO, sum for
    /// SFT, DPO sigmoid and EXO.
    public var reduction: SequenceLogProbs.Reduction {
        switch self {
        case .sft: return .sum
        case .orpo: return .mean
        case .dpo(let d): return d.kind.reduction
        }
    }

    /// The loss of one batch, its gradient w.r.t. every position's log-prob, and metrics.
    public struct Result: Sendable {
        /// The total loss (nats).
        public var loss: Double
        /// `d loss / d logProbs`, [R*T].
        public var dLogProbs: [Double]
        /// The metrics (rewards, accuracy, log-odds or margin).
        public var metrics: StepMetrics.LossTerms
    }

    /// Evaluates the objective.
    /// - Parameters:
    ///   - logProbs: per-position log-probs of all rows.
    ///   - completionMask: [R*T] labels in the preference term (completion only, thinking-masked).
    ///   - nllMask: [R*T] labels in the NLL term (SFT: the label mask; ORPO: the whole chosen
    ///     sequence, prompt included, as TRL 0.11).
    ///   - reference: completion log-probs of the reference model reduced as `reduction`, each [N]
    ///     (DPO only).
    public func evaluate<F>(
        _ logProbs: TokenLogProbs<F>, completionMask: [Bool], nllMask: [Bool],
        reference: (chosen: [Double], rejected: [Double])? = nil
    ) throws -> Result {
        let R = logProbs.rows, T = logProbs.length
        guard completionMask.count == R * T, nllMask.count == R * T else {
            throw TrainingError(.shapeMismatch, "masks must have R*T = \(R * T) entries (got \(completionMask.count), \(nllMask.count))")
        }
        switch self {
        case .sft:
            let (loss, d, _) = CausalLMLoss.nll(logProbs: logProbs.logProbs, mask: nllMask)
            return Result(loss: loss, dLogProbs: d, metrics: .init(nll: loss))
        case .orpo(let beta):
            let n = try pairs(R)
            // NLL over the chosen rows only: the rejected half of the mask is cleared.
            let chosenNLLMask = nllMask.indices.map { $0 < n * T && nllMask[$0] }
            var (nll, d, _) = CausalLMLoss.nll(logProbs: logProbs.logProbs, mask: chosenNLLMask)
            let seq = SequenceLogProbs.reduce(logProbs.logProbs, mask: completionMask, rows: R, length: T, .mean)
            let pref = try ORPOLoss.preference(chosen: Array(seq[..<n]), rejected: Array(seq[n...]), beta: beta)
            SequenceLogProbs.backward(dSeq: pref.dChosen + pref.dRejected, mask: completionMask, rows: R, length: T, .mean, into: &d)
            let terms = StepMetrics.LossTerms(
                nll: nll, logOdds: mean(pref.logOdds), logOddsRatio: mean(pref.logSigmoidLogOdds),
                chosenReward: mean(pref.chosenRewards), rejectedReward: mean(pref.rejectedRewards),
                accuracy: accuracy(pref.chosenRewards, pref.rejectedRewards))
            return Result(loss: nll + pref.preferenceLoss, dLogProbs: d, metrics: terms)
        case .dpo(let dpo):
            let n = try pairs(R)
            guard let reference, reference.chosen.count == n, reference.rejected.count == n else {
                throw TrainingError(.shapeMismatch, "DPO needs reference log-probs for all \(n) pairs; compute them with the frozen reference model first")
            }
            let seq = SequenceLogProbs.reduce(logProbs.logProbs, mask: completionMask, rows: R, length: T, dpo.kind.reduction)
            let out = try dpo(policyChosen: Array(seq[..<n]), policyRejected: Array(seq[n...]),
                              referenceChosen: reference.chosen, referenceRejected: reference.rejected)
            var d = [Double](repeating: 0, count: R * T)
            SequenceLogProbs.backward(dSeq: out.dChosen + out.dRejected, mask: completionMask, rows: R, length: T, dpo.kind.reduction, into: &d)
            // Reported like TRL: the NLL of the chosen completions (not part of the DPO loss).
            let chosenMask = completionMask.indices.map { $0 < n * T && completionMask[$0] }
            let terms = StepMetrics.LossTerms(
                nll: CausalLMLoss.nll(logProbs: logProbs.logProbs, mask: chosenMask).loss,
                margin: mean(zip(out.chosenRewards, out.rejectedRewards).map { $0 - $1 }),
                chosenReward: mean(out.chosenRewards), rejectedReward: mean(out.rejectedRewards),
                accuracy: accuracy(out.chosenRewards, out.rejectedRewards))
            return Result(loss: out.loss, dLogProbs: d, metrics: terms)
        }
    }

    private func pairs(_ rows: Int) throws -> Int {
        guard rows >= 2, rows % 2 == 0 else {
            throw TrainingError(.shapeMismatch, "a preference batch has 2N rows (chosen then rejected); got \(rows)")
        }
        return rows / 2
    }
}

private func mean(_ xs: [Double]) -> Double { xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count) }

/// TRL's `rewards/accuracies`: the share of pairs whose chosen reward beats the rejected one.
private func accuracy(_ c: [Double], _ r: [Double]) -> Double {
    mean(zip(c, r).map { $0 > $1 ? 1 : 0 })
}
