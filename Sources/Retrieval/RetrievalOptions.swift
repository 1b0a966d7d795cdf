import Foundation
import Store

/// Tunable settings of a retrieval (defaults measured on the QA dev set: docs/benchmarks.md).
public struct RetrievalOptions: Sendable, Codable, Equatable {
    /// Chunks returned.
    public var k: Int = 5
    /// Candidates taken from each list before fusion.
    public var pool: Int = 50
    /// Weight of each list in reciprocal rank fusion, by list name ("vector", "text", "graph").
    public var weights: [String: Double] = ["vector": 1.0, "text": 1.0, "graph": 0.2]
    /// The rank offset of reciprocal rank fusion: score = sum of weight / (rrfK + rank).
    public var rrfK: Double = 60
    /// At most this many chunks of one paper in the result (0: no cap; off by default: a cap
    /// of 2-4 cost 6-12 points of recall@5 on single-paper questions, docs/benchmarks.md).
    public var perPaperCap: Int = 0
    /// MMR trade-off: 1 is relevance only (the default, measured), 0 diversity only.
    public var mmrLambda: Double = 1.0
    /// Hybrid only: weight of the sentence-level re-ranker (`PassageReranker`) against the
    /// fused score, both scaled to the pool's best (0: fusion order, the default: weight 1
    /// left recall@5 unchanged on the dev set and cost 2.4 points of citation precision,
    /// docs/benchmarks.md).
    public var rerankWeight: Double = 0
    /// How the text list ranks.
    public var textRanking: TextRanking = .bm25
    /// At most this many entities linked in a question.
    public var maxEntities: Int = 8

    public init() {}

    /// Throws `RetrievalError(.invalidOptions)` naming the first bad setting.
    public func validate() throws {
        if k < 1 { throw RetrievalError(.invalidOptions, "k must be at least 1 (got \(k))") }
        if pool < k { throw RetrievalError(.invalidOptions, "pool must be at least k (\(k)); got \(pool)") }
        if let bad = weights.first(where: { $0.value < 0 || !$0.value.isFinite }) {
            throw RetrievalError(.invalidOptions, "weight of the \(bad.key) list must be a finite number >= 0 (got \(bad.value))")
        }
        if !(0...1).contains(mmrLambda) { throw RetrievalError(.invalidOptions, "mmr lambda must lie in 0...1 (got \(mmrLambda))") }
        if rerankWeight < 0 || !rerankWeight.isFinite { throw RetrievalError(.invalidOptions, "rerank weight must be a finite number >= 0 (got \(rerankWeight))") }
        if perPaperCap < 0 { throw RetrievalError(.invalidOptions, "per-paper cap must be >= 0 (got \(perPaperCap))") }
    }
}
