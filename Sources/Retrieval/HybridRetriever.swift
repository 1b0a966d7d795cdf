import Embedding
import Foundation
import Store

/// Hybrid retrieval: exact vector k-NN, full text over `chunks.tsv` and the entity graph,
/// fused by weighted reciprocal rank fusion and diversified (MMR, per-paper cap).
///
/// One value serves many queries over one long-lived connection pool (`database`); the
/// vector index is refreshed once per query and cached under the directory Retrieval
/// chooses (`VectorSearch.cacheDirectory`); the query is embedded off the cooperative pool.
public final class HybridRetriever: Sendable {
    public let database: Database
    public let vectors: VectorSearch
    public let embedder: QueryEmbedder
    public let options: RetrievalOptions

    /// `home` is where the vector cache lives (nil: no cache).
    public init(database: Database, encoder: SentenceEncoder, home: URL?, options: RetrievalOptions = RetrievalOptions()) throws {
        try options.validate()
        self.database = database
        self.embedder = QueryEmbedder(encoder)
        self.vectors = VectorSearch(
            database: database, encoder: encoder,
            cacheDirectory: home.map { VectorSearch.cacheDirectory(home: $0, databaseURL: database.url.description) })
        self.options = options
    }

    /// Retrieves the `k` (default `options.k`) best chunks for `query` in `mode`, with the
    /// graph context around the question. A non-empty `filter` restricts every list to the
    /// chunks it allows.
    public func retrieve(_ query: String, mode: RetrievalMode = .hybrid, k: Int? = nil,
                         filter: ChunkFilter = ChunkFilter()) async throws -> RetrievalResult {
        let k = k ?? options.k
        guard k >= 1 else { throw RetrievalError(.invalidOptions, "k must be at least 1 (got \(k))") }
        let pool = max(options.pool, k)
        let start = ContinuousClock.now
        var timings: [String: Double] = [:]
        let useVector = mode == .vector || mode == .hybrid
        let useText = mode == .text || mode == .hybrid
        let useGraph = mode == .graph || mode == .hybrid

        let ranking = options.textRanking
        let database = self.database
        async let textList = timed(useText, otherwise: [ScoredID]()) {
            try await RetrievalReads(database).searchText(query, k: pool, ranking: ranking).map { ScoredID(id: $0.id, score: $0.score) }
        }
        async let graphList = timed(useGraph, otherwise: GraphExpansion()) { try await self.expandGraph(query, pool: pool) }
        let allowed: Set<Int64>? = filter.isEmpty ? nil : try await ChunkRepository(database).ids(matching: filter)
        var vectorList: [(id: Int64, score: Double)] = []
        if useVector {
            let t0 = ContinuousClock.now
            try await vectors.refresh()
            let t1 = ContinuousClock.now
            let vector = await embedder.embed(query)
            let t2 = ContinuousClock.now
            vectorList = try await vectors.nearest(vector, k: pool, allowed: allowed).map { ($0.id, Double($0.score)) }
            timings["refresh"] = ms(t1 - t0)
            timings["embed"] = ms(t2 - t1)
            timings["vector"] = ms(ContinuousClock.now - t2)
        }
        let text = try await textList
        let graph = try await graphList
        if useText { timings["text"] = text.elapsed }
        if useGraph { timings["graph"] = graph.elapsed }

        let t3 = ContinuousClock.now
        var lists: [String: [(id: Int64, score: Double)]] = [
            "vector": vectorList, "text": text.value.map { ($0.id, $0.score) }, "graph": graph.value.chunks.map { ($0.id, $0.score) },
        ]
        if let allowed { lists = lists.mapValues { $0.filter { allowed.contains($0.id) } } }
        lists = lists.filter { !$0.value.isEmpty }
        let chunks = try await rank(lists, query: query, mode: mode, k: k, graph: graph.value)
        timings["fuse"] = ms(ContinuousClock.now - t3)
        timings["total"] = ms(ContinuousClock.now - start)
        let g = graph.value
        return RetrievalResult(query: query, mode: mode, chunks: chunks, entities: g.entities, edges: g.edges,
                               paths: g.paths, values: g.values, timings: timings)
    }

    /// Fuses (hybrid) or takes the one list, re-ranks the fused pool by its best sentences and
    /// diversifies (hybrid), and loads the chunks with provenance.
    func rank(_ lists: [String: [(id: Int64, score: Double)]], query: String, mode: RetrievalMode, k: Int, graph: GraphExpansion) async throws -> [RetrievedChunk] {
        var scores: [String: [Int64: Double]] = [:]
        var ranks: [String: [Int64: Int]] = [:]
        for (name, list) in lists {
            for (i, item) in list.enumerated() where ranks[name]?[item.id] == nil {
                scores[name, default: [:]][item.id] = item.score
                ranks[name, default: [:]][item.id] = i + 1
            }
        }
        let ordered: [(id: Int64, score: Double)]
        if mode == .hybrid {
            ordered = Fusion.reciprocalRank(lists.mapValues { $0.map(\.id) }, weights: options.weights, k: options.rrfK)
        } else {
            ordered = lists.values.first ?? []
        }
        var candidates = Array(ordered.prefix(mode == .hybrid ? max(options.pool, k) : k))
        let contexts = try await ChunkRepository(database).contexts(ids: candidates.map(\.id))
        let byID = Dictionary(contexts.map { ($0.chunkID, $0) }, uniquingKeysWith: { a, _ in a })
        var sentence: [Int64: Double] = [:]
        if mode == .hybrid, options.rerankWeight > 0 {
            let texts = candidates.compactMap { c in byID[c.id].map { (id: c.id, text: $0.text) } }
            sentence = PassageReranker.sentenceScores(question: query, texts: texts)
            candidates = PassageReranker.rerank(candidates, sentence: sentence, weight: options.rerankWeight)
        }
        let fused = Dictionary(candidates.map { ($0.id, $0.score) }, uniquingKeysWith: { a, _ in a })
        var chosen = candidates.map(\.id).filter { byID[$0] != nil }
        if mode == .hybrid {
            let pool = chosen.map { Diversity.Candidate(id: $0, paper: byID[$0]!.paperID, relevance: fused[$0] ?? 0) }
            let vectors = await self.vectors.vectors(for: chosen)
            chosen = Diversity.select(pool, vectors: vectors, k: k, lambda: options.mmrLambda, perPaperCap: options.perPaperCap)
        } else {
            chosen = Array(chosen.prefix(k))
        }
        let provenance = graph.provenance
        return chosen.compactMap { id in
            guard let c = byID[id] else { return nil }
            var s: [String: Double] = [:]
            var r: [String: Int] = [:]
            for name in lists.keys {
                if let v = scores[name]?[id] { s[name] = v }
                if let v = ranks[name]?[id] { r[name] = v }
            }
            if let v = sentence[id] { s["sentence"] = v }
            return RetrievedChunk(chunkID: c.chunkID, paperID: c.paperID, doi: c.doi, title: c.title,
                                  section: c.section ?? c.kind, kind: c.kind, text: c.text, scores: s, ranks: r,
                                  fused: fused[id] ?? 0, graph: provenance[id])
        }
    }
}

/// A stage's value and its milliseconds.
struct Timed<T: Sendable>: Sendable {
    var value: T
    var elapsed: Double
}

func ms(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
}

/// A ranked id with its score in one list.
struct ScoredID: Sendable, Hashable {
    var id: Int64
    var score: Double
}

/// Runs `body` when `enabled` and times it; else returns `otherwise` at once.
func timed<T: Sendable>(_ enabled: Bool, otherwise: T, _ body: @Sendable () async throws -> T) async throws -> Timed<T> {
    guard enabled else { return Timed(value: otherwise, elapsed: 0) }
    let t0 = ContinuousClock.now
    let value = try await body()
    return Timed(value: value, elapsed: ms(ContinuousClock.now - t0))
}
