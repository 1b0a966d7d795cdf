/// Stage-2 label masks over a completion's tokens (method.md section 4).
///
/// The thinking stays in the input as context; only which labels count changes. A mask is
/// `[Bool]` over the completion tokens, `true` = the label counts in the loss.
public enum ThinkingMask {
    /// Every label before the **last** `<|/thinking|>` is excluded; the closing tag itself and
    /// everything after it count. Without the tag, every label counts.
    /// - Parameters: completion: token ids; closeTag: the id of `<|/thinking|>`.
    public static func answerOnly(_ completion: [Int32], closeTag: Int32) -> [Bool] {
        guard let last = completion.lastIndex(of: closeTag) else {
            return [Bool](repeating: true, count: completion.count)
        }
        return completion.indices.map { $0 >= last }
    }

    /// The partial variant (off by default): each label before the last `<|/thinking|>` is
    /// excluded with probability `fraction`, the rest count; the tag and the answer always
    /// count. `fraction = 1` equals `answerOnly`, `fraction = 0` masks nothing.
    /// - Parameters: fraction in [0, 1]; rng: advanced once per thinking token (deterministic).
    public static func randomPartial(_ completion: [Int32], closeTag: Int32, fraction: Double, rng: inout TrainingRNG) -> [Bool] {
        guard let last = completion.lastIndex(of: closeTag) else {
            return [Bool](repeating: true, count: completion.count)
        }
        return completion.indices.map { i in
            i >= last ? true : rng.nextUnit() >= fraction
        }
    }
}

/// Which labels of a completion count in stage-2 training.
public enum ThinkingMasking: Sendable, Equatable, Codable {
    /// All completion labels count (stage 1).
    case none
    /// Labels up to the last `<|/thinking|>` are excluded (stage 2 default).
    case answerOnly
    /// A random share of the thinking labels is excluded (`fraction` in [0, 1]).
    case randomPartial(fraction: Double)
}
