import Testing
@testable import LM

@Suite struct TokenizerChatTemplateTests {
    @Test func rendersTheDocumentedString() {
        let t = ChatTemplate()
        #expect(t.render(prompt: "What is nacre?\(SpecialTokens.thinkingRequest)", completion: "Brick and mortar.") ==
            "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhat is nacre? Use <|thinking|>.<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\nBrick and mortar.<|eot_id|>")
        #expect(ChatTemplate(system: "Be brief.").prompt("Q") ==
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n")
    }

    @Test func specialTokenConstants() {
        #expect(SpecialTokens.preflexor == ["<|thinking|>", "<|/thinking|>", "<|scratchpad|>", "<|/scratchpad|>",
                                            "<|reflect|>", "<|/reflect|>", "<|response|>", "<|/response|>"])
        #expect(SpecialTokens.chat == ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>",
                                       "<|end_header_id|>", "<|eot_id|>", "<|pad|>"])
        #expect(Set(SpecialTokens.all).count == 14)
    }

    @Test func tokenizesPromptAndCompletion() throws {
        let tok = TokenizerEncodingTests.tokenizer
        let t = ChatTemplate()
        let answer = "<|thinking|>**Reasoning Steps**: platelets slide.<|/thinking|>Nacre is tough."
        let ex = try t.tokenize(prompt: "Why is nacre tough?", completion: answer, with: tok)
        #expect(Array(ex.ids[..<ex.promptCount]) == tok.encode(t.prompt("Why is nacre tough?")))
        #expect(ex.ids.last == tok.specialTokenID(SpecialTokens.endOfTurn))
        #expect(ex.ids.first == tok.specialTokenID(SpecialTokens.beginOfText))
        #expect(tok.decode(ex.ids) == t.render(prompt: "Why is nacre tough?", completion: answer))
        #expect(ex.ids.contains(tok.specialTokenID(SpecialTokens.thinkingClose)!))
    }
}
