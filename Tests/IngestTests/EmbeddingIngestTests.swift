import Embedding
import Foundation
import Ingest
import PostgresNIO
import PreflexorTesting
import Retrieval
import Store
import StoreTesting
import Testing

/// Ingest with the real all-MiniLM-L6-v2: every chunk gets a vector, and search finds it.
/// Like the encoder parity tests: skipped loudly without the model, failing under CI=true.
@Suite struct EmbeddingIngestTests {
    static let modelDirectory = ModelFiles.modelDirectory(home: Fixtures.repositoryRoot.appendingPathComponent(".preflexor"))
    static let enabled = FileManager.default.fileExists(atPath: modelDirectory.appendingPathComponent("model.safetensors").path)
        || ProcessInfo.processInfo.environment["CI"] == "true"

    /// Entities get a vector of their name and description; merging with the real encoder
    /// works in a rebuild; a second pass embeds nothing new.
    @Test(.enabled(if: enabled))
    func entitiesAreEmbeddedWithTheirDescriptions() async throws {
        let encoder = try SentenceEncoder(modelDirectory: try ModelFiles.locate(home: Fixtures.repositoryRoot.appendingPathComponent(".preflexor")), threads: 2)
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: nil, options: .init(embed: false, graph: true))
            _ = try await pipeline.run(paths: [Fixtures.repositoryRoot.appendingPathComponent("corpus/silk.xml").path])
            let entities = try await scalar(database, "SELECT count(*)::int FROM entities")
            #expect(entities > 10)
            let n = try await GraphBuilder.embedEntities(database: database, encoder: encoder)
            #expect(n == entities)
            #expect(try await scalar(database, "SELECT count(*)::int FROM embeddings WHERE entity_id IS NOT NULL AND dim = 384") == entities)
            #expect(try await scalar(database, "SELECT count(*)::int FROM entities WHERE description IS NULL") == 0)
            #expect(try await GraphBuilder.embedEntities(database: database, encoder: encoder) == 0)
            // The vector is the encoder's vector of "name (description)".
            let text = try await GraphRepository(database).entityTexts(missingFor: "none", limit: 1)[0]
            let expected = encoder.embed([text.embeddingText])[0]
            let rows = try await database.client.query(
                "SELECT vector FROM embeddings WHERE entity_id = \(text.id) AND model = \(encoder.modelName)").decode([Float].self)
            for try await stored in rows {
                #expect(zip(stored, expected).map { $0 * $1 }.reduce(0, +) > 0.9999)
            }
            // A rebuild with the real encoder as term embedder keeps every paper's graph.
            let report = try await GraphBuilder(database: database, stage: try GraphStage.embedded(),
                                                termEmbedder: EncoderTermEmbedder(encoder)).rebuild()
            #expect(report.stored.papers == 1 && report.stored.relations > 0)
        }
    }

    @Test(.enabled(if: enabled))
    func everyChunkIsEmbeddedAndSearchFindsIt() async throws {
        let encoder = try SentenceEncoder(modelDirectory: try ModelFiles.locate(home: Fixtures.repositoryRoot.appendingPathComponent(".preflexor")), threads: 2)
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: encoder, options: .init(embed: true, graph: false))
            let report = try await pipeline.run(paths: [Fixtures.repositoryRoot.appendingPathComponent("corpus/nacre.xml").path])
            #expect(report.inserted == 1)
            let (chunks, embedded) = try await EmbeddingRepository(database).coverage(model: encoder.modelName)
            #expect(chunks > 5 && embedded == chunks, "\(embedded) of \(chunks) chunks embedded")
            // Chunks were sized with the real tokenizer: none is truncated by the encoder.
            let longest = try await scalar(database, "SELECT max(token_count)::int FROM chunks")
            #expect(longest <= 254)
            let search = VectorSearch(database: database, encoder: encoder, cacheDirectory: nil)
            let hits = try await search.search("fracture toughness of nacre", k: 3)
            #expect(hits.count == 3)
            #expect(hits[0].chunk.doi == "10.5555/preflexor.2024.0003")
            #expect(hits[0].score > 0.4)
            // kg.cosine of a stored vector with itself is 1.
            let one = try await database.client.query(
                "SELECT kg.cosine(vector, vector)::float8 FROM embeddings LIMIT 1").decode(Double.self)
            for try await v in one { #expect(abs(v - 1) < 1e-5) }
        }
    }
}
