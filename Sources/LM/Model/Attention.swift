/// Causal scaled dot-product attention with grouped-query heads: query head h reads
/// key/value head h / (H / G). Scores and weighted sums are gemms per (batch, head).
enum CausalAttention<S: BLASScalar> {
    /// q: [B, Tq, H, D] (rotated); k, v: [B, Tk, G, D] (k rotated), batch rows `kvBatchStride`
    /// apart; out: [B, Tq, H, D]; att: [B, H, Tq, Tk], the softmax probabilities, cached for
    /// backward (masked entries are 0). Query t sits at position `offset + t` and sees keys
    /// 0...offset+t (training: offset 0, Tq == Tk; KV-cache decoding: offset = cached length).
    static func forward(out: UnsafeMutablePointer<S>, att: UnsafeMutablePointer<S>,
                        q: UnsafePointer<S>, k: UnsafePointer<S>, v: UnsafePointer<S>, kvBatchStride: Int,
                        B: Int, Tq: Int, Tk: Int, offset: Int, H: Int, G: Int, D: Int) {
        let scale = 1 / S(D).squareRoot()
        let groupSize = H / G
        for b in 0..<B {
            for h in 0..<H {
                let g = h / groupSize
                let qp = q + b * Tq * H * D + h * D
                let kp = k + b * kvBatchStride + g * D
                let vp = v + b * kvBatchStride + g * D
                let ap = att + (b * H + h) * Tq * Tk
                // scores[Tq, Tk] = scale * q_h [Tq, D] x k_g^T [D, Tk]
                S.gemm(transA: false, transB: true, m: Tq, n: Tk, k: D, alpha: scale,
                       a: qp, lda: H * D, b: kp, ldb: G * D, beta: 0, c: ap, ldc: Tk)
                for t in 0..<Tq {
                    let row = ap + t * Tk
                    let visible = min(offset + t + 1, Tk)
                    var mx = row[0]
                    for j in 1..<visible where row[j] > mx { mx = row[j] }
                    var sum: S = 0
                    for j in 0..<visible {
                        let e = S.exponential(row[j] - mx)
                        row[j] = e
                        sum += e
                    }
                    let inv = 1 / sum
                    for j in 0..<visible { row[j] *= inv }
                    for j in visible..<Tk { row[j] = 0 }
                }
                // out_h [Tq, D] = att [Tq, Tk] x v_g [Tk, D]
                S.gemm(transA: false, transB: false, m: Tq, n: D, k: Tk, alpha: 1,
                       a: ap, lda: Tk, b: vp, ldb: G * D, beta: 0, c: out + b * Tq * H * D + h * D, ldc: H * D)
            }
        }
    }

    /// Training backward (offset 0, Tq == Tk == T). Accumulates dQ: [B, T, H, D] and
    /// dK, dV: [B, T, G, D] from dOut: [B, T, H, D], using the cached q, k, v and att.
    /// dAtt: [T, T] is scratch.
    static func backward(dQ: UnsafeMutablePointer<S>, dK: UnsafeMutablePointer<S>, dV: UnsafeMutablePointer<S>,
                         dAtt: UnsafeMutablePointer<S>, dOut: UnsafePointer<S>,
                         q: UnsafePointer<S>, k: UnsafePointer<S>, v: UnsafePointer<S>, att: UnsafePointer<S>,
                         B: Int, T: Int, H: Int, G: Int, D: Int) {
        let scale = 1 / S(D).squareRoot()
        let groupSize = H / G
        for b in 0..<B {
            for h in 0..<H {
                let g = h / groupSize
                let qOff = b * T * H * D + h * D, kvOff = b * T * G * D + g * D
                let ap = att + (b * H + h) * T * T
                let dop = dOut + qOff
                // dV_g [T, D] += att^T [T, T] x dOut_h [T, D]
                S.gemm(transA: true, transB: false, m: T, n: D, k: T, alpha: 1,
                       a: ap, lda: T, b: dop, ldb: H * D, beta: 1, c: dV + kvOff, ldc: G * D)
                // dAtt [T, T] = dOut_h [T, D] x v_g^T [D, T]
                S.gemm(transA: false, transB: true, m: T, n: T, k: D, alpha: 1,
                       a: dop, lda: H * D, b: v + kvOff, ldb: G * D, beta: 0, c: dAtt, ldc: T)
                // softmax backward: dScores = att * (dAtt - sum_j att * dAtt); masked att are 0.
                for t in 0..<T {
                    let a = ap + t * T, d = dAtt + t * T
                    var dot: S = 0
                    for j in 0...t { dot += a[j] * d[j] }
                    for j in 0...t { d[j] = a[j] * (d[j] - dot) }
                    for j in (t + 1)..<T { d[j] = 0 }
                }
                // dQ_h [T, D] += scale * dScores [T, T] x k_g [T, D]
                S.gemm(transA: false, transB: false, m: T, n: D, k: T, alpha: scale,
                       a: dAtt, lda: T, b: k + kvOff, ldb: G * D, beta: 1, c: dQ + qOff, ldc: H * D)
                // dK_g [T, D] += scale * dScores^T [T, T] x q_h [T, D]
                S.gemm(transA: true, transB: false, m: T, n: D, k: T, alpha: scale,
                       a: dAtt, lda: T, b: q + qOff, ldb: H * D, beta: 1, c: dK + kvOff, ldc: G * D)
            }
        }
    }
}
