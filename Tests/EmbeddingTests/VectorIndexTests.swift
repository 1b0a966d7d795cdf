import Embedding
import Foundation
import Testing

/// Deterministic pseudo-random unit vectors (xorshift), so failures reproduce.
func randomUnitVectors(_ n: Int, _ d: Int, seed: UInt64) -> [[Float]] {
    var state = seed | 1
    func next() -> Float {
        state ^= state << 13; state ^= state >> 7; state ^= state << 17
        return Float(state % 2_000_001) / 1_000_000 - 1
    }
    return (0..<n).map { _ in
        let v = (0..<d).map { _ in next() }
        let norm = v.reduce(0) { $0 + $1 * $1 }.squareRoot()
        return v.map { $0 / norm }
    }
}

/// Brute-force reference: all (id, score) sorted by score desc, then id asc.
func bruteForce(_ ids: [Int64], _ vectors: [[Float]], _ q: [Float], k: Int, keep: (Int64) -> Bool = { _ in true }) -> [Int64] {
    var scored: [(id: Int64, score: Float)] = []
    for (id, v) in zip(ids, vectors) where keep(id) {
        var s: Float = 0
        for i in v.indices { s += v[i] * q[i] }
        scored.append((id: id, score: s))
    }
    scored.sort { a, b in a.score > b.score || (a.score == b.score && a.id < b.id) }
    return scored.prefix(k).map { $0.id }
}

@Suite struct VectorIndexTests {
    let d = 24
    let vectors = randomUnitVectors(500, 24, seed: 7)
    var ids: [Int64] { (0..<500).map { Int64($0) * 3 + 100 } }

    func filled() throws -> VectorIndex {
        var index = VectorIndex(dimension: d)
        try index.add(ids: Array(ids.prefix(200)), vectors: Array(vectors.prefix(200)))
        try index.add(ids: Array(ids.dropFirst(200)), vectors: Array(vectors.dropFirst(200)))  // incremental
        return index
    }

    @Test func searchIsExact() throws {
        let index = try filled()
        #expect(index.count == 500)
        for q in randomUnitVectors(20, d, seed: 99) {
            let hits = try index.search(query: q, k: 10)
            #expect(hits.map(\.id) == bruteForce(ids, vectors, q, k: 10))
            #expect(zip(hits, hits.dropFirst()).allSatisfy { $0.score >= $1.score })
        }
    }

    @Test func batchSearchEqualsSingleSearch() throws {
        let index = try filled()
        let queries = randomUnitVectors(70, d, seed: 5)  // more than one block of 64
        let batch = try index.search(queries: queries, k: 5)
        for (q, hits) in zip(queries, batch) {
            #expect(hits.map(\.id) == (try index.search(query: q, k: 5)).map(\.id))
        }
    }

    @Test func removeAndReplaceKeepResultsExact() throws {
        var index = try filled()
        let gone = Set(ids.enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
        #expect(index.remove(ids: gone.union([-1])) == gone.count)
        #expect(index.count == 500 - gone.count)
        #expect(!index.contains(ids[0]) && index.contains(ids[1]))
        // Replace one vector: the index now returns the new one.
        let newVector = randomUnitVectors(1, d, seed: 1234)[0]
        try index.add(ids: [ids[1]], vectors: [newVector])
        #expect(index.vector(for: ids[1]) == newVector)
        #expect(try index.search(query: newVector, k: 1).first?.id == ids[1])
        var refVectors = vectors
        refVectors[1] = newVector
        for q in randomUnitVectors(10, d, seed: 3) {
            #expect(try index.search(query: q, k: 7).map(\.id) == bruteForce(ids, refVectors, q, k: 7) { !gone.contains($0) })
        }
    }

    @Test func filtersRestrictResults() throws {
        let index = try filled()
        let q = randomUnitVectors(1, d, seed: 42)[0]
        let small: Set<Int64> = [ids[3], ids[77], ids[400], 999_999]
        #expect(try index.search(query: q, k: 10, filter: .allowed(small)).map(\.id) == bruteForce(ids, vectors, q, k: 10) { small.contains($0) })
        let large = Set(ids.filter { $0 % 2 == 0 })
        #expect(try index.search(query: q, k: 10, filter: .allowed(large)).map(\.id) == bruteForce(ids, vectors, q, k: 10) { large.contains($0) })
        let odd: @Sendable (Int64) -> Bool = { $0 % 2 == 1 }
        #expect(try index.search(query: q, k: 10, filter: .predicate(odd)).map(\.id) == bruteForce(ids, vectors, q, k: 10, keep: odd))
    }

    @Test func edgeCases() throws {
        var index = VectorIndex(dimension: 3)
        #expect(try index.search(query: [1, 0, 0], k: 5).isEmpty)
        try index.add(ids: [1, 2], vectors: [[1, 0, 0], [1, 0, 0]])
        // Equal scores: the smaller id first, deterministically.
        #expect(try index.search(query: [1, 0, 0], k: 5).map(\.id) == [1, 2])
        #expect(try index.search(query: [1, 0, 0], k: 0).isEmpty)
        #expect(throws: EmbeddingError.self) { try index.search(query: [1, 0], k: 1) }
        #expect(throws: EmbeddingError.self) { try index.add(ids: [3], vectors: [[1, 0]]) }
        #expect(throws: EmbeddingError.self) { try index.add(ids: [3, 3], vectors: [[1, 0, 0], [0, 1, 0]]) }
        #expect(throws: EmbeddingError.self) { try index.add(ids: [3], vectors: []) }
        #expect(index.count == 2)
    }
}
