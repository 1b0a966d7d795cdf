// Module OpenAICompatible: a small client for OpenAI-compatible chat endpoints
// (POST {base}/chat/completions). Generic (messages in, text out): the LLM graph extractor
// uses it, and so will Reasoning's HTTP teacher.

/// The one error type of module OpenAICompatible: a code, a message that names the URL, the
/// status and the server's own message and says what to do, the attempts made, an optional
/// underlying error, and the caller's file and line. Never contains the API key.
public struct OpenAICompatibleError: Error, Sendable, CustomStringConvertible {
    /// What went wrong, as an extensible set of codes.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable { case configuration, transport, tls, timeout, httpStatus, malformedResponse }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A setting (URL, model, timeout, environment variable) is missing or invalid.
        public static let configuration = Code(.configuration)
        /// The server could not be reached or closed the connection (retried).
        public static let transport = Code(.transport)
        /// The TLS handshake failed: the server's certificate is not trusted (a private CA
        /// not given as the CA file), has expired, or does not name the host (not retried).
        public static let tls = Code(.tls)
        /// No complete reply within the per-request timeout (retried).
        public static let timeout = Code(.timeout)
        /// The server answered with an error status (429 and 5xx retried, other 4xx not).
        public static let httpStatus = Code(.httpStatus)
        /// A 2xx reply whose body is not a chat completion (not JSON, no choices, no content).
        public static let malformedResponse = Code(.malformedResponse)
        /// The code's name.
        public var description: String { base.rawValue }
    }

    /// The error's code.
    public let code: Code
    /// A message that names the URL, status and server message, and says what to do.
    public let message: String
    /// The HTTP status, for `.httpStatus` (and `.malformedResponse`).
    public let status: Int?
    /// Requests sent before giving up (1 when not retried).
    public internal(set) var attempts: Int
    /// How long the server asked us to wait (its Retry-After header), if it did.
    public internal(set) var retryAfter: Duration?
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// Source file of the caller that raised the error.
    public let file: String
    /// Source line of the caller that raised the error.
    public let line: Int

    /// Creates an error; `file`/`line` default to the call site.
    public init(_ code: Code, _ message: String, status: Int? = nil, attempts: Int = 1,
                underlying: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.status = status
        self.attempts = attempts
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// Whether sending the same request again may succeed: connection errors, timeouts, 429
    /// and 5xx.
    public var isRetryable: Bool {
        switch code {
        case .transport, .timeout: return true
        case .httpStatus: return status.map { $0 == 429 || $0 >= 500 } ?? false
        default: return false
        }
    }

    /// `OpenAICompatibleError(code): message (after N attempts) [underlying]`.
    public var description: String {
        var s = "OpenAICompatibleError(\(code)): \(message)"
        if attempts > 1 { s += " (gave up after \(attempts) attempts)" }
        if let underlying { s += " [underlying: \(underlying)]" }
        return s
    }
}
