/// The SwiGLU gate of Llama's MLP (Shazeer 2020): `h = silu(gate) * up`, silu(g) = g * sigmoid(g).
enum SwiGLU<S: BLASScalar> {
    /// gate, up, out: [N, F] (passed as count = N*F).
    static func forward(out: UnsafeMutablePointer<S>, gate: UnsafePointer<S>, up: UnsafePointer<S>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            out[i] = g / (1 + S.exponential(-g)) * up[i]
        }
    }

    /// Accumulates dGate, dUp: [N, F] from dOut: [N, F], using the cached gate and up.
    /// d silu(g)/dg = sig(g) * (1 + g * (1 - sig(g))).
    static func backward(dGate: UnsafeMutablePointer<S>, dUp: UnsafeMutablePointer<S>, dOut: UnsafePointer<S>,
                         gate: UnsafePointer<S>, up: UnsafePointer<S>, count: Int) {
        for i in 0..<count {
            let g = gate[i]
            let sig = 1 / (1 + S.exponential(-g))
            let silu = g * sig
            dUp[i] += dOut[i] * silu
            dGate[i] += dOut[i] * up[i] * sig * (1 + g * (1 - sig))
        }
    }
}
