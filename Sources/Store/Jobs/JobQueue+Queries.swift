import Foundation
import PostgresNIO

extension JobQueue {
    /// One job, or nil.
    public func show(id: Int64) async throws -> IngestJob? {
        let rows = try await run("read job \(id)") {
            try await database.client.query(
                "SELECT \(unescaped: Self.columns) FROM ingest_jobs WHERE id = \(id)", logger: database.logger)
        }
        return try await Self.decode(rows).first
    }

    /// Jobs, newest first, optionally of one status.
    public func list(status: IngestJob.Status? = nil, limit: Int = 100) async throws -> [IngestJob] {
        let rows = try await run("list jobs") {
            try await database.client.query(
                """
                SELECT \(unescaped: Self.columns) FROM ingest_jobs
                WHERE \(status?.rawValue)::text IS NULL OR status = \(status?.rawValue)
                ORDER BY id DESC LIMIT \(limit)
                """, logger: database.logger)
        }
        return try await Self.decode(rows)
    }

    /// How many jobs are in each status (statuses without jobs are absent).
    public func counts() async throws -> [IngestJob.Status: Int] {
        let rows = try await run("count jobs") {
            try await database.client.query(
                "SELECT status, count(*)::int FROM ingest_jobs GROUP BY status", logger: database.logger)
        }
        var counts: [IngestJob.Status: Int] = [:]
        for try await (status, n) in rows.decode((String, Int).self) {
            if let status = IngestJob.Status(rawValue: status) { counts[status] = n }
        }
        return counts
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [IngestJob] {
        var jobs: [IngestJob] = []
        for try await row in rows {
            let r = try row.decode(
                (Int64, String, String, Int, Int, String?, String?, Int?, Int64?,
                 String?, Date?, Date, Date, Date?, Date?).self)
            guard let status = IngestJob.Status(rawValue: r.2) else {
                throw StoreError(.queryFailed, "job \(r.0) has the unknown status \(r.2); is the schema newer than this build?")
            }
            jobs.append(IngestJob(
                id: r.0, path: r.1, status: status, attempts: r.3, maxAttempts: r.4, errorCode: r.5, error: r.6,
                errorLine: r.7, paperID: r.8, leaseOwner: r.9, leaseExpiresAt: r.10, nextAttemptAt: r.11,
                createdAt: r.12, startedAt: r.13, finishedAt: r.14))
        }
        return jobs
    }
}
