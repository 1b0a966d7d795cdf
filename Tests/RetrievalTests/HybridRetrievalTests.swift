import Embedding
import Foundation
import Ingest
import PostgresNIO
import PreflexorTesting
import Retrieval
import Store
import StoreTesting
import Testing

/// Hybrid retrieval against a real PostgreSQL over the project's corpus/ (8 papers), ingested
/// with the real encoder and the embedded graph stage. Skipped loudly without the model,
/// failing under CI=true (like EmbeddingIngestTests).
@Suite struct HybridRetrievalTests {
    static let home = Fixtures.repositoryRoot.appendingPathComponent(".preflexor")
    static let enabled = FileManager.default.fileExists(atPath: ModelFiles.modelDirectory(home: home).appendingPathComponent("model.safetensors").path)
        || ProcessInfo.processInfo.environment["CI"] == "true"

    static func corpus() throws -> [String] {
        let dir = Fixtures.repositoryRoot.appendingPathComponent("corpus")
        return try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".xml") }.sorted()
            .map { dir.appendingPathComponent($0).path }
    }

    @Test(.enabled(if: enabled))
    func textGraphAndHybridListsOnTheCorpus() async throws {
        if !Self.enabled { print("HybridRetrievalTests: SKIPPED, no embedding model under .preflexor/models") }
        let encoder = try SentenceEncoder(modelDirectory: try ModelFiles.locate(home: Self.home), threads: 2)
        try await TestDatabase.withDatabase { database, _ in
            let pipeline = try IngestPipeline(database: database, encoder: encoder, options: .init(embed: true, graph: true))
            let report = try await pipeline.run(paths: try Self.corpus())
            #expect(report.inserted == 8)
            var options = RetrievalOptions()
            options.k = 5
            options.pool = 30
            options.perPaperCap = 2
            options.mmrLambda = 0.8
            options.rerankWeight = 1
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: nil, options: options)

            // kg.search_chunks (BM25) is the text list, in the same order with the same scores.
            let q = "How does the mineral content affect the stiffness and toughness of bone?"
            let sql = try await database.client.query("SELECT chunk_id, score::float8 FROM kg.search_chunks(\(q), 30)")
                .collect().map { try $0.decode((Int64, Double).self) }
            let text = try await retriever.retrieve(q, mode: .text, k: 30)
            #expect(!sql.isEmpty)
            #expect(text.chunks.map(\.chunkID) == sql.map(\.0))
            for (chunk, row) in zip(text.chunks, sql) {
                let score: Double = chunk.scores["text"] ?? -1
                #expect(abs(score - row.1) < 1e-6 && chunk.ranks["text"] != nil)
            }
            // Any term suffices (websearch_to_tsquery would AND them and find nothing here).
            let and = try await database.client.query(
                "SELECT count(*)::int FROM chunks WHERE tsv @@ websearch_to_tsquery('english', \(q))").collect().map { try $0.decode(Int.self) }
            #expect(sql.count > and[0])
            // ts_rank_cd ranks the same matches differently.
            let cd = try await RetrievalReads(database).searchText(q, k: 10_000, ranking: .coverDensity)
            let all = try await RetrievalReads(database).searchText(q, k: 10_000, ranking: .bm25)
            #expect(Set(all.map(\.id)).isSubset(of: Set(cd.map(\.id))), "BM25's candidates have a selective term of the question")
            #expect(!cd.isEmpty && zip(cd, cd.dropFirst()).allSatisfy { $0.score >= $1.score })

            // The text list's match is an index scan on chunks_tsv_idx (when the planner may not scan the table).
            let plan = try await database.client.withConnection { c in
                _ = try await c.query("SET enable_seqscan = off", logger: database.logger).collect()
                return try await c.query("EXPLAIN SELECT id FROM chunks WHERE tsv @@ kg.any_terms(\(q))", logger: database.logger).collect().map { try $0.decode(String.self) }
            }
            #expect(plan.joined(separator: "\n").contains("chunks_tsv_idx"), "\(plan)")

            // Graph expansion: a question naming both ends of a stored edge finds the chunk
            // that evidences it, with the edge as provenance.
            let edges = try await database.client.query(
                """
                SELECT s.name, t.name, re.chunk_id FROM relations r
                JOIN entities s ON s.id = r.source_id JOIN entities t ON t.id = r.target_id
                JOIN relation_evidence re ON re.relation_id = r.id
                WHERE length(s.key) >= 6 AND length(t.key) >= 6 AND s.key NOT LIKE '%' || t.key || '%' AND t.key NOT LIKE '%' || s.key || '%'
                ORDER BY r.weight DESC, r.id LIMIT 1
                """).collect().map { try $0.decode((String, String, Int64).self) }
            let (a, b, evidence) = try #require(edges.first)
            let graph = try await retriever.retrieve("What is the relation between \(a) and \(b)?", mode: .graph, k: 10)
            #expect(graph.entities.count >= 2, "\(graph.entities.map(\.name)) for \(a) / \(b)")
            let hit = graph.chunks.first { $0.chunkID == evidence }
            #expect(hit != nil, "the evidence chunk \(evidence) of \(a) -> \(b) was not among \(graph.chunks.map(\.chunkID))")
            #expect(hit?.graph?.edges.contains { $0.chunkID == evidence } == true)
            #expect(graph.edges.allSatisfy { $0.polarity == "asserted" || $0.polarity == "negated" || $0.polarity == "hedged" })

            // Hybrid: fused from several lists, at most two chunks of one paper, provenance on each item.
            let hybrid = try await retriever.retrieve(q, mode: .hybrid)
            #expect(hybrid.chunks.count == 5)
            let perPaper = Dictionary(grouping: hybrid.chunks, by: \.paperID).mapValues(\.count)
            #expect(perPaper.values.allSatisfy { $0 <= 2 }, "\(perPaper)")
            #expect(hybrid.chunks.allSatisfy { !$0.ranks.isEmpty && $0.fused > 0 && !$0.title.isEmpty })
            #expect(Set(hybrid.chunks.flatMap { $0.ranks.keys }).count >= 2)
            #expect(hybrid.timings["total"] != nil && hybrid.timings["embed"] != nil)
            // The sentence re-ranker scored every hybrid item; relevance only (no MMR, no cap), the
            // items come best first by that score; with weight 0 they are in fusion order, unscored.
            #expect(hybrid.chunks.allSatisfy { $0.scores["sentence"] != nil })
            var plain = options
            plain.perPaperCap = 0
            plain.mmrLambda = 1
            let reranked = try await HybridRetriever(database: database, encoder: encoder, home: nil, options: plain).retrieve(q, mode: .hybrid)
            #expect(zip(reranked.chunks, reranked.chunks.dropFirst()).allSatisfy { $0.fused >= $1.fused })
            plain.rerankWeight = 0
            let fusedOnly = try await HybridRetriever(database: database, encoder: encoder, home: nil, options: plain).retrieve(q, mode: .hybrid)
            #expect(fusedOnly.chunks.allSatisfy { $0.scores["sentence"] == nil && $0.fused < 1 })
            #expect(zip(fusedOnly.chunks, fusedOnly.chunks.dropFirst()).allSatisfy { $0.fused >= $1.fused })
            // Single-list vector mode ranks by cosine, best first.
            let vector = try await retriever.retrieve(q, mode: .vector)
            #expect(zip(vector.chunks, vector.chunks.dropFirst()).allSatisfy { ($0.scores["vector"] ?? 0) >= ($1.scores["vector"] ?? 0) })
        }
    }
}
