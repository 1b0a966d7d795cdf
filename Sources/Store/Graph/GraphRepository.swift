import Foundation
import Logging
import PostgresNIO

/// The entity graph in PostgreSQL: entities, aliases, mentions, relations with evidence,
/// property values and communities.
///
/// Ingest writes a paper's graph inside the paper's transaction with the static
/// `write(_:paperID:chunkIDs:on:)`; the instance methods open their own transactions.
public struct GraphRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Stores one paper's graph on `connection` (inside the caller's transaction).
    ///
    /// Entities are upserted by key: an existing entity keeps its id and name, and its type
    /// is refined only when it was the generic `concept`. Aliases are stored with the paper
    /// as provenance. Relations are upserted by (source, predicate, target), their evidence
    /// inserted, and `weight` (distinct evidence sentences) and `paper_count` recomputed for
    /// every relation touched. Writing the same record twice changes nothing; writing a
    /// changed record replaces this paper's rows (rows it no longer contains are removed, and
    /// with them relations and entities nothing else supports).
    ///
    /// - Parameters:
    ///   - chunkIDs: the paper's chunk ids by chunk ordinal, as `PaperRepository.store` passes them.
    /// - Throws: `StoreError` `.conflict` or `.notFound` when the record is inconsistent
    ///   (an unknown entity key or chunk ordinal, a relation without evidence), naming the item.
    @discardableResult
    public static func write(
        _ record: GraphRecord, paperID: Int64, chunkIDs: [Int: Int64], on connection: PostgresConnection,
        logger: Logger = Logger(label: "preflexor.store")
    ) async throws -> GraphWriteSummary {
        do {
            return try await GraphWriter(connection: connection, logger: logger, paperID: paperID).write(record, chunkIDs: chunkIDs)
        } catch {
            throw PaperRepository.wrap(error, "could not store the graph of paper \(paperID)")
        }
    }

    /// Replaces the graph of an already stored paper in its own transaction (re-extraction
    /// with a newer extractor), run again when PostgreSQL aborts it as a deadlock victim.
    /// Throws `.notFound` when there is no such paper.
    @discardableResult
    public func write(_ record: GraphRecord, paperID: Int64) async throws -> GraphWriteSummary {
        let logger = database.logger
        do {
            return try await PaperRepository.retryingDeadlocks(logger: logger) { try await database.client.withTransaction(logger: logger) { connection in
                try await Self.waitForRebuild(connection, logger: logger)
                var exists = false
                for try await _ in try await connection.query("SELECT 1 FROM papers WHERE id = \(paperID) FOR UPDATE", logger: logger) {
                    exists = true
                }
                guard exists else {
                    throw StoreError(.notFound, "there is no paper \(paperID); list papers with `preflexor papers list`")
                }
                var chunkIDs: [Int: Int64] = [:]
                for try await (id, ordinal) in try await connection.query(
                    "SELECT id, ordinal FROM chunks WHERE paper_id = \(paperID)", logger: logger
                ).decode((Int64, Int).self) {
                    chunkIDs[ordinal] = id
                }
                return try await GraphWriter(connection: connection, logger: logger, paperID: paperID).write(record, chunkIDs: chunkIDs)
            } }
        } catch {
            throw PaperRepository.wrap(error, "could not store the graph of paper \(paperID)")
        }
    }
}
