import Foundation
import Retrieval

/// What a generator is asked: the question, the retrieval, the scored evidence, and in a
/// reflection round the critic's critique and the revised thinking to continue from.
public struct GenerationRequest: Sendable {
    public var question: String
    public var retrieval: RetrievalResult
    public var evidence: EvidencePool
    /// Thinking to pre-fill (the critic's revision); nil in the first round.
    public var thinking: String?
    /// The critique the revision applies; nil in the first round.
    public var critique: Critique?
    /// 1 for the first answer, 2... for reflection rounds.
    public var round: Int

    public init(question: String, retrieval: RetrievalResult, evidence: EvidencePool, thinking: String? = nil,
                critique: Critique? = nil, round: Int = 1) {
        self.question = question; self.retrieval = retrieval; self.evidence = evidence
        self.thinking = thinking; self.critique = critique; self.round = round
    }
}

/// A generator's output: the thinking block's content and the answer text with `[n]` citations
/// (n = the source number, the chunk's rank in the retrieval).
public struct Generation: Sendable, Equatable {
    public var thinking: String
    public var answer: String
    /// The generator's own `<|reflect|>` text, if it wrote one (a reflection model's self-critique).
    public var reflection: String

    public init(thinking: String, answer: String, reflection: String = "") {
        self.thinking = thinking; self.answer = answer; self.reflection = reflection
    }
}

/// The seam every answer writer plugs into: the embedded extractive generator, an
/// OpenAI-compatible endpoint, and (issue 12) the native PRefLexOR model, which reads the
/// same request and continues from `thinking` when it is pre-filled.
public protocol Generator: Sendable {
    /// Shown in outputs ("embedded", "llm:<model>").
    var name: String { get }
    /// Writes thinking and answer for the request.
    func generate(_ request: GenerationRequest) async throws -> Generation
}
