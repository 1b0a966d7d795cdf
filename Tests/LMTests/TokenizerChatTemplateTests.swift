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
            + "<|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>")
    }

    @Test func specialTokenConstants() {
        #expect(SpecialTokens.preflexor == ["<|thinking|>", "<|/thinking|>", "<|scratchpad|>", "<|/scratchpad|>",
                                            "<|reflect|>", "<|/reflect|>", "<|response|>", "<|/response|>"])
        #expect(SpecialTokens.chat == ["<|begin_of_text|>", "<|end_of_text|>", "<|start_header_id|>",
                                       "<|end_header_id|>", "<|eot_id|>", "<|pad|>"])
        #expect(Set(SpecialTokens.all).count == 14)
    }

    @Test func promptEndsAtTheAssistantHeader() {
        let t = ChatTemplate()
        #expect(t.prompt("Q").hasSuffix("<|start_header_id|>assistant<|end_header_id|>"))
        #expect(t.completion("A") == "\n\nA<|eot_id|>")
        #expect(ChatTemplate.answer(fromCompletion: "\n\nNacre is tough.<|eot_id|>") == "Nacre is tough.")
        #expect(ChatTemplate.answer(fromCompletion: "\n\ncut short") == "cut short")
    }

    @Test func tokenizesPromptAndCompletion() throws {
        let tok = try TokenizerEncodingTests.tokenizer()
        let t = ChatTemplate()
        let answer = "<|thinking|>**Reasoning Steps**: platelets slide.<|/thinking|>Nacre is tough."
        let ex = try t.tokenize(prompt: "Why is nacre tough?", completion: answer, with: tok)
        #expect(Array(ex.ids[..<ex.promptCount]) == tok.encode(t.prompt("Why is nacre tough?")))
        #expect(ex.ids[ex.promptCount - 1] == tok.specialTokenID(SpecialTokens.endHeader))
        #expect(ex.ids.last == tok.specialTokenID(SpecialTokens.endOfTurn))
        #expect(ex.ids.first == tok.specialTokenID(SpecialTokens.beginOfText))
        #expect(tok.decode(ex.ids) == t.render(prompt: "Why is nacre tough?", completion: answer))
        #expect(ex.ids.contains(tok.specialTokenID(SpecialTokens.thinkingClose)!))
    }

    /// Joint and separate tokenisation agree (what TRL relies on to find the prompt boundary),
    /// whatever the completion starts with.
    @Test func tokenisationComposesAtTheBoundary() throws {
        let tok = try TokenizerEncodingTests.tokenizer()
        for system in [nil, "Be brief."] as [String?] {
            let t = ChatTemplate(system: system)
            for (q, a) in [("Why?", "Nacre is tough."), ("x ", " leading space"), ("q\n", "\n\nnewlines"),
                           ("Use <|thinking|>.", "<|thinking|>a<|/thinking|>b"), ("", ""), ("é", "'s 12")] {
                let ex = try t.tokenize(prompt: q, completion: a, with: tok)
                #expect(ex.ids == tok.encode(t.render(prompt: q, completion: a)), "\(q.debugDescription) / \(a.debugDescription)")
            }
        }
    }
}
