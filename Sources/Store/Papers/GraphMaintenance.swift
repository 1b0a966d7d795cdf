import Logging
import PostgresNIO

/// Keeps the entity graph exact when evidence goes away.
enum GraphMaintenance {
    /// Recomputes relation weights from their evidence (weight and paper count from asserted
    /// sentences; negated and hedged counted apart), deletes relations left without evidence, and entities left without mentions, relations or property values; then
    /// brings community sizes up to date and drops communities left empty.
    static func pruneOrphans(_ connection: PostgresConnection, logger: Logger) async throws {
        try await connection.query(
            """
            UPDATE relations r SET weight = s.n, paper_count = s.papers, negated = s.negated, hedged = s.hedged
            FROM (SELECT relation_id,
                         count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'asserted')::int AS n,
                         count(DISTINCT paper_id) FILTER (WHERE polarity = 'asserted')::int AS papers,
                         count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'negated')::int AS negated,
                         count(DISTINCT (chunk_id, sentence_start)) FILTER (WHERE polarity = 'hedged')::int AS hedged
                  FROM relation_evidence GROUP BY relation_id) s
            WHERE r.id = s.relation_id AND (r.weight, r.paper_count, r.negated, r.hedged) IS DISTINCT FROM (s.n, s.papers, s.negated, s.hedged)
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
              AND NOT EXISTS (SELECT 1 FROM property_values v WHERE v.entity_id = e.id OR v.property_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM comparisons c WHERE c.a_id = e.id OR c.b_id = e.id OR c.property_id = e.id)
              AND NOT EXISTS (SELECT 1 FROM entity_aliases a WHERE a.entity_id = e.id AND a.paper_id IS NOT NULL)
            """, logger: logger
        ).collect()
        try await connection.query(
            """
            WITH s AS (SELECT c.id, (SELECT count(*)::int FROM entities e WHERE e.community = c.id) AS n FROM communities c),
            gone AS (DELETE FROM communities c USING s WHERE c.id = s.id AND s.n = 0)
            UPDATE communities c SET size = s.n FROM s WHERE c.id = s.id AND s.n > 0 AND c.size <> s.n
            """, logger: logger
        ).collect()
    }
}
