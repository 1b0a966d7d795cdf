import Dispatch
import Embedding
import Foundation
import Retrieval

/// Embeds batches of sentences on a dedicated serial dispatch queue, so the CPU-bound encoder
/// never runs on Swift's cooperative pool.
public final class SentenceEmbedder: Sendable {
    public let encoder: SentenceEncoder
    private let queue = DispatchQueue(label: "preflexor.reasoning.embed", qos: .userInitiated)

    public init(_ encoder: SentenceEncoder) {
        self.encoder = encoder
    }

    /// Unit-length embeddings of `texts`, in input order (`[texts.count][384]`).
    public func embed(_ texts: [String]) async -> [[Float]] {
        guard !texts.isEmpty else { return [] }
        return await withCheckedContinuation { continuation in
            queue.async { [encoder] in
                let start = ContinuousClock.now
                let vectors = encoder.embed(texts)
                EmbeddingMetrics.record(role: "evidence", texts: texts.count, since: start)
                continuation.resume(returning: vectors)
            }
        }
    }

    /// The cosine of two unit vectors.
    public static func cosine(_ a: [Float], _ b: [Float]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return 0 }
        var s: Float = 0
        for i in a.indices { s += a[i] * b[i] }
        return Double(s)
    }
}
