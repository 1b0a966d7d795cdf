import Foundation
import LM
import Reasoning

/// Stage 2's rejected side (method.md section 4): the current policy answers the question
/// **with thinking**, prompted as in training (`{Q} Use <|thinking|>.` in the chat template),
/// sampled at temperature 1.0, top-p 0.9; rejection sampling keeps the first of `samples`
/// completions that the graph critic (`Critic.review`, the reflection critic of `ask`) scores
/// below the chosen answer's quality. The completion is stored as the policy wrote it (thinking
/// tags included), so the DPO/EXO loss sees the policy's own text. When no sample scores worse,
/// nothing is returned and the question gets no stage-2 pair.
public struct PolicyRejecter: RejectedAnswerWriter {
    public let name: String
    public let generator: NativeGenerator
    public let answerer: Answerer
    /// Completions drawn per question at most. Default 3.
    public var samples: Int = 3

    public init(generator: NativeGenerator, answerer: Answerer, name: String, samples: Int = 3) {
        self.generator = generator; self.answerer = answerer; self.name = name; self.samples = samples
    }

    /// The critic's quality of the answer the answerer kept (its integrator's choice).
    public static func quality(of answer: Answer) -> Double {
        answer.versions.first { $0.round == answer.chosenRound }?.quality ?? answer.versions.map(\.quality).max() ?? 0
    }

    /// One scored sample.
    public struct Sample: Sendable {
        public var completion: String
        public var quality: Double
    }

    /// Draws up to `samples` completions and scores them; stops at the first worse than `bar`.
    public func sample(_ request: RejectionRequest, bar: Double) async throws -> [Sample] {
        let pool = await EvidencePool.build(question: request.question, retrieval: request.retrieval,
                                            embedder: answerer.embedder, candidates: answerer.options.candidates)
        let generation = GenerationRequest(question: request.question, retrieval: request.retrieval, evidence: pool)
        let prompt = generator.promptText(question: request.question, thinking: nil)
        var out: [Sample] = []
        for k in 0..<max(1, samples) {
            let text = try await generator.complete(prompt, seed: request.seed &+ UInt64(k) &* 0x2545_F491_4F6C_DD1D)
            guard !text.isEmpty else { continue }
            let review = await answerer.critic.review(NativeGenerator.parse(text, prefilled: nil), request: generation)
            out.append(Sample(completion: text, quality: review.version.quality))
            if review.version.quality < bar { break }
        }
        return out
    }

    public func reject(_ request: RejectionRequest) async throws -> String {
        let bar = request.chosen.map(Self.quality(of:)) ?? 1
        return try await sample(request, bar: bar).first { $0.quality < bar }?.completion ?? ""
    }
}
