import Foundation
import Logging
import PostgresNIO

/// Chunk and entity embeddings in PostgreSQL (`real[]`, one row per owner and model).
public struct EmbeddingRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// Writes chunk vectors on a connection (inside the paper's transaction during ingest).
    /// `vectors` is `[ids.count * dimension]`, row-major; existing rows for the same chunk
    /// and model are replaced.
    public static func writeChunks(
        ids: [Int64], flat vectors: [Float], dimension: Int, model: String,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !ids.isEmpty else { return }
        precondition(vectors.count == ids.count * dimension, "vectors must be ids.count x dimension")
        try await connection.query(
            """
            INSERT INTO embeddings (chunk_id, model, dim, vector)
            SELECT c.id, \(model), \(dimension), (\(vectors)::real[])[((c.i - 1) * \(dimension) + 1):(c.i * \(dimension))]
            FROM unnest(\(ids)::bigint[]) WITH ORDINALITY AS c(id, i)
            ON CONFLICT (chunk_id, model) DO UPDATE SET vector = EXCLUDED.vector, dim = EXCLUDED.dim, created_at = now()
            """, logger: logger
        ).collect()
    }

    /// Writes chunk vectors in their own transaction (for `preflexor embed`).
    public func writeChunks(ids: [Int64], flat vectors: [Float], dimension: Int, model: String) async throws {
        try await database.client.withConnection { connection in
            try await Self.writeChunks(ids: ids, flat: vectors, dimension: dimension, model: model, on: connection, logger: database.logger)
        }
    }

    /// Chunks that have no vector for `model` yet, oldest first.
    public func chunksMissingEmbeddings(model: String, limit: Int) async throws -> [(id: Int64, text: String)] {
        var out: [(Int64, String)] = []
        let rows = try await database.client.query(
            """
            SELECT c.id, c.text FROM chunks c
            WHERE NOT EXISTS (SELECT 1 FROM embeddings e WHERE e.chunk_id = c.id AND e.model = \(model))
            ORDER BY c.id LIMIT \(limit)
            """, logger: database.logger)
        for try await (id, text) in rows.decode((Int64, String).self) { out.append((id, text)) }
        return out
    }

    /// Number of chunks, and of chunks with a vector for `model`.
    public func coverage(model: String) async throws -> (chunks: Int, embedded: Int) {
        let rows = try await database.client.query(
            """
            SELECT (SELECT count(*)::int FROM chunks),
                   (SELECT count(*)::int FROM embeddings WHERE model = \(model) AND chunk_id IS NOT NULL)
            """, logger: database.logger)
        for try await (c, e) in rows.decode((Int, Int).self) { return (c, e) }
        return (0, 0)
    }

    /// All chunk vectors of `model` with id greater than `after` (for incremental loading
    /// of the in-memory index), as ids and a flat row-major matrix.
    public func chunkVectors(model: String, after: Int64 = 0) async throws -> (ids: [Int64], flat: [Float], dimension: Int) {
        var ids: [Int64] = []
        var flat: [Float] = []
        var dimension = 0
        let rows = try await database.client.query(
            "SELECT chunk_id, dim, vector FROM embeddings WHERE model = \(model) AND chunk_id > \(after) ORDER BY chunk_id",
            logger: database.logger)
        for try await (id, dim, vector) in rows.decode((Int64, Int, [Float]).self) {
            dimension = dim
            ids.append(id)
            flat.append(contentsOf: vector)
        }
        return (ids, flat, dimension)
    }

    /// Chunk ids that still exist among `ids` (to drop deleted ones from an index).
    public func existingChunkIDs(model: String) async throws -> Set<Int64> {
        var out = Set<Int64>()
        let rows = try await database.client.query(
            "SELECT chunk_id FROM embeddings WHERE model = \(model) AND chunk_id IS NOT NULL", logger: database.logger)
        for try await id in rows.decode(Int64.self) { out.insert(id) }
        return out
    }
}
