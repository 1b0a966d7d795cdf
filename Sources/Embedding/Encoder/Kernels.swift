// Element-wise kernels of the encoder, vectorised with SIMD8 (two SSE or one AVX register).
// All work in place on raw buffers to avoid Array copies in the hot loop.

/// exp(x) for 8 floats: Cephes `expf` (x = n ln2 + r with n = round(x / ln2), degree-6 polynomial
/// for e^r, then scaling by 2^n built in the exponent bits); relative error ~2e-7 on [-87, 88].
/// Inputs below -87.3 give exactly 0, which softmax needs after max-subtraction.
///
/// Rounding uses the 1.5 * 2^23 trick instead of Float->Int conversion: adding it leaves
/// round(x / ln2) in the low mantissa bits (the generic SIMD conversion is a per-lane library call).
@inline(__always)
func exp8(_ input: SIMD8<Float>) -> SIMD8<Float> {
    var x0 = input
    x0.replace(with: -87.3, where: x0 .< -87.3)   // .clamped() is an out-of-line generic call
    x0.replace(with: 88.3, where: x0 .> 88.3)
    let shifted = x0 * 1.44269504088896341 + 12582912
    let n = shifted - 12582912
    let x = x0 - n * 0.693359375 + n * 2.12194440e-4
    var y = SIMD8<Float>(repeating: 1.9875691500e-4)
    y = y * x + 1.3981999507e-3
    y = y * x + 8.3334519073e-3
    y = y * x + 4.1665795894e-2
    y = y * x + 1.6666665459e-1
    y = y * x + 5.0000001201e-1
    y = y * (x * x) + x + 1
    let exponent = (unsafeBitCast(shifted, to: SIMD8<Int32>.self) &- 0x4B40_0000 &+ 127) &<< 23
    var result = y * unsafeBitCast(exponent, to: SIMD8<Float>.self)
    result.replace(with: 0, where: input .< -87.3)
    return result
}

/// erf(x) for 8 floats: the rational approximation used by Eigen/XLA for float32
/// (x clamped to [-4, 4], odd degree-13 numerator over even degree-8 denominator), max abs error ~1e-7.
@inline(__always)
func erf8(_ input: SIMD8<Float>) -> SIMD8<Float> {
    var x = input
    x.replace(with: -4, where: x .< -4)
    x.replace(with: 4, where: x .> 4)
    let x2 = x * x
    var p = x2 * -2.72614225801306e-10 + 2.77068142495902e-08
    p = x2 * p + -2.10102402082508e-06
    p = x2 * p + -5.69250639462346e-05
    p = x2 * p + -7.34990630326855e-04
    p = x2 * p + -2.95459980854025e-03
    p = x2 * p + -1.60960333262415e-02
    p = x * p
    var q = x2 * -1.45660718464996e-05 + -2.13374055278905e-04
    q = x2 * q + -1.68282697438203e-03
    q = x2 * q + -7.37332916720468e-03
    q = x2 * q + -1.42647390514189e-02
    return p / q
}

/// GELU, erf form (as BERT's "gelu"): y = x * 0.5 * (1 + erf(x / sqrt 2)) with x = x + bias
/// (bias broadcast over rows), in place. `x`: `[rows, cols]`, `bias`: `[cols]` or nil.
func geluInPlace(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>? = nil) {
    let full = cols & ~7
    let b = bias.map(UnsafeRawPointer.init)
    for r in 0..<rows {
        let row = x + r * cols
        let raw = UnsafeMutableRawPointer(row)
        for j in Swift.stride(from: 0, to: full, by: 8) {
            var v = raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            if let b { v += b.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) }
            raw.storeBytes(of: v * 0.5 * (1 + erf8(v * 0.7071067811865476)), toByteOffset: 4 * j, as: SIMD8<Float>.self)
        }
        if full < cols {
            var tail = SIMD8<Float>(repeating: 0)
            for j in full..<cols { tail[j - full] = row[j] + (bias?[j] ?? 0) }
            let g = tail * 0.5 * (1 + erf8(tail * 0.7071067811865476))
            for j in full..<cols { row[j] = g[j - full] }
        }
    }
}

/// x[r, :] += bias for every row, in place. `x`: `[rows, cols]`, `bias`: `[cols]`.
func addBiasInPlace(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, bias: UnsafePointer<Float>) {
    for r in 0..<rows {
        let row = x + r * cols
        for j in 0..<cols { row[j] += bias[j] }
    }
}

/// Row-wise softmax in place: `x` is `[rows, cols]` with row stride `stride`.
func softmaxRowsInPlace(_ x: UnsafeMutablePointer<Float>, rows: Int, cols: Int, stride: Int) {
    let full = cols & ~7
    for r in 0..<rows {
        let row = x + r * stride
        let raw = UnsafeMutableRawPointer(row)
        var m8 = SIMD8<Float>(repeating: -.infinity)
        for j in Swift.stride(from: 0, to: full, by: 8) {
            let v = raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            m8.replace(with: v, where: v .> m8)
        }
        var m = m8.max()
        for j in full..<cols { m = max(m, row[j]) }
        var sum8 = SIMD8<Float>(repeating: 0)
        for j in Swift.stride(from: 0, to: full, by: 8) {
            let e = exp8(raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) - m)
            raw.storeBytes(of: e, toByteOffset: 4 * j, as: SIMD8<Float>.self)
            sum8 += e
        }
        var sum = sum8.sum()
        if full < cols {
            var tail = SIMD8<Float>(repeating: -.infinity)
            for k in full..<cols { tail[k - full] = row[k] - m }
            let e = exp8(tail)
            for k in full..<cols { row[k] = e[k - full]; sum += e[k - full] }
        }
        let inv = 1 / sum
        for j in Swift.stride(from: 0, to: full, by: 8) {
            raw.storeBytes(of: raw.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) * inv, toByteOffset: 4 * j, as: SIMD8<Float>.self)
        }
        for k in full..<cols { row[k] *= inv }
    }
}

/// `x = LayerNorm(x + residual + residualBias) * weight + bias` row by row, in place.
/// `x`, `residual`: `[rows, C]`; `residualBias` (the bias of the linear layer that produced
/// `residual`), `weight`, `bias`: `[C]`; C must be a multiple of 8. Two-pass mean/variance in
/// Float (biased variance, as PyTorch).
func addLayerNormInPlace(_ x: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>?, residualBias: UnsafePointer<Float>? = nil,
                         rows: Int, C: Int, weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, eps: Float) {
    precondition(C % 8 == 0, "hidden size must be a multiple of 8")
    let w = UnsafeRawPointer(weight), b = UnsafeRawPointer(bias)
    let rb = residualBias.map(UnsafeRawPointer.init)
    for r in 0..<rows {
        let row = UnsafeMutableRawPointer(x + r * C)
        var acc = SIMD8<Float>(repeating: 0)
        for j in stride(from: 0, to: C, by: 8) {
            var v = row.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            if let residual {
                v += UnsafeRawPointer(residual + r * C).loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
                if let rb { v += rb.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) }
                row.storeBytes(of: v, toByteOffset: 4 * j, as: SIMD8<Float>.self)
            }
            acc += v
        }
        let mean = acc.sum() / Float(C)
        var vacc = SIMD8<Float>(repeating: 0)
        for j in stride(from: 0, to: C, by: 8) {
            let d = row.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self) - mean
            vacc += d * d
        }
        let rstd = 1 / (vacc.sum() / Float(C) + eps).squareRoot()
        for j in stride(from: 0, to: C, by: 8) {
            let v = row.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            let g = w.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            let o = b.loadUnaligned(fromByteOffset: 4 * j, as: SIMD8<Float>.self)
            row.storeBytes(of: (v - mean) * rstd * g + o, toByteOffset: 4 * j, as: SIMD8<Float>.self)
        }
    }
}
