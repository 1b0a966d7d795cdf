import Foundation
internal import CBLAS

/// A floating-point type the model's kernels run in: `Float` for training and inference,
/// `Double` for gradient checks (central differences need the extra precision).
///
/// Supplies the one BLAS routine the layers need (row-major gemm) and the few
/// transcendental functions the kernels use.
public protocol BLASScalar: BinaryFloatingPoint & Sendable where Self.RawSignificand: FixedWidthInteger {
    /// Row-major `C[M, N] = alpha * op(A) op(B) + beta * C`, with `op(A)`: [M, K], `op(B)`: [K, N].
    /// `lda`, `ldb`, `ldc` are the row strides of A, B, C as stored.
    static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Self,
                     a: UnsafePointer<Self>, lda: Int, b: UnsafePointer<Self>, ldb: Int,
                     beta: Self, c: UnsafeMutablePointer<Self>, ldc: Int)
    /// Row-major transposing copy: dst [cols, rows] = src [rows, cols]^T.
    static func transpose(rows: Int, cols: Int, src: UnsafePointer<Self>, dst: UnsafeMutablePointer<Self>)
    /// e^x.
    static func exponential(_ x: Self) -> Self
    /// Natural logarithm.
    static func logarithm(_ x: Self) -> Self
}

extension Float: BLASScalar {
    /// cblas_sgemm, row-major.
    @inline(__always)
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                            a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                            beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        if m == 1 {
            // One row (KV-cache decoding): gemv reads each weight once without packing.
            cblas_sgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans, Int32(transB ? n : k), Int32(transB ? k : n),
                        alpha, b, Int32(ldb), a, Int32(transA ? lda : 1), beta, c, 1)
            return
        }
        cblas_sgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    /// cblas_somatcopy.
    public static func transpose(rows: Int, cols: Int, src: UnsafePointer<Float>, dst: UnsafeMutablePointer<Float>) {
        cblas_somatcopy(CblasRowMajor, CblasTrans, Int32(rows), Int32(cols), 1, src, Int32(cols), dst, Int32(rows))
    }
    /// expf.
    @inline(__always) public static func exponential(_ x: Float) -> Float { Foundation.exp(x) }
    /// logf.
    @inline(__always) public static func logarithm(_ x: Float) -> Float { Foundation.log(x) }
}

extension Double: BLASScalar {
    /// cblas_dgemm, row-major.
    @inline(__always)
    public static func gemm(transA: Bool, transB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                            a: UnsafePointer<Double>, lda: Int, b: UnsafePointer<Double>, ldb: Int,
                            beta: Double, c: UnsafeMutablePointer<Double>, ldc: Int) {
        if m == 1 {
            cblas_dgemv(CblasRowMajor, transB ? CblasNoTrans : CblasTrans, Int32(transB ? n : k), Int32(transB ? k : n),
                        alpha, b, Int32(ldb), a, Int32(transA ? lda : 1), beta, c, 1)
            return
        }
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans,
                    Int32(m), Int32(n), Int32(k), alpha, a, Int32(lda), b, Int32(ldb), beta, c, Int32(ldc))
    }
    /// cblas_domatcopy.
    public static func transpose(rows: Int, cols: Int, src: UnsafePointer<Double>, dst: UnsafeMutablePointer<Double>) {
        cblas_domatcopy(CblasRowMajor, CblasTrans, Int32(rows), Int32(cols), 1, src, Int32(cols), dst, Int32(rows))
    }
    /// exp.
    @inline(__always) public static func exponential(_ x: Double) -> Double { Foundation.exp(x) }
    /// log.
    @inline(__always) public static func logarithm(_ x: Double) -> Double { Foundation.log(x) }
}
