import Foundation
import PostgresNIO

extension GraphRepository {
    /// All entities and weighted edges (for Louvain and for export). With `paperKeys`, each
    /// edge also lists the keys of the papers that evidence it.
    public func graphSnapshot(paperKeys: Bool = false) async throws -> GraphSnapshot {
        let logger = database.logger
        var entities: [GraphEntity] = []
        for try await (id, key, name, type, community) in try await database.client.query(
            "SELECT id, key, name, type, community FROM entities ORDER BY id", logger: logger
        ).decode((Int64, String, String, String, Int?).self) {
            entities.append(GraphEntity(id: id, key: key, name: name, type: type, community: community))
        }
        var edges: [GraphSnapshot.Edge] = []
        for try await (id, source, predicate, target, weight, papers, keys) in try await database.client.query(
            """
            SELECT r.id, r.source_id, r.predicate, r.target_id, r.weight, r.paper_count,
                   CASE WHEN \(paperKeys) THEN ARRAY(
                       SELECT DISTINCT p.paper_key FROM relation_evidence e JOIN papers p ON p.id = e.paper_id
                       WHERE e.relation_id = r.id ORDER BY p.paper_key) ELSE '{}'::text[] END
            FROM relations r WHERE r.weight > 0 ORDER BY r.id
            """, logger: logger
        ).decode((Int64, Int64, String, Int64, Int, Int, [String]).self) {
            edges.append(.init(id: id, source: source, predicate: predicate, target: target, weight: weight, paperCount: papers, paperKeys: keys))
        }
        return GraphSnapshot(entities: entities, edges: edges)
    }

    /// Entities that have no embedding of `model` yet, by id.
    public func entityEmbeddingsMissing(model: String) async throws -> [GraphEntity] {
        var out: [GraphEntity] = []
        for try await (id, key, name, type, community) in try await database.client.query(
            """
            SELECT e.id, e.key, e.name, e.type, e.community FROM entities e
            WHERE NOT EXISTS (SELECT 1 FROM embeddings m WHERE m.entity_id = e.id AND m.model = \(model))
            ORDER BY e.id
            """, logger: database.logger
        ).decode((Int64, String, String, String, Int?).self) {
            out.append(GraphEntity(id: id, key: key, name: name, type: type, community: community))
        }
        return out
    }

    /// Stores (or replaces) entity embeddings of `model`, one statement for all.
    /// - Parameter vectors: entity id -> vector; all of one length.
    public func storeEntityEmbeddings(model: String, vectors: [Int64: [Float]]) async throws {
        guard let dim = vectors.first?.value.count else { return }
        guard dim > 0, vectors.values.allSatisfy({ $0.count == dim }) else {
            throw StoreError(.conflict, "entity embeddings of \(model) must all have the same, non-zero length")
        }
        let rows = vectors.sorted { $0.key < $1.key }.map { EmbeddingRow(entityId: $0.key, vector: $0.value) }
        do {
            try await database.client.query(
                """
                INSERT INTO embeddings (entity_id, model, dim, vector)
                SELECT x.entity_id, \(model), \(dim), ARRAY(SELECT jsonb_array_elements_text(x.vector)::real)
                FROM jsonb_to_recordset(\(try json(rows))::jsonb) AS x(entity_id bigint, vector jsonb)
                ON CONFLICT (entity_id, model) DO UPDATE SET dim = EXCLUDED.dim, vector = EXCLUDED.vector, created_at = now()
                """, logger: database.logger
            ).collect()
        } catch {
            throw PaperRepository.wrap(error, "could not store entity embeddings of \(model)")
        }
    }
}

private struct EmbeddingRow: Encodable { var entityId: Int64, vector: [Float] }
