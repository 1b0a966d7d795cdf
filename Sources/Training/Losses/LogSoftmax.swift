import Foundation

/// A floating-point type the log-softmax kernels run in: `Float` for training, `Double`
/// for gradient checks.
public protocol LogitScalar: BinaryFloatingPoint, Sendable {
    /// `e^x`.
    static func expo(_ x: Self) -> Self
    /// Natural logarithm.
    static func ln(_ x: Self) -> Self
}

extension Float: LogitScalar {
    @inlinable public static func expo(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func ln(_ x: Float) -> Float { Foundation.log(x) }
}

extension Double: LogitScalar {
    @inlinable public static func expo(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func ln(_ x: Double) -> Double { Foundation.log(x) }
}

/// Per-position log-probabilities of target tokens under a causal LM's logits.
///
/// Legend: R rows (sequences), T positions, V vocabulary. Position `t` of row `r` predicts
/// `targets[r*T + t]` (the next input token), or nothing when the target is negative
/// (padding, ignored). `log p = logits[target] - logsumexp(logits)`.
public struct TokenLogProbs: Sendable {
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
    /// `logsumexp(logits[r, t, :])` per position, [R*T], cached for backward.
    public let logSumExp: [Double]

    /// Forward: log-softmax at every position, evaluated only at the target token.
    /// - Parameters: logits [R*T*V]; targets [R*T].
    public init<F: LogitScalar>(logits: [F], targets: [Int32], rows: Int, length: Int, vocab: Int) throws {
        let n = rows * length
        guard logits.count == n * vocab, targets.count == n else {
            throw TrainingError(.shapeMismatch, "logits have \(logits.count) values and targets \(targets.count); expected \(n * vocab) (R=\(rows) x T=\(length) x V=\(vocab)) and \(n)")
        }
        if let bad = targets.first(where: { Int($0) >= vocab }) {
            throw TrainingError(.shapeMismatch, "target token \(bad) is outside the vocabulary of \(vocab); the tokenizer and model disagree")
        }
        var lp = [Double](repeating: 0, count: n)
        var lse = [Double](repeating: 0, count: n)
        logits.withUnsafeBufferPointer { x in
            for i in 0..<n where targets[i] >= 0 {
                let row = x.baseAddress! + i * vocab
                var m = row[0]
                for v in 1..<vocab where row[v] > m { m = row[v] }
                // Subtracting the row max keeps exp in range; the sum is accumulated in the
                // kernel type and the log taken in Double.
                var s: F = 0
                for v in 0..<vocab { s += F.expo(row[v] - m) }
                lse[i] = Double(m) + log(Double(s))
                lp[i] = Double(row[Int(targets[i])]) - lse[i]
            }
        }
        self.rows = rows; self.length = length; self.vocab = vocab
        self.targets = targets; self.logProbs = lp; self.logSumExp = lse
    }

    /// Backward: `dLogits[i, v] += dLogProbs[i] * (onehot(target_i)[v] - softmax(logits_i)[v])`.
    /// Positions whose `dLogProbs` is 0 (or whose target is ignored) are skipped.
    /// - Parameters: dLogProbs [R*T]; logits [R*T*V] as given to forward; dLogits [R*T*V].
    public func backward<F: LogitScalar>(dLogProbs: [Double], logits: [F], into dLogits: inout [F]) {
        precondition(dLogProbs.count == rows * length && logits.count == dLogits.count && logits.count == rows * length * vocab)
        logits.withUnsafeBufferPointer { x in
            dLogits.withUnsafeMutableBufferPointer { d in
                for i in 0..<(rows * length) where targets[i] >= 0 && dLogProbs[i] != 0 {
                    let g = F(dLogProbs[i])
                    let l = F(logSumExp[i])
                    let row = x.baseAddress! + i * vocab
                    let drow = d.baseAddress! + i * vocab
                    for v in 0..<vocab { drow[v] -= g * F.expo(row[v] - l) }
                    drow[Int(targets[i])] += g
                }
            }
        }
    }
}
