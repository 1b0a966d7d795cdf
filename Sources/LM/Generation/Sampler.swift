/// Picks the next token from logits: repetition penalty, then temperature, top-k and top-p,
/// the order of Hugging Face's logits processors and warpers.
struct Sampler {
    let config: GenerationConfig
    var rng: SeededGenerator
    /// Tokens seen so far (prompt and output), for the repetition penalty.
    var seen: Set<Int32> = []

    init(config: GenerationConfig) {
        self.config = config
        rng = SeededGenerator(seed: config.seed)
    }

    /// logits: [V] (modified in place). Returns the chosen token id.
    mutating func next(logits: inout [Float]) -> Int32 {
        if config.repetitionPenalty != 1 {
            for t in seen {
                let i = Int(t)
                logits[i] = logits[i] > 0 ? logits[i] / config.repetitionPenalty : logits[i] * config.repetitionPenalty
            }
        }
        if config.temperature == 0 { return Int32(argmax(logits)) }
        // Candidates sorted by logit (descending), cut by top-k.
        var order = Array(logits.indices)
        let k = config.topK > 0 ? min(config.topK, logits.count) : logits.count
        if k < logits.count {
            order = Array(order.sorted { logits[$0] > logits[$1] }.prefix(k))
        } else if config.topP < 1 {
            order.sort { logits[$0] > logits[$1] }
        }
        let invT = 1 / Double(config.temperature)
        let mx = order.reduce(-Double.infinity) { max($0, Double(logits[$1])) }
        var probs = order.map { exp((Double(logits[$0]) - mx) * invT) }
        var total = probs.reduce(0, +)
        if config.topP < 1 {
            // Keep the smallest prefix whose mass reaches top_p (always at least one token).
            var cum = 0.0, keep = 0
            while keep < probs.count {
                cum += probs[keep] / total
                keep += 1
                if cum >= Double(config.topP) { break }
            }
            probs.removeSubrange(keep...)
            order.removeSubrange(keep...)
            total = probs.reduce(0, +)
        }
        var u = rng.nextUnit() * total
        for (i, p) in probs.enumerated() {
            u -= p
            if u < 0 { return Int32(order[i]) }
        }
        return Int32(order[probs.count - 1])
    }

    func argmax(_ x: [Float]) -> Int {
        var best = 0
        for i in 1..<x.count where x[i] > x[best] { best = i }
        return best
    }
}

import Foundation
