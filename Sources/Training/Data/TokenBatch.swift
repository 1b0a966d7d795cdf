/// A padded batch of rows ready for the model (right padding; causal attention means
/// padding never influences real positions).
///
/// Legend: R rows, T positions. For preference batches R = 2N: chosen rows first, then
/// rejected rows in the same order.
public struct TokenBatch: Sendable {
    /// Rows R.
    public let rows: Int
    /// Positions T (the longest row).
    public let length: Int
    /// Input ids, [R*T], padded with `padID`.
    public let tokens: [Int32]
    /// Next-token target per position, [R*T]; -1 past each row's end.
    public let targets: [Int32]
    /// [R*T]: the target is a completion token whose label counts (preference term, SFT on pairs).
    public let completionMask: [Bool]
    /// [R*T]: the target counts in the NLL term (ORPO: whole chosen sequence incl. prompt,
    /// as TRL 0.11; SFT on text: every target).
    public let nllMask: [Bool]
    /// Real (non-padding) tokens in the batch.
    public let realTokens: Int

    /// Collates examples: pairs into 2N rows, SFT examples into N rows.
    public init(_ examples: [TokenizedExample], preference: Bool, padID: Int32) {
        var seqs: [(tokens: [Int32], completionFrom: Int, labels: [Bool], nllAll: Bool)] = []
        for e in examples {
            // SFT on a pair row: labels on the completion only; on a text row: everywhere.
            seqs.append((e.prompt + e.chosen, e.prompt.count, e.chosenLabels, preference || e.prompt.isEmpty))
        }
        if preference {
            for e in examples {
                seqs.append((e.prompt + (e.rejected ?? []), e.prompt.count, e.rejectedLabels ?? [], false))
            }
        }
        let R = seqs.count, T = seqs.map(\.tokens.count).max() ?? 0
        var tokens = [Int32](repeating: padID, count: R * T)
        var targets = [Int32](repeating: -1, count: R * T)
        var completion = [Bool](repeating: false, count: R * T)
        var nll = [Bool](repeating: false, count: R * T)
        var real = 0
        for (r, s) in seqs.enumerated() {
            real += s.tokens.count
            for t in 0..<s.tokens.count {
                tokens[r * T + t] = s.tokens[t]
                guard t + 1 < s.tokens.count else { continue }
                targets[r * T + t] = s.tokens[t + 1]
                let j = t + 1 - s.completionFrom // index of the target inside the completion
                let inCompletion = j >= 0 && s.labels[j]
                completion[r * T + t] = inCompletion
                nll[r * T + t] = s.nllAll || (r < examples.count && inCompletion)
            }
        }
        // Only the chosen rows carry an NLL label (ORPO's NLL is over the chosen sequence).
        if preference { for i in (examples.count * T)..<(R * T) { nll[i] = false } }
        self.rows = R; self.length = T; self.tokens = tokens; self.targets = targets
        self.completionMask = completion; self.nllMask = nll; self.realTokens = real
    }
}
