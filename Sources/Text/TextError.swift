/// The one error type of the Text module: an invalid chunking configuration, with the fix.
public struct TextError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What kind of failure this is.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private let raw: String
        private init(_ raw: String) { self.raw = raw }
        /// A `Chunker.Config` value is out of range.
        public static let invalidConfiguration = Code("invalidConfiguration")
        /// The code's name.
        public var description: String { raw }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What is wrong and what to do.
    public var message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `code: message`.
    public var description: String { "\(code): \(message)" }
}
