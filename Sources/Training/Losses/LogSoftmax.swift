import Foundation

/// Per-position log-probabilities of target tokens under a causal LM's logits, with the
/// softmax cached for the backward pass.
///
/// Legend: R rows (sequences), T positions, V vocabulary. Position `t` of row `r` predicts
/// `targets[r*T + t]` (the next input token), or nothing when the target is negative
/// (padding, ignored). `log p = logits[target] - logsumexp(logits)`.
public struct TokenLogProbs<F: LogitScalar>: Sendable {
    /// Rows (sequences) R.
    public let rows: Int
    /// Positions per row T.
    public let length: Int
    /// Vocabulary size V.
    public let vocab: Int
    /// Target token per position, [R*T]; negative = ignored.
    public let targets: [Int32]
    /// `log p(target)` per position, [R*T] in nats; 0 where the target is ignored.
    public let logProbs: [Double]
    /// `softmax(logits[r, t, :])` at positions with a target, 0 elsewhere, [R*T*V]; cached
    /// so backward needs no second pass of `exp`.
    private var probabilities: [F]

    /// Forward: log-softmax at every position with a target, evaluated at the target token.
    /// - Parameters: logits [R*T*V]; targets [R*T].
    public init(logits: [F], targets: [Int32], rows: Int, length: Int, vocab: Int) throws {
        let n = rows * length
        guard logits.count == n * vocab, targets.count == n else {
            throw TrainingError(.shapeMismatch, "logits have \(logits.count) values and targets \(targets.count); expected \(n * vocab) (R=\(rows) x T=\(length) x V=\(vocab)) and \(n)")
        }
        if let bad = targets.first(where: { Int($0) >= vocab }) {
            throw TrainingError(.shapeMismatch, "target token \(bad) is outside the vocabulary of \(vocab); the tokenizer and model disagree")
        }
        var lp = [Double](repeating: 0, count: n)
        var probs = [F](repeating: 0, count: n * vocab)
        logits.withUnsafeBufferPointer { x in
            probs.withUnsafeMutableBufferPointer { p in
                for i in 0..<n where targets[i] >= 0 {
                    let row = x.baseAddress! + i * vocab, prow = p.baseAddress! + i * vocab
                    // Subtracting the row max keeps exp in range.
                    let m = F.maximum(row, count: vocab)
                    let sum = F.expShifted(row, shift: m, into: prow, count: vocab)
                    F.scale(prow, by: F(1 / sum), count: vocab)
                    lp[i] = Double(row[Int(targets[i])]) - Double(m) - log(sum)
                }
            }
        }
        self.rows = rows; self.length = length; self.vocab = vocab
        self.targets = targets; self.logProbs = lp; self.probabilities = probs
    }

    /// Backward: `dLogits[i, v] = dLogProbs[i] * (onehot(target_i)[v] - softmax(logits_i)[v])`,
    /// 0 at ignored positions. Reuses the cached softmax buffer (consumes this value).
    /// - Parameters: dLogProbs [R*T]. Returns dLogits [R*T*V].
    public consuming func gradient(dLogProbs: [Double]) -> [F] {
        precondition(dLogProbs.count == rows * length, "dLogProbs has \(dLogProbs.count) values, expected \(rows * length)")
        var d = probabilities
        probabilities = []
        let V = vocab
        d.withUnsafeMutableBufferPointer { p in
            for i in 0..<(rows * length) {
                let row = p.baseAddress! + i * V
                guard targets[i] >= 0, dLogProbs[i] != 0 else {
                    if targets[i] >= 0 { row.update(repeating: 0, count: V) }
                    continue
                }
                let g = F(dLogProbs[i])
                F.scale(row, by: -g, count: V)
                row[Int(targets[i])] += g
            }
        }
        return d
    }
}
