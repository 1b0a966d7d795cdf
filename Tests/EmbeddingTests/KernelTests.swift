@testable import Embedding
import Foundation
import PreflexorTesting
import Testing

@Suite struct KernelTests {
    @Test func erfMatchesLibm() {
        var worst = 0.0
        for i in -6000...6000 {
            let x = Float(i) / 1000
            let v = erf8(SIMD8(repeating: x))[0]
            worst = max(worst, abs(Double(v) - Foundation.erf(Double(x))))
        }
        #expect(worst < 1e-6, "max |erf8 - erf| = \(worst)")
    }

    @Test func expMatchesLibmRelatively() {
        var worst = 0.0
        for i in -8700...8800 {
            let x = Float(i) / 100
            let v = Double(exp8(SIMD8(repeating: x))[3])
            let r = Foundation.exp(Double(x))
            worst = max(worst, abs(v - r) / r)
        }
        #expect(worst < 1e-6, "max relative error of exp8 = \(worst)")
        #expect(exp8(SIMD8(repeating: -1000))[0] == 0)
    }

    @Test func geluMatchesTheErfForm() {
        let xs: [Float] = (0..<37).map { Float($0) * 0.37 - 6.5 }   // 37 values: exercises the scalar tail
        var ys = xs
        ys.withUnsafeMutableBufferPointer { geluInPlace($0.baseAddress!, rows: 1, cols: $0.count) }
        let gelu = { (x: Double) in 0.5 * x * (1 + Foundation.erf(x / 2.0.squareRoot())) }
        #expect(NumericCheck.firstMismatch("gelu", actual: ys.map(Double.init), reference: xs.map { gelu(Double($0)) }, abs: 1e-6, rel: 1e-5) == nil)
        // With a bias broadcast over 2 rows of 20 (16 vectorised + a tail of 4).
        var zs = Array(xs.prefix(40)) + [0, 0, 0]
        zs = Array(zs.prefix(40))
        let bias = (0..<20).map { Float($0) * 0.1 - 1 }
        zs.withUnsafeMutableBufferPointer { geluInPlace($0.baseAddress!, rows: 2, cols: 20, bias: bias) }
        let biased = (0..<40).map { i in gelu(Double(i < xs.count ? xs[i] : 0) + Double(bias[i % 20])) }
        #expect(NumericCheck.firstMismatch("gelu+bias", actual: zs.map(Double.init), reference: biased, abs: 1e-6, rel: 1e-5) == nil)
    }

    @Test func softmaxRowsSumToOneAndMatchReference() {
        let rows = 3, cols = 21
        var x = (0..<(rows * cols)).map { Float(($0 * 7919) % 23) - 11.5 }
        let copy = x
        x.withUnsafeMutableBufferPointer { softmaxRowsInPlace($0.baseAddress!, rows: rows, cols: cols, stride: cols) }
        for r in 0..<rows {
            let row = copy[(r * cols)..<((r + 1) * cols)].map(Double.init)
            let m = row.max()!
            let e = row.map { Foundation.exp($0 - m) }
            let s = e.reduce(0, +)
            let mismatch = NumericCheck.firstMismatch("softmax row \(r)", actual: Array(x[(r * cols)..<((r + 1) * cols)]).map(Double.init),
                                                      reference: e.map { $0 / s }, abs: 1e-7, rel: 1e-5)
            #expect(mismatch == nil, "\(mismatch ?? "")")
        }
    }

    @Test func addLayerNormMatchesDoubleReference() {
        let rows = 2, C = 16
        var x = (0..<(rows * C)).map { Float(sin(Double($0))) * 3 }
        let residual = (0..<(rows * C)).map { Float(cos(Double($0))) }
        let weight = (0..<C).map { 1 + Float($0) / 10 }
        let bias = (0..<C).map { Float($0) / 100 - 0.05 }
        let residualBias = (0..<C).map { Float($0 % 3) * 0.2 }
        var ref: [Double] = []
        for r in 0..<rows {
            let v = (0..<C).map { Double(x[r * C + $0]) + Double(residual[r * C + $0]) + Double(residualBias[$0]) }
            let mean = v.reduce(0, +) / Double(C)
            let variance = v.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(C)
            ref += (0..<C).map { (v[$0] - mean) / (variance + 1e-12).squareRoot() * Double(weight[$0]) + Double(bias[$0]) }
        }
        x.withUnsafeMutableBufferPointer { xb in
            addLayerNormInPlace(xb.baseAddress!, residual: residual, residualBias: residualBias, rows: rows, C: C,
                                weight: weight, bias: bias, eps: 1e-12)
        }
        #expect(NumericCheck.firstMismatch("layernorm", actual: x.map(Double.init), reference: ref, abs: 1e-5, rel: 1e-5) == nil)
    }
}
