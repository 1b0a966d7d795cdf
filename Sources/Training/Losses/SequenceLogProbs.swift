/// Sequence log-probs: per-row reductions of per-position log-probs under a label mask.
///
/// `sum`: DPO/EXO (TRL `average_log_prob=False`); `mean`: ORPO (`average_log_prob=True`).
public enum SequenceLogProbs {
    /// How positions are combined into one number per row.
    public enum Reduction: Sendable { case sum, mean }

    /// Per-row `sum_t mask * logp` (or divided by the mask count for `.mean`).
    /// - Parameters: logProbs, mask: [R*T]; returns [R]. A row with an empty mask gives 0.
    public static func reduce(_ logProbs: [Double], mask: [Bool], rows: Int, length: Int, _ reduction: Reduction) -> [Double] {
        precondition(logProbs.count == rows * length && mask.count == logProbs.count)
        return (0..<rows).map { r in
            var s = 0.0, c = 0
            for t in 0..<length where mask[r * length + t] { s += logProbs[r * length + t]; c += 1 }
            return reduction == .mean ? (c > 0 ? s / Double(c) : 0) : s
        }
    }

    /// Backward of `reduce`: spreads `dSeq[r]` over row r's masked positions and **adds** it
    /// to `dLogProbs` ([R*T]).
    public static func backward(dSeq: [Double], mask: [Bool], rows: Int, length: Int, _ reduction: Reduction, into dLogProbs: inout [Double]) {
        precondition(dSeq.count == rows && mask.count == rows * length && dLogProbs.count == mask.count)
        for r in 0..<rows {
            var c = 0
            for t in 0..<length where mask[r * length + t] { c += 1 }
            guard c > 0 else { continue }
            let g = reduction == .mean ? dSeq[r] / Double(c) : dSeq[r]
            for t in 0..<length where mask[r * length + t] { dLogProbs[r * length + t] += g }
        }
    }
}

/// Causal-LM (SFT) loss: token-mean negative log-likelihood under a label mask,
/// `L = -(1 / N) * sum_{t : mask_t} log p(target_t)`, N = number of masked positions in the
/// whole batch (PyTorch `CrossEntropyLoss(ignore_index=-100)` with mean reduction).
public enum CausalLMLoss {
    /// The loss and its gradient w.r.t. per-position log-probs.
    /// - Parameters: logProbs, mask: [R*T]. Returns loss (nats/token), dLogProbs [R*T] and N.
    public static func nll(logProbs: [Double], mask: [Bool]) -> (loss: Double, dLogProbs: [Double], tokens: Int) {
        precondition(logProbs.count == mask.count)
        let n = mask.reduce(0) { $0 + ($1 ? 1 : 0) }
        guard n > 0 else { return (0, [Double](repeating: 0, count: mask.count), 0) }
        var loss = 0.0
        var d = [Double](repeating: 0, count: mask.count)
        for i in mask.indices where mask[i] { loss -= logProbs[i]; d[i] = -1 / Double(n) }
        return (loss / Double(n), d, n)
    }
}
