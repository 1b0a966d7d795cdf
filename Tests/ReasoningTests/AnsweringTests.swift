import Foundation
import Reasoning
import Retrieval
import Testing

/// The embedded generator, the critic and refusal on hand-made retrievals, with the real encoder.
@Suite struct AnsweringTests {
    func answerer(reflect: Int = 1) throws -> Answerer {
        var options = AnswerOptions()
        options.reflect = reflect
        return try Answerer(embedder: try ReasoningFixtures.embedder(), generator: EmbeddedGenerator(options: options), options: options)
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func embeddedAnswerCitesRetrievedChunksInAWellFormedTranscript() async throws {
        let q = "How do beta-sheet crystals affect the strength of silk fibers?"
        let retrieval = ReasoningFixtures.silk(question: q)
        let a = try await answerer().answer(q, retrieval: retrieval)
        #expect(!a.refused)
        #expect(!a.sentences.isEmpty)
        for s in a.sentences {
            #expect(!s.citations.isEmpty, "every sentence cites: \(s.text)")
            for n in s.citations {
                let chunk = try #require((1...retrieval.chunks.count).contains(n) ? retrieval.chunks[n - 1] : nil, "cites [\(n)], not retrieved")
                // Extractive: the sentence is in the chunk it cites (the paper's own reference marks dropped).
                let stripped = chunk.text.replacingOccurrences(of: #"\s*\[[0-9][0-9,\s\-–]*\]"#, with: "", options: .regularExpression)
                #expect(RetrievalMetrics.fold(stripped).contains(RetrievalMetrics.fold(s.text.dropLast().description)), "\(s.text) not in [\(n)]")
            }
            #expect(s.support >= 0.99)
        }
        #expect(Set(a.citedSources.map(\.number)) == Set(a.sentences.flatMap(\.citations)))
        #expect(a.sentences.first?.text.contains("beta-sheet") == true, "the best evidence comes first: \(a.answer)")
        #expect(!a.answer.contains("[12]"), "a paper's own reference marks are not citations")

        // The thinking block: categories in method.md's order, Knowledge Graph first, edges as [A] -[R]-> [B].
        let categories = ThinkingBlock.categories(in: a.thinking)
        #expect(categories.first == .knowledgeGraph)
        #expect(categories == ThinkingBlock.Category.allCases.filter { categories.contains($0) })
        #expect(categories.contains(.reasoningSteps) && categories.contains(.properties))
        #expect(a.thinking.contains("[beta sheet] -[INCREASES]-> [strength] [2]"))
        #expect(a.thinking.contains("70-150 MJ/m3 [1]"))
        #expect(!a.thinking.contains("**Hypothesis**"), "no hypothesis without a supporting chain")
        let t = a.transcript
        let open = try #require(t.range(of: ThinkingBlock.open)), close = try #require(t.range(of: ThinkingBlock.close))
        let reflect = try #require(t.range(of: ThinkingBlock.reflectOpen))
        #expect(open.upperBound <= close.lowerBound && close.upperBound <= reflect.lowerBound)
        #expect(try ThinkingBlock.parse(t).answer == a.answer)
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func negatedEvidenceNeverSupportsAPositiveSentence() async throws {
        let q = "Does sericin increase the toughness of silk fibers?"
        let retrieval = ReasoningFixtures.silk(question: q)
        let a = try await answerer().answer(q, retrieval: retrieval)
        #expect(a.thinking.contains("[sericin] -[NOT INCREASES]-> [toughness]"), "\(a.thinking)")
        #expect(!a.thinking.contains("[sericin] -[INCREASES]-> [toughness]"))
        for s in a.sentences where s.text.lowercased().contains("sericin") && s.text.lowercased().contains("toughness") {
            #expect(s.text.contains("not"), "a sentence about sericin and toughness keeps the negation: \(s.text)")
        }

        // The critic on claims an LLM might write: asserting the negated relation is unsupported.
        let pool = await EvidencePool.build(question: q, retrieval: retrieval, embedder: try ReasoningFixtures.embedder())
        let request = GenerationRequest(question: q, retrieval: retrieval, evidence: pool)
        let critic = Critic(options: AnswerOptions(), embedder: try ReasoningFixtures.embedder())
        let positive = await critic.review(Generation(thinking: "", answer: "Sericin increases the toughness of silk fibers [1]."), request: request)
        #expect(positive.version.sentences[0].support == 0)
        #expect(positive.version.sentences[0].flag == "contradicts negated evidence")
        #expect(positive.critique.text.contains("negates"))
        let negative = await critic.review(Generation(thinking: "", answer: "Sericin did not increase the toughness of silk fibers [1]."), request: request)
        #expect(negative.version.sentences[0].support >= 0.5, "\(negative.version.sentences)")
        #expect(negative.version.sentences[0].flag == nil)
        #expect(negative.version.quality > positive.version.quality)
        // A citation of a chunk that was not retrieved is removed and named.
        let invented = await critic.review(Generation(thinking: "", answer: "Beta-sheet crystals make silk strong [7]."), request: request)
        #expect(invented.version.sentences[0].citations.isEmpty)
        #expect(invented.critique.text.contains("[7], not a retrieved source"))
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func offTopicQuestionsAreRefusedAndCiteNothing() async throws {
        let q = "Which national football team won the world cup final in 1998?"
        let a = try await answerer().answer(q, retrieval: ReasoningFixtures.silk(question: q))
        #expect(a.refused)
        #expect(a.evidenceScore < a.threshold)
        #expect(a.sentences.isEmpty && a.citedSources.isEmpty)
        #expect(a.answer.contains("not answered") && !a.answer.contains("["))
        let empty = try await answerer().answer(q, retrieval: RetrievalResult(query: q, mode: .hybrid))
        #expect(empty.refused && empty.sources.isEmpty)
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func reflectionKeepsTheBestSupportedVersion() async throws {
        let q = "How do beta-sheet crystals and sericin affect silk fibers?"
        let retrieval = ReasoningFixtures.silk(question: q)
        let none = try await answerer(reflect: 0).answer(q, retrieval: retrieval)
        #expect(none.versions.count == 1 && none.chosenRound == 1)
        let one = try await answerer(reflect: 2).answer(q, retrieval: retrieval)
        #expect(one.versions[0].answer == none.versions[0].answer, "the first round does not depend on reflection")
        let best = one.versions.map(\.quality).max()!
        #expect(one.versions.first { $0.round == one.chosenRound }!.quality == best)
        #expect(one.reflection.contains("Round 1"))
        if one.versions.count > 1 {
            #expect(one.versions[1].thinking.contains("Revised after reflection"), "the revision applies the critique")
        } else {
            #expect(one.reflection.contains("nothing to revise"))
        }
    }
}
