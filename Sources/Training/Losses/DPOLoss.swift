import Foundation

/// DPO-family preference losses, as TRL's `DPOTrainer.dpo_loss` (trl/trainer/dpo_trainer.py)
/// computes them. With `z = (pi_c - pi_r) - (ref_c - ref_r)` and `u = beta * z` (method.md
/// section 4), over **summed** completion log-probs for sigmoid and exo_pair:
///
///     sigmoid  (Rafailov et al., arXiv 2305.18290, Eq. 7; conservative DPO label smoothing):
///         L = -(1 - eps) * log_sigmoid(u) - eps * log_sigmoid(-u)
///     exo_pair (Ji et al., arXiv 2402.00856, Eq. 16):
///         L = s(u) * (log s(u) - log(1 - eps)) + s(-u) * (log s(-u) - log eps),  s = sigmoid
///
/// and over **token-averaged** completion log-probs for IPO (TRL's `concatenated_forward`:
/// `if self.loss_type == "ipo": all_logps = all_logps / loss_mask.sum(-1)`):
///
///     ipo      (Azar et al., arXiv 2310.12036, Eq. 17; TRL: `losses = (logits - 1 / (2 * self.beta)) ** 2`):
///         L = (z - 1 / (2 * beta))^2                  (label smoothing is not used)
///
/// The reference log-probs come from a frozen model and carry no gradient.
public struct DPOLoss: Sendable, Equatable {
    /// Which DPO-family loss to use (TRL's `loss_type`).
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Sigmoid DPO with optional label smoothing (cDPO).
        case sigmoid
        /// EXO with pairwise preferences; needs label smoothing > 0.
        case exoPair = "exo_pair"
        /// IPO: squared distance of the log-ratio margin to `1 / (2 beta)`, on average log-probs.
        case ipo

        /// How completion log-probs are reduced per sequence: mean for IPO, sum otherwise.
        public var reduction: SequenceLogProbs.Reduction { self == .ipo ? .mean : .sum }
    }

    /// Loss, gradients and metrics of one batch.
    public struct Output: Sendable, Equatable {
        /// Mean loss over the batch.
        public var loss: Double
        /// `d loss / d pi_c_i`, one per pair.
        public var dChosen: [Double]
        /// `d loss / d pi_r_i`, one per pair.
        public var dRejected: [Double]
        /// Implicit rewards `beta * (pi_c - ref_c)`, one per pair.
        public var chosenRewards: [Double]
        /// Implicit rewards `beta * (pi_r - ref_r)`, one per pair.
        public var rejectedRewards: [Double]
    }

    /// The loss type.
    public let kind: Kind
    /// Temperature of the implicit reward (method.md: 0.1-0.5).
    public let beta: Double
    /// Label smoothing `eps` in [0, 0.5); must be > 0 for `exo_pair` (method.md: 5e-3).
    public let labelSmoothing: Double

    /// Checks the settings; throws with the fix when they are invalid.
    public init(kind: Kind, beta: Double, labelSmoothing: Double) throws {
        guard beta > 0, beta.isFinite else {
            throw TrainingError(.invalidConfiguration, "DPO beta must be a positive number (got \(beta)); method.md uses 0.1-0.5")
        }
        guard labelSmoothing >= 0, labelSmoothing < 0.5 else {
            throw TrainingError(.invalidConfiguration, "label smoothing must lie in [0, 0.5) (got \(labelSmoothing)); use 0 for plain DPO or 5e-3 for EXO")
        }
        if kind == .exoPair, labelSmoothing <= 0 {
            throw TrainingError(.invalidConfiguration, "label smoothing must be greater than 0.0 when using 'exo_pair' loss; the EXO paper recommends 1e-3 (method.md uses 5e-3)")
        }
        self.kind = kind
        self.beta = beta
        self.labelSmoothing = labelSmoothing
    }

    /// Per-pair loss and `dL/du` for `u = beta * z`.
    public func lossAndSlope(u: Double) -> (loss: Double, dU: Double) {
        let eps = labelSmoothing
        switch kind {
        case .sigmoid:
            let loss = -(1 - eps) * StableMath.logSigmoid(u) - eps * StableMath.logSigmoid(-u)
            let dU = -(1 - eps) * StableMath.sigmoid(-u) + eps * StableMath.sigmoid(u)
            return (loss, dU)
        case .exoPair:
            let sp = StableMath.sigmoid(u), sn = StableMath.sigmoid(-u)
            let loss = sp * (StableMath.logSigmoid(u) - log(1 - eps)) + sn * (StableMath.logSigmoid(-u) - log(eps))
            // log s(u) - log s(-u) = u, so dL/du = s(u) s(-u) (u - log((1 - eps) / eps)).
            let dU = sp * sn * (u - log((1 - eps) / eps))
            return (loss, dU)
        case .ipo:
            // With z = u / beta: L = (z - 1/(2 beta))^2, dL/du = 2 (z - 1/(2 beta)) / beta.
            let r = u / beta - 1 / (2 * beta)
            return (r * r, 2 * r / beta)
        }
    }

    /// The mean loss of a batch and its gradient with respect to the policy log-probs.
    /// - Parameters: all arrays [N], completion log-probs in nats reduced by `kind.reduction`
    ///   (summed; token means for IPO).
    public func callAsFunction(
        policyChosen: [Double], policyRejected: [Double], referenceChosen: [Double], referenceRejected: [Double]
    ) throws -> Output {
        let n = policyChosen.count
        guard n > 0, policyRejected.count == n, referenceChosen.count == n, referenceRejected.count == n else {
            throw TrainingError(.shapeMismatch, "DPO needs four arrays of the same non-zero length (got \(n), \(policyRejected.count), \(referenceChosen.count), \(referenceRejected.count))")
        }
        var out = Output(loss: 0, dChosen: [], dRejected: [], chosenRewards: [], rejectedRewards: [])
        for i in 0..<n {
            let z = (policyChosen[i] - policyRejected[i]) - (referenceChosen[i] - referenceRejected[i])
            let (loss, dU) = lossAndSlope(u: beta * z)
            out.loss += loss / Double(n)
            out.dChosen.append(beta * dU / Double(n))
            out.dRejected.append(-beta * dU / Double(n))
            out.chosenRewards.append(beta * (policyChosen[i] - referenceChosen[i]))
            out.rejectedRewards.append(beta * (policyRejected[i] - referenceRejected[i]))
        }
        return out
    }
}
