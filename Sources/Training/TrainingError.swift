// Module Training: losses (SFT, ORPO, DPO, EXO), thinking masks, AdamW, schedules,
// the trainer loop and its metrics. See ../shared/docs/architecture.md and method.md.

/// The one error type of module Training: a code, a message that says what to do,
/// an optional underlying error, and the caller's file and line.
public struct TrainingError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable, extensible code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case invalidConfiguration, invalidData, io, shapeMismatch, checkpoint, notFinite
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// A setting is out of range or inconsistent with another setting.
        public static let invalidConfiguration = Code(.invalidConfiguration)
        /// A dataset row is malformed (bad JSON, missing field, empty completion).
        public static let invalidData = Code(.invalidData)
        /// A file could not be read or written.
        public static let io = Code(.io)
        /// Arrays passed to a loss or the model have inconsistent sizes.
        public static let shapeMismatch = Code(.shapeMismatch)
        /// A trainer checkpoint is missing, incomplete or does not match the model.
        public static let checkpoint = Code(.checkpoint)
        /// A loss or gradient became NaN or infinite.
        public static let notFinite = Code(.notFinite)
        public var description: String { base.rawValue }
    }

    /// The error's code.
    public let code: Code
    /// What happened and what to do about it.
    public let message: String
    /// The error that caused this one, if any.
    public let underlying: (any Error & Sendable)?
    /// Source file of the caller that raised the error (`#fileID`).
    public let file: String
    /// Source line of the caller that raised the error.
    public let line: Int

    /// Creates an error; `file`/`line` default to the caller's position.
    public init(
        _ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String {
        var text = "TrainingError.\(code): \(message)"
        if let underlying { text += " (underlying: \(underlying))" }
        return text + " [\(file):\(line)]"
    }
}
