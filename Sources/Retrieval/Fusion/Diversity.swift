import Foundation

/// Diversity over a ranked pool: maximal marginal relevance with a per-paper cap.
public enum Diversity {
    /// One candidate: its id, paper and relevance (any scale; higher is better).
    public struct Candidate: Sendable, Equatable {
        public var id: Int64
        public var paper: Int64
        public var relevance: Double
        public init(id: Int64, paper: Int64, relevance: Double) {
            self.id = id; self.paper = paper; self.relevance = relevance
        }
    }

    /// Picks `k` ids greedily by `lambda * relevance - (1 - lambda) * max cosine to those
    /// already picked` (relevance scaled to 0...1 by the pool's best), never more than
    /// `perPaperCap` of one paper (0: no cap) unless the pool has too few other papers, in
    /// which case the rest is filled in MMR order. Vectors are unit length; a candidate
    /// without one counts as dissimilar to all.
    public static func select(_ pool: [Candidate], vectors: [Int64: [Float]], k: Int, lambda: Double, perPaperCap: Int) -> [Int64] {
        guard k > 0, !pool.isEmpty else { return [] }
        let best = pool.map(\.relevance).max() ?? 1
        let scale = best > 0 ? best : 1
        var remaining = Array(pool.indices)
        var picked: [Int] = []
        var perPaper: [Int64: Int] = [:]
        var maxSim = [Double](repeating: 0, count: pool.count)
        var capped = perPaperCap > 0
        while picked.count < k, !remaining.isEmpty {
            var choice: Int?
            var choiceScore = -Double.infinity
            for (position, i) in remaining.enumerated() {
                if capped, perPaper[pool[i].paper, default: 0] >= perPaperCap { continue }
                let score = lambda * pool[i].relevance / scale - (1 - lambda) * maxSim[i]
                if score > choiceScore { choiceScore = score; choice = position }
            }
            guard let position = choice else {
                capped = false  // every remaining candidate is of a full paper: relax the cap
                continue
            }
            let i = remaining.remove(at: position)
            picked.append(i)
            perPaper[pool[i].paper, default: 0] += 1
            if let v = vectors[pool[i].id] {
                for j in remaining {
                    guard let w = vectors[pool[j].id] else { continue }
                    maxSim[j] = max(maxSim[j], Double(cosine(v, w)))
                }
            }
        }
        return picked.map { pool[$0].id }
    }

    static func cosine(_ a: [Float], _ b: [Float]) -> Float {
        var s: Float = 0
        for i in 0..<min(a.count, b.count) { s += a[i] * b[i] }
        return s
    }
}
