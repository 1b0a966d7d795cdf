import LM
@testable import Training

/// Token-level synthetic data for the trainer's acceptance tests (no tokenizer needed).
///
/// Vocabulary of 32: 0 pad, 1 end, 2 `<|thinking|>`, 3 `<|/thinking|>`, 4..<20 prompt and
/// thinking tokens, 20..<26 the "good" answer tokens, 26..<32 the "bad" ones.
enum Synthetic {
    static let vocab = 32
    static let open: Int32 = 2, close: Int32 = 3

    static func config() -> LlamaConfig {
        LlamaConfig(vocabSize: vocab, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 2,
                    numAttentionHeads: 2, numKeyValueHeads: 1, maxPositionEmbeddings: 64, tieWordEmbeddings: false)
    }

    static func tokens(_ n: Int, in range: Range<Int32>, _ rng: inout TrainingRNG) -> [Int32] {
        (0..<n).map { _ in Int32.random(in: range, using: &rng) }
    }

    /// Pairs whose chosen answers use the good tokens and rejected answers the bad ones;
    /// with `thinking`, both completions start with the same kind of random thinking block.
    /// With `conflictingThinking`, the thinking blocks pull the other way and outweigh the
    /// answers: the chosen thinking is 12 **bad** tokens, the rejected thinking 12 **good**
    /// ones. Without the thinking mask a preference loss then learns to favour bad tokens
    /// (8 more of them on the chosen side), so only a masked loss learns the answers.
    static func pairs(_ n: Int, seed: UInt64, thinking: Bool = false, conflictingThinking: Bool = false,
                      masking: ThinkingMasking = .none) -> [TokenizedExample] {
        var rng = TrainingRNG(seed: seed)
        return (0..<n).map { _ in
            let prompt = tokens(4, in: 4..<20, &rng)
            func completion(_ answer: Range<Int32>, thinkingFrom other: Range<Int32>) -> [Int32] {
                var think: [Int32] = []
                if conflictingThinking {
                    think = [open] + tokens(12, in: other, &rng) + [close]
                } else if thinking {
                    think = [open] + tokens(5, in: 4..<20, &rng) + [close]
                }
                return think + tokens(4, in: answer, &rng) + [1]
            }
            let c = completion(20..<26, thinkingFrom: 26..<32), r = completion(26..<32, thinkingFrom: 20..<26)
            func mask(_ x: [Int32]) -> [Bool] {
                switch masking {
                case .none: return [Bool](repeating: true, count: x.count)
                case .answerOnly: return ThinkingMask.answerOnly(x, closeTag: close)
                case .randomPartial(let f): return ThinkingMask.randomPartial(x, closeTag: close, fraction: f, rng: &rng)
                }
            }
            return TokenizedExample(prompt: prompt, chosen: c, rejected: r, chosenLabels: mask(c), rejectedLabels: mask(r))
        }
    }

    /// SFT sequences with a learnable rule: an arithmetic progression mod 16 (offset 4) from
    /// a random start with a random step in {1, 2, 3}.
    static func texts(_ n: Int, seed: UInt64, length: Int = 12) -> [TokenizedExample] {
        var rng = TrainingRNG(seed: seed)
        return (0..<n).map { _ in
            let start = Int.random(in: 0..<16, using: &rng), step = Int.random(in: 1...3, using: &rng)
            let seq = (0..<length).map { Int32(4 + (start + $0 * step) % 16) }
            return TokenizedExample(prompt: [], chosen: seq, rejected: nil)
        }
    }
}
