import Dispatch
import Embedding
import Foundation
import Metrics

/// Embeds queries on a dedicated serial dispatch queue, so the CPU-bound encoder never runs
/// on Swift's cooperative pool or inside an actor.
public final class QueryEmbedder: Sendable {
    public let encoder: SentenceEncoder
    private let queue = DispatchQueue(label: "preflexor.retrieval.embed", qos: .userInitiated)

    public init(_ encoder: SentenceEncoder) {
        self.encoder = encoder
    }

    /// The unit-length embedding of `text`.
    public func embed(_ text: String) async -> [Float] {
        await withCheckedContinuation { continuation in
            queue.async { [encoder] in
                let start = ContinuousClock.now
                let vector = encoder.embed([text])[0]
                EmbeddingMetrics.record(role: "query", texts: 1, since: start)
                continuation.resume(returning: vector)
            }
        }
    }
}

/// `preflexor_embedding_batch_seconds` (a histogram per role: ingest, query, evidence, entities)
/// and `preflexor_embedding_texts_total`: how long encoder batches take, in whatever process
/// runs them (the service shows its own at /metrics).
public enum EmbeddingMetrics {
    public static func record(role: String, texts: Int, since start: ContinuousClock.Instant) {
        Metrics.Timer(label: "preflexor_embedding_batch_seconds", dimensions: [("role", role)]).record(duration: ContinuousClock.now - start)
        Counter(label: "preflexor_embedding_texts_total", dimensions: [("role", role)]).increment(by: texts)
    }
}
