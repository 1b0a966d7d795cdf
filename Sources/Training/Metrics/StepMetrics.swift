import Foundation

/// What one optimizer step measured; one JSON line of `metrics.jsonl`.
public struct StepMetrics: Codable, Sendable, Equatable {
    /// The loss's parts and the preference statistics of a step (nil = not applicable).
    public struct LossTerms: Codable, Sendable, Equatable {
        /// Token-mean NLL of the chosen (or SFT) sequences, nats/token.
        public var nll: Double
        /// ORPO: mean log-odds of chosen over rejected.
        public var logOdds: Double?
        /// ORPO: mean `log_sigmoid(log_odds)` (TRL's `log_odds_ratio`).
        public var logOddsRatio: Double?
        /// DPO/EXO: mean reward margin `chosen - rejected`.
        public var margin: Double?
        /// Mean chosen reward (ORPO `beta*lc`; DPO `beta*(pi_c - ref_c)`).
        public var chosenReward: Double?
        /// Mean rejected reward.
        public var rejectedReward: Double?
        /// Share of pairs whose chosen reward beats the rejected one, in [0, 1].
        public var accuracy: Double?

        /// Creates the terms.
        public init(nll: Double, logOdds: Double? = nil, logOddsRatio: Double? = nil, margin: Double? = nil,
                    chosenReward: Double? = nil, rejectedReward: Double? = nil, accuracy: Double? = nil) {
            self.nll = nll; self.logOdds = logOdds; self.logOddsRatio = logOddsRatio; self.margin = margin
            self.chosenReward = chosenReward; self.rejectedReward = rejectedReward; self.accuracy = accuracy
        }

        /// Averages the terms of the micro-batches of one step.
        public static func average(_ terms: [LossTerms]) -> LossTerms {
            func avg(_ k: KeyPath<LossTerms, Double?>) -> Double? {
                let xs = terms.compactMap { $0[keyPath: k] }
                return xs.isEmpty ? nil : xs.reduce(0, +) / Double(xs.count)
            }
            return LossTerms(
                nll: terms.map(\.nll).reduce(0, +) / Double(max(1, terms.count)),
                logOdds: avg(\.logOdds), logOddsRatio: avg(\.logOddsRatio), margin: avg(\.margin),
                chosenReward: avg(\.chosenReward), rejectedReward: avg(\.rejectedReward), accuracy: avg(\.accuracy))
        }
    }

    /// Optimizer step, 1-based.
    public var step: Int
    /// Fractional epoch at the end of the step.
    public var epoch: Double
    /// Mean loss over the step's micro-batches (nats).
    public var loss: Double
    /// The loss's parts and preference statistics.
    public var terms: LossTerms
    /// Global gradient L2 norm before clipping.
    public var gradNorm: Double
    /// Learning rate used by this step.
    public var learningRate: Double
    /// Training tokens (all rows, padding excluded) per second of wall time in this step.
    public var tokensPerSecond: Double

    /// Creates a record.
    public init(step: Int, epoch: Double, loss: Double, terms: LossTerms, gradNorm: Double, learningRate: Double, tokensPerSecond: Double) {
        self.step = step; self.epoch = epoch; self.loss = loss; self.terms = terms
        self.gradNorm = gradNorm; self.learningRate = learningRate; self.tokensPerSecond = tokensPerSecond
    }

    private enum Keys: String, CodingKey {
        case step, epoch, loss, nll, logOdds = "log_odds", logOddsRatio = "log_odds_ratio", margin
        case chosenReward = "rewards_chosen", rejectedReward = "rewards_rejected", accuracy = "rewards_accuracy"
        case gradNorm = "grad_norm", learningRate = "lr", tokensPerSecond = "tokens_per_s"
    }

    /// Flat, snake_case JSON (TRL's metric names where they exist); absent terms are omitted.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(step, forKey: .step); try c.encode(epoch, forKey: .epoch); try c.encode(loss, forKey: .loss)
        try c.encode(terms.nll, forKey: .nll)
        try c.encodeIfPresent(terms.logOdds, forKey: .logOdds)
        try c.encodeIfPresent(terms.logOddsRatio, forKey: .logOddsRatio)
        try c.encodeIfPresent(terms.margin, forKey: .margin)
        try c.encodeIfPresent(terms.chosenReward, forKey: .chosenReward)
        try c.encodeIfPresent(terms.rejectedReward, forKey: .rejectedReward)
        try c.encodeIfPresent(terms.accuracy, forKey: .accuracy)
        try c.encode(gradNorm, forKey: .gradNorm); try c.encode(learningRate, forKey: .learningRate)
        try c.encode(tokensPerSecond, forKey: .tokensPerSecond)
    }

    /// Reads the flat form written by `encode(to:)`.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: Keys.self)
        step = try c.decode(Int.self, forKey: .step); epoch = try c.decode(Double.self, forKey: .epoch)
        loss = try c.decode(Double.self, forKey: .loss)
        terms = LossTerms(
            nll: try c.decode(Double.self, forKey: .nll),
            logOdds: try c.decodeIfPresent(Double.self, forKey: .logOdds),
            logOddsRatio: try c.decodeIfPresent(Double.self, forKey: .logOddsRatio),
            margin: try c.decodeIfPresent(Double.self, forKey: .margin),
            chosenReward: try c.decodeIfPresent(Double.self, forKey: .chosenReward),
            rejectedReward: try c.decodeIfPresent(Double.self, forKey: .rejectedReward),
            accuracy: try c.decodeIfPresent(Double.self, forKey: .accuracy))
        gradNorm = try c.decode(Double.self, forKey: .gradNorm)
        learningRate = try c.decode(Double.self, forKey: .learningRate)
        tokensPerSecond = try c.decode(Double.self, forKey: .tokensPerSecond)
    }
}
