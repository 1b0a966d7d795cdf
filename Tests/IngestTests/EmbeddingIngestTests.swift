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
