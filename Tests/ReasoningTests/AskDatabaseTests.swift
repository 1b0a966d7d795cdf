import Embedding
import Foundation
import Ingest
import PostgresNIO
import PreflexorTesting
import Reasoning
import Retrieval
import Store
import StoreTesting
import Testing

/// `Answerer.ask` end to end against a real PostgreSQL over the project's corpus/ (8 papers),
/// ingested with the real encoder and the embedded graph stage.
@Suite struct AskDatabaseTests {
    static func corpus() throws -> [String] {
        let dir = Fixtures.repositoryRoot.appendingPathComponent("corpus")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }.sorted()
            .map { dir.appendingPathComponent($0).path }
    }

    // The limit counts the wait for a test database (TestDatabase lets a few tests hold one at
    // a time), so it is generous: it is there to end a hang, not to time the work.
    @Test(.enabled(if: ReasoningFixtures.enabled), .timeLimit(.minutes(40)))
    func citationsResolveToStoredRetrievedChunksAndOffTopicIsRefused() async throws {
        let encoder = try #require(ReasoningFixtures.encoder)
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: encoder, options: .init(embed: true, graph: true))
            _ = try await pipeline.run(paths: try Self.corpus())
            FileHandle.standardError.write(Data("AskDatabaseTests: ingested\n".utf8))
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: nil)
            let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator())
            let q = "How does the mineral content affect the stiffness and toughness of bone?"
            let retrieval = try await retriever.retrieve(q)
            FileHandle.standardError.write(Data("AskDatabaseTests: retrieved \(retrieval.chunks.count)\n".utf8))
            let a = try await answerer.ask(q, retriever: retriever)
            FileHandle.standardError.write(Data("AskDatabaseTests: answered\n".utf8))
            #expect(!a.refused, "\(a.refusal ?? "")")
            #expect(!a.sentences.isEmpty)
            let retrieved = a.retrieval.chunks.map(\.chunkID)
            let cited = a.citedSources.map(\.chunkID)
            #expect(!cited.isEmpty && Set(cited).isSubset(of: Set(retrieved)))
            // Every citation resolves to a stored chunk whose text holds the cited sentence.
            let rows = try await database.client.query("SELECT id, text FROM chunks WHERE id = ANY(\(cited))")
                .collect().map { try $0.decode((Int64, String).self) }
            #expect(Set(rows.map(\.0)) == Set(cited))
            let stored = Dictionary(uniqueKeysWithValues: rows)
            for s in a.sentences {
                for n in s.citations {
                    let source = try #require(a.sources.first { $0.number == n })
                    let text = try #require(stored[source.chunkID])
                        .replacingOccurrences(of: #"\s*\[[0-9][0-9,\s\-–]*\]"#, with: "", options: .regularExpression)
                    #expect(RetrievalMetrics.fold(text).contains(RetrievalMetrics.fold(String(s.text.dropLast()))), "\(s.text)")
                }
            }
            #expect(a.timings["retrieve"] != nil && a.timings["total"]! >= a.timings["retrieve"]!)

            let off = try await answerer.ask("Which national football team won the world cup final in 1998?", retriever: retriever)
            #expect(off.refused, "best evidence \(off.evidenceScore): \(off.answer)")
            #expect(off.citedSources.isEmpty && off.sentences.isEmpty)
        }
    }
}
