/// Reference log-probs for DPO/EXO: the frozen model runs forward only, once per example;
/// the completion log-probs (summed; token means for IPO) are cached for the rest of the run (TRL's
/// `precompute_ref_log_probs`, done lazily).
extension Trainer {
    /// Cached (or newly computed) reference log-probs for a micro-batch; nil when not needed.
    func referenceLogProbs(_ indices: [Int]) throws -> (chosen: [Double], rejected: [Double])? {
        guard objective.needsReference, let reference else { return nil }
        let missing = Array(Set(indices.filter { referenceCache[$0] == nil })).sorted()
        if !missing.isEmpty {
            let batch = TokenBatch(missing.map { examples[$0] }, preference: true, padID: padID)
            let sums = try completionLogProbs(reference, batch: batch, objective.reduction)
            for (k, i) in missing.enumerated() { referenceCache[i] = (sums.chosen[k], sums.rejected[k]) }
        }
        return (indices.map { referenceCache[$0]!.chosen }, indices.map { referenceCache[$0]!.rejected })
    }

    /// Completion log-probs (reduced per row) of both halves of a preference batch under `m`
    /// (forward only).
    func completionLogProbs(_ m: Model, batch: TokenBatch, _ reduction: SequenceLogProbs.Reduction = .sum) throws -> (chosen: [Double], rejected: [Double]) {
        let logits = m.forward(tokens: batch.tokens, batch: batch.rows, length: batch.length)
        let lp = try TokenLogProbs(logits: logits, targets: batch.targets, rows: batch.rows, length: batch.length, vocab: m.vocabularySize)
        let seq = SequenceLogProbs.reduce(lp.logProbs, mask: batch.completionMask, rows: batch.rows, length: batch.length, reduction)
        let n = batch.rows / 2
        return (Array(seq[..<n]), Array(seq[n...]))
    }
}
