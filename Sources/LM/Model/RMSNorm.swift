/// RMSNorm (Zhang & Sennrich 2019) as in Hugging Face `LlamaRMSNorm`:
/// `out = weight * x / sqrt(mean(x^2) + eps)`, no mean subtraction, no bias.
enum RMSNorm<S: BLASScalar> {
    /// x, out: [N, C]; weight: [C]; rstd: [N], cached for backward (1 / rms of each row).
    static func forward(out: UnsafeMutablePointer<S>, rstd: UnsafeMutablePointer<S>, x: UnsafePointer<S>,
                        weight: UnsafePointer<S>, N: Int, C: Int, eps: S) {
        for n in 0..<N {
            let xr = x + n * C, o = out + n * C
            var ss: S = 0
            for i in 0..<C { ss += xr[i] * xr[i] }
            let r = 1 / (ss / S(C) + eps).squareRoot()
            rstd[n] = r
            for i in 0..<C { o[i] = weight[i] * (xr[i] * r) }
        }
    }

    /// Accumulates dX: [N, C] and (when non-nil) dWeight: [C] from dOut: [N, C].
    /// With xhat = x * rstd and g = dOut * weight: dX += rstd * (g - xhat * mean(g * xhat)).
    static func backward(dX: UnsafeMutablePointer<S>, dWeight: UnsafeMutablePointer<S>?, dOut: UnsafePointer<S>,
                         x: UnsafePointer<S>, weight: UnsafePointer<S>, rstd: UnsafePointer<S>, N: Int, C: Int) {
        for n in 0..<N {
            let xr = x + n * C, dor = dOut + n * C, dxr = dX + n * C
            let r = rstd[n]
            var m: S = 0
            for i in 0..<C { m += dor[i] * weight[i] * xr[i] * r }
            m /= S(C)
            for i in 0..<C {
                let xhat = xr[i] * r
                dxr[i] += r * (dor[i] * weight[i] - xhat * m)
            }
            if let dWeight {
                for i in 0..<C { dWeight[i] += dor[i] * xr[i] * r }
            }
        }
    }
}
