/// The chat format shared by native training and the TRL export (Llama 3 style).
///
/// A `{prompt, completion}` example renders as exactly (`\n` is a newline):
///
///     <|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n{completion}<|eot_id|>
///
/// and with a system message the prompt part starts
/// `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>` before the user turn.
/// Texts are inserted verbatim (no trimming). The prompt part is everything up to and including
/// the assistant header's `\n\n`; the completion part is `{completion}<|eot_id|>`.
///
/// Tokenisation (`tokenize`) encodes the prompt part and the completion text separately and
/// appends the `<|eot_id|>` id, which is what TRL does with a dataset row
/// `{"prompt": prompt(...), "chosen"/"rejected"/"completion": completion}` and
/// `eos_token = "<|eot_id|>"`: ids agree on both sides.
public struct ChatTemplate: Sendable, Equatable {
    /// An optional system message (default nil: no system turn).
    public var system: String?

    /// A template with an optional system message.
    public init(system: String? = nil) { self.system = system }

    /// The prompt part: BOS, optional system turn, user turn, open assistant header.
    public func prompt(_ user: String) -> String {
        var s = SpecialTokens.beginOfText
        if let system { s += Self.header("system") + system + SpecialTokens.endOfTurn }
        s += Self.header("user") + user + SpecialTokens.endOfTurn
        s += Self.header("assistant")
        return s
    }

    /// The completion part: the answer and the end-of-turn token.
    public func completion(_ answer: String) -> String { answer + SpecialTokens.endOfTurn }

    /// The whole example: `prompt(user) + completion(answer)`.
    public func render(prompt user: String, completion answer: String) -> String {
        prompt(user) + completion(answer)
    }

    /// Ids of one example and how many of them belong to the prompt (those get no loss).
    public struct Tokenized: Sendable, Equatable {
        /// Prompt ids followed by completion ids (the last is `<|eot_id|>`).
        public var ids: [Int32]
        /// `ids[..<promptCount]` is the prompt.
        public var promptCount: Int
    }

    /// Tokenizes an example: `encode(prompt(user)) + encode(answer) + [<|eot_id|>]`.
    /// - Throws: `TokenizerError.invalidArgument` when the tokenizer lacks `<|eot_id|>`.
    public func tokenize(prompt user: String, completion answer: String,
                         with tokenizer: BPETokenizer) throws -> Tokenized {
        guard let eot = tokenizer.specialTokenID(SpecialTokens.endOfTurn) else {
            throw TokenizerError(.invalidArgument, "the tokenizer has no \(SpecialTokens.endOfTurn) token; train it with SpecialTokens.all")
        }
        let p = tokenizer.encode(prompt(user))
        return Tokenized(ids: p + tokenizer.encode(answer) + [eot], promptCount: p.count)
    }

    private static func header(_ role: String) -> String {
        SpecialTokens.startHeader + role + SpecialTokens.endHeader + "\n\n"
    }
}
