import Foundation
import Logging
import PostgresNIO

/// Applies numbered migrations in order, each in its own transaction, recorded with its
/// checksum in `schema_migrations`. Concurrent callers are serialised by a session-level
/// advisory lock, so two `preflexor db migrate` at once neither fail nor apply twice.
public struct Migrator: Sendable {
    /// The state of one migration on a database.
    public struct Entry: Sendable, Equatable, Codable {
        public var version: Int
        public var name: String
        public var applied: Bool
        public var appliedAt: Date?
    }

    /// An arbitrary but fixed key for `pg_advisory_lock` ("preflexr" in ASCII).
    static let lockKey: Int64 = 0x70_72_65_66_6c_65_78_72

    public let migrations: [Migration]

    public init(migrations: [Migration]) {
        self.migrations = migrations
    }

    /// Applies what is pending; returns the migrations applied now (empty when up to date).
    /// A changed file that was already applied is an error that names it.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [Migration] {
        let logger = database.logger
        return try await database.client.withConnection { connection in
            try await connection.query("SELECT pg_advisory_lock(\(Self.lockKey))", logger: logger).collect()
            do {
                let applied = try await self.apply(on: connection, logger: logger)
                try await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger).collect()
                return applied
            } catch {
                _ = try? await connection.query("SELECT pg_advisory_unlock(\(Self.lockKey))", logger: logger).collect()
                throw error
            }
        }
    }

    private func apply(on connection: PostgresConnection, logger: Logger) async throws -> [Migration] {
        try await connection.query(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, checksum text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now())
            """, logger: logger
        ).collect()
        let done = try await appliedChecksums(connection, logger: logger)
        try verify(done)
        var applied: [Migration] = []
        for migration in migrations where done[migration.version] == nil {
            try await run(migration, on: connection, logger: logger)
            applied.append(migration)
        }
        return applied
    }

    /// Checks applied files are unchanged and the database is not ahead of the code.
    func verify(_ done: [Int: (name: String, checksum: String)]) throws {
        for migration in migrations {
            if let row = done[migration.version], row.checksum != migration.checksum {
                throw StoreError(
                    .migrationChanged,
                    "migration \(migration.name).sql was changed after it was applied (checksum differs); "
                        + "restore the file and put the change in a new migration")
            }
        }
        if let newest = done.keys.max(), newest > (migrations.map(\.version).max() ?? 0) {
            throw StoreError(
                .schemaBehind,
                "the database is at migration \(newest) but this preflexor knows only up to \(migrations.map(\.version).max() ?? 0); upgrade preflexor")
        }
    }

    private func run(_ migration: Migration, on connection: PostgresConnection, logger: Logger) async throws {
        let statements = SQLScript.split(migration.sql)
        try await connection.query("BEGIN", logger: logger).collect()
        do {
            for statement in statements {
                do {
                    try await connection.query(PostgresQuery(unsafeSQL: statement.sql), logger: logger).collect()
                } catch {
                    throw StoreError(
                        .migrationFailed,
                        "migration \(migration.name).sql failed at line \(statement.line): "
                            + (Database.serverMessage(error) ?? String(describing: error)),
                        underlying: error)
                }
            }
            try await connection.query(
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (\(migration.version), \(migration.name), \(migration.checksum))",
                logger: logger
            ).collect()
            try await connection.query("COMMIT", logger: logger).collect()
            logger.info("applied migration \(migration.name)")
        } catch {
            _ = try? await connection.query("ROLLBACK", logger: logger).collect()
            throw error
        }
    }

    private func appliedChecksums(_ connection: PostgresConnection, logger: Logger) async throws -> [Int: (name: String, checksum: String)] {
        var result: [Int: (name: String, checksum: String)] = [:]
        let rows = try await connection.query("SELECT version, name, checksum FROM schema_migrations", logger: logger)
        for try await (version, name, checksum) in rows.decode((Int, String, String).self) {
            result[version] = (name, checksum)
        }
        return result
    }

    /// Every known migration and whether it was applied.
    public func status(_ database: Database) async throws -> [Entry] {
        let exists = try await database.client.query(
            "SELECT to_regclass('public.schema_migrations') IS NOT NULL", logger: database.logger)
        var hasTable = false
        for try await value in exists.decode(Bool.self) { hasTable = value }
        var applied: [Int: Date] = [:]
        if hasTable {
            let rows = try await database.client.query(
                "SELECT version, applied_at FROM schema_migrations", logger: database.logger)
            for try await (version, at) in rows.decode((Int, Date).self) { applied[version] = at }
        }
        return migrations.map { Entry(version: $0.version, name: $0.name, applied: applied[$0.version] != nil, appliedAt: applied[$0.version]) }
    }

    /// Whether any known migration is not yet applied (cheap check for the CLI's auto-migrate).
    public func hasPending(_ database: Database) async throws -> Bool {
        try await status(database).contains { !$0.applied }
    }
}
