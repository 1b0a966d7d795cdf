import Foundation
import Retrieval
import Testing

/// The sentence-level re-ranker over the fused pool: pure functions.
@Suite struct RerankTests {
    static let question = "How does collagen cross-linking change the fracture toughness of cortical bone?"

    @Test func aChunkAnsweringInOneSentenceOutranksScatteredTerms() {
        let one = "Bone is a composite. Collagen cross-linking lowered the fracture toughness of cortical bone by a third. Samples were dried."
        let scattered = "Collagen was extracted from tendon. Cross-linking agents were purchased. Fracture surfaces were imaged. Toughness of cortical bone is reviewed elsewhere."
        let none = "Cortical bone samples were cut from femora and stored frozen until testing."
        let s = PassageReranker.sentenceScores(question: Self.question, texts: [(1, scattered), (2, one), (3, none)])
        #expect(s[2]! > s[1]!, "\(s)")
        #expect(s[1]! > s[3]!, "\(s)")
        let reranked = PassageReranker.rerank([(1, 1.0), (2, 0.9), (3, 0.8)], sentence: s, weight: 1)
        #expect(reranked.map(\.id) == [2, 1, 3])
    }

    @Test func aTermEveryCandidateHoldsSeparatesNothing() {
        // "bone" is in every text: a sentence with only "bone" scores near zero, one with the rarer terms scores high.
        let texts: [(id: Int64, text: String)] = [
            (1, "Bone was imaged by micro-CT in all groups of animals."),
            (2, "Bone toughness fell after collagen cross-linking in the treated group."),
            (3, "Bone marrow was flushed from the femora before testing began."),
        ]
        let s = PassageReranker.sentenceScores(question: "Does collagen cross-linking reduce bone toughness?", texts: texts)
        #expect(s[1]! < 0.05 && s[3]! < 0.05, "\(s)")
        #expect(s[2]! > 0.5, "\(s)")
    }

    @Test func weightZeroOrNoContentTermsKeepsTheFusedOrder() {
        let pool: [(id: Int64, score: Double)] = [(5, 0.03), (4, 0.02), (9, 0.01)]
        let s: [Int64: Double] = [9: 1, 4: 0.5]
        #expect(PassageReranker.rerank(pool, sentence: s, weight: 0).map(\.id) == [5, 4, 9])
        #expect(PassageReranker.rerank(pool, sentence: [:], weight: 1).map(\.id) == [5, 4, 9])
        #expect(PassageReranker.sentenceScores(question: "What is it and how does it do that?", texts: [(1, "Anything at all here.")]).isEmpty)
        // Scores: fused / best fused + weight * sentence / best sentence.
        let r = PassageReranker.rerank(pool, sentence: s, weight: 1)
        #expect(r.map(\.id) == [9, 4, 5])
        #expect(abs(r[0].score - (0.01 / 0.03 + 1)) < 1e-12)
    }

    @Test func aNegativeRerankWeightIsRefused() {
        var o = RetrievalOptions()
        o.rerankWeight = -0.5
        do { try o.validate(); Issue.record("rerank weight -0.5 accepted") } catch { #expect("\(error)".contains("rerank")) }
    }
}
