import Foundation
import PostgresNIO

/// How the text list ranks chunks (both match any term of the question).
public enum TextRanking: String, Sendable, Codable, CaseIterable {
    /// `ts_rank_cd` normalised by log length (`kg.search_chunks_cd`).
    case coverDensity = "cd"
    /// Okapi BM25 from the corpus's term statistics (`kg.search_chunks`, the default).
    case bm25
}

/// An entity found for a name in a question.
public struct EntityMatch: Sendable, Equatable {
    public var id: Int64
    public var key: String
    public var name: String
    public var type: String
    /// The normalised name or alias that matched.
    public var matched: String
    /// Chunks that mention the entity (its document frequency).
    public var chunkCount: Int
}

/// A typed edge around question entities, with one evidence sentence.
public struct EdgeEvidence: Sendable, Equatable {
    public var sourceID: Int64
    public var sourceKey: String
    public var predicate: String
    public var targetID: Int64
    public var targetKey: String
    public var weight: Int
    public var polarity: String
    public var cue: String?
    public var sentence: String
    public var chunkID: Int64
    public var paperID: Int64
}

/// A stored property value of an entity.
public struct EntityValue: Sendable, Equatable {
    public var entityKey: String?
    public var property: String
    public var low: Double?
    public var high: Double?
    public var unit: String
    public var original: String
    public var sentence: String
    public var chunkID: Int64
    public var paperID: Int64
}

/// Typed, parameter-bound reads for retrieval: full text, entity linking, edges with
/// evidence, mentions and property values.
public struct RetrievalReads: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// The text list: `kg.search_chunks` (BM25) or `kg.search_chunks_cd`, best first.
    public func searchText(_ query: String, k: Int, ranking: TextRanking = .bm25) async throws -> [(id: Int64, score: Double)] {
        let rows: PostgresRowSequence
        switch ranking {
        case .coverDensity:
            rows = try await database.client.query(
                "SELECT chunk_id, score::float8 FROM kg.search_chunks_cd(\(query), \(k)::int)", logger: database.logger)
        case .bm25:
            rows = try await database.client.query(
                "SELECT chunk_id, score::float8 FROM kg.search_chunks(\(query), \(k)::int)", logger: database.logger)
        }
        var out: [(id: Int64, score: Double)] = []
        for try await (id, score) in rows.decode((Int64, Double).self) { out.append((id, score)) }
        return out
    }

    /// Entities whose key or an alias's normalised form is one of `keys`, with how many
    /// chunks mention them.
    public func entities(keys: [String]) async throws -> [EntityMatch] {
        guard !keys.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            WITH hit AS (
                SELECT e.id, e.key AS matched FROM entities e WHERE e.key = ANY(\(keys)::text[])
                UNION
                SELECT a.entity_id, a.normalized FROM entity_aliases a WHERE a.normalized = ANY(\(keys)::text[])
            ), best AS (SELECT DISTINCT ON (id) id, matched FROM hit ORDER BY id, length(matched) DESC)
            SELECT e.id, e.key, e.name, e.type, b.matched,
                   (SELECT count(DISTINCT m.chunk_id) FROM mentions m WHERE m.entity_id = e.id)::int
            FROM best b JOIN entities e ON e.id = b.id
            ORDER BY e.id
            """, logger: database.logger)
        var out: [EntityMatch] = []
        for try await (id, key, name, type, matched, n) in rows.decode((Int64, String, String, String, String, Int).self) {
            out.append(EntityMatch(id: id, key: key, name: name, type: type, matched: matched, chunkCount: n))
        }
        return out
    }

    /// Chunks that mention any of the entities: chunk id, entity id.
    public func mentions(entityIDs: [Int64], limitPerEntity: Int) async throws -> [(chunkID: Int64, entityID: Int64)] {
        guard !entityIDs.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT m.chunk_id, m.entity_id FROM unnest(\(entityIDs)::bigint[]) AS q(id)
            CROSS JOIN LATERAL (
                SELECT DISTINCT m.chunk_id, m.entity_id FROM mentions m WHERE m.entity_id = q.id LIMIT \(limitPerEntity)
            ) m
            """, logger: database.logger)
        var out: [(chunkID: Int64, entityID: Int64)] = []
        for try await (c, e) in rows.decode((Int64, Int64).self) { out.append((c, e)) }
        return out
    }

    /// Edges with at least one end in `entityIDs`, one row per evidence sentence (at most
    /// `limit` rows: edges between two of the entities first, then by weight), with the
    /// sentence's polarity and cue (negated and hedged evidence included: the reader decides).
    public func edges(around entityIDs: [Int64], limit: Int) async throws -> [EdgeEvidence] {
        guard !entityIDs.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT r.source_id, s.key, r.predicate, r.target_id, t.key, r.weight, re.polarity, re.cue,
                   re.sentence, re.chunk_id, re.paper_id
            FROM relations r
            JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
            JOIN relation_evidence re ON re.relation_id = r.id
            WHERE r.source_id = ANY(\(entityIDs)::bigint[]) OR r.target_id = ANY(\(entityIDs)::bigint[])
            ORDER BY (r.source_id = ANY(\(entityIDs)::bigint[]) AND r.target_id = ANY(\(entityIDs)::bigint[])) DESC,
                     r.weight DESC, re.id
            LIMIT \(limit)
            """, logger: database.logger)
        var out: [EdgeEvidence] = []
        for try await (sid, skey, predicate, tid, tkey, weight, pol, cue, sentence, chunk, paper) in rows.decode(
            (Int64, String, String, Int64, String, Int, String, String?, String, Int64, Int64).self) {
            out.append(EdgeEvidence(sourceID: sid, sourceKey: skey, predicate: predicate, targetID: tid, targetKey: tkey,
                                    weight: weight, polarity: pol, cue: cue, sentence: sentence, chunkID: chunk, paperID: paper))
        }
        return out
    }

    /// Property values whose subject is one of the entities.
    public func values(entityIDs: [Int64], limit: Int) async throws -> [EntityValue] {
        guard !entityIDs.isEmpty else { return [] }
        let rows = try await database.client.query(
            """
            SELECT e.key, pr.name, v.low, v.high, v.unit, v.original,
                   substr(c.text, v.sentence_start + 1, v.sentence_end - v.sentence_start), v.chunk_id, v.paper_id
            FROM property_values v JOIN entities pr ON pr.id = v.property_id
            LEFT JOIN entities e ON e.id = v.entity_id JOIN chunks c ON c.id = v.chunk_id
            WHERE v.entity_id = ANY(\(entityIDs)::bigint[])
            ORDER BY v.id LIMIT \(limit)
            """, logger: database.logger)
        var out: [EntityValue] = []
        for try await (key, property, low, high, unit, original, sentence, chunk, paper) in rows.decode(
            (String?, String, Double?, Double?, String, String, String, Int64, Int64).self) {
            out.append(EntityValue(entityKey: key, property: property, low: low, high: high, unit: unit, original: original,
                                sentence: sentence, chunkID: chunk, paperID: paper))
        }
        return out
    }

    /// The shortest typed path between two entities (`kg.shortest_path`), as (source, predicate,
    /// target) names; empty when there is none within `maxDepth`.
    public func shortestPath(from a: String, to b: String, maxDepth: Int) async throws -> [(source: String, predicate: String, target: String)] {
        let rows = try await database.client.query(
            "SELECT source, predicate, target FROM kg.shortest_path(\(a), \(b), \(maxDepth)::int) ORDER BY step",
            logger: database.logger)
        var out: [(source: String, predicate: String, target: String)] = []
        for try await (s, p, t) in rows.decode((String, String, String).self) { out.append((s, p, t)) }
        return out
    }
}
