import Foundation
import Logging
import PostgresNIO

/// Writes one paper's graph rows on a connection inside the paper's transaction.
///
/// Each table takes a constant number of statements whatever the record's size: rows go
/// in as one JSON array expanded by `jsonb_to_recordset`. Writing is a replace: rows of this
/// paper that the record no longer contains are deleted first, the record's rows are
/// upserted (unchanged rows are not touched, so ids and sequences stay put), and the
/// weights of every relation whose evidence changed are recomputed.
struct GraphWriter {
    let connection: PostgresConnection
    let logger: Logger
    let paperID: Int64

    /// - Parameter prune: remove relations and entities left without support when this write
    ///   dropped rows (a rebuild prunes once at the end instead).
    func write(_ record: GraphRecord, chunkIDs: [Int: Int64], prune: Bool = true) async throws -> GraphWriteSummary {
        // Callers took the rebuild lock (shared) first thing in their transaction; taking it
        // again is free and keeps a writer that forgot from missing a rebuild's merges.
        try await GraphRepository.waitForRebuild(connection, logger: logger)
        let r = record.rekeyed(try await merges(for: record.entityKeys))
        try r.validate(chunkIDs: chunkIDs)
        func chunk(_ ordinal: Int) -> Int64 { chunkIDs[ordinal]! }  // validated above

        try await run(
            """
            INSERT INTO entities (key, name, type)
            SELECT x.key, x.name, x.type FROM jsonb_to_recordset($1::jsonb) AS x(key text, name text, type text)
            ON CONFLICT (key) DO UPDATE SET type = EXCLUDED.type
            WHERE entities.type = 'concept' AND EXCLUDED.type <> 'concept'
            """, r.entities.map { EntityRow(key: $0.key, name: $0.name, type: $0.type) })

        let aliases = r.entities.flatMap { e in e.aliases.map { AliasRow(entityKey: e.key, alias: $0.alias, normalized: $0.normalized, source: $0.source) } }
        var removed = try await count(
            """
            DELETE FROM entity_aliases a WHERE a.paper_id = \(paperID) AND NOT EXISTS (
                SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, normalized text)
                JOIN entities e ON e.key = x.entity_key
                WHERE e.id = a.entity_id AND x.normalized = a.normalized)
            RETURNING 1
            """, aliases)
        try await run(
            """
            INSERT INTO entity_aliases (entity_id, alias, normalized, source, paper_id)
            SELECT DISTINCT ON (e.id, x.normalized) e.id, x.alias, x.normalized, x.source, \(paperID)
            FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, alias text, normalized text, source text)
            JOIN entities e ON e.key = x.entity_key
            ORDER BY e.id, x.normalized, x.alias
            ON CONFLICT (entity_id, normalized, paper_id) DO UPDATE SET alias = EXCLUDED.alias, source = EXCLUDED.source
            WHERE (entity_aliases.alias, entity_aliases.source) IS DISTINCT FROM (EXCLUDED.alias, EXCLUDED.source)
            """, aliases)

        let mentions = r.mentions.map {
            MentionRow(entityKey: $0.entityKey, chunkId: chunk($0.chunkOrdinal), charStart: $0.range.lowerBound, charEnd: $0.range.upperBound, surface: $0.surface)
        }
        removed += try await count(
            """
            DELETE FROM mentions m WHERE m.paper_id = \(paperID) AND NOT EXISTS (
                SELECT 1 FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, chunk_id bigint, char_start int, char_end int)
                JOIN entities e ON e.key = x.entity_key
                WHERE e.id = m.entity_id AND x.chunk_id = m.chunk_id AND x.char_start = m.char_start AND x.char_end = m.char_end)
            RETURNING 1
            """, mentions)
        try await run(
            """
            INSERT INTO mentions (entity_id, chunk_id, paper_id, char_start, char_end, surface)
            SELECT DISTINCT ON (e.id, x.chunk_id, x.char_start, x.char_end) e.id, x.chunk_id, \(paperID), x.char_start, x.char_end, x.surface
            FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, chunk_id bigint, char_start int, char_end int, surface text)
            JOIN entities e ON e.key = x.entity_key
            ORDER BY e.id, x.chunk_id, x.char_start, x.char_end
            ON CONFLICT (chunk_id, char_start, char_end, entity_id) DO UPDATE SET surface = EXCLUDED.surface
            WHERE mentions.surface <> EXCLUDED.surface
            """, mentions)

        var relationIDs = try await ids(
            """
            WITH x AS (
                SELECT DISTINCT s.id AS source_id, x.predicate, t.id AS target_id
                FROM jsonb_to_recordset($1::jsonb) AS x(source text, predicate text, target text)
                JOIN entities s ON s.key = x.source JOIN entities t ON t.key = x.target),
            ins AS (
                INSERT INTO relations (source_id, predicate, target_id) SELECT source_id, predicate, target_id FROM x
                ON CONFLICT (source_id, predicate, target_id) DO NOTHING RETURNING id)
            SELECT id FROM ins
            UNION
            SELECT r.id FROM relations r JOIN x USING (source_id, predicate, target_id)
            """, r.relations.map { RelationRow(source: $0.source, predicate: $0.predicate, target: $0.target) })

        let evidence = r.relations.flatMap { rel in
            rel.evidence.map {
                EvidenceRow(source: rel.source, predicate: rel.predicate, target: rel.target, chunkId: chunk($0.chunkOrdinal),
                            sentenceStart: $0.sentenceRange.lowerBound, sentenceEnd: $0.sentenceRange.upperBound, sentence: $0.sentence,
                            polarity: $0.polarity.rawValue, cue: $0.polarity == .asserted ? nil : $0.cue)
            }
        }
        let evidenceSelect = """
            FROM jsonb_to_recordset($1::jsonb) AS x(source text, predicate text, target text, chunk_id bigint, sentence_start int, sentence_end int, sentence text,
                                                    polarity text, cue text)
            JOIN entities s ON s.key = x.source JOIN entities t ON t.key = x.target
            JOIN relations r ON r.source_id = s.id AND r.predicate = x.predicate AND r.target_id = t.id
            """
        let staleEvidence = try await ids(
            """
            DELETE FROM relation_evidence ev WHERE ev.paper_id = \(paperID) AND NOT EXISTS (
                SELECT 1 \(evidenceSelect)
                WHERE r.id = ev.relation_id AND x.chunk_id = ev.chunk_id AND x.sentence_start = ev.sentence_start)
            RETURNING ev.relation_id
            """, evidence)
        removed += staleEvidence.count
        relationIDs.formUnion(staleEvidence)
        relationIDs.formUnion(try await ids(
            """
            INSERT INTO relation_evidence (relation_id, paper_id, chunk_id, sentence_start, sentence_end, sentence, polarity, cue)
            SELECT DISTINCT ON (r.id, x.chunk_id, x.sentence_start) r.id, \(paperID), x.chunk_id, x.sentence_start, x.sentence_end, x.sentence,
                   x.polarity, x.cue
            \(evidenceSelect)
            ORDER BY r.id, x.chunk_id, x.sentence_start
            ON CONFLICT (relation_id, chunk_id, sentence_start) DO UPDATE
                SET sentence_end = EXCLUDED.sentence_end, sentence = EXCLUDED.sentence, polarity = EXCLUDED.polarity, cue = EXCLUDED.cue
            WHERE (relation_evidence.sentence_end, relation_evidence.sentence, relation_evidence.polarity, relation_evidence.cue)
                  IS DISTINCT FROM (EXCLUDED.sentence_end, EXCLUDED.sentence, EXCLUDED.polarity, EXCLUDED.cue)
            RETURNING relation_id
            """, evidence))

        let values = r.propertyValues.map {
            ValueRow(entityKey: $0.entityKey, propertyKey: $0.propertyKey, low: $0.low, high: $0.high, unit: $0.unit, original: $0.original,
                     chunkId: chunk($0.chunkOrdinal), sentenceStart: $0.sentenceRange.lowerBound, sentenceEnd: $0.sentenceRange.upperBound,
                     condition: $0.condition)
        }
        let valueSelect = """
            FROM jsonb_to_recordset($1::jsonb) AS x(entity_key text, property_key text, low float8, high float8, unit text, original text,
                                                    chunk_id bigint, sentence_start int, sentence_end int, condition text)
            LEFT JOIN entities e ON e.key = x.entity_key JOIN entities p ON p.key = x.property_key
            """
        removed += try await count(
            """
            DELETE FROM property_values v WHERE v.paper_id = \(paperID) AND NOT EXISTS (
                SELECT 1 \(valueSelect)
                WHERE x.chunk_id = v.chunk_id AND x.sentence_start = v.sentence_start AND e.id IS NOT DISTINCT FROM v.entity_id
                  AND p.id = v.property_id AND x.original = v.original)
            RETURNING 1
            """, values)
        try await run(
            """
            INSERT INTO property_values (entity_id, property_id, low, high, unit, original, paper_id, chunk_id, sentence_start, sentence_end, condition)
            SELECT DISTINCT ON (x.chunk_id, x.sentence_start, e.id, p.id, x.original)
                   e.id, p.id, x.low, x.high, x.unit, x.original, \(paperID), x.chunk_id, x.sentence_start, x.sentence_end, x.condition
            \(valueSelect)
            ORDER BY x.chunk_id, x.sentence_start, e.id, p.id, x.original
            ON CONFLICT (chunk_id, sentence_start, entity_id, property_id, original) DO UPDATE
                SET low = EXCLUDED.low, high = EXCLUDED.high, unit = EXCLUDED.unit, sentence_end = EXCLUDED.sentence_end,
                    condition = EXCLUDED.condition
            WHERE (property_values.low, property_values.high, property_values.unit, property_values.sentence_end, property_values.condition)
                  IS DISTINCT FROM (EXCLUDED.low, EXCLUDED.high, EXCLUDED.unit, EXCLUDED.sentence_end, EXCLUDED.condition)
            """, values)

        removed += try await writeComparisons(r.comparisons, chunk: chunk)

        if !relationIDs.isEmpty {
            try await connection.query(
                """
                UPDATE relations r SET weight = s.n, paper_count = s.papers, negated = s.negated, hedged = s.hedged
                FROM (SELECT t.id,
                             count(DISTINCT (e.chunk_id, e.sentence_start)) FILTER (WHERE e.polarity = 'asserted')::int AS n,
                             count(DISTINCT e.paper_id) FILTER (WHERE e.polarity = 'asserted')::int AS papers,
                             count(DISTINCT (e.chunk_id, e.sentence_start)) FILTER (WHERE e.polarity = 'negated')::int AS negated,
                             count(DISTINCT (e.chunk_id, e.sentence_start)) FILTER (WHERE e.polarity = 'hedged')::int AS hedged
                      FROM unnest(\(Array(relationIDs))::bigint[]) AS t(id)
                      LEFT JOIN relation_evidence e ON e.relation_id = t.id GROUP BY t.id) s
                WHERE r.id = s.id AND (r.weight, r.paper_count, r.negated, r.hedged) IS DISTINCT FROM (s.n, s.papers, s.negated, s.hedged)
                """, logger: logger
            ).collect()
        }
        // Only a re-write that dropped rows can leave relations without evidence or
        // entities without support; a first write cannot.
        if prune, removed > 0 { try await GraphMaintenance.pruneOrphans(connection, logger: logger) }
        return GraphWriteSummary(entities: r.entities.count, relations: r.relations.count, evidence: evidence.count,
                                 propertyValues: values.count, staleRowsRemoved: removed)
    }

    // MARK: - statements over one JSON parameter

    func query(_ sql: String, _ rows: some Encodable) throws -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(String(decoding: try PaperWriter.encoder.encode(rows), as: UTF8.self))
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    func run(_ sql: String, _ rows: [some Encodable]) async throws {
        guard !rows.isEmpty else { return }
        try await connection.query(try query(sql, rows), logger: logger).collect()
    }

    /// Runs a statement that returns one row per affected row; an empty input still runs
    /// (a delete of stale rows must see that nothing is wanted any more).
    func count(_ sql: String, _ rows: [some Encodable]) async throws -> Int {
        try await connection.query(try query(sql, rows), logger: logger).collect().count
    }

    func ids(_ sql: String, _ rows: [some Encodable]) async throws -> Set<Int64> {
        var out = Set<Int64>()
        for try await id in try await connection.query(try query(sql, rows), logger: logger).decode(Int64.self) { out.insert(id) }
        return out
    }
}

/// What one `GraphRepository.write` stored.
public struct GraphWriteSummary: Sendable, Equatable, Codable {
    public var entities: Int
    public var relations: Int
    public var evidence: Int
    public var propertyValues: Int
    /// Rows of an earlier write of the same paper that the record no longer contains.
    public var staleRowsRemoved: Int
}

private struct EntityRow: Encodable { var key: String, name: String, type: String }
private struct AliasRow: Encodable { var entityKey: String, alias: String, normalized: String, source: String }
private struct MentionRow: Encodable { var entityKey: String, chunkId: Int64, charStart: Int, charEnd: Int, surface: String }
private struct RelationRow: Encodable { var source: String, predicate: String, target: String }
private struct EvidenceRow: Encodable {
    var source: String, predicate: String, target: String, chunkId: Int64, sentenceStart: Int, sentenceEnd: Int, sentence: String
    var polarity: String, cue: String?
}
private struct ValueRow: Encodable {
    var entityKey: String?, propertyKey: String, low: Double?, high: Double?, unit: String, original: String
    var chunkId: Int64, sentenceStart: Int, sentenceEnd: Int, condition: String?
}

extension GraphWriter {
    /// The stored cross-paper merges that concern `keys` (as alias or as canonical key).
    func merges(for keys: [String]) async throws -> [String: EntityMerge] {
        guard !keys.isEmpty else { return [:] }
        var out: [String: EntityMerge] = [:]
        let rows = try await connection.query(
            """
            SELECT alias_key, canonical_key, canonical_name, canonical_type, similarity::float8 FROM entity_merges
            WHERE alias_key = ANY(\(keys)) OR canonical_key = ANY(\(keys))
            """, logger: logger)
        for try await (alias, canonical, name, type, similarity) in rows.decode((String, String, String, String, Double?).self) {
            out[alias] = EntityMerge(aliasKey: alias, canonicalKey: canonical, canonicalName: name, canonicalType: type, similarity: similarity)
        }
        return out
    }
}
