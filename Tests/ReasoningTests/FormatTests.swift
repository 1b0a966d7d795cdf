import Foundation
import Reasoning
import Testing

/// Citation marks and the PRefLexOR tags, without a model.
@Suite struct FormatTests {
    @Test func citationsAreParsedPerSentence() {
        let s = AnswerFormat.parse("Bone is stiff [1]. Nacre is tough [2][3]. Collagen is ductile.[1, 4] Mixed [2-4].")
        #expect(s.map(\.text) == ["Bone is stiff.", "Nacre is tough.", "Collagen is ductile.", "Mixed."])
        #expect(s.map(\.citations) == [[1], [2, 3], [1, 4], [2, 3, 4]])
        let rendered = AnswerFormat.render([AnswerSentence(text: "Bone is stiff.", citations: [1, 3]), AnswerSentence(text: "No mark", citations: [])])
        #expect(rendered == "Bone is stiff [1][3]. No mark.")
        #expect(AnswerFormat.parse(rendered).map(\.citations) == [[1, 3], []])
    }

    @Test func repliesSplitIntoThinkingReflectionAndAnswer() throws {
        let p = try ThinkingBlock.parse("<|thinking|>\n**Knowledge Graph**:\n- [a] -[INCREASES]-> [b]\n<|/thinking|><|reflect|>check b<|/reflect|>\nA raises B [1].")
        #expect(p.thinking.hasPrefix("**Knowledge Graph**:"))
        #expect(p.reflection == "check b")
        #expect(p.answer == "A raises B [1].")
        #expect(try ThinkingBlock.parse("Just an answer [2].").answer == "Just an answer [2].")
        #expect(throws: ReasoningError.self) { try ThinkingBlock.parse("<|thinking|> never closed") }
        #expect(ThinkingBlock.categories(in: p.thinking) == [.knowledgeGraph])
    }

    @Test func badOptionsFailWithTheSetting() {
        var o = AnswerOptions()
        o.reflect = -1
        #expect { try o.validate() } throws: { ($0 as? ReasoningError)?.message.contains("reflect") == true }
        o = AnswerOptions()
        o.refusalThreshold = 2
        #expect { try o.validate() } throws: { ($0 as? ReasoningError)?.message.contains("threshold") == true }
    }
}
