import Foundation
import Retrieval
import Store

/// Answers a question: retrieve -> score evidence -> refuse or generate -> reflect (critic,
/// revised thinking, new answer) -> integrate (keep the best-supported version). The one code
/// path of `preflexor ask`, `eval qa` and (later) the HTTP service.
///
///     let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator())
///     let answer = try await answerer.ask("How does mineral content affect bone toughness?", retriever: retriever)
public struct Answerer: Sendable {
    public let embedder: SentenceEmbedder
    public let generator: any Generator
    public let options: AnswerOptions
    public let critic: Critic

    /// Throws `ReasoningError(.invalidOptions)` for bad options.
    public init(embedder: SentenceEmbedder, generator: any Generator, options: AnswerOptions = AnswerOptions()) throws {
        try options.validate()
        self.embedder = embedder
        self.generator = generator
        self.options = options
        self.critic = Critic(options: options, embedder: embedder)
    }

    /// Retrieves with `retriever` and answers from what it found.
    /// `progress` hears each stage as it completes (see `AnswerProgress`).
    public func ask(_ question: String, retriever: HybridRetriever, mode: RetrievalMode = .hybrid, k: Int? = nil,
                    filter: ChunkFilter = ChunkFilter(), progress: AnswerProgress.Handler? = nil) async throws -> Answer {
        let t0 = ContinuousClock.now
        let retrieval = try await retriever.retrieve(question, mode: mode, k: k, filter: filter)
        await progress?(.retrieved(retrieval))
        var answer = try await self.answer(question, retrieval: retrieval, progress: progress)
        let retrieve = Self.ms(ContinuousClock.now - t0) - (answer.timings["total"] ?? 0)
        answer.timings["retrieve"] = retrieve
        answer.timings["total"] = (answer.timings["total"] ?? 0) + retrieve
        return answer
    }

    /// Answers from a retrieval already made (the evaluation harness's path: no second retrieval).
    /// `progress` hears the scored sources, then each version as the critic reviews it.
    public func answer(_ question: String, retrieval: RetrievalResult, progress: AnswerProgress.Handler? = nil) async throws -> Answer {
        let start = ContinuousClock.now
        var timings: [String: Double] = [:]
        let pool = await EvidencePool.build(question: question, retrieval: retrieval, embedder: embedder, candidates: options.candidates)
        timings["evidence"] = Self.ms(ContinuousClock.now - start)
        var sources = retrieval.chunks.enumerated().map { Source(number: $0.offset + 1, chunk: $0.element) }
        for i in sources.indices {
            let own = pool.sentences(of: sources[i].number)
            guard !own.isEmpty else { continue }
            func r(_ x: Double) -> Double { (x * 1000).rounded() / 1000 }
            sources[i].relevance = r(own.map(\.relevance).max()!)
            sources[i].cosine = r(own.map(\.cosine).max()!)
            sources[i].lexical = r(own.map(\.lexical).max()!)
            sources[i].entity = r(own.map(\.entity).max()!)
        }
        var answer = Answer(question: question, generator: generator.name, refused: false, refusal: nil,
                            evidenceScore: (pool.best * 1000).rounded() / 1000, threshold: options.refusalThreshold,
                            thinking: "", reflection: "", sentences: [], chosenRound: 0, versions: [],
                            sources: sources, retrieval: retrieval, timings: [:])
        await progress?(.scored(sources: sources, evidenceScore: answer.evidenceScore, refused: pool.best < options.refusalThreshold))
        if pool.best < options.refusalThreshold {
            answer.refused = true
            answer.refusal = retrieval.chunks.isEmpty
                ? "The stored papers hold nothing on this question, so it is not answered and nothing is cited."
                : String(format: "The stored papers hold no evidence relevant enough to answer this question "
                    + "(best evidence %.2f, below the threshold %.2f), so it is not answered and nothing is cited.",
                    pool.best, options.refusalThreshold)
            timings["total"] = Self.ms(ContinuousClock.now - start)
            answer.timings = timings
            return answer
        }

        var request = GenerationRequest(question: question, retrieval: retrieval, evidence: pool)
        var t = ContinuousClock.now
        let first = try await generator.generate(request)
        timings["generate"] = Self.ms(ContinuousClock.now - t)
        t = ContinuousClock.now
        var review = await critic.review(first, request: request)
        await progress?(.reviewed(review.version))
        var versions = [review.version]
        var ownReflections = [first.reflection].filter { !$0.isEmpty }
        var notes: [String] = []
        for round in stride(from: 2, through: options.reflect + 1, by: 1) {
            if review.critique.isClean {
                notes.append("Round \(round): nothing to revise.")
                break
            }
            request.critique = review.critique
            request.thinking = critic.revise(request, critique: review.critique)
            request.round = round
            let generation = try await generator.generate(request)
            if !generation.reflection.isEmpty { ownReflections.append(generation.reflection) }
            review = await critic.review(generation, request: request)
            await progress?(.reviewed(review.version))
            versions.append(review.version)
        }
        timings["reflect"] = Self.ms(ContinuousClock.now - t)

        // Integrator: the best-supported version; on a tie the earlier one.
        let chosen = versions.enumerated().max { a, b in a.element.quality != b.element.quality ? a.element.quality < b.element.quality : a.offset > b.offset }!.element
        var lines: [String] = []
        for v in versions { lines.append("Round \(v.round) (quality \(String(format: "%.3f", v.quality))):\n" + v.critique) }
        lines += notes
        lines += ownReflections.map { "Generator's own reflection: " + $0 }
        if versions.count > 1 {
            lines.append("Integrator: kept round \(chosen.round) of \(versions.count) (best supported).")
        }
        answer.thinking = chosen.thinking
        answer.sentences = chosen.sentences
        answer.chosenRound = chosen.round
        answer.versions = versions
        answer.reflection = lines.joined(separator: "\n")
        let cited = Set(chosen.sentences.flatMap(\.citations))
        for i in answer.sources.indices { answer.sources[i].cited = cited.contains(answer.sources[i].number) }
        timings["total"] = Self.ms(ContinuousClock.now - start)
        answer.timings = timings
        return answer
    }

    static func ms(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
    }
}
