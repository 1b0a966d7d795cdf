import Foundation
import LoopbackTesting
import OpenAICompatible
@testable import Reasoning
import Retrieval
import Testing

/// The OpenAI-compatible generator against a real loopback HTTP server whose fixed replies
/// stand in for a remote model: the prompt carries the method's structure, replies are parsed,
/// and reflection with the integrator keeps the better-supported round.
@Suite struct LLMGeneratorTests {
    static let thinking = "<|thinking|>\n**Knowledge Graph**:\n- [sericin] -[NOT INCREASES]-> [toughness]\n\n**Reasoning Steps**:\n- [1] says no.\n<|/thinking|>\n"
    static let bad = thinking + "Sericin increases the toughness of silk fibers [1]. Silk was first spun on the Moon [9]."
    static let good = thinking + "Sericin did not increase the toughness of the silk fibers in tensile tests [1]."

    func answerer(_ server: LoopbackServer, reflect: Int = 1) throws -> Answerer {
        let client = ChatClient(configuration: try .init(baseURL: server.baseURL, model: "test-model", maxAttempts: 1))
        var options = AnswerOptions()
        options.reflect = reflect
        return try Answerer(embedder: try ReasoningFixtures.embedder(), generator: LLMGenerator(client: client), options: options)
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func reflectionReplacesAnUnsupportedFirstAnswer() async throws {
        let q = "Does sericin increase the toughness of silk fibers?"
        try await LoopbackServer.with({ _, n in .chat(n == 1 ? Self.bad : Self.good) }) { server in
            let a = try await answerer(server).answer(q, retrieval: ReasoningFixtures.silk(question: q))
            #expect(a.generator == "llm:test-model")
            #expect(server.requestCount == 2)
            #expect(a.versions.count == 2 && a.chosenRound == 2, "\(a.reflection)")
            #expect(a.versions[0].sentences[0].flag == "contradicts negated evidence")
            #expect(a.versions[0].sentences[1].citations.isEmpty, "[9] was not retrieved")
            #expect(a.sentences.count == 1 && a.sentences[0].citations == [1] && a.sentences[0].support >= 0.5)
            #expect(a.thinking.contains("[sericin] -[NOT INCREASES]-> [toughness]"))
            #expect(a.reflection.contains("Integrator: kept round 2"))

            // The prompt: system instructions with the categories, numbered sources, edges, values.
            let first = server.requests[0]
            #expect(first.path == "/v1/chat/completions")
            let system = try #require(first.message("system"))
            #expect(system.contains("**Knowledge Graph**") && system.contains("[1][3]") && system.contains("<|thinking|>"))
            let user = try #require(first.message("user"))
            #expect(user.contains("[1] Sericin and silk mechanics — Results, doi:10.0000/test.1"))
            #expect(user.contains("[sericin] -[NOT INCREASES]-> [toughness]"))
            #expect(user.contains("70-150 MJ/m3 [1]"))
            #expect(user.hasSuffix("Use <|thinking|>."))
            // Round 2 carries the critique and the revised thinking to continue from.
            let second = try #require(server.requests[1].message("user"))
            #expect(second.contains("A critic checked your previous answer") && second.contains("negates"))
            #expect(second.contains("Continue from this revised thinking") && second.contains("Revised after reflection"))
        }
    }

    @Test(.enabled(if: ReasoningFixtures.enabled))
    func theIntegratorKeepsABetterFirstAnswer() async throws {
        let q = "Does sericin increase the toughness of silk fibers?"
        try await LoopbackServer.with({ _, n in .chat(n == 1 ? Self.good : Self.bad) }) { server in
            let a = try await answerer(server, reflect: 1).answer(q, retrieval: ReasoningFixtures.silk(question: q))
            #expect(a.chosenRound == 1, "\(a.reflection)")
            #expect(a.answer.contains("did not increase"))
            if a.versions.count == 2 { #expect(a.versions[1].quality < a.versions[0].quality) }
        }
    }

    @Test func endpointErrorsAndEmptyRepliesAreReasoningErrors() async throws {
        let retrieval = ReasoningFixtures.silk()
        try await LoopbackServer.with({ _, n in n == 1 ? .error(400, "model not found") : .chat("<|thinking|>x<|/thinking|>") }) { server in
            let client = ChatClient(configuration: try .init(baseURL: server.baseURL, model: "m", maxAttempts: 1))
            let generator = LLMGenerator(client: client)
            let pool = EvidencePool(question: "q", questionVector: [], sentences: [], chunks: [:], unscored: [:])
            let request = GenerationRequest(question: "q", retrieval: retrieval, evidence: pool)
            await #expect { try await generator.generate(request) } throws: { e in
                (e as? ReasoningError)?.code == .generator && "\(e)".contains("model not found")
            }
            await #expect { try await generator.generate(request) } throws: { ($0 as? ReasoningError)?.code == .malformedReply }
        }
        #expect(throws: ReasoningError.self) { try LLMGenerator.configuration(environment: [:]) }
        #expect { try LLMGenerator.configuration(environment: ["PREFLEXOR_LLM_URL": "http://127.0.0.1:1/v1"]) } throws: {
            "\($0)".contains("PREFLEXOR_LLM_MODEL")
        }
    }
}
