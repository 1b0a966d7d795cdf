import Foundation
import PostgresNIO

/// The ingestion job queue in `ingest_jobs` (migration 0008), safe for many workers in many
/// processes: a claim takes the oldest due job with `FOR UPDATE SKIP LOCKED` and holds it
/// under a lease; a worker that dies lets its lease run out and the next claim takes the
/// job again. Every transition after a claim names the lease owner, so a worker whose lease
/// was taken over cannot overwrite the new owner's result.
public struct JobQueue: Sendable {
    /// The channel `NOTIFY` uses when a job becomes claimable (see migration 0008).
    public static let channel = "ingest_jobs"

    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    static let columns = """
        id, path, status, attempts, max_attempts, error_code, error, error_line, paper_id,
        lease_owner, lease_expires_at, next_attempt_at, created_at, started_at, finished_at
        """

    /// Queues a file; nil when the path already has an open (queued or running) job.
    @discardableResult
    public func enqueue(path: String, maxAttempts: Int = 5) async throws -> Int64? {
        guard maxAttempts > 0 else {
            throw StoreError(.conflict, "maxAttempts for \(path) must be at least 1, not \(maxAttempts)")
        }
        let rows = try await run("queue \(path)") {
            try await database.client.query(
                """
                INSERT INTO ingest_jobs (path, max_attempts) VALUES (\(path), \(maxAttempts))
                ON CONFLICT (path) WHERE status IN ('queued', 'running') DO NOTHING RETURNING id
                """, logger: database.logger)
        }
        for try await (id,) in rows.decode((Int64,).self) { return id }
        return nil
    }

    /// Takes the oldest due job (queued and past its backoff, or running with an expired
    /// lease) for `owner`, for `lease` seconds; nil when there is none.
    public func claim(owner: String, lease: Double) async throws -> IngestJob? {
        let rows = try await run("claim a job") {
            try await database.client.query(
                """
                UPDATE ingest_jobs SET status = 'running', attempts = attempts + 1, lease_owner = \(owner),
                       lease_expires_at = now() + make_interval(secs => \(lease)), started_at = now(), updated_at = now()
                WHERE id = (SELECT id FROM ingest_jobs
                            WHERE (status = 'queued' AND next_attempt_at <= now())
                               OR (status = 'running' AND lease_expires_at < now())
                            ORDER BY id FOR UPDATE SKIP LOCKED LIMIT 1)
                RETURNING \(unescaped: Self.columns)
                """, logger: database.logger)
        }
        return try await Self.decode(rows).first
    }

    /// Extends a running job's lease; false when `owner` no longer holds it.
    public func renew(id: Int64, owner: String, lease: Double) async throws -> Bool {
        try await transition("renew the lease of job \(id)", """
            UPDATE ingest_jobs SET lease_expires_at = now() + make_interval(secs => \(lease)), updated_at = now()
            WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner) RETURNING id
            """)
    }

    /// Marks a job done with the paper it stored; false when `owner` no longer holds it.
    public func complete(id: Int64, owner: String, paperID: Int64?) async throws -> Bool {
        try await transition("finish job \(id)", """
            UPDATE ingest_jobs SET status = 'done', paper_id = \(paperID), error = NULL, error_code = NULL,
                   error_line = NULL, lease_owner = NULL, lease_expires_at = NULL, finished_at = now(), updated_at = now()
            WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner) RETURNING id
            """)
    }

    /// Records a failed attempt. A retryable failure with attempts left goes back to the
    /// queue after `backoff` seconds; anything else ends `failed` with its code, line and
    /// reason. Returns the job's new status, or nil when `owner` no longer holds it.
    public func fail(id: Int64, owner: String, _ failure: JobFailure, backoff: Double) async throws -> IngestJob.Status? {
        let rows = try await run("record the failure of job \(id)") {
            try await database.client.query(
                """
                UPDATE ingest_jobs SET
                    status = CASE WHEN \(failure.retryable) AND attempts < max_attempts THEN 'queued' ELSE 'failed' END,
                    next_attempt_at = now() + make_interval(secs => \(backoff)),
                    error_code = \(failure.code), error = \(failure.reason), error_line = \(failure.line),
                    lease_owner = NULL, lease_expires_at = NULL, updated_at = now(),
                    finished_at = CASE WHEN \(failure.retryable) AND attempts < max_attempts THEN NULL ELSE now() END
                WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner) RETURNING status
                """, logger: database.logger)
        }
        for try await (status,) in rows.decode((String,).self) { return IngestJob.Status(rawValue: status) }
        return nil
    }

    /// Puts a failed or cancelled job back in the queue, due now, with fresh attempts.
    public func retry(id: Int64) async throws {
        guard try await transition("retry job \(id)", """
            UPDATE ingest_jobs SET status = 'queued', attempts = 0, next_attempt_at = now(), finished_at = NULL, updated_at = now()
            WHERE id = \(id) AND status IN ('failed', 'cancelled') RETURNING id
            """) else {
            throw try await refusal(id, "retried", allowed: "failed or cancelled")
        }
    }

    /// Cancels a queued job. A running job is not interrupted: cancel it once it ends.
    public func cancel(id: Int64) async throws {
        guard try await transition("cancel job \(id)", """
            UPDATE ingest_jobs SET status = 'cancelled', finished_at = now(), updated_at = now()
            WHERE id = \(id) AND status = 'queued' RETURNING id
            """) else {
            throw try await refusal(id, "cancelled", allowed: "queued")
        }
    }

    func refusal(_ id: Int64, _ verb: String, allowed: String) async throws -> StoreError {
        guard let job = try await show(id: id) else {
            return StoreError(.notFound, "there is no job \(id); `preflexor jobs list` shows the jobs")
        }
        return StoreError(.conflict, "job \(id) (\(job.path)) is \(job.status.rawValue); only a \(allowed) job can be \(verb)")
    }

    func transition(_ what: String, _ query: PostgresQuery) async throws -> Bool {
        let rows = try await run(what) { try await database.client.query(query, logger: database.logger) }
        for try await _ in rows { return true }
        return false
    }

    func run<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        try await StoreError.describing(what, body)
    }
}
