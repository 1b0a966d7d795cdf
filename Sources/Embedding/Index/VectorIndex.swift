internal import CBLAS
import Foundation
import Tensors

/// Exact k-nearest-neighbour search by inner product over an in-memory matrix of one model's
/// vectors. For unit-length vectors (as `SentenceEncoder` produces) the score is the cosine.
///
/// Storage is one row-major `[N, D]` Float matrix; rows are appended incrementally and removed
/// by swapping in the last row (O(D)). A query is one `sgemv` over the matrix, a batch of
/// queries one `sgemm` per block of queries, followed by a size-k heap per query.
public struct VectorIndex: Sendable {
    /// An optional restriction of a search to some ids.
    public enum Filter: Sendable {
        /// Only these ids may be returned (small sets are scored directly, without a full scan).
        case allowed(Set<Int64>)
        /// Only ids for which the predicate is true may be returned (checked lazily, for candidates only).
        case predicate(@Sendable (Int64) -> Bool)
    }

    /// Vector length `D`.
    public let dimension: Int
    /// Row-major `[N, D]`.
    private var matrix: [Float] = []
    /// Id of each row, `[N]`.
    private var rowIDs: [Int64] = []
    private var rowOf: [Int64: Int] = [:]

    /// An empty index of `dimension`-long vectors (`dimension` > 0).
    public init(dimension: Int) {
        precondition(dimension > 0, "VectorIndex dimension must be positive, got \(dimension)")
        self.dimension = dimension
    }

    /// Number of vectors `N`.
    public var count: Int { rowIDs.count }
    /// Ids in row order.
    public var ids: [Int64] { rowIDs }
    /// True when `id` is in the index.
    public func contains(_ id: Int64) -> Bool { rowOf[id] != nil }

    /// The stored vector of `id`, if present.
    public func vector(for id: Int64) -> [Float]? {
        guard let row = rowOf[id] else { return nil }
        return Array(matrix[(row * dimension)..<((row + 1) * dimension)])
    }

    /// Adds (or replaces, for an id already present) one vector per id.
    /// - Throws: `EmbeddingError(.dimensionMismatch)` if a vector is not `dimension` long,
    ///   `.invalidArgument` if counts differ or an id repeats; the index is unchanged on error.
    public mutating func add(ids: [Int64], vectors: [[Float]]) throws {
        guard ids.count == vectors.count else {
            throw EmbeddingError(.invalidArgument, "add: \(ids.count) ids but \(vectors.count) vectors")
        }
        if let bad = vectors.firstIndex(where: { $0.count != dimension }) {
            throw EmbeddingError(.dimensionMismatch, "add: vector \(bad) (id \(ids[bad])) has \(vectors[bad].count) values, index dimension is \(dimension)")
        }
        try add(ids: ids, flat: vectors.flatMap { $0 })
    }

    /// Adds (or replaces) vectors given as one row-major `[ids.count, D]` array.
    public mutating func add(ids: [Int64], flat: [Float]) throws {
        guard flat.count == ids.count * dimension else {
            throw EmbeddingError(.dimensionMismatch, "add: \(flat.count) values for \(ids.count) ids of dimension \(dimension)")
        }
        guard Set(ids).count == ids.count else {
            throw EmbeddingError(.invalidArgument, "add: an id appears twice in one call")
        }
        matrix.reserveCapacity(matrix.count + flat.count)
        for (i, id) in ids.enumerated() {
            let source = flat[(i * dimension)..<((i + 1) * dimension)]
            if let row = rowOf[id] {
                matrix.replaceSubrange((row * dimension)..<((row + 1) * dimension), with: source)
            } else {
                rowOf[id] = rowIDs.count
                rowIDs.append(id)
                matrix.append(contentsOf: source)
            }
        }
    }

    /// Removes the vectors of `ids` (absent ids are ignored); returns how many were removed.
    @discardableResult
    public mutating func remove(ids: some Sequence<Int64>) -> Int {
        var removed = 0
        let D = dimension
        for id in ids {
            guard let row = rowOf.removeValue(forKey: id) else { continue }
            let last = rowIDs.count - 1
            if row != last {
                matrix.withUnsafeMutableBufferPointer { m in
                    (m.baseAddress! + row * D).update(from: m.baseAddress! + last * D, count: D)
                }
                rowIDs[row] = rowIDs[last]
                rowOf[rowIDs[row]] = row
            }
            rowIDs.removeLast()
            matrix.removeLast(D)
            removed += 1
        }
        return removed
    }

    /// The `k` highest inner products with `query`, best first (fewer when fewer vectors pass the filter).
    public func search(query: [Float], k: Int, filter: Filter? = nil) throws -> [(id: Int64, score: Float)] {
        try search(queries: [query], k: k, filter: filter)[0]
    }

    /// `search(query:k:filter:)` for a batch of queries (one sgemm per block of 64 queries).
    public func search(queries: [[Float]], k: Int, filter: Filter? = nil) throws -> [[(id: Int64, score: Float)]] {
        guard k >= 0 else { throw EmbeddingError(.invalidArgument, "search: k must be >= 0, got \(k)") }
        if let bad = queries.firstIndex(where: { $0.count != dimension }) {
            throw EmbeddingError(.dimensionMismatch, "search: query \(bad) has \(queries[bad].count) values, index dimension is \(dimension)")
        }
        let N = count, D = dimension
        guard N > 0, k > 0 else { return queries.map { _ in [] } }
        if case .allowed(let allowed)? = filter, allowed.count * 8 < N {
            return queries.map { scoreSubset($0, allowed: allowed, k: k) }
        }
        let block = 64
        var results: [[(id: Int64, score: Float)]] = []
        results.reserveCapacity(queries.count)
        var scores = [Float](repeating: 0, count: min(block, queries.count) * N)
        for start in stride(from: 0, to: queries.count, by: block) {
            let q = Array(queries[start..<min(start + block, queries.count)])
            let Q = q.count
            let flat = q.flatMap { $0 }
            matrix.withUnsafeBufferPointer { m in
                flat.withUnsafeBufferPointer { x in
                    scores.withUnsafeMutableBufferPointer { s in
                        if Q == 1 && BLAS.threadCount == 1 {
                            // scores[N] = M[N, D] x[D]  (memory-bound; see innerProducts)
                            innerProducts(m.baseAddress!, rows: N, D: D, query: x.baseAddress!, scores: s.baseAddress!)
                        } else if Q == 1 {
                            cblas_sgemv(CblasRowMajor, CblasNoTrans, Int32(N), Int32(D), 1, m.baseAddress, Int32(D),
                                        x.baseAddress, 1, 0, s.baseAddress, 1)
                        } else {
                            // scores[Q, N] = X[Q, D] M[N, D]^T
                            cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(Q), Int32(N), Int32(D), 1,
                                        x.baseAddress, Int32(D), m.baseAddress, Int32(D), 0, s.baseAddress, Int32(N))
                        }
                    }
                }
            }
            var blockResults = [[(id: Int64, score: Float)]](repeating: [], count: Q)
            let rowIDs = self.rowIDs
            scores.withUnsafeBufferPointer { s in
                // Each worker reads its own score row and writes its own result slot.
                nonisolated(unsafe) let base = s.baseAddress!
                nonisolated(unsafe) let out = UnsafeMutableBufferPointer<[(id: Int64, score: Float)]>.allocate(capacity: Q)
                out.initialize(repeating: [])
                defer { out.deinitialize(); out.deallocate() }
                let work: @Sendable (Int) -> Void = { j in
                    out[j] = Self.select(base + j * N, N, ids: rowIDs, k: k, filter: filter)
                }
                // Parallel selection only when BLAS may use several threads too (same CPU budget).
                if Q >= 4 && BLAS.threadCount > 1 { DispatchQueue.concurrentPerform(iterations: Q, execute: work) } else { (0..<Q).forEach(work) }
                for j in 0..<Q { blockResults[j] = out[j] }
            }
            results += blockResults
        }
        return results
    }

    private static func select(_ scores: UnsafePointer<Float>, _ n: Int, ids: [Int64], k: Int, filter: Filter?) -> [(id: Int64, score: Float)] {
        var top = TopK(k: k)
        switch filter {
        case nil:
            for r in 0..<n where scores[r] >= top.threshold { top.offer(scores[r], ids[r]) }
        case .allowed(let allowed)?:
            for r in 0..<n where scores[r] >= top.threshold && allowed.contains(ids[r]) { top.offer(scores[r], ids[r]) }
        case .predicate(let keep)?:
            for r in 0..<n where scores[r] >= top.threshold && keep(ids[r]) { top.offer(scores[r], ids[r]) }
        }
        return top.sorted()
    }

    /// Scores only the allowed rows (cheaper than a full scan when the set is small).
    private func scoreSubset(_ query: [Float], allowed: Set<Int64>, k: Int) -> [(id: Int64, score: Float)] {
        var top = TopK(k: k)
        matrix.withUnsafeBufferPointer { m in
            query.withUnsafeBufferPointer { q in
                for id in allowed {
                    guard let row = rowOf[id] else { continue }
                    top.offer(cblas_sdot(Int32(dimension), m.baseAddress! + row * dimension, 1, q.baseAddress, 1), id)
                }
            }
        }
        return top.sorted()
    }
}
