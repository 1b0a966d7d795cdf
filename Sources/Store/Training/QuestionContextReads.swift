import Foundation
import PostgresNIO

/// A typed relation stated as fact, with one asserted evidence sentence.
public struct AssertedFact: Sendable, Codable, Hashable {
    public var relationID: Int64
    public var sourceID: Int64
    public var source: String
    public var sourceType: String
    public var predicate: String
    public var targetID: Int64
    public var target: String
    public var targetType: String
    /// The relation's asserted evidence count.
    public var weight: Int
    public var sentence: String
    public var chunkID: Int64
    /// True when the evidence lies in one of the context chunks (else: the neighbourhood).
    public var inContext: Bool

    public init(relationID: Int64, sourceID: Int64, source: String, sourceType: String, predicate: String, targetID: Int64,
                target: String, targetType: String, weight: Int, sentence: String, chunkID: Int64, inContext: Bool) {
        self.relationID = relationID; self.sourceID = sourceID; self.source = source; self.sourceType = sourceType
        self.predicate = predicate; self.targetID = targetID; self.target = target; self.targetType = targetType
        self.weight = weight; self.sentence = sentence; self.chunkID = chunkID; self.inContext = inContext
    }
}

/// A property value stated in a context chunk.
public struct StatedValue: Sendable, Codable, Hashable {
    public var entityID: Int64
    public var entity: String
    public var propertyID: Int64
    public var property: String
    /// As written ("15–20 GPa").
    public var original: String
    /// SI unit of the stored value.
    public var unit: String
    public var condition: String?
    public var sentence: String
    public var chunkID: Int64

    public init(entityID: Int64, entity: String, propertyID: Int64, property: String, original: String, unit: String,
                condition: String?, sentence: String, chunkID: Int64) {
        self.entityID = entityID; self.entity = entity; self.propertyID = propertyID; self.property = property
        self.original = original; self.unit = unit; self.condition = condition; self.sentence = sentence; self.chunkID = chunkID
    }
}

/// An asserted comparison ("enamel is stiffer than dentin") in a context chunk.
public struct StatedComparison: Sendable, Codable, Hashable {
    public var aID: Int64
    public var a: String
    public var bID: Int64
    public var b: String
    public var propertyID: Int64?
    public var property: String?
    /// higher, lower or similar.
    public var direction: String
    public var ratio: Double?
    public var sentence: String
    public var chunkID: Int64
    /// The entity types of the two sides (material, protein, property, concept, ...); nil: unknown.
    public var aType: String?
    public var bType: String?

    public init(aID: Int64, a: String, bID: Int64, b: String, propertyID: Int64?, property: String?, direction: String,
                ratio: Double?, sentence: String, chunkID: Int64, aType: String? = nil, bType: String? = nil) {
        self.aID = aID; self.a = a; self.bID = bID; self.b = b; self.propertyID = propertyID; self.property = property
        self.direction = direction; self.ratio = ratio; self.sentence = sentence; self.chunkID = chunkID
        self.aType = aType; self.bType = bType
    }
}

/// What the graph says around some chunks: asserted typed facts in them and around their
/// entities, the entity pairs that anything in them denies or hedges, values and comparisons.
public struct ChunkGraphContext: Sendable, Codable, Equatable {
    public var chunkIDs: [Int64]
    public var facts: [AssertedFact]
    /// Entity-id pairs (smaller id first) with negated or hedged evidence in the chunks, or a
    /// relation denied anywhere: never a positive premise.
    public var contested: Set<[Int64]>
    public var values: [StatedValue]
    public var comparisons: [StatedComparison]

    public init(chunkIDs: [Int64], facts: [AssertedFact] = [], contested: Set<[Int64]> = [], values: [StatedValue] = [],
                comparisons: [StatedComparison] = []) {
        self.chunkIDs = chunkIDs; self.facts = facts; self.contested = contested; self.values = values; self.comparisons = comparisons
    }
}

/// Reads for writing questions from the graph (Loop's embedded teacher).
public struct QuestionContextReads: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Ids of chunks a question can be written from (with an asserted typed fact, a value
    /// or an asserted comparison), ascending.
    public func candidateChunks() async throws -> [Int64] {
        let rows = try await database.client.query(
            """
            SELECT chunk_id FROM relation_evidence re JOIN relations r ON r.id = re.relation_id
            WHERE re.polarity = 'asserted' AND r.predicate <> 'CO_OCCURS' AND r.negated = 0
            UNION SELECT chunk_id FROM property_values WHERE entity_id IS NOT NULL
            UNION SELECT chunk_id FROM comparisons WHERE polarity = 'asserted'
            ORDER BY 1
            """, logger: database.logger)
        var out: [Int64] = []
        for try await id in rows.decode(Int64.self) { out.append(id) }
        return out
    }

    /// Every chunk id, ascending (unrelated text for the teacher's fallback answer).
    public func allChunks() async throws -> [Int64] {
        let rows = try await database.client.query("SELECT id FROM chunks ORDER BY id", logger: database.logger)
        var out: [Int64] = []
        for try await id in rows.decode(Int64.self) { out.append(id) }
        return out
    }

    /// The graph context of `chunkIDs`: asserted typed facts evidenced in them, the 1-hop
    /// asserted neighbourhood of the entities they mention (at most `neighbours` facts, by
    /// weight), their values and asserted comparisons. Relations with any negated evidence
    /// are left out, and so is every entity pair negated or hedged in the chunks.
    public func context(chunkIDs: [Int64], neighbours: Int = 40) async throws -> ChunkGraphContext {
        var context = ChunkGraphContext(chunkIDs: chunkIDs)
        guard !chunkIDs.isEmpty else { return context }
        let logger = database.logger
        let contested = try await database.client.query(
            """
            SELECT DISTINCT least(r.source_id, r.target_id), greatest(r.source_id, r.target_id)
            FROM relation_evidence re JOIN relations r ON r.id = re.relation_id
            WHERE re.chunk_id = ANY(\(chunkIDs)::bigint[]) AND re.polarity <> 'asserted'
            UNION
            SELECT least(a_id, b_id), greatest(a_id, b_id) FROM comparisons
            WHERE chunk_id = ANY(\(chunkIDs)::bigint[]) AND polarity <> 'asserted'
            """, logger: logger)
        for try await (a, b) in contested.decode((Int64, Int64).self) { context.contested.insert([a, b]) }

        let facts = try await database.client.query(
            """
            WITH ents AS (SELECT DISTINCT entity_id FROM mentions WHERE chunk_id = ANY(\(chunkIDs)::bigint[])),
            own AS (
                SELECT DISTINCT ON (r.id) r.id, re.sentence, re.chunk_id, true AS in_context
                FROM relation_evidence re JOIN relations r ON r.id = re.relation_id
                WHERE re.chunk_id = ANY(\(chunkIDs)::bigint[]) AND re.polarity = 'asserted'
                  AND r.predicate <> 'CO_OCCURS' AND r.negated = 0
                ORDER BY r.id, re.chunk_id, re.sentence_start
            ),
            near AS (
                SELECT DISTINCT ON (r.id) r.id, re.sentence, re.chunk_id, false AS in_context, r.weight
                FROM relations r JOIN relation_evidence re ON re.relation_id = r.id AND re.polarity = 'asserted'
                WHERE (r.source_id IN (SELECT entity_id FROM ents) OR r.target_id IN (SELECT entity_id FROM ents))
                  AND r.predicate <> 'CO_OCCURS' AND r.negated = 0 AND r.weight > 0
                  AND r.id NOT IN (SELECT id FROM own)
                ORDER BY r.id, re.id
            ),
            picked AS (
                SELECT id, sentence, chunk_id, in_context FROM own
                UNION ALL
                SELECT id, sentence, chunk_id, in_context FROM (SELECT * FROM near ORDER BY weight DESC, id LIMIT \(neighbours)::int) n
            )
            SELECT r.id, r.source_id, s.name, s.type, r.predicate, r.target_id, t.name, t.type, r.weight,
                   p.sentence, p.chunk_id, p.in_context
            FROM picked p JOIN relations r ON r.id = p.id
            JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
            ORDER BY p.in_context DESC, r.weight DESC, r.id
            """, logger: logger)
        for try await (rid, sid, s, st, pred, tid, t, tt, w, sentence, chunk, own) in facts.decode(
            (Int64, Int64, String, String, String, Int64, String, String, Int, String, Int64, Bool).self) {
            context.facts.append(AssertedFact(relationID: rid, sourceID: sid, source: s, sourceType: st, predicate: pred, targetID: tid,
                                              target: t, targetType: tt, weight: w, sentence: sentence, chunkID: chunk, inContext: own))
        }

        let values = try await database.client.query(
            """
            SELECT v.entity_id, e.name, v.property_id, pr.name, v.original, v.unit, v.condition,
                   substr(c.text, v.sentence_start + 1, v.sentence_end - v.sentence_start), v.chunk_id
            FROM property_values v JOIN entities e ON e.id = v.entity_id JOIN entities pr ON pr.id = v.property_id
            JOIN chunks c ON c.id = v.chunk_id
            WHERE v.chunk_id = ANY(\(chunkIDs)::bigint[]) AND v.entity_id <> v.property_id
            ORDER BY v.id
            """, logger: logger)
        for try await (eid, e, pid, p, original, unit, condition, sentence, chunk) in values.decode(
            (Int64, String, Int64, String, String, String, String?, String, Int64).self) {
            context.values.append(StatedValue(entityID: eid, entity: e, propertyID: pid, property: p, original: original, unit: unit,
                                              condition: condition, sentence: sentence, chunkID: chunk))
        }

        let comparisons = try await database.client.query(
            """
            SELECT c.a_id, a.name, c.b_id, b.name, c.property_id, pr.name, c.direction, c.ratio, c.sentence, c.chunk_id, a.type, b.type
            FROM comparisons c JOIN entities a ON a.id = c.a_id JOIN entities b ON b.id = c.b_id
            LEFT JOIN entities pr ON pr.id = c.property_id
            WHERE c.chunk_id = ANY(\(chunkIDs)::bigint[]) AND c.polarity = 'asserted' AND c.a_id <> c.b_id
            ORDER BY c.id
            """, logger: logger)
        for try await (aid, a, bid, b, pid, p, direction, ratio, sentence, chunk, aType, bType) in comparisons.decode(
            (Int64, String, Int64, String, Int64?, String?, String, Double?, String, Int64, String, String).self) {
            context.comparisons.append(StatedComparison(aID: aid, a: a, bID: bid, b: b, propertyID: pid, property: p,
                                                        direction: direction, ratio: ratio, sentence: sentence, chunkID: chunk,
                                                        aType: aType, bType: bType))
        }
        return context
    }
}
