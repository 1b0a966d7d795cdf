/// The one error type of the Ingest module. The message names the file and, where the
/// parser knows it, the line.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable { case noInput, unreadable, parse, invalidArticle, store, model, llm, configuration }
        let base: Base
        private init(_ base: Base) { self.base = base }
        public static let noInput = Code(.noInput)
        public static let unreadable = Code(.unreadable)
        public static let parse = Code(.parse)
        public static let invalidArticle = Code(.invalidArticle)
        public static let store = Code(.store)
        public static let model = Code(.model)
        /// The LLM extractor failed for a paper (endpoint error, malformed reply).
        public static let llm = Code(.llm)
        /// A setting (environment variable, option) is missing or invalid.
        public static let configuration = Code(.configuration)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String
    /// The file concerned, if any.
    public let path: String?
    /// The line in that file, when the parser reported one.
    public let line: Int?
    public let underlying: (any Error & Sendable)?

    public init(_ code: Code, _ message: String, path: String? = nil, line: Int? = nil, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.path = path
        self.line = line
        self.underlying = underlying
    }

    public var description: String {
        var where_ = path ?? ""
        if let line { where_ += ":\(line)" }
        return where_.isEmpty ? message : "\(where_): \(message)"
    }
}
