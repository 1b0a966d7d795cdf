/// A bias-free linear layer `y = x W^T` with weight W: [O, I] in PyTorch layout, optionally
/// with a LoRA adapter (Hu et al. 2021): `y += (alpha / R) * (x A^T) B^T`, A: [R, I], B: [O, R].
final class Linear<S: BLASScalar>: @unchecked Sendable {
    /// W: [O, I].
    let weight: ParameterOf<S>
    /// The adapter, when LoRA is enabled on this layer.
    var lora: LoRAAdapter<S>?
    /// W^T: [I, O], a decoding-only copy made by `prepareDecoding()`: OpenBLAS's row-major
    /// gemv over W^T streams memory ~2.5x faster than over W for wide outputs such as the head.
    var weightT: [S]?
    /// I.
    let inFeatures: Int
    /// O.
    let outFeatures: Int

    init(weight: ParameterOf<S>) {
        self.weight = weight
        outFeatures = weight.shape[0]
        inFeatures = weight.shape[1]
    }

    /// out: [N, O] = x: [N, I] W^T (+ the LoRA term), added to `out` when `accumulate`
    /// (used for residual connections). Caches x A^T: [N, R] in the adapter for backward.
    func forward(out: UnsafeMutablePointer<S>, x: UnsafePointer<S>, N: Int, accumulate: Bool = false) {
        let I = inFeatures, O = outFeatures
        if N == 1, let weightT {
            // out [1, O] = x [1, I] x W^T [I, O]
            S.gemm(transA: false, transB: false, m: 1, n: O, k: I, alpha: 1, a: x, lda: I,
                   b: weightT, ldb: O, beta: accumulate ? 1 : 0, c: out, ldc: O)
        } else {
            weight.value.withUnsafeBufferPointer { w in
                S.gemm(transA: false, transB: true, m: N, n: O, k: I, alpha: 1, a: x, lda: I,
                       b: w.baseAddress!, ldb: I, beta: accumulate ? 1 : 0, c: out, ldc: O)
            }
        }
        lora?.forward(out: out, x: x, N: N)
    }

    /// Makes the W^T copy used by `forward` for single rows (KV-cache decoding).
    func prepareDecoding() {
        var t = [S](repeating: 0, count: inFeatures * outFeatures)
        weight.value.withUnsafeBufferPointer { w in
            S.transpose(rows: outFeatures, cols: inFeatures, src: w.baseAddress!, dst: &t)
        }
        weightT = t
    }

    /// Accumulates dX: [N, I] (when non-nil), dW: [O, I] (when trainable) and the adapter's
    /// dA, dB from dOut: [N, O] and the forward input x: [N, I].
    func backward(dX: UnsafeMutablePointer<S>?, dOut: UnsafePointer<S>, x: UnsafePointer<S>, N: Int) {
        let I = inFeatures, O = outFeatures
        if let dX {
            // dX [N, I] += dOut [N, O] x W [O, I]
            weight.value.withUnsafeBufferPointer { w in
                S.gemm(transA: false, transB: false, m: N, n: I, k: O, alpha: 1, a: dOut, lda: O,
                       b: w.baseAddress!, ldb: I, beta: 1, c: dX, ldc: I)
            }
        }
        if weight.trainable {
            // dW [O, I] += dOut^T [O, N] x x [N, I]
            weight.grad.withUnsafeMutableBufferPointer { dw in
                S.gemm(transA: true, transB: false, m: O, n: I, k: N, alpha: 1, a: dOut, lda: O,
                       b: x, ldb: I, beta: 1, c: dw.baseAddress!, ldc: I)
            }
        }
        lora?.backward(dX: dX, dOut: dOut, x: x, N: N)
    }
}

/// The low-rank pair of one LoRA-wrapped linear layer, with the activation it caches.
final class LoRAAdapter<S: BLASScalar>: @unchecked Sendable {
    /// A: [R, I], initialised uniform(-1/sqrt(I), 1/sqrt(I)) like PEFT's kaiming_uniform(a=sqrt(5)).
    let a: ParameterOf<S>
    /// B: [O, R], initialised to zero so the adapted model starts equal to the base model.
    let b: ParameterOf<S>
    /// alpha / R.
    let scale: S
    /// x A^T: [N, R], cached by forward for backward.
    var xa: [S] = []
    /// Scratch for d(x A^T): [N, R].
    var dxa: [S] = []

    init(a: ParameterOf<S>, b: ParameterOf<S>, scale: S) {
        self.a = a
        self.b = b
        self.scale = scale
    }

    var rank: Int { a.shape[0] }

    /// out: [N, O] += scale * (x [N, I] A^T) B^T.
    func forward(out: UnsafeMutablePointer<S>, x: UnsafePointer<S>, N: Int) {
        let R = rank, I = a.shape[1], O = b.shape[0]
        if xa.count != N * R { xa = [S](repeating: 0, count: N * R) }
        a.value.withUnsafeBufferPointer { ap in
            S.gemm(transA: false, transB: true, m: N, n: R, k: I, alpha: 1, a: x, lda: I,
                   b: ap.baseAddress!, ldb: I, beta: 0, c: &xa, ldc: R)
        }
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: true, m: N, n: O, k: R, alpha: scale, a: xa, lda: R,
                   b: bp.baseAddress!, ldb: R, beta: 1, c: out, ldc: O)
        }
    }

    /// Accumulates dA, dB (when trainable) and dX (when non-nil) from dOut: [N, O].
    func backward(dX: UnsafeMutablePointer<S>?, dOut: UnsafePointer<S>, x: UnsafePointer<S>, N: Int) {
        let R = rank, I = a.shape[1], O = b.shape[0]
        if b.trainable {
            // dB [O, R] += scale * dOut^T [O, N] x xa [N, R]
            b.grad.withUnsafeMutableBufferPointer { db in
                S.gemm(transA: true, transB: false, m: O, n: R, k: N, alpha: scale, a: dOut, lda: O,
                       b: xa, ldb: R, beta: 1, c: db.baseAddress!, ldc: R)
            }
        }
        // dxa [N, R] = scale * dOut [N, O] x B [O, R]
        if dxa.count != N * R { dxa = [S](repeating: 0, count: N * R) }
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: false, m: N, n: R, k: O, alpha: scale, a: dOut, lda: O,
                   b: bp.baseAddress!, ldb: R, beta: 0, c: &dxa, ldc: R)
        }
        if a.trainable {
            // dA [R, I] += dxa^T [R, N] x x [N, I]
            a.grad.withUnsafeMutableBufferPointer { da in
                S.gemm(transA: true, transB: false, m: R, n: I, k: N, alpha: 1, a: dxa, lda: R,
                       b: x, ldb: I, beta: 1, c: da.baseAddress!, ldc: I)
            }
        }
        if let dX {
            // dX [N, I] += dxa [N, R] x A [R, I]
            a.value.withUnsafeBufferPointer { ap in
                S.gemm(transA: false, transB: false, m: N, n: I, k: R, alpha: 1, a: dxa, lda: R,
                       b: ap.baseAddress!, ldb: I, beta: 1, c: dX, ldc: I)
            }
        }
    }

    /// W [O, I] += scale * B A: folds the adapter into the base weight.
    func merge(into weight: ParameterOf<S>) {
        let R = rank, I = a.shape[1], O = b.shape[0]
        a.value.withUnsafeBufferPointer { ap in
            b.value.withUnsafeBufferPointer { bp in
                weight.value.withUnsafeMutableBufferPointer { w in
                    S.gemm(transA: false, transB: false, m: O, n: I, k: R, alpha: scale, a: bp.baseAddress!, lda: R,
                           b: ap.baseAddress!, ldb: I, beta: 1, c: w.baseAddress!, ldc: I)
                }
            }
        }
    }
}
