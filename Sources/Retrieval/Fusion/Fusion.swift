import Foundation

/// Weighted reciprocal rank fusion of ranked candidate lists.
public enum Fusion {
    /// Each list contributes `weight / (k + rank)` (rank 1-based) to every id it holds; ids
    /// are returned best first (ties: smaller id first). Lists without a weight count 1; an
    /// id listed twice in one list counts at its best rank.
    public static func reciprocalRank(_ lists: [String: [Int64]], weights: [String: Double], k: Double = 60) -> [(id: Int64, score: Double)] {
        var scores: [Int64: Double] = [:]
        for (name, ids) in lists {
            let weight = weights[name] ?? 1
            guard weight > 0 else { continue }
            var seen = Set<Int64>()
            for (i, id) in ids.enumerated() where seen.insert(id).inserted {
                scores[id, default: 0] += weight / (k + Double(i + 1))
            }
        }
        return scores.map { (id: $0.key, score: $0.value) }.sorted { $0.score != $1.score ? $0.score > $1.score : $0.id < $1.id }
    }
}
