import Loop
import Testing

/// The question judge's rules on hand-written questions (no database, no model).
@Suite struct QuestionJudgeTests {
    @Test func grammar() {
        #expect(QuestionJudge.grammarProblems("How does mineral content affect the stiffness of bone, and what mechanism underlies this effect?").isEmpty)
        #expect(QuestionJudge.grammarProblems("What toughness does nacre reach when dry (in MJ/m3)?").isEmpty)
        #expect(!QuestionJudge.grammarProblems("how does mineral content affect bone?").isEmpty) // no capital
        #expect(!QuestionJudge.grammarProblems("Mineral content affects the stiffness of bone.").isEmpty) // not a question
        #expect(!QuestionJudge.grammarProblems("How does the the mineral affect bone stiffness?").isEmpty) // doubled word
        #expect(!QuestionJudge.grammarProblems("How does mineral content (in wt% affect bone stiffness?").isEmpty) // unbalanced
        #expect(!QuestionJudge.grammarProblems("What does mineral content in bone increase the?").isEmpty) // dangling end
        #expect(!QuestionJudge.grammarProblems("How does mineral content affect bone? Why?").isEmpty) // two question marks
        #expect(!QuestionJudge.grammarProblems("Bone?").isEmpty) // too short
    }

    @Test func selfContainment() {
        #expect(QuestionJudge.contextProblems("Why do silk fibers with more beta-sheet crystals reach a higher strength?").isEmpty)
        #expect(!QuestionJudge.contextProblems("What does this paper report about nacre toughness?").isEmpty)
        #expect(!QuestionJudge.contextProblems("According to the authors, how does silk spin?").isEmpty)
        #expect(!QuestionJudge.contextProblems("How does it affect the stiffness of bone?").isEmpty)
        #expect(!QuestionJudge.contextProblems("Why do these samples fail at low strain?").isEmpty)
        #expect(!QuestionJudge.contextProblems("What is the toughness of this material, and why?").isEmpty)
        // After a comma the demonstrative may name the clause before it.
        #expect(QuestionJudge.contextProblems("How does mineral content affect the stiffness of bone, and what mechanism underlies this effect?").isEmpty)
        #expect(!QuestionJudge.contextProblems("What value is shown in Figure 3 for the modulus?").isEmpty)
        #expect(!QuestionJudge.contextProblems("How did we measure the toughness of nacre?").isEmpty)
    }

    @Test func evidenceOverlap() {
        let source = "Mineral content increases the stiffness of bone but decreases its toughness, as collagen fibrils carry less load."
        #expect(QuestionJudge.overlap("How does mineral content affect the stiffness of bone, and what mechanism underlies this effect?", source: source) == 1)
        #expect(QuestionJudge.overlap("How does graphene doping affect the conductivity of polymers?", source: source) == 0)
        let half = QuestionJudge.overlap("How does mineral content affect graphene?", source: source)
        #expect(half > 0.5 && half < 0.9, "\(half)")
    }

    /// The graph's normalised names against the author's spelling, and the vocabulary of asking.
    @Test func spellingAndQuestionVocabulary() {
        let source = "Mineralisation of the collagen fibres raises the stiffness; the behaviour of the tissue is brittle."
        #expect(QuestionJudge.overlap("Why does mineralization increase the stiffness of collagen fibers?", source: source) == 1)
        #expect(QuestionJudge.overlap("What design trade-offs arise when the mineralization of collagen is tuned in practice?", source: source) == 1)
        #expect(QuestionJudge.spelling("behaviour") == "behavior")
        #expect(QuestionJudge.spelling("exercise") == "exercise")
        #expect(QuestionJudge.spelling("analysed") == "analyzed")
        // Topic words the source lacks still count against it.
        #expect(QuestionJudge.overlap("Why does mineralization increase the conductivity of graphene?", source: source) < 0.5)
    }
}
