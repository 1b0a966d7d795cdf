/// The chat format shared by native training and the TRL export (Llama 3 style).
///
/// A `{prompt, completion}` example renders as exactly (`\n` is a newline):
///
///     <|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n{prompt}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n{completion}<|eot_id|>
///
/// and with a system message the prompt part starts
/// `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n{system}<|eot_id|>` before the
/// user turn. Texts are inserted verbatim (no trimming).
///
/// The split between the two parts is chosen so tokenisation composes: the prompt part ends with
/// the special token `<|end_header_id|>` of the assistant header, and the completion part is
/// `\n\n{completion}<|eot_id|>`. Because added tokens are cut out before pre-tokenisation,
/// `encode(prompt part + completion part) == encode(prompt part) + encode(completion part)`
/// for every text. (Had the prompt ended with the `\n\n`, a completion starting with a letter
/// would tokenise that `\n\n` differently alone than joined, and TRL would move the boundary.)
///
/// TRL export: a row `{"prompt": prompt(q), "chosen": completion(a), "rejected": completion(b)}`
/// with `bos_token = "<|begin_of_text|>"`, `eos_token = "<|eot_id|>"` gives the same ids and the
/// same prompt/completion boundary in TRL (DPO and ORPO tokenise prompt+completion jointly and
/// take the prompt's ids as the prefix; they add BOS/EOS only when missing).
public struct ChatTemplate: Sendable, Equatable {
    /// An optional system message (default nil: no system turn).
    public var system: String?

    /// A template with an optional system message.
    public init(system: String? = nil) { self.system = system }

    /// The prompt part: BOS, optional system turn, user turn, and the assistant header up to and
    /// including `<|end_header_id|>` (the generation prompt).
    public func prompt(_ user: String) -> String {
        var s = SpecialTokens.beginOfText
        if let system { s += Self.header("system") + "\n\n" + system + SpecialTokens.endOfTurn }
        s += Self.header("user") + "\n\n" + user + SpecialTokens.endOfTurn
        s += Self.header("assistant")
        return s
    }

    /// A question as every PRefLexOR prompt asks it: the question followed by
    /// `SpecialTokens.thinkingRequest` (" Use <|thinking|>."), unless it already ends with it.
    public static func askingForThinking(_ question: String) -> String {
        question.hasSuffix(SpecialTokens.thinkingRequest) ? question : question + SpecialTokens.thinkingRequest
    }

    /// The one prompt of a question shared by native training, the TRL export and
    /// `preflexor generate --chat`: `prompt(askingForThinking(question))`.
    public func questionPrompt(_ question: String) -> String { prompt(Self.askingForThinking(question)) }

    /// True when `text` is already a rendered prompt (it starts with `<|begin_of_text|>`);
    /// such text is used verbatim instead of being templated again.
    public static func isRendered(_ text: String) -> Bool { text.hasPrefix(SpecialTokens.beginOfText) }

    /// The completion part: `\n\n`, the answer, `<|eot_id|>`.
    public func completion(_ answer: String) -> String { "\n\n" + answer + SpecialTokens.endOfTurn }

    /// The whole example: `prompt(user) + completion(answer)`.
    public func render(prompt user: String, completion answer: String) -> String {
        prompt(user) + completion(answer)
    }

    /// The answer inside a generated completion: drops the leading `\n\n` and anything from the
    /// first `<|eot_id|>` on (generation stops there, but may be cut short without it).
    public static func answer(fromCompletion text: String) -> String {
        var s = Substring(text)
        if s.hasPrefix("\n\n") { s = s.dropFirst(2) }
        if let r = s.range(of: SpecialTokens.endOfTurn) { s = s[..<r.lowerBound] }
        return String(s)
    }

    /// Ids of one example and how many of them belong to the prompt (those get no loss).
    public struct Tokenized: Sendable, Equatable {
        /// Prompt ids followed by completion ids (the last is `<|eot_id|>`).
        public var ids: [Int32]
        /// `ids[..<promptCount]` is the prompt.
        public var promptCount: Int
    }

    /// Tokenizes an example: `encode(prompt(user)) + encode(completion(answer))`, which equals
    /// `encode(render(prompt: user, completion: answer))`.
    /// - Throws: `TokenizerError.invalidArgument` when the tokenizer lacks the chat tokens.
    public func tokenize(prompt user: String, completion answer: String,
                         with tokenizer: BPETokenizer) throws -> Tokenized {
        for t in [SpecialTokens.beginOfText, SpecialTokens.startHeader, SpecialTokens.endHeader, SpecialTokens.endOfTurn]
        where tokenizer.specialTokenID(t) == nil {
            throw TokenizerError(.invalidArgument, "the tokenizer has no \(t) token; train it with SpecialTokens.all")
        }
        let p = tokenizer.encode(prompt(user))
        return Tokenized(ids: p + tokenizer.encode(completion(answer)), promptCount: p.count)
    }

    private static func header(_ role: String) -> String {
        SpecialTokens.startHeader + role + SpecialTokens.endHeader
    }
}
