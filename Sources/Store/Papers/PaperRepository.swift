import Foundation
import Logging
import PostgresNIO

/// What storing a paper did.
public enum StoreOutcome: String, Sendable, Codable {
    /// A new paper.
    case inserted
    /// A changed file for a paper already stored: the old version was replaced atomically.
    case replaced
    /// The same bytes were stored before: nothing was written.
    case unchanged
}

/// Papers and their structure in PostgreSQL: stored whole in one transaction, or not at all.
public struct PaperRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Stores `record` in one transaction. Identical bytes for a known paper are a no-op; a
    /// changed file for the same key, DOI or PMCID replaces the old version (and everything
    /// derived from it) atomically. `afterInsert` runs inside the same transaction with the
    /// new paper's id (and its chunk ids by ordinal) and writes derived rows through the
    /// `PaperTransaction`, so they commit together.
    @discardableResult
    public func store(
        _ record: PaperRecord,
        afterInsert: (@Sendable (PaperTransaction, Int64, [Int: Int64]) async throws -> Void)? = nil
    ) async throws -> (id: Int64, outcome: StoreOutcome) {
        let logger = database.logger
        do {
            return try await Self.retryingDeadlocks(logger: logger) { try await database.client.withTransaction(logger: logger) { connection in
                try await GraphRepository.waitForRebuild(connection, logger: logger)
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(record.key), 7))", logger: logger).collect()
                var existing: [(Int64, String)] = []
                let rows = try await connection.query(
                    """
                    SELECT id, content_sha256 FROM papers
                    WHERE paper_key = \(record.key)
                       OR (\(record.doi)::text IS NOT NULL AND lower(doi) = lower(\(record.doi)::text))
                       OR (\(record.pmcid)::text IS NOT NULL AND pmcid = \(record.pmcid)::text)
                    """, logger: logger)
                for try await (id, sha) in rows.decode((Int64, String).self) { existing.append((id, sha)) }
                if existing.count == 1, existing[0].1 == record.contentSHA256 {
                    return (existing[0].0, .unchanged)
                }
                for (id, _) in existing {
                    try await connection.query("DELETE FROM papers WHERE id = \(id)", logger: logger).collect()
                }
                let writer = PaperWriter(connection: connection, logger: logger)
                let (id, chunkIDs) = try await writer.insert(record)
                if let afterInsert {
                    let transaction = PaperTransaction(connection: connection, logger: logger, paperID: id, chunkIDs: chunkIDs)
                    try await afterInsert(transaction, id, chunkIDs)
                }
                try await writer.linkCitations(id, record)
                return (id, existing.isEmpty ? .inserted : .replaced)
            } }
        } catch {
            throw Self.wrap(error, "could not store paper \(record.key)")
        }
    }

    /// Deletes a paper and everything derived from it (cascades), then removes graph
    /// entities and relations that no remaining evidence supports. Returns false when no
    /// such paper exists.
    @discardableResult
    public func delete(id: Int64) async throws -> Bool {
        let logger = database.logger
        do {
            return try await Self.retryingDeadlocks(logger: logger) { try await database.client.withTransaction(logger: logger) { connection in
                try await GraphRepository.waitForRebuild(connection, logger: logger)
                var deleted = false
                for try await _ in try await connection.query("DELETE FROM papers WHERE id = \(id) RETURNING id", logger: logger) {
                    deleted = true
                }
                if deleted { try await GraphMaintenance.pruneOrphans(connection, logger: logger) }
                return deleted
            } }
        } catch {
            throw Self.wrap(error, "could not delete paper \(id)")
        }
    }

    /// Finds a paper by id, DOI, PMCID, PMID or key.
    public func find(_ identifier: String) async throws -> Int64? {
        let text = identifier.trimmingCharacters(in: .whitespaces)
        let asID = Int64(text)
        let doi = text.lowercased().replacingOccurrences(of: "https://doi.org/", with: "").replacingOccurrences(of: "doi:", with: "")
        let rows = try await database.client.query(
            """
            SELECT id FROM papers
            WHERE id = \(asID ?? -1) OR paper_key = \(text) OR lower(doi) = \(doi)
               OR pmcid = \(text.uppercased()) OR pmid = \(text)
            ORDER BY id LIMIT 1
            """, logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    /// Runs a transaction again (up to five times in all, after a short random pause) when PostgreSQL aborted it as a
    /// deadlock victim (SQLSTATE 40P01): writers of papers that share relations lock the same
    /// rows, and the victim's work was rolled back whole, so running it again is safe.
    static func retryingDeadlocks<T>(logger: Logger, _ body: () async throws -> T) async throws -> T {
        var attempt = 1
        while true {
            do {
                return try await body()
            } catch where attempt < 5 && isDeadlock(error) {
                logger.notice("transaction was a deadlock victim; running it again (attempt \(attempt + 1) of 5)")
                attempt += 1
                // Random, so that two victims of the same cycle do not meet again in step.
                try await Task.sleep(for: .milliseconds(Int.random(in: 25...75) * attempt))
            }
        }
    }

    /// Whether the error is PostgreSQL's deadlock_detected, looking through the wrappers it
    /// travels in: a transaction error's closure or commit error, and the `StoreError` a
    /// writer inside the transaction made of it ("could not store the graph of paper 13: …").
    static func isDeadlock(_ error: any Error) -> Bool {
        var current: (any Error)? = error
        for _ in 0..<8 {  // wrappers nest a few levels at most; never loop on a cycle
            switch current {
            case let psql as PSQLError:
                return psql.serverInfo?[.sqlState] == "40P01"
            case let tx as PostgresTransactionError:
                current = tx.closureError ?? tx.commitError
            case let store as StoreError:
                current = store.underlying
            default:
                return false
            }
        }
        return false
    }

    static func wrap(_ error: any Error, _ what: String) -> any Error {
        if let error = error as? StoreError { return error }
        if let tx = error as? PostgresTransactionError, let inner = tx.closureError as? StoreError { return inner }
        let server = Database.serverMessage(error)
        return StoreError(.queryFailed, "\(what): \(server ?? String(describing: error))", serverMessage: server, underlying: error)
    }
}
