import Foundation
import Logging
import PostgresNIO

/// A stored paper's text as the graph extractor reads it.
public struct StoredPaperText: Sendable, Equatable {
    public var paperID: Int64
    public var paperKey: String
    public var keywords: [String]
    /// The paper's chunks in ordinal order.
    public var chunks: [Chunk]

    /// One chunk: its ordinal within the paper, kind (paragraph, caption, table, ...), its
    /// section's normalised type and text.
    public struct Chunk: Sendable, Equatable {
        public var ordinal: Int
        public var kind: String
        public var sectionType: String?
        public var text: String
        public init(ordinal: Int, kind: String, sectionType: String? = nil, text: String) {
            self.ordinal = ordinal; self.kind = kind; self.sectionType = sectionType; self.text = text
        }
    }
}

/// What `GraphRepository.rebuild` stored.
public struct GraphRebuildSummary: Sendable, Equatable, Codable {
    public var papers: Int
    public var merges: Int
    public var entities: Int
    public var relations: Int
    public var evidence: Int
    public var propertyValues: Int
}

extension GraphRepository {
    /// Every stored paper's keywords and chunk texts, by paper id (for `graph rebuild`).
    public func paperTexts() async throws -> [StoredPaperText] {
        do { return try await readPaperTexts() } catch { throw PaperRepository.wrap(error, "could not read the stored chunks") }
    }

    private func readPaperTexts() async throws -> [StoredPaperText] {
        let logger = database.logger
        var papers: [Int64: StoredPaperText] = [:]
        for try await (id, key) in try await database.client.query(
            "SELECT id, paper_key FROM papers ORDER BY id", logger: logger
        ).decode((Int64, String).self) {
            papers[id] = StoredPaperText(paperID: id, paperKey: key, keywords: [], chunks: [])
        }
        for try await (id, keyword) in try await database.client.query(
            "SELECT paper_id, keyword FROM keywords ORDER BY paper_id, keyword", logger: logger
        ).decode((Int64, String).self) {
            papers[id]?.keywords.append(keyword)
        }
        for try await (id, ordinal, kind, type, text) in try await database.client.query(
            """
            SELECT c.paper_id, c.ordinal, c.kind, s.normalized_type, c.text
            FROM chunks c LEFT JOIN sections s ON s.id = c.section_id ORDER BY c.paper_id, c.ordinal
            """, logger: logger
        ).decode((Int64, Int, String, String?, String).self) {
            papers[id]?.chunks.append(.init(ordinal: ordinal, kind: kind, sectionType: type, text: text))
        }
        return papers.values.sorted { $0.paperID < $1.paperID }
    }

    /// The stored cross-paper merges, by alias key.
    public func merges() async throws -> [EntityMerge] {
        do { return try await readMerges() } catch { throw PaperRepository.wrap(error, "could not read the entity merges") }
    }

    private func readMerges() async throws -> [EntityMerge] {
        var out: [EntityMerge] = []
        for try await (alias, canonical, name, type, similarity) in try await database.client.query(
            "SELECT alias_key, canonical_key, canonical_name, canonical_type, similarity::float8 FROM entity_merges ORDER BY alias_key",
            logger: database.logger
        ).decode((String, String, String, String, Double?).self) {
            out.append(EntityMerge(aliasKey: alias, canonicalKey: canonical, canonicalName: name, canonicalType: type, similarity: similarity))
        }
        return out
    }

    /// Replaces the whole graph in one transaction: the merges become `merges`, every
    /// stored paper's graph becomes its record in `records` (a paper without one gets an
    /// empty graph), through the same writer as ingest (so merges apply), and what no paper
    /// supports any more is removed. Readers see the old graph until the commit.
    ///
    /// - Parameters:
    ///   - records: graph records by paper id, with chunk ordinals of the stored chunks.
    ///   - progress: called with (papers written, papers in all).
    /// - Throws: `StoreError` `.conflict` for a merge chain (a canonical key that is itself
    ///   merged) or an inconsistent record, naming it; nothing is changed then.
    @discardableResult
    public func rebuild(
        records: [Int64: GraphRecord], merges: [EntityMerge],
        progress: @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> GraphRebuildSummary {
        let aliasKeys = Set(merges.map(\.aliasKey))
        if let chained = merges.first(where: { aliasKeys.contains($0.canonicalKey) }) {
            throw StoreError(.conflict, "merge \(chained.aliasKey) -> \(chained.canonicalKey) points at a key that is itself merged; resolve merges to their final key")
        }
        let logger = database.logger
        do {
            return try await database.client.withTransaction(logger: logger) { connection in
                // One rebuild at a time; ingests of new papers wait for it on the same lock.
                try await connection.query("SELECT pg_advisory_xact_lock(\(Self.rebuildLock))", logger: logger).collect()
                try await connection.query("DELETE FROM entity_merges", logger: logger).collect()
                if !merges.isEmpty {
                    try await connection.query(
                        """
                        INSERT INTO entity_merges (alias_key, canonical_key, canonical_name, canonical_type, similarity)
                        SELECT x.alias_key, x.canonical_key, x.canonical_name, x.canonical_type, x.similarity
                        FROM jsonb_to_recordset(\(try json(merges))::jsonb)
                             AS x(alias_key text, canonical_key text, canonical_name text, canonical_type text, similarity real)
                        """, logger: logger
                    ).collect()
                }
                var chunkIDs: [Int64: [Int: Int64]] = [:]
                for try await (paper, ordinal, id) in try await connection.query(
                    "SELECT paper_id, ordinal, id FROM chunks", logger: logger
                ).decode((Int64, Int, Int64).self) {
                    chunkIDs[paper, default: [:]][ordinal] = id
                }
                var paperIDs: [Int64] = []
                for try await id in try await connection.query("SELECT id FROM papers ORDER BY id FOR UPDATE", logger: logger).decode(Int64.self) {
                    paperIDs.append(id)
                }
                for (done, id) in paperIDs.enumerated() {
                    let writer = GraphWriter(connection: connection, logger: logger, paperID: id)
                    _ = try await writer.write(records[id] ?? GraphRecord(), chunkIDs: chunkIDs[id] ?? [:], prune: false)
                    progress(done + 1, paperIDs.count)
                }
                // Canonical entities take the name and type the resolution chose, whichever paper
                // created them; a renamed entity's embedding is stale and goes.
                try await connection.query(
                    """
                    WITH renamed AS (
                        UPDATE entities e SET name = m.canonical_name, type = m.canonical_type
                        FROM (SELECT DISTINCT canonical_key, canonical_name, canonical_type FROM entity_merges) m
                        WHERE e.key = m.canonical_key AND (e.name, e.type) IS DISTINCT FROM (m.canonical_name, m.canonical_type)
                        RETURNING e.id)
                    DELETE FROM embeddings x USING renamed WHERE x.entity_id = renamed.id
                    """, logger: logger
                ).collect()
                try await GraphMaintenance.pruneOrphans(connection, logger: logger)
                var summary = GraphRebuildSummary(papers: paperIDs.count, merges: 0, entities: 0, relations: 0, evidence: 0, propertyValues: 0)
                for try await (m, e, r, ev, v) in try await connection.query(
                    """
                    SELECT (SELECT count(*) FROM entity_merges)::int, (SELECT count(*) FROM entities)::int,
                           (SELECT count(*) FROM relations)::int, (SELECT count(*) FROM relation_evidence)::int,
                           (SELECT count(*) FROM property_values)::int
                    """, logger: logger
                ).decode((Int, Int, Int, Int, Int).self) {
                    summary.merges = m; summary.entities = e; summary.relations = r; summary.evidence = ev; summary.propertyValues = v
                }
                return summary
            }
        } catch {
            throw PaperRepository.wrap(error, "could not rebuild the graph")
        }
    }

    /// Advisory lock key: a rebuild holds it exclusively for its transaction; every other
    /// transaction that writes papers or graph rows takes it shared *first*, before it locks
    /// any row, so writers wait for a running rebuild (and see its merges) and a rebuild waits
    /// for writers in flight, without lock cycles between them. Two writers whose papers share
    /// relations can still deadlock on those rows; PostgreSQL aborts one, and
    /// `PaperRepository` runs it again (`retryingDeadlocks`).
    static let rebuildLock: Int64 = 0x7072_6566_6c78_6762  // "preflxgb"

    /// Waits for a running rebuild; call first in a transaction that writes papers or graph rows.
    static func waitForRebuild(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query("SELECT pg_advisory_xact_lock_shared(\(rebuildLock))", logger: logger).collect()
    }
}
