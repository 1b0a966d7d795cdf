import Foundation

/// Errors of the training-data loop: a code and a message that says what to do.
public struct LoopError: Error, CustomStringConvertible, Sendable {
    public enum Code: String, Sendable {
        /// A bad option (count, threshold, ...).
        case invalidOptions
        /// Nothing to work from (no graph, no questions, no pairs).
        case noData
        /// A checkpoint could not be used.
        case model
        /// A file could not be written.
        case io
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code; self.message = message
    }

    public var description: String { message }
}
