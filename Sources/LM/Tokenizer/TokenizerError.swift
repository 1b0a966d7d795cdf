/// An error from loading, saving or training a tokenizer.
///
/// The message says what to do; `underlying` carries a lower-level error (file or JSON) when
/// there is one, and `file`/`line` point at the caller that triggered it.
public struct TokenizerError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable code (cases may be added later).
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case unreadableFile, malformedJSON, unsupported, inconsistentVocabulary, invalidArgument, writeFailed
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The tokenizer file could not be read.
        public static let unreadableFile = Code(.unreadableFile)
        /// The file is not valid JSON or lacks a required field.
        public static let malformedJSON = Code(.malformedJSON)
        /// The file uses a normalizer, pre-tokenizer, model or option this tokenizer does not implement.
        public static let unsupported = Code(.unsupported)
        /// Vocabulary, merges and added tokens contradict each other (e.g. a merge whose result is not in the vocabulary).
        public static let inconsistentVocabulary = Code(.inconsistentVocabulary)
        /// A caller-supplied argument is out of range (e.g. a vocabulary size below the byte alphabet).
        public static let invalidArgument = Code(.invalidArgument)
        /// The tokenizer file could not be written.
        public static let writeFailed = Code(.writeFailed)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The kind of failure.
    public let code: Code
    /// What happened and what to do about it.
    public let message: String
    /// The lower-level error, if any.
    public let underlying: (any Error)?
    /// The caller's file.
    public let file: String
    /// The caller's line.
    public let line: Int

    /// Creates an error; `file`/`line` default to the call site.
    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// `TokenizerError(code): message [underlying] (file:line)`.
    public var description: String {
        var s = "TokenizerError(\(code)): \(message)"
        if let underlying { s += " [\(underlying)]" }
        return s + " (\(file):\(line))"
    }
}
