import Foundation

/// Rotary position embeddings (Su et al. 2021) in Hugging Face Llama's `rotate_half`
/// convention: a head vector is split into halves (x1, x2) of D/2 and rotated pairwise,
/// `out1 = x1 cos - x2 sin`, `out2 = x2 cos + x1 sin`, with angle `pos * theta^(-2i/D)`.
struct RoPETable<S: BLASScalar>: Sendable {
    /// cos, sin: [P, D/2] for positions 0..<P.
    let cos: [S]
    let sin: [S]
    /// D/2.
    let half: Int
    /// P, the number of positions tabulated.
    let positions: Int

    /// Tabulates positions 0..<P for head dimension D. Angles are formed in Float32 as
    /// transformers does (`inv_freq` and `pos * inv_freq` in fp32), then cos/sin in Double.
    init(headDim D: Int, positions P: Int, theta: Double) {
        half = D / 2
        positions = P
        var c = [S](repeating: 0, count: P * half), s = c
        for i in 0..<half {
            let invFreq = Float(1.0) / Float(Foundation.pow(theta, Double(2 * i) / Double(D)))
            for p in 0..<P {
                let angle = Double(Float(p) * invFreq)
                c[p * half + i] = S(Foundation.cos(angle))
                s[p * half + i] = S(Foundation.sin(angle))
            }
        }
        cos = c
        sin = s
    }
}

enum RoPE<S: BLASScalar> {
    /// Rotates in place x: [B, T, heads, D] (row stride heads*D) where token t of each batch row
    /// sits at position `offset + t`. Nothing is cached: the rotation is orthogonal, so
    /// backward applies the inverse rotation to the gradient.
    static func forward(x: UnsafeMutablePointer<S>, table: RoPETable<S>, B: Int, T: Int, heads: Int, D: Int, offset: Int) {
        let h2 = D / 2
        table.cos.withUnsafeBufferPointer { cp in
            table.sin.withUnsafeBufferPointer { sp in
                for b in 0..<B {
                    for t in 0..<T {
                        let c = cp.baseAddress! + (offset + t) * h2, s = sp.baseAddress! + (offset + t) * h2
                        for h in 0..<heads {
                            let v = x + ((b * T + t) * heads + h) * D
                            for i in 0..<h2 {
                                let x1 = v[i], x2 = v[i + h2]
                                v[i] = x1 * c[i] - x2 * s[i]
                                v[i + h2] = x2 * c[i] + x1 * s[i]
                            }
                        }
                    }
                }
            }
        }
    }

    /// In place on dX: [B, T, heads, D]: turns d(rotated) into d(input) by rotating back
    /// (the transpose of the forward rotation).
    static func backward(dX: UnsafeMutablePointer<S>, table: RoPETable<S>, B: Int, T: Int, heads: Int, D: Int, offset: Int) {
        let h2 = D / 2
        table.cos.withUnsafeBufferPointer { cp in
            table.sin.withUnsafeBufferPointer { sp in
                for b in 0..<B {
                    for t in 0..<T {
                        let c = cp.baseAddress! + (offset + t) * h2, s = sp.baseAddress! + (offset + t) * h2
                        for h in 0..<heads {
                            let v = dX + ((b * T + t) * heads + h) * D
                            for i in 0..<h2 {
                                let d1 = v[i], d2 = v[i + h2]
                                v[i] = d1 * c[i] + d2 * s[i]
                                v[i + h2] = d2 * c[i] - d1 * s[i]
                            }
                        }
                    }
                }
            }
        }
    }
}
