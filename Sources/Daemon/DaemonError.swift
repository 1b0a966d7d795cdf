/// The one error type of the Daemon module.
public struct DaemonError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable { case inbox, configuration, fileMove }
        let base: Base
        private init(_ base: Base) { self.base = base }
        /// The inbox is missing, not a folder, or its `done/` and `failed/` cannot be made.
        public static let inbox = Code(.inbox)
        /// An option is out of range.
        public static let configuration = Code(.configuration)
        /// A processed file could not be moved to `done/` or `failed/`.
        public static let fileMove = Code(.fileMove)
        public var description: String { base.rawValue }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
