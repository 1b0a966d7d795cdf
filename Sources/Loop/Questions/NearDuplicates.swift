import Foundation
import Reasoning

/// Drops near-duplicate questions: a question whose embedding (all-MiniLM-L6-v2, unit length)
/// has cosine at or above `threshold` with one already kept is dropped.
public struct NearDuplicateFilter: Sendable {
    /// Default 0.9: paraphrases of one question about the same entities score above it,
    /// questions in different forms or about different entities below.
    public var threshold: Double
    private(set) var kept: [[Float]] = []

    public init(threshold: Double = 0.9, existing: [[Float]] = []) {
        self.threshold = threshold
        self.kept = existing
    }

    /// The highest cosine of `vector` with a kept vector (0 when none).
    public func closest(_ vector: [Float]) -> Double {
        kept.map { SentenceEmbedder.cosine($0, vector) }.max() ?? 0
    }

    /// Keeps `vector` and returns true unless it is a near-duplicate of one already kept.
    public mutating func admit(_ vector: [Float]) -> Bool {
        guard closest(vector) < threshold else { return false }
        kept.append(vector)
        return true
    }

    /// The indices of `texts` kept, in order, embedding them with `embedder`.
    public static func deduplicate(_ texts: [String], embedder: SentenceEmbedder, threshold: Double = 0.9) async -> [Int] {
        let vectors = await embedder.embed(texts)
        var filter = NearDuplicateFilter(threshold: threshold)
        return vectors.indices.filter { filter.admit(vectors[$0]) }
    }
}
