import Logging
import PostgresNIO

/// Keeps the entity graph exact when evidence goes away.
enum GraphMaintenance {
    /// Recomputes relation weights from their evidence, deletes relations left without
    /// evidence, and entities left without mentions, relations or aliases of their own.
    static func pruneOrphans(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE relations r SET weight = s.n, paper_count = s.papers
            FROM (SELECT relation_id, count(DISTINCT (chunk_id, sentence_start))::int AS n,
                         count(DISTINCT paper_id)::int AS papers
                  FROM relation_evidence GROUP BY relation_id) s
            WHERE r.id = s.relation_id AND (r.weight <> s.n OR r.paper_count <> s.papers)
            """, logger: logger
        ).collect()
        try await connection.query(
            "DELETE FROM relations r WHERE NOT EXISTS (SELECT 1 FROM relation_evidence e WHERE e.relation_id = r.id)",
            logger: logger
        ).collect()
        try await connection.query(
            """
            DELETE FROM entities e
            WHERE NOT EXISTS (SELECT 1 FROM mentions m WHERE m.entity_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM relations r WHERE r.source_id = e.id OR r.target_id = e.id)
            """, logger: logger
        ).collect()
    }
}
