import Foundation
import LM
import Reasoning
import Retrieval
import Store

/// What `PairBuilder.build` did with one question.
public struct BuiltPair: Sendable, Codable, Equatable {
    public var questionID: Int64
    /// The stored pair's id; nil when the question was skipped.
    public var pairID: Int64?
    public var prompt: String
    public var chosen: String
    public var rejected: String
    public var rejectedBy: String
    public var citedChunkIDs: [Int64]
    /// Why the question got no pair (the teacher refused: no evidence relevant enough).
    public var skipped: String?
}

/// Builds stage-1 preference pairs (method.md section 2 steps 3-5): the question's own context
/// chunks plus hybrid retrieval with the question; chosen = the PRefLexOR thinking block (Knowledge Graph first) and
/// the answer with citations from the graph-grounded answerer; rejected = the rejected-answer
/// writer's (the current model's bare answer, or the teacher's fallback). The prompt is the
/// question with " Use <|thinking|>." (the chat template is applied when training or exporting,
/// `PreferencePair.templated`).
public struct PairBuilder: Sendable {
    public let database: Database
    public let retriever: HybridRetriever
    public let answerer: Answerer
    public let rejecter: any RejectedAnswerWriter
    /// Retrieved chunks per question. Default 5.
    public var k: Int = 5
    /// The question's own context chunks added after the retrieved ones (0: none). Default 3.
    public var contextChunks: Int = 3
    /// The stage the pairs are stored under (1: bare rejected answers; 2: the policy's own
    /// answers with thinking). Default 1.
    public var stage: Int = 1
    /// Whether the teacher's deliberately wrong answer stands in when the writer returns
    /// nothing (stage 1: yes; stage 2: no, the question is skipped). Default true.
    public var teacherFallback: Bool = true

    public init(database: Database, retriever: HybridRetriever, answerer: Answerer, rejecter: any RejectedAnswerWriter) {
        self.database = database; self.retriever = retriever; self.answerer = answerer; self.rejecter = rejecter
    }

    /// Builds (and stores, unless `store` is false) one pair per question; `seed` makes the
    /// rejected side reproducible.
    public func build(_ questions: [StoredQuestion], seed: UInt64 = 0, store: Bool = true,
                      progress: (@Sendable (Int, Int) -> Void)? = nil) async throws -> [BuiltPair] {
        let repository = TrainingRepository(database)
        let watermark = try await repository.watermark()
        var out: [BuiltPair] = []
        for (i, q) in questions.enumerated() {
            progress?(i + 1, questions.count)
            let prompt = ChatTemplate.askingForThinking(q.question)
            let retrieval = try await withContext(try await retriever.retrieve(q.question, k: k), question: q)
            let answer = try await answerer.answer(q.question, retrieval: retrieval)
            guard !answer.refused, !answer.thinking.isEmpty, !answer.citedSources.isEmpty else {
                out.append(BuiltPair(questionID: q.id, pairID: nil, prompt: prompt, chosen: "", rejected: "", rejectedBy: rejecter.name,
                                     citedChunkIDs: [], skipped: answer.refusal ?? "no cited evidence"))
                continue
            }
            let chosen = Self.chosen(answer)
            let pairSeed = seed &+ UInt64(bitPattern: q.id) &* 0x9E37_79B9_7F4A_7C15
            var rejectedBy = rejecter.name
            var rejected = try await rejecter.reject(RejectionRequest(question: q.question, retrieval: retrieval, seed: pairSeed,
                                                                      chosen: answer))
            if !teacherFallback, rejected.isEmpty || rejected == chosen {
                out.append(BuiltPair(questionID: q.id, pairID: nil, prompt: prompt, chosen: chosen, rejected: "", rejectedBy: rejecter.name,
                                     citedChunkIDs: [], skipped: "no sample of the policy scored worse than the chosen answer"))
                continue
            }
            if rejected.isEmpty || rejected == chosen {
                // The model wrote nothing usable: the teacher's fallback, recorded as such.
                let fallback = TeacherFallbackRejecter(database: database)
                rejected = try await fallback.reject(RejectionRequest(question: q.question, retrieval: retrieval, seed: pairSeed))
                rejectedBy = fallback.name
            }
            let cited = answer.citedSources.map(\.chunkID)
            var chunks = q.chunkIDs
            for c in retrieval.chunks.map(\.chunkID) where !chunks.contains(c) { chunks.append(c) }
            var papers = q.papers
            let byChunk = try await repository.papers(ofChunks: retrieval.chunks.map(\.chunkID))
            for c in retrieval.chunks.map(\.chunkID) { if let p = byChunk[c], !papers.contains(p) { papers.append(p) } }
            var pairID: Int64?
            if store {
                pairID = try await repository.insert(NewPreferencePair(
                    questionID: q.id, prompt: prompt, chosen: chosen, rejected: rejected, stage: stage, chosenBy: answerer.generator.name,
                    rejectedBy: rejectedBy, seed: pairSeed, chunkIDs: chunks, citedChunkIDs: cited, papers: papers, watermark: watermark))
            }
            out.append(BuiltPair(questionID: q.id, pairID: pairID, prompt: prompt, chosen: chosen, rejected: rejected,
                                 rejectedBy: rejectedBy, citedChunkIDs: cited, skipped: nil))
        }
        return out
    }

    /// The retrieval with the question's own context chunks (method.md section 2: the sampled
    /// chunks, then the corpus-wide retrieval's "Additional Information") appended after the
    /// retrieved ones, so source numbers of the retrieval stay as they are; at most
    /// `contextChunks` of them.
    func withContext(_ retrieval: RetrievalResult, question q: StoredQuestion) async throws -> RetrievalResult {
        let have = Set(retrieval.chunks.map(\.chunkID))
        let missing = Array(q.chunkIDs.filter { !have.contains($0) }.prefix(contextChunks))
        guard !missing.isEmpty else { return retrieval }
        var out = retrieval
        for c in try await ChunkRepository(database).contexts(ids: missing) {
            out.chunks.append(RetrievedChunk(chunkID: c.chunkID, paperID: c.paperID, doi: c.doi, title: c.title,
                                             section: c.section ?? c.kind, kind: c.kind, text: c.text, scores: ["question": 1]))
        }
        return out
    }

    /// The chosen completion: `<|thinking|>` thinking `<|/thinking|>`, the answer with `[n]`
    /// citations, and the cited sources (DOI or title, section).
    public static func chosen(_ answer: Answer) -> String {
        var text = ThinkingBlock.open + "\n" + answer.thinking + "\n" + ThinkingBlock.close + "\n" + answer.answer
        let sources = answer.citedSources.map { s in
            "[\(s.number)] " + (s.doi.map { "doi:\($0)" } ?? s.title) + ", " + s.section
        }
        if !sources.isEmpty { text += "\n\nSources: " + sources.joined(separator: "; ") }
        return text
    }
}
