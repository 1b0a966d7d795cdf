import Foundation

/// The ORPO odds-ratio loss, exactly as TRL 0.11 `ORPOTrainer.odds_ratio_loss` plus
/// `get_batch_loss_metrics` (Hong et al., arXiv 2403.07691, Eqs. 4 and 7):
///
///     log_odds = (lc - lr) - (log(1 - exp(lc)) - log(1 - exp(lr)))
///     loss     = NLL(chosen) - beta * mean_i(log_sigmoid(log_odds_i))
///
/// `lc`, `lr` are the **mean** per-token log-probs over completion tokens of the chosen
/// and rejected answers; `beta` is the paper's lambda (method.md section 3: 0.1).
public enum ORPOLoss {
    /// Loss, gradients and metrics of one batch of pairs.
    public struct Output: Sendable, Equatable {
        /// `-beta * mean(log_sigmoid(log_odds))`, the preference term only (add the NLL).
        public var preferenceLoss: Double
        /// `d preferenceLoss / d lc_i`, one per pair.
        public var dChosen: [Double]
        /// `d preferenceLoss / d lr_i`, one per pair.
        public var dRejected: [Double]
        /// `log_odds_i`, one per pair.
        public var logOdds: [Double]
        /// `log_sigmoid(log_odds_i)` (TRL's `log_odds_ratio`), one per pair.
        public var logSigmoidLogOdds: [Double]
        /// TRL's rewards: `beta * lc_i`.
        public var chosenRewards: [Double]
        /// TRL's rewards: `beta * lr_i`.
        public var rejectedRewards: [Double]
    }

    /// Per-pair log-odds of the chosen over the rejected answer.
    /// - Parameters: lc, lr: mean completion log-probs (nats per token, < 0).
    public static func logOdds(chosen lc: Double, rejected lr: Double) -> Double {
        (lc - lr) - (StableMath.log1mexp(lc) - StableMath.log1mexp(lr))
    }

    /// The preference term over a batch and its gradient with respect to the mean log-probs.
    /// - Parameters:
    ///   - chosen: mean completion log-probs of the chosen answers, [N].
    ///   - rejected: mean completion log-probs of the rejected answers, [N].
    ///   - beta: weight of the odds-ratio term (lambda), > 0.
    public static func preference(chosen: [Double], rejected: [Double], beta: Double) throws -> Output {
        guard chosen.count == rejected.count, !chosen.isEmpty else {
            throw TrainingError(.shapeMismatch, "ORPO needs as many chosen as rejected log-probs (got \(chosen.count) and \(rejected.count)), at least one")
        }
        let n = Double(chosen.count)
        var out = Output(preferenceLoss: 0, dChosen: [], dRejected: [], logOdds: [], logSigmoidLogOdds: [],
                         chosenRewards: [], rejectedRewards: [])
        for (lc, lr) in zip(chosen, rejected) {
            let x = logOdds(chosen: lc, rejected: lr)
            let ls = StableMath.logSigmoid(x)
            out.preferenceLoss -= beta * ls / n
            // d/dx log_sigmoid(x) = sigmoid(-x); d/dl (l - log(1 - e^l)) = 1 / (1 - e^l) = -1 / expm1(l).
            let g = -beta * StableMath.sigmoid(-x) / n
            out.dChosen.append(g * (-1 / expm1(lc)))
            out.dRejected.append(-g * (-1 / expm1(lr)))
            out.logOdds.append(x)
            out.logSigmoidLogOdds.append(ls)
            out.chosenRewards.append(beta * lc)
            out.rejectedRewards.append(beta * lr)
        }
        return out
    }
}
