/// The k best (highest-score) candidates seen so far: a min-heap of size k whose root is the
/// current threshold. Ties are broken towards the smaller id so results are deterministic.
struct TopK {
    private(set) var scores: [Float] = []
    private(set) var ids: [Int64] = []
    let k: Int

    init(k: Int) {
        self.k = k
        scores.reserveCapacity(k)
        ids.reserveCapacity(k)
    }

    /// The score a candidate must beat once the heap is full (else -infinity).
    @inline(__always) var threshold: Float { scores.count < k ? -.infinity : scores[0] }

    /// True when (s1, id1) ranks below (s2, id2).
    @inline(__always) private static func worse(_ s1: Float, _ id1: Int64, _ s2: Float, _ id2: Int64) -> Bool {
        s1 < s2 || (s1 == s2 && id1 > id2)
    }

    /// Offers one candidate.
    @inline(__always) mutating func offer(_ score: Float, _ id: Int64) {
        guard k > 0, !score.isNaN else { return }
        if scores.count < k {
            scores.append(score); ids.append(id)
            var i = scores.count - 1
            while i > 0 {
                let parent = (i - 1) / 2
                guard Self.worse(scores[i], ids[i], scores[parent], ids[parent]) else { break }
                scores.swapAt(i, parent); ids.swapAt(i, parent)
                i = parent
            }
        } else if Self.worse(scores[0], ids[0], score, id) {
            scores[0] = score; ids[0] = id
            var i = 0
            let n = scores.count
            while true {
                let l = 2 * i + 1, r = l + 1
                var smallest = i
                if l < n && Self.worse(scores[l], ids[l], scores[smallest], ids[smallest]) { smallest = l }
                if r < n && Self.worse(scores[r], ids[r], scores[smallest], ids[smallest]) { smallest = r }
                if smallest == i { break }
                scores.swapAt(i, smallest); ids.swapAt(i, smallest)
                i = smallest
            }
        }
    }

    /// The kept candidates, best first.
    func sorted() -> [(id: Int64, score: Float)] {
        zip(ids, scores).map { (id: $0, score: $1) }.sorted { Self.worse($1.score, $1.id, $0.score, $0.id) }
    }
}
