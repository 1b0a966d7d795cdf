import LM

/// Text to token ids, as the trainer needs it; `BPETokenizer` conforms.
public protocol TrainingTokenizer: Sendable {
    /// Token ids of `text` (no special tokens added beyond those written in the text).
    func encode(_ text: String) -> [Int32]
    /// The id of an added special token such as `<|/thinking|>`, nil when unknown.
    func specialTokenID(_ token: String) -> Int32?
}

/// One training example in token ids, with its label masks already decided.
public struct TokenizedExample: Sendable, Equatable {
    /// Prompt tokens (empty for `{text}` rows).
    public var prompt: [Int32]
    /// Chosen completion (or the SFT text).
    public var chosen: [Int32]
    /// Rejected completion; nil for SFT.
    public var rejected: [Int32]?
    /// Per chosen token: does its label count in the completion term (thinking mask)?
    public var chosenLabels: [Bool]
    /// Per rejected token: does its label count in the completion term?
    public var rejectedLabels: [Bool]?

    /// Creates an example; label masks default to "every completion token counts".
    public init(prompt: [Int32], chosen: [Int32], rejected: [Int32]?, chosenLabels: [Bool]? = nil, rejectedLabels: [Bool]? = nil) {
        self.prompt = prompt; self.chosen = chosen; self.rejected = rejected
        self.chosenLabels = chosenLabels ?? [Bool](repeating: true, count: chosen.count)
        self.rejectedLabels = rejected.map { r in rejectedLabels ?? [Bool](repeating: true, count: r.count) }
    }

    /// Tokens that pass through the model for this example (both sequences for a pair).
    public var tokenCount: Int {
        prompt.count + chosen.count + (rejected.map { prompt.count + $0.count } ?? 0)
    }
}

extension TokenizedExample {
    /// Tokenizes records, truncates them like TRL (prompt kept from its end to
    /// `maxPromptLength`, completions cut at `maxLength`) and applies the thinking mask.
    /// - Parameters:
    ///   - template: the chat template pairs go through first (`PreferencePair.templated(with:)`,
    ///     the same prompt as `generate --chat` and the TRL export); nil = strings verbatim.
    ///     `{text}` rows are never templated.
    ///   - rng: draws the random partial masks, once per example, so the reference log-probs
    ///     cached for an example stay valid.
    public static func prepare(
        _ records: [TrainingRecord], tokenizer: any TrainingTokenizer, maxLength: Int, maxPromptLength: Int,
        template: ChatTemplate? = ChatTemplate(), masking: ThinkingMasking, rng: inout TrainingRNG
    ) throws -> [TokenizedExample] {
        guard maxLength >= 2, maxPromptLength >= 0, maxPromptLength < maxLength else {
            throw TrainingError(.invalidConfiguration, "need 2 <= maxLength and 0 <= maxPromptLength < maxLength (got \(maxLength), \(maxPromptLength))")
        }
        var closeTag: Int32?
        if masking != .none {
            guard let id = tokenizer.specialTokenID("<|/thinking|>") else {
                throw TrainingError(.invalidConfiguration, "thinking masking needs the special token <|/thinking|> in the tokenizer; use a PRefLexOR tokenizer or turn masking off")
            }
            closeTag = id
        }
        func mask(_ c: [Int32]) -> [Bool] {
            switch masking {
            case .none: return [Bool](repeating: true, count: c.count)
            case .answerOnly: return ThinkingMask.answerOnly(c, closeTag: closeTag!)
            case .randomPartial(let f): return ThinkingMask.randomPartial(c, closeTag: closeTag!, fraction: f, rng: &rng)
            }
        }
        return try records.enumerated().map { i, record in
            switch record {
            case .text(let text):
                let t = Array(tokenizer.encode(text).prefix(maxLength))
                guard t.count >= 2 else { throw TrainingError(.invalidData, "row \(i + 1) has fewer than 2 tokens; nothing to predict") }
                return TokenizedExample(prompt: [], chosen: t, rejected: nil)
            case .pair(let raw):
                let p = template.map { raw.templated(with: $0) } ?? raw
                var prompt = tokenizer.encode(p.prompt)
                var chosen = tokenizer.encode(p.chosen), rejected = tokenizer.encode(p.rejected)
                if prompt.count + max(chosen.count, rejected.count) > maxLength, prompt.count > maxPromptLength {
                    prompt = Array(prompt.suffix(maxPromptLength)) // keep the end, nearest the answer
                }
                chosen = Array(chosen.prefix(maxLength - prompt.count))
                rejected = Array(rejected.prefix(maxLength - prompt.count))
                guard !chosen.isEmpty, !rejected.isEmpty else {
                    throw TrainingError(.invalidData, "row \(i + 1): the prompt fills maxLength \(maxLength); raise maxLength or lower maxPromptLength")
                }
                return TokenizedExample(prompt: prompt, chosen: chosen, rejected: rejected,
                                        chosenLabels: mask(chosen), rejectedLabels: mask(rejected))
            }
        }
    }
}
