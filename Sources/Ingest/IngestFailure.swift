import Foundation
import JATS
import Store

/// A failed file's error with its code kept through the pipeline: the code names module and
/// kind (`ingest.parse`, `store.connection`, …) and `retryable` says whether another attempt
/// may succeed (a lost connection, a deadlock, an unreachable LLM endpoint) or never will
/// (malformed XML, an article without a title).
public struct IngestFailure: Sendable, Codable, Equatable {
    /// Module and kind, e.g. `ingest.parse` or `store.connection`.
    public var code: String
    /// What went wrong, naming the file and, where known, the line.
    public var reason: String
    /// Line in the file, where the parser knows it.
    public var line: Int?
    /// Whether a later attempt may succeed.
    public var retryable: Bool

    public init(code: String, reason: String, line: Int? = nil, retryable: Bool) {
        self.code = code
        self.reason = reason
        self.line = line
        self.retryable = retryable
    }

    /// SQLSTATEs worth another attempt: serialization failure, deadlock, lock timeout,
    /// too many connections, admin shutdown / crash recovery, cannot connect now.
    static let transientStates: Set<String> = ["40001", "40P01", "55P03", "53300", "57P01", "57P02", "57P03", "08000", "08003", "08006"]

    /// Classifies any error raised while ingesting `path`.
    public static func classify(_ error: any Error, path: String) -> IngestFailure {
        switch error {
        case let error as IngestError:
            let retryable = error.code == .llm || (error.code == .store && isTransient(error.underlying))
            return IngestFailure(code: "ingest.\(error.code)", reason: error.message, line: error.line, retryable: retryable)
        case let error as StoreError:
            return IngestFailure(code: "store.\(error.code)", reason: error.message, retryable: isTransient(error))
        case is CancellationError:
            return IngestFailure(code: "ingest.cancelled", reason: "\(path): the ingest was interrupted", retryable: true)
        default:
            return IngestFailure(code: "ingest.unexpected", reason: String(describing: error), retryable: false)
        }
    }

    /// Whether a Store error (or what it wraps) is transient.
    static func isTransient(_ error: (any Error)?) -> Bool {
        guard let error else { return false }
        if let store = error as? StoreError {
            if store.code == .connection || store.code == .timeout { return true }
            guard let underlying = store.underlying else { return false }
            if let state = Database.sqlState(underlying) { return transientStates.contains(state) }
            // A query without a verdict from the server: the connection broke under it.
            return store.serverMessage == nil && Database.serverMessage(underlying) == nil && !(underlying is StoreError)
        }
        if let state = Database.sqlState(error) { return transientStates.contains(state) }
        return false
    }
}

extension FileOutcome {
    /// A file that failed before the pipeline read it (e.g. it left the inbox).
    public static func failed(_ path: String, _ failure: IngestFailure) -> FileOutcome {
        FileOutcome(path: path, status: .failed, paperID: nil, title: nil, chunks: 0, bytes: 0,
                    error: failure.reason, line: failure.line, failure: failure)
    }
}
