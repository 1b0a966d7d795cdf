/// The one error type of the Tensors module (safetensors files, BLAS shapes, conversions).
///
/// `description` names the culprit and says what to do; `file`/`line` point at the Swift caller
/// that raised it, and `path` (when set) at the data file involved.
public struct TensorsError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, as a stable code that callers can match on.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Sendable {
            case fileNotFound, ioFailure, truncated, invalidHeader, unsupportedDType
            case tensorNotFound, dtypeMismatch, shapeMismatch, invalidArgument
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file does not exist or cannot be opened.
        public static let fileNotFound = Code(.fileNotFound)
        /// Reading, mapping or writing a file failed.
        public static let ioFailure = Code(.ioFailure)
        /// The file is shorter than its header says: it was cut off while copying or downloading.
        public static let truncated = Code(.truncated)
        /// The header is not valid safetensors JSON, or it lies about sizes, offsets or shapes.
        public static let invalidHeader = Code(.invalidHeader)
        /// The tensor's dtype is not one this module can read or convert.
        public static let unsupportedDType = Code(.unsupportedDType)
        /// No tensor of that name is in the file.
        public static let tensorNotFound = Code(.tensorNotFound)
        /// The tensor exists but has a dtype that the requested accessor cannot convert.
        public static let dtypeMismatch = Code(.dtypeMismatch)
        /// The tensor exists but its shape differs from the one the caller expects.
        public static let shapeMismatch = Code(.shapeMismatch)
        /// A caller passed arguments that do not fit together (e.g. data count vs shape).
        public static let invalidArgument = Code(.invalidArgument)

        /// The code's name, e.g. `truncated`.
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public let code: Code
    /// A message that names the culprit and says what to do.
    public let message: String
    /// The data file involved, when there is one.
    public let path: String?
    /// The error that caused this one, if any (e.g. a JSON or POSIX error).
    public let underlying: (any Error & Sendable)?
    /// Source file of the Swift code that raised the error (`#fileID`).
    public let file: String
    /// Source line of the Swift code that raised the error.
    public let line: Int

    /// Creates an error; `file`/`line` default to the caller's location.
    public init(
        _ code: Code, _ message: String, path: String? = nil, underlying: (any Error & Sendable)? = nil,
        file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.path = path
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    /// `"<code>: <message> (<path>)"`, plus the underlying error when present.
    public var description: String {
        var text = "\(code): \(message)"
        if let path { text += " [\(path)]" }
        if let underlying { text += " (underlying: \(underlying))" }
        return text
    }
}
