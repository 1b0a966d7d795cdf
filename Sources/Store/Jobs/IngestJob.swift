import Foundation

/// One row of `ingest_jobs` (migrations 0001 and 0008): a file the daemon is to ingest.
public struct IngestJob: Sendable, Equatable, Codable {
    /// Where a job is in its life.
    public enum Status: String, Sendable, Codable, CaseIterable {
        case queued, running, done, failed, cancelled
    }

    public var id: Int64
    /// The file, as the daemon found it in its inbox.
    public var path: String
    public var status: Status
    /// Claims so far (a reclaimed lease counts as an attempt).
    public var attempts: Int
    public var maxAttempts: Int
    /// Code of the last error (e.g. `jats.malformed`), if any.
    public var errorCode: String?
    /// The last error's reason, naming the file and field.
    public var error: String?
    /// Line in the file the last error points at, where known.
    public var errorLine: Int?
    /// The stored paper, once done.
    public var paperID: Int64?
    /// The worker holding a running job.
    public var leaseOwner: String?
    public var leaseExpiresAt: Date?
    /// A queued job is not claimed before this (retry backoff).
    public var nextAttemptAt: Date
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
}

/// Why an attempt failed, as the worker reports it to the queue.
public struct JobFailure: Sendable, Equatable {
    /// The error's code (module and kind, e.g. `jats.malformed` or `store.connection`).
    public var code: String
    /// What went wrong, naming the file, line or field.
    public var reason: String
    /// Line in the file, where known.
    public var line: Int?
    /// Whether another attempt may succeed (a lost connection) or never will (bad XML).
    public var retryable: Bool

    public init(code: String, reason: String, line: Int? = nil, retryable: Bool) {
        self.code = code
        self.reason = reason
        self.line = line
        self.retryable = retryable
    }
}
