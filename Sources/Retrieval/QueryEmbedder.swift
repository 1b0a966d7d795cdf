import Dispatch
import Embedding
import Foundation

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
            queue.async { [encoder] in continuation.resume(returning: encoder.embed([text])[0]) }
        }
    }
}
