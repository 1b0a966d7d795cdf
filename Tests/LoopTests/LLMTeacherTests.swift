import Foundation
import LoopbackTesting
import LM
import Loop
import OpenAICompatible
import Store
import Testing

/// The LLM teacher against a real loopback HTTP server whose fixed replies stand in for a
/// remote model: the prompt carries the chunks and only asserted facts; replies that lean on
/// "the paper" or hold no question are dropped.
@Suite struct LLMTeacherTests {
    func teacher(_ server: LoopbackServer) throws -> LLMTeacher {
        LLMTeacher(client: ChatClient(configuration: try .init(baseURL: server.baseURL, model: "test-model", maxAttempts: 1)))
    }

    static let texts: [Int64: String] = [
        1: "A higher mineral content increases the stiffness of bone.",
        2: "Bone is composed of mineralized collagen fibrils.",
        3: "Sericin does not increase the toughness of silk fibers.",
    ]

    @Test func promptCarriesContextAndAssertedFactsOnly() async throws {
        let reply = "Question: \"How does the mineral content of bone trade stiffness against toughness across its hierarchy?\""
        try await LoopbackServer.with({ _, _ in .chat(reply) }) { server in
            var rng = SeededGenerator(seed: 1)
            let drafts = try await teacher(server).drafts(from: QuestionWriterTests.context(), texts: Self.texts, rng: &rng)
            #expect(drafts.map(\.text) == ["How does the mineral content of bone trade stiffness against toughness across its hierarchy?"])
            #expect(drafts.first?.kind == .llm && drafts.first?.premises.isEmpty == false)
            #expect(!(drafts.first?.relationIDs.contains(13) ?? true))
            let user = try #require(server.requests.first?.message("user"))
            #expect(user.contains(Self.texts[1]!) && user.contains(Self.texts[3]!))
            #expect(user.contains("[Mineral content] -[INCREASES]-> [stiffness]"))
            #expect(!user.contains("[sericin] -[INCREASES]-> [toughness]"), "a contested pair was sent as a fact")
            #expect(server.requests.first?.message("system")?.contains("self-contained") == true)
        }
    }

    @Test func repliesThatLeanOnTheTextAreDropped() async throws {
        for reply in ["What does this paper report about the stiffness of bone?", "I cannot write a question from this context."] {
            try await LoopbackServer.with({ _, _ in .chat(reply) }) { server in
                var rng = SeededGenerator(seed: 1)
                let drafts = try await teacher(server).drafts(from: QuestionWriterTests.context(), texts: Self.texts, rng: &rng)
                #expect(drafts.isEmpty, "\(reply)")
            }
        }
        #expect(LLMTeacher.question(in: "1. Why is nacre tougher than aragonite alone, given its brick-and-mortar structure?")
            == "Why is nacre tougher than aragonite alone, given its brick-and-mortar structure?")
    }
}
