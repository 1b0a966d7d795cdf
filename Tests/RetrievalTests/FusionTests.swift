import Foundation
import Retrieval
import Testing

/// Weighted reciprocal rank fusion and diversity (MMR, per-paper cap): pure functions.
@Suite struct FusionTests {
    @Test func reciprocalRankFusionSumsWeightedReciprocalRanks() {
        let fused = Fusion.reciprocalRank(["a": [1, 2, 3], "b": [3, 1], "c": [9]], weights: ["a": 1, "b": 2, "c": 0], k: 60)
        let score = Dictionary(uniqueKeysWithValues: fused.map { ($0.id, $0.score) })
        #expect(near(score[1]!, 1.0 / 61 + 2.0 / 62))
        #expect(near(score[3]!, 1.0 / 63 + 2.0 / 61))
        #expect(near(score[2]!, 1.0 / 62))
        #expect(score[9] == nil, "a list of weight 0 contributes nothing")
        #expect(fused.map(\.id) == [3, 1, 2])
    }

    @Test func fusionCountsADuplicateAtItsBestRankAndBreaksTiesByID() {
        let fused = Fusion.reciprocalRank(["a": [5, 5, 4], "b": [4, 5]], weights: [:], k: 1)
        // 5: 1/2 (a, rank 1; its repeat ignored) + 1/3 (b, rank 2); 4: 1/4 (a, rank 3) + 1/2 (b, rank 1).
        let score = Dictionary(uniqueKeysWithValues: fused.map { ($0.id, $0.score) })
        #expect(near(score[5]!, 1.0 / 2 + 1.0 / 3))
        #expect(near(score[4]!, 1.0 / 4 + 1.0 / 2))
        let tie = Fusion.reciprocalRank(["a": [7], "b": [6]], weights: [:], k: 60)
        #expect(tie.map(\.id) == [6, 7])
    }

    @Test func perPaperCapKeepsOnePaperFromFillingTheResult() {
        let pool = (0..<6).map { Diversity.Candidate(id: Int64($0), paper: $0 < 4 ? 1 : Int64($0), relevance: 10 - Double($0)) }
        let picked = Diversity.select(pool, vectors: [:], k: 4, lambda: 1, perPaperCap: 2)
        #expect(picked == [0, 1, 4, 5])
        // Too few other papers: the cap relaxes rather than returning fewer than k.
        let relaxed = Diversity.select(pool, vectors: [:], k: 5, lambda: 1, perPaperCap: 2)
        #expect(relaxed == [0, 1, 4, 5, 2])
        #expect(Diversity.select(pool, vectors: [:], k: 3, lambda: 1, perPaperCap: 0) == [0, 1, 2])
    }

    @Test func mmrPrefersADissimilarCandidateOverANearDuplicate() {
        let pool = [Diversity.Candidate(id: 1, paper: 1, relevance: 1.0), Diversity.Candidate(id: 2, paper: 2, relevance: 0.95),
                    Diversity.Candidate(id: 3, paper: 3, relevance: 0.9)]
        let vectors: [Int64: [Float]] = [1: [1, 0], 2: [1, 0], 3: [0, 1]]
        #expect(Diversity.select(pool, vectors: vectors, k: 2, lambda: 0.7, perPaperCap: 0) == [1, 3])
        #expect(Diversity.select(pool, vectors: vectors, k: 2, lambda: 1.0, perPaperCap: 0) == [1, 2], "lambda 1 is relevance only")
    }

    @Test func optionsOutOfRangeAreRefusedByName() {
        var o = RetrievalOptions()
        o.weights["text"] = -1
        #expect(throws: RetrievalError.self) { try o.validate() }
        o = RetrievalOptions()
        o.mmrLambda = 2
        do { try o.validate(); Issue.record("mmr 2 accepted") } catch { #expect("\(error)".contains("mmr")) }
    }
}

/// Whether two doubles agree to 1e-12.
func near(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-12 }
