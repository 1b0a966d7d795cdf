/// The PRefLexOR special tokens (method.md section 1) and the Llama-3-style chat tokens.
///
/// All are added tokens with `special: true`: matched in raw text before pre-tokenisation and
/// never split. A trained tokenizer gives them ids 0...13 in the order of `all`.
public enum SpecialTokens {
    /// Opens the structured reasoning block.
    public static let thinkingOpen = "<|thinking|>"
    /// Closes the structured reasoning block; stage-2 masking keeps labels from the last one on.
    public static let thinkingClose = "<|/thinking|>"
    /// Opens a scratchpad.
    public static let scratchpadOpen = "<|scratchpad|>"
    /// Closes a scratchpad.
    public static let scratchpadClose = "<|/scratchpad|>"
    /// Opens a self-critique (reflection) block.
    public static let reflectOpen = "<|reflect|>"
    /// Closes a self-critique (reflection) block.
    public static let reflectClose = "<|/reflect|>"
    /// Opens a response block.
    public static let responseOpen = "<|response|>"
    /// Closes a response block.
    public static let responseClose = "<|/response|>"

    /// Start of a conversation (BOS).
    public static let beginOfText = "<|begin_of_text|>"
    /// End of text (EOS for plain-text pretraining).
    public static let endOfText = "<|end_of_text|>"
    /// Opens a role header (`system`, `user`, `assistant`).
    public static let startHeader = "<|start_header_id|>"
    /// Closes a role header.
    public static let endHeader = "<|end_header_id|>"
    /// End of one turn: the EOS of generation and of every chat completion.
    public static let endOfTurn = "<|eot_id|>"
    /// Padding (never a training target).
    public static let pad = "<|pad|>"

    /// The eight PRefLexOR tokens, in method.md's order.
    public static let preflexor: [String] = [
        thinkingOpen, thinkingClose, scratchpadOpen, scratchpadClose,
        reflectOpen, reflectClose, responseOpen, responseClose,
    ]
    /// The six chat tokens.
    public static let chat: [String] = [beginOfText, endOfText, startHeader, endHeader, endOfTurn, pad]
    /// All fourteen, chat tokens first: the order (and so the ids 0...13) a trained tokenizer uses.
    public static let all: [String] = chat + preflexor

    /// The suffix of a question that asks for reasoning: ` Use <|thinking|>.`
    public static let thinkingRequest = " Use \(thinkingOpen)."
}
