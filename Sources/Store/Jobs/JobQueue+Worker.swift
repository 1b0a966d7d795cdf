import Foundation
import PostgresNIO

extension JobQueue {
    /// Gives a running job back to the queue, due now, without counting the attempt (a
    /// worker that stops before finishing its paper). False when `owner` no longer holds it.
    @discardableResult
    public func release(id: Int64, owner: String) async throws -> Bool {
        try await transition("release job \(id)", """
            UPDATE ingest_jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), next_attempt_at = now(),
                   lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
            WHERE id = \(id) AND status = 'running' AND lease_owner = \(owner) RETURNING id
            """)
    }

    /// Releases every running job whose owner starts with `ownerPrefix` (a daemon that shuts
    /// down names its workers `<daemon>/w<i>`). Returns how many were released.
    @discardableResult
    public func releaseAll(ownerPrefix: String) async throws -> Int {
        let pattern = ownerPrefix.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        let rows = try await run("release the jobs of \(ownerPrefix)") {
            try await database.client.query(
                """
                UPDATE ingest_jobs SET status = 'queued', attempts = greatest(attempts - 1, 0), next_attempt_at = now(),
                       lease_owner = NULL, lease_expires_at = NULL, updated_at = now()
                WHERE status = 'running' AND lease_owner LIKE \(pattern) RETURNING id
                """, logger: database.logger)
        }
        var n = 0
        for try await _ in rows { n += 1 }
        return n
    }

    /// Jobs for `path` that are open (queued or running): a watcher uses it to leave alone a
    /// file whose job is in hand.
    public func hasOpenJob(path: String) async throws -> Bool {
        try await transition("look up the jobs of \(path)", """
            SELECT id FROM ingest_jobs WHERE path = \(path) AND status IN ('queued', 'running') LIMIT 1
            """)
    }

    /// Listens for jobs becoming claimable (the `NOTIFY` of migration 0008) and calls
    /// `onNotify` for each, on one connection of the pool, until the task is cancelled.
    /// Throws `.connection` when the connection is lost (the caller listens again).
    public func listen(onNotify: @escaping @Sendable () -> Void) async throws {
        try await run("listen on \(Self.channel)") {
            try await database.client.withConnection { connection in
                try await connection.listen(on: Self.channel) { notifications in
                    for try await _ in notifications { onNotify() }
                }
            }
        }
    }
}
