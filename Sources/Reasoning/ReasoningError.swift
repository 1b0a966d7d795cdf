import Foundation

/// What went wrong while answering a question; `code` says which kind.
public struct ReasoningError: Error, CustomStringConvertible, Sendable {
    /// Error kinds.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: String, Sendable { case invalidOptions, configuration, generator, malformedReply }
        let kind: Kind
        /// Options out of range (reflection rounds, thresholds, sentence counts).
        public static let invalidOptions = Code(kind: .invalidOptions)
        /// The LLM generator's endpoint is not configured (or wrongly).
        public static let configuration = Code(kind: .configuration)
        /// The generator failed (an LLM endpoint unreachable or refusing the request).
        public static let generator = Code(kind: .generator)
        /// A generator's reply could not be read as thinking plus answer.
        public static let malformedReply = Code(kind: .malformedReply)
        public var description: String { kind.rawValue }
    }

    public var code: Code
    public var message: String
    /// The error that caused this one, if any.
    public var underlying: (any Error)?
    public var file: String
    public var line: Int

    public init(_ code: Code, _ message: String, underlying: (any Error)? = nil, file: String = #fileID, line: Int = #line) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { message }
}
