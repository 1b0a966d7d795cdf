/// scores[r] = dot(matrix[r, :], query) for r in 0..<rows, SIMD8 lanes, one row at a time.
///
/// Used for single queries instead of `cblas_sgemv`: the scan is memory-bound, and reading
/// the matrix as one sequential stream (row after row) lets the hardware prefetcher keep up;
/// OpenBLAS's single-threaded sgemv, and interleaving 4 rows, ran at about half that speed here.
/// `matrix`: `[rows, D]` row-major; `query`: `[D]`; `scores`: `[rows]`.
func innerProducts(_ matrix: UnsafePointer<Float>, rows: Int, D: Int, query: UnsafePointer<Float>,
                   scores: UnsafeMutablePointer<Float>) {
    let full32 = D & ~31, full8 = D & ~7
    let q = UnsafeRawPointer(query)
    for r in 0..<rows {
        let m = UnsafeRawPointer(matrix + r * D)
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var j = 0
        while j < full32 {
            a0 += m.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * q.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            a1 += m.loadUnaligned(fromByteOffset: 4 * j + 32, as: SIMD8<Float>.self) * q.loadUnaligned(fromByteOffset: 4 * j + 32, as: SIMD8<Float>.self)
            a2 += m.loadUnaligned(fromByteOffset: 4 * j + 64, as: SIMD8<Float>.self) * q.loadUnaligned(fromByteOffset: 4 * j + 64, as: SIMD8<Float>.self)
            a3 += m.loadUnaligned(fromByteOffset: 4 * j + 96, as: SIMD8<Float>.self) * q.loadUnaligned(fromByteOffset: 4 * j + 96, as: SIMD8<Float>.self)
            j += 32
        }
        while j < full8 {
            a0 += m.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * q.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            j += 8
        }
        var s = ((a0 + a1) + (a2 + a3)).sum()
        while j < D {
            s += matrix[r * D + j] * query[j]
            j += 1
        }
        scores[r] = s
    }
}
