// Module Graph: entity and relation extraction, domain lexicon, entity resolution and
// communities, without a database (see ../shared/docs/architecture.md and
// docs/graph-extraction.md). Imports only Foundation (and Text once it lands).

/// The one error type of module Graph: a code, a message that says what to do, an optional
/// underlying error, and the caller's file and line.
public struct GraphError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable { case lexiconMissing, lexiconMalformed, embedderFailed, invalidArgument, llmReplyMalformed, factMalformed }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The lexicon resource or file could not be read.
        public static let lexiconMissing = Code(.lexiconMissing)
        /// A lexicon line is not `term<TAB>type<TAB>synonyms` with a known type.
        public static let lexiconMalformed = Code(.lexiconMalformed)
        /// The injected embedder threw or returned vectors of the wrong count or width.
        public static let embedderFailed = Code(.embedderFailed)
        /// An argument is out of range (threshold, resolution, ...).
        public static let invalidArgument = Code(.invalidArgument)
        /// An LLM's reply to an extraction prompt is not a JSON array of triples.
        public static let llmReplyMalformed = Code(.llmReplyMalformed)
        /// A line of a graph fact file (JSONL) is not a valid fact.
        public static let factMalformed = Code(.factMalformed)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The error's code.
    public let code: Code
    /// A message that names the culprit and says what to do.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// Source file of the caller that raised the error.
    public let file: String
    /// Source line of the caller that raised the error.
    public let line: Int

    /// Creates an error; `file`/`line` default to the call site.
    public init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil,
                file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// `GraphError(code): message [underlying]`.
    public var description: String {
        var s = "GraphError(\(code)): \(message)"
        if let underlying { s += " [underlying: \(underlying)]" }
        return s
    }
}
