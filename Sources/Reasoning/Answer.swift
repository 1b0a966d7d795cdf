import Foundation
import Retrieval

/// A numbered source an answer may cite: one retrieved chunk. `number` is the chunk's
/// 1-based rank in the retrieval, the same in the generator's context and in `[n]`.
public struct Source: Sendable, Codable, Hashable {
    public var number: Int
    public var chunkID: Int64
    public var paperID: Int64
    public var doi: String?
    public var title: String
    public var section: String
    /// Whether the final answer cites it.
    public var cited: Bool
    /// The best relevance to the question among its sentences (nil: none scored).
    public var relevance: Double?
    /// The best cosine with the question and the best term coverage among its sentences.
    public var cosine: Double?
    public var lexical: Double?
    /// The best share of the question's linked entities among its sentences.
    public var entity: Double?

    public init(number: Int, chunk: RetrievedChunk, cited: Bool = false) {
        self.number = number; self.chunkID = chunk.chunkID; self.paperID = chunk.paperID; self.doi = chunk.doi
        self.title = chunk.title; self.section = chunk.section; self.cited = cited
    }
}

/// One sentence of an answer with its citations and how well the evidence supports it.
public struct AnswerSentence: Sendable, Codable, Hashable {
    /// The sentence without its citation marks.
    public var text: String
    /// The source numbers it cites (`[n]`), each a retrieved chunk.
    public var citations: [Int]
    /// 0...1: how well the cited evidence supports it (embedding similarity and entity
    /// overlap with the best evidence sentence; 0 when it asserts what the evidence negates).
    public var support: Double
    /// 0...1: how relevant it is to the question.
    public var relevance: Double
    /// Why the critic flagged it, if it did ("unsupported", "contradicts negated evidence", ...).
    public var flag: String?

    public init(text: String, citations: [Int], support: Double = 0, relevance: Double = 0, flag: String? = nil) {
        self.text = text; self.citations = citations; self.support = support; self.relevance = relevance; self.flag = flag
    }
}

/// One round's answer: thinking, answer sentences, the critic's verdict.
public struct AnswerVersion: Sendable, Codable {
    /// 1 for the first answer, then one per reflection round.
    public var round: Int
    /// The thinking block's content (between `<|thinking|>` and `<|/thinking|>`).
    public var thinking: String
    /// The answer's sentences with citations and support.
    public var sentences: [AnswerSentence]
    /// The critic's text on this version (what the next round fixes).
    public var critique: String
    /// The integrator's score of this version, 0...1 (higher is better supported).
    public var quality: Double

    /// The answer as text: each sentence followed by its citations.
    public var answer: String { AnswerFormat.render(sentences) }
}

/// The final result of `Answerer`: the chosen version, every round, the sources and timings.
public struct Answer: Sendable, Codable {
    public var question: String
    /// The generator that wrote it ("embedded", "llm:<model>").
    public var generator: String
    /// True when the evidence was too weak to answer (nothing is cited then).
    public var refused: Bool
    /// Why it refused, in plain words (nil when it answered).
    public var refusal: String?
    /// The best evidence sentence's relevance to the question (what refusal compares).
    public var evidenceScore: Double
    /// The refusal threshold in force.
    public var threshold: Double
    /// The chosen version's thinking.
    public var thinking: String
    /// The reflection text (`<|reflect|>` content): every round's critique and the integrator's choice.
    public var reflection: String
    /// The chosen version's sentences.
    public var sentences: [AnswerSentence]
    /// Which round the integrator kept.
    public var chosenRound: Int
    /// Every version, in order.
    public var versions: [AnswerVersion]
    /// Every retrieved chunk as a numbered source (`cited` marks the ones the answer cites).
    public var sources: [Source]
    /// The retrieval the answer rests on (chunks with scores and provenance, entities, edges, paths, values).
    public var retrieval: RetrievalResult
    /// Milliseconds per stage ("retrieve", "evidence", "generate", "reflect", "total").
    public var timings: [String: Double]

    /// The answer's text with its citations.
    public var answer: String { refused ? (refusal ?? "") : AnswerFormat.render(sentences) }

    /// The sources the answer cites, in number order.
    public var citedSources: [Source] { sources.filter(\.cited) }

    /// The PRefLexOR form: `<|thinking|>…<|/thinking|>`, `<|reflect|>…<|/reflect|>`, then the answer.
    public var transcript: String {
        var out = ""
        if !thinking.isEmpty { out += ThinkingBlock.open + "\n" + thinking + "\n" + ThinkingBlock.close + "\n" }
        if !reflection.isEmpty { out += ThinkingBlock.reflectOpen + "\n" + reflection + "\n" + ThinkingBlock.reflectClose + "\n" }
        return out + answer
    }
}

/// What `Answerer` has done so far, handed out as each stage completes (the service streams
/// these as server-sent events while the answer is still being written).
public enum AnswerProgress: Sendable {
    /// Called with each stage in order; awaited, so a slow listener slows the answer.
    public typealias Handler = @Sendable (AnswerProgress) async -> Void

    /// The retrieval is done: the chunks with their scores and provenance.
    case retrieved(RetrievalResult)
    /// The evidence is scored: the numbered sources, the best evidence score, and whether the
    /// answer will be refused (then no version follows).
    case scored(sources: [Source], evidenceScore: Double, refused: Bool)
    /// A version (round 1, then one per reflection round) has been written and reviewed.
    case reviewed(AnswerVersion)
}
