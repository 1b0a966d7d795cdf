import Foundation

/// A floating-point type the log-softmax kernels run in: `Float` for training (vectorised
/// `exp`), `Double` for gradient checks.
public protocol LogitScalar: BinaryFloatingPoint, Sendable {
    /// The largest of `count` values.
    static func maximum(_ x: UnsafePointer<Self>, count: Int) -> Self
    /// Writes `exp(x[v] - shift)` to `out[v]` for `v < count` and returns their sum (in Double).
    static func expShifted(_ x: UnsafePointer<Self>, shift: Self, into out: UnsafeMutablePointer<Self>, count: Int) -> Double
    /// `x[v] *= factor` for `v < count`.
    static func scale(_ x: UnsafeMutablePointer<Self>, by factor: Self, count: Int)
}

// The row kernels are protocol requirements so that the generic `TokenLogProbs` calls concrete,
// vectorised code once per row even where it is not specialised (e.g. from another module).
extension LogitScalar {
    public static func scale(_ x: UnsafeMutablePointer<Self>, by factor: Self, count: Int) {
        for v in 0..<count { x[v] *= factor }
    }
}

extension Double: LogitScalar {
    public static func scale(_ x: UnsafeMutablePointer<Double>, by factor: Double, count: Int) {
        for v in 0..<count { x[v] *= factor }
    }

    public static func maximum(_ x: UnsafePointer<Double>, count: Int) -> Double {
        var m = x[0]
        for v in 1..<count where x[v] > m { m = x[v] }
        return m
    }

    public static func expShifted(_ x: UnsafePointer<Double>, shift: Double, into out: UnsafeMutablePointer<Double>, count: Int) -> Double {
        var s = 0.0
        for v in 0..<count { out[v] = Foundation.exp(x[v] - shift); s += out[v] }
        return s
    }
}

extension Float: LogitScalar {
    public static func scale(_ x: UnsafeMutablePointer<Float>, by factor: Float, count: Int) {
        for v in 0..<count { x[v] *= factor }
    }

    public static func maximum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var m = SIMD8<Float>(repeating: -.infinity)
        var v = 0
        let raw = UnsafeRawPointer(x)
        while v + 8 <= count {
            m = pointwiseMax(m, raw.loadUnaligned(fromByteOffset: v * 4, as: SIMD8<Float>.self))
            v += 8
        }
        var r = m.max()
        while v < count { r = Swift.max(r, x[v]); v += 1 }
        return r
    }

    public static func expShifted(_ x: UnsafePointer<Float>, shift: Float, into out: UnsafeMutablePointer<Float>, count: Int) -> Double {
        var acc = SIMD8<Float>(repeating: 0)
        var s = 0.0
        var v = 0
        let raw = UnsafeRawPointer(x), rawOut = UnsafeMutableRawPointer(out)
        let c = SIMD8<Float>(repeating: shift)
        while v + 8 <= count {
            let e = FastExp.exp(raw.loadUnaligned(fromByteOffset: v * 4, as: SIMD8<Float>.self) - c)
            rawOut.storeBytes(of: e, toByteOffset: v * 4, as: SIMD8<Float>.self)
            acc += e
            v += 8
            // Fold into Double every 1024 values so long rows keep full precision.
            if v & 1023 == 0 { s += Double(acc.sum()); acc = .zero }
        }
        s += Double(acc.sum())
        while v < count { out[v] = Foundation.exp(x[v] - shift); s += Double(out[v]); v += 1 }
        return s
    }
}

/// `exp` on 8 floats at once (Cephes `expf`: range reduction by `ln 2`, degree-6 polynomial,
/// exponent by bit arithmetic); relative error below 2e-7 on [-87, 88], inputs clamped there.
/// Rounding uses the 1.5 * 2^23 trick and the exponent integer bit operations, because the
/// standard library's SIMD `rounded` and float-to-int conversions run lane by lane.
enum FastExp {
    @inline(__always)
    static func exp(_ x: SIMD8<Float>) -> SIMD8<Float> {
        let x = pointwiseMin(pointwiseMax(x, SIMD8(repeating: -87.3)), SIMD8(repeating: 88.7))
        let magic = SIMD8<Float>(repeating: 12_582_912) // 1.5 * 2^23: adding it rounds to an integer
        let t = x * 1.442_695_04 + magic
        let n = t - magic
        let r = x - n * 0.693_359_375 + n * 2.121_944_4e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_950_7e-3
        p = p * r + 8.333_451_907_3e-3
        p = p * r + 4.166_579_589_4e-2
        p = p * r + 1.666_666_545_9e-1
        p = p * r + 5.000_000_120_1e-1
        p = p * (r * r) + r + 1
        // The low mantissa bits of t hold n (+ 0x400000); shift them into the exponent field.
        let tBits = unsafeBitCast(t, to: SIMD8<Int32>.self)
        let scale = (tBits &- 0x4B40_0000 &+ 127) &<< 23
        return p * unsafeBitCast(scale, to: SIMD8<Float>.self)
    }
}
