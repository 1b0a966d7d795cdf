import Foundation

/// The one error type of the Store module: a code, a message that says what to do, and
/// where it was raised.
///
/// `description` never contains SQL, passwords or file contents of the server; the
/// server's own message (which may quote the query) is kept in `serverMessage` and shown by
/// `debugDescription` and by the CLI, which is the user's own terminal.
public struct StoreError: Error, CustomStringConvertible, CustomDebugStringConvertible, Sendable {
    /// What went wrong, as a closed but extensible set.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Base: String, Sendable {
            case configuration, postgresNotInstalled, serverStart, serverStop, connection
            case migrationFile, migrationChanged, migrationFailed, schemaBehind
            case readOnlyViolation, queryFailed, timeout, notFound, conflict
        }
        let base: Base
        private init(_ base: Base) { self.base = base }
        public static let configuration = Code(.configuration)
        public static let postgresNotInstalled = Code(.postgresNotInstalled)
        public static let serverStart = Code(.serverStart)
        public static let serverStop = Code(.serverStop)
        public static let connection = Code(.connection)
        public static let migrationFile = Code(.migrationFile)
        public static let migrationChanged = Code(.migrationChanged)
        public static let migrationFailed = Code(.migrationFailed)
        public static let schemaBehind = Code(.schemaBehind)
        public static let readOnlyViolation = Code(.readOnlyViolation)
        public static let queryFailed = Code(.queryFailed)
        public static let timeout = Code(.timeout)
        public static let notFound = Code(.notFound)
        public static let conflict = Code(.conflict)
        public var description: String { base.rawValue }
    }

    public let code: Code
    /// A sentence for the user that says what happened and what to do.
    public let message: String
    /// PostgreSQL's own message (and detail/hint) when the server refused something.
    public var serverMessage: String?
    /// The error this one wraps, if any.
    public var underlying: (any Error & Sendable)?
    public let file: String
    public let line: Int

    public init(
        _ code: Code, _ message: String, serverMessage: String? = nil,
        underlying: (any Error & Sendable)? = nil, file: String = #fileID, line: Int = #line
    ) {
        self.code = code
        self.message = message
        self.serverMessage = serverMessage
        self.underlying = underlying
        self.file = file
        self.line = line
    }

    public var description: String { message }

    public var debugDescription: String {
        var s = "StoreError(\(code)) at \(file):\(line): \(message)"
        if let serverMessage { s += "\n  server: \(serverMessage)" }
        if let underlying { s += "\n  underlying: \(String(reflecting: underlying))" }
        return s
    }
}

extension StoreError {
    /// Runs a query, turning a driver or server error into a `StoreError` that says what was
    /// being done. A lost connection keeps the code `.connection`, so a caller can tell it is
    /// transient; a server error is `.queryFailed` with the server's message.
    static func describing<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as StoreError {
            throw error
        } catch {
            let server = Database.serverMessage(error)
            throw StoreError(server == nil ? .connection : .queryFailed,
                             "cannot \(what): \(server ?? String(describing: error))",
                             serverMessage: server, underlying: error)
        }
    }
}
