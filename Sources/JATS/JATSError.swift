import Foundation

/// The one error type of the JATS module: what went wrong, where (file, line, column) and what to do.
///
/// `description` is one line fit for a log or a CLI message; `underlying` keeps the cause when
/// another error (e.g. a file-system error) was wrapped.
public struct JATSError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is. A struct over a private enum so cases can be added later.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case unreadableFile, emptyInput, inputTooLarge, malformedXML
            case notAnArticle, tooDeep, tooManyNodes, parserFailure
        }
        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The file could not be read (missing, a directory, no permission).
        public static let unreadableFile = Code(.unreadableFile)
        /// The input holds no bytes, or only whitespace.
        public static let emptyInput = Code(.emptyInput)
        /// The input is larger than `JATSParser.Limits.maxInputBytes`.
        public static let inputTooLarge = Code(.inputTooLarge)
        /// libxml2 rejected the document as not well-formed XML (the message is libxml2's).
        public static let malformedXML = Code(.malformedXML)
        /// Well-formed XML without an `<article>` element.
        public static let notAnArticle = Code(.notAnArticle)
        /// Elements nested deeper than `JATSParser.Limits.maxDepth`.
        public static let tooDeep = Code(.tooDeep)
        /// More nodes than `JATSParser.Limits.maxNodes`.
        public static let tooManyNodes = Code(.tooManyNodes)
        /// libxml2 could not allocate a parser (out of memory).
        public static let parserFailure = Code(.parserFailure)

        /// The code's name, e.g. `malformedXML`.
        public var description: String { base.rawValue }
    }

    /// What kind of failure this is.
    public var code: Code
    /// What happened and what to do about it.
    public var message: String
    /// The input's name: a path, or the `source` given to `parse(data:source:)`.
    public var file: String?
    /// 1-based line in the input where libxml2 stopped, when known.
    public var line: Int?
    /// 1-based column in the input, when known.
    public var column: Int?
    /// The error that caused this one, if any.
    public var underlying: (any Error)?

    /// Creates an error; `message` should say what to do.
    public init(_ code: Code, _ message: String, file: String? = nil, line: Int? = nil,
                column: Int? = nil, underlying: (any Error)? = nil) {
        self.code = code
        self.message = message
        self.file = file
        self.line = line
        self.column = column
        self.underlying = underlying
    }

    /// `file:line:column: code: message`.
    public var description: String {
        var place = file ?? "<input>"
        if let line { place += ":\(line)" }
        if let column, line != nil { place += ":\(column)" }
        return "\(place): \(code): \(message)"
    }
}
