// Module LM: see ../shared/docs/architecture.md.
//
// A Llama-style decoder written llm.c style: every layer's forward sits next to its
// backward (Model/), KV-cache generation (Generation/), and checkpoints in Hugging Face
// layout (Checkpoint/). The BPE tokenizer lives in Tokenizer/.
//
// Letters used in shape comments throughout the module:
//   B batch, T sequence length, N = B*T tokens, C hidden size, H query heads,
//   G key/value heads (GQA groups), D head dimension (C / H), F intermediate size,
//   V vocabulary size, R LoRA rank.

/// The one error type of module LM: a code, a message that says what to do, an optional
/// underlying error, and the file and line that threw.
public struct LMError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable, extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfig, checkpointMissingFile, checkpointBadTensor, checkpointIO
            case invalidInput, tokenizer
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A model configuration is inconsistent (e.g. heads do not divide the hidden size).
        public static let invalidConfig = Code(.invalidConfig)
        /// A checkpoint directory lacks a required file.
        public static let checkpointMissingFile = Code(.checkpointMissingFile)
        /// A checkpoint tensor is missing, has the wrong shape or an unsupported dtype.
        public static let checkpointBadTensor = Code(.checkpointBadTensor)
        /// Reading or writing checkpoint files failed.
        public static let checkpointIO = Code(.checkpointIO)
        /// Arguments to a model call are out of range (token ids, lengths, sampling settings).
        public static let invalidInput = Code(.invalidInput)
        /// The tokenizer failed.
        public static let tokenizer = Code(.tokenizer)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The error's code.
    public let code: Code
    /// What happened and what to do about it.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// The file that threw (`#fileID`).
    public let file: String
    /// The line that threw.
    public let line: Int

    /// Creates an error; `file` and `line` default to the caller's position.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// `LMError(code): message [underlying] (file:line)`.
    public var description: String {
        var s = "LMError(\(code)): \(message)"
        if let underlying { s += " [\(underlying)]" }
        return s + " (\(file):\(line))"
    }
}
