/// LoRA on the token embedding, in PEFT's layout: `E_eff = E + scale * (B A)^T` with
/// A: [R, V] (`lora_embedding_A`, initialised to zero) and B: [C, R] (`lora_embedding_B`,
/// initialised normal), so the new special tokens of PRefLexOR can learn while E is frozen.
/// With tied embeddings the output head uses the same adapter: `logits += scale * (x B) A`.
final class EmbeddingLoRA<S: BLASScalar>: @unchecked Sendable {
    /// A: [R, V].
    let a: ParameterOf<S>
    /// B: [C, R].
    let b: ParameterOf<S>
    /// alpha / R.
    let scale: S
    /// Gathered columns A[:, tokens[n]]: [N, R], cached by `lookupForward`.
    var gathered: [S] = []
    /// x B: [N, R], cached by `headForward` (tied head).
    var xb: [S] = []
    /// Scratch: [N, R].
    var scratch: [S] = []

    init(a: ParameterOf<S>, b: ParameterOf<S>, scale: S) {
        self.a = a
        self.b = b
        self.scale = scale
    }

    var rank: Int { a.shape[0] }

    /// out: [N, C] += scale * A[:, tokens]^T B^T.
    func lookupForward(out: UnsafeMutablePointer<S>, tokens: UnsafePointer<Int32>, N: Int) {
        let R = rank, V = a.shape[1], C = b.shape[0]
        if gathered.count != N * R { gathered = [S](repeating: 0, count: N * R) }
        a.value.withUnsafeBufferPointer { ap in
            for n in 0..<N {
                let t = Int(tokens[n])
                for r in 0..<R { gathered[n * R + r] = ap[r * V + t] }
            }
        }
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: true, m: N, n: C, k: R, alpha: scale, a: gathered, lda: R,
                   b: bp.baseAddress!, ldb: R, beta: 1, c: out, ldc: C)
        }
    }

    /// Accumulates dA: [R, V] and dB: [C, R] from dOut: [N, C] of the embedding output.
    /// Columns of `paddingToken` in dA get nothing (PEFT passes the base layer's padding_idx).
    func lookupBackward(dOut: UnsafePointer<S>, tokens: UnsafePointer<Int32>, N: Int, paddingToken: Int32? = nil) {
        let R = rank, V = a.shape[1], C = b.shape[0]
        if b.trainable {
            // dB [C, R] += scale * dOut^T [C, N] x gathered [N, R]
            b.grad.withUnsafeMutableBufferPointer { db in
                S.gemm(transA: true, transB: false, m: C, n: R, k: N, alpha: scale, a: dOut, lda: C,
                       b: gathered, ldb: R, beta: 1, c: db.baseAddress!, ldc: R)
            }
        }
        guard a.trainable else { return }
        if scratch.count != N * R { scratch = [S](repeating: 0, count: N * R) }
        // da [N, R] = scale * dOut [N, C] x B [C, R]; scattered into columns of dA.
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: false, m: N, n: R, k: C, alpha: scale, a: dOut, lda: C,
                   b: bp.baseAddress!, ldb: R, beta: 0, c: &scratch, ldc: R)
        }
        a.grad.withUnsafeMutableBufferPointer { da in
            for n in 0..<N where tokens[n] != paddingToken {
                let t = Int(tokens[n])
                for r in 0..<R { da[r * V + t] += scratch[n * R + r] }
            }
        }
    }

    /// Tied head: logits: [N, V] += scale * (x [N, C] B [C, R]) A [R, V]; caches x B.
    func headForward(logits: UnsafeMutablePointer<S>, x: UnsafePointer<S>, N: Int) {
        let R = rank, V = a.shape[1], C = b.shape[0]
        if xb.count != N * R { xb = [S](repeating: 0, count: N * R) }
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: false, m: N, n: R, k: C, alpha: 1, a: x, lda: C,
                   b: bp.baseAddress!, ldb: R, beta: 0, c: &xb, ldc: R)
        }
        a.value.withUnsafeBufferPointer { ap in
            S.gemm(transA: false, transB: false, m: N, n: V, k: R, alpha: scale, a: xb, lda: R,
                   b: ap.baseAddress!, ldb: V, beta: 1, c: logits, ldc: V)
        }
    }

    /// Tied head backward: accumulates dA, dB and dX: [N, C] from dLogits: [N, V].
    func headBackward(dX: UnsafeMutablePointer<S>, dLogits: UnsafePointer<S>, x: UnsafePointer<S>, N: Int) {
        let R = rank, V = a.shape[1], C = b.shape[0]
        if a.trainable {
            // dA [R, V] += scale * xb^T [R, N] x dLogits [N, V]
            a.grad.withUnsafeMutableBufferPointer { da in
                S.gemm(transA: true, transB: false, m: R, n: V, k: N, alpha: scale, a: xb, lda: R,
                       b: dLogits, ldb: V, beta: 1, c: da.baseAddress!, ldc: V)
            }
        }
        if scratch.count != N * R { scratch = [S](repeating: 0, count: N * R) }
        // dxb [N, R] = scale * dLogits [N, V] x A^T [V, R]
        a.value.withUnsafeBufferPointer { ap in
            S.gemm(transA: false, transB: true, m: N, n: R, k: V, alpha: scale, a: dLogits, lda: V,
                   b: ap.baseAddress!, ldb: V, beta: 0, c: &scratch, ldc: R)
        }
        if b.trainable {
            // dB [C, R] += x^T [C, N] x dxb [N, R]
            b.grad.withUnsafeMutableBufferPointer { db in
                S.gemm(transA: true, transB: false, m: C, n: R, k: N, alpha: 1, a: x, lda: C,
                       b: scratch, ldb: R, beta: 1, c: db.baseAddress!, ldc: R)
            }
        }
        // dX [N, C] += dxb [N, R] x B^T [R, C]
        b.value.withUnsafeBufferPointer { bp in
            S.gemm(transA: false, transB: true, m: N, n: C, k: R, alpha: 1, a: scratch, lda: R,
                   b: bp.baseAddress!, ldb: R, beta: 1, c: dX, ldc: C)
        }
    }

    /// E [V, C] += scale * A^T [V, R] x B^T [R, C].
    func merge(into embedding: ParameterOf<S>) {
        let R = rank, V = a.shape[1], C = b.shape[0]
        a.value.withUnsafeBufferPointer { ap in
            b.value.withUnsafeBufferPointer { bp in
                embedding.value.withUnsafeMutableBufferPointer { e in
                    S.gemm(transA: true, transB: true, m: V, n: C, k: R, alpha: scale, a: ap.baseAddress!, lda: V,
                           b: bp.baseAddress!, ldb: R, beta: 1, c: e.baseAddress!, ldc: C)
                }
            }
        }
    }
}
