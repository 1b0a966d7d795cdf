import Foundation

/// What went wrong in retrieval or its evaluation; `code` says which kind.
public struct RetrievalError: Error, CustomStringConvertible, Sendable {
    /// Error kinds.
    public enum Code: String, Sendable {
        /// A question file could not be read or a line is malformed.
        case questionFile
        /// Options out of range (k, pool, weights).
        case invalidOptions
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
