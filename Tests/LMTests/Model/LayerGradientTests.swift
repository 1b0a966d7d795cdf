@testable import LM
import Testing

/// Gradient checks of every layer kernel in Double on tiny shapes (central differences,
/// tolerance abs 1e-7 + rel 1e-5 * |numeric|; failures name the tensor and index).
@Suite struct LayerGradientTests {
    typealias K = Double

    @Test func rmsNorm() {
        let N = 3, C = 5
        let inputs = ["x": GradCheck.random(N * C, seed: 1), "weight": GradCheck.random(C, seed: 2)]
        func fwd(_ t: [String: [K]]) -> ([K], [K]) {
            var out = [K](repeating: 0, count: N * C), rstd = [K](repeating: 0, count: N)
            RMSNorm<K>.forward(out: &out, rstd: &rstd, x: t["x"]!, weight: t["weight"]!, N: N, C: C, eps: 1e-5)
            return (out, rstd)
        }
        let failures = GradCheck.check(inputs: inputs, outputCount: N * C, forward: { fwd($0).0 }) { t, dOut in
            let (_, rstd) = fwd(t)
            var dx = [K](repeating: 0, count: N * C), dw = [K](repeating: 0, count: C)
            RMSNorm<K>.backward(dX: &dx, dWeight: &dw, dOut: dOut, x: t["x"]!, weight: t["weight"]!, rstd: rstd, N: N, C: C)
            return ["x": dx, "weight": dw]
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func rope() {
        let B = 2, T = 3, heads = 2, D = 4, offset = 2
        let table = RoPETable<K>(headDim: D, positions: 8, theta: 10000)
        let inputs = ["x": GradCheck.random(B * T * heads * D, seed: 3)]
        let failures = GradCheck.check(inputs: inputs, outputCount: B * T * heads * D, forward: { t in
            var x = t["x"]!
            RoPE<K>.forward(x: &x, table: table, B: B, T: T, heads: heads, D: D, offset: offset)
            return x
        }) { _, dOut in
            var dx = dOut
            RoPE<K>.backward(dX: &dx, table: table, B: B, T: T, heads: heads, D: D, offset: offset)
            return ["x": dx]
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// Hugging Face rotate_half on one vector at position 1 with theta 10000, D 4:
    /// angles (1, 0.01); out = [x0 c0 - x2 s0, x1 c1 - x3 s1, x2 c0 + x0 s0, x3 c1 + x1 s1].
    @Test func ropeMatchesRotateHalfConvention() {
        let table = RoPETable<K>(headDim: 4, positions: 2, theta: 10000)
        var x: [K] = [1, 2, 3, 4]
        RoPE<K>.forward(x: &x, table: table, B: 1, T: 1, heads: 1, D: 4, offset: 1)
        let c0 = cos(1.0), s0 = sin(1.0), c1 = cos(0.01), s1 = sin(0.01)
        let expected = [1 * c0 - 3 * s0, 2 * c1 - 4 * s1, 3 * c0 + 1 * s0, 4 * c1 + 2 * s1]
        for i in 0..<4 { #expect(abs(x[i] - expected[i]) < 1e-6, "x[\(i)] = \(x[i]), expected \(expected[i])") }
    }

    @Test(arguments: [(H: 4, G: 2), (H: 2, G: 2), (H: 4, G: 1)])
    func attentionWithGQAAndCausalMask(shape: (H: Int, G: Int)) {
        let B = 2, T = 4, D = 3, H = shape.H, G = shape.G
        let inputs = ["q": GradCheck.random(B * T * H * D, seed: 4), "k": GradCheck.random(B * T * G * D, seed: 5),
                      "v": GradCheck.random(B * T * G * D, seed: 6)]
        func fwd(_ t: [String: [K]]) -> ([K], [K]) {
            var out = [K](repeating: 0, count: B * T * H * D), att = [K](repeating: 0, count: B * H * T * T)
            CausalAttention<K>.forward(out: &out, att: &att, q: t["q"]!, k: t["k"]!, v: t["v"]!, kvBatchStride: T * G * D,
                                       B: B, Tq: T, Tk: T, offset: 0, H: H, G: G, D: D)
            return (out, att)
        }
        let failures = GradCheck.check(inputs: inputs, outputCount: B * T * H * D, forward: { fwd($0).0 }) { t, dOut in
            let (_, att) = fwd(t)
            var dq = [K](repeating: 0, count: B * T * H * D), dk = [K](repeating: 0, count: B * T * G * D), dv = dk
            var datt = [K](repeating: 0, count: T * T)
            CausalAttention<K>.backward(dQ: &dq, dK: &dk, dV: &dv, dAtt: &datt, dOut: dOut, q: t["q"]!, k: t["k"]!, v: t["v"]!,
                                        att: att, B: B, T: T, H: H, G: G, D: D)
            return ["q": dq, "k": dk, "v": dv]
        }
        #expect(failures.isEmpty, "\(failures)")
        // The mask: no probability mass on future keys.
        let (_, att) = fwd(inputs)
        for bh in 0..<(B * H) { for i in 0..<T { for j in (i + 1)..<T where j < T {
            #expect(att[(bh * T + i) * T + j] == 0, "att[\(bh), \(i), \(j)] sees the future")
        } } }
    }

    @Test func swiGLU() {
        let n = 7
        let inputs = ["gate": GradCheck.random(n, seed: 7, scale: 3), "up": GradCheck.random(n, seed: 8)]
        let failures = GradCheck.check(inputs: inputs, outputCount: n, forward: { t in
            var out = [K](repeating: 0, count: n)
            SwiGLU<K>.forward(out: &out, gate: t["gate"]!, up: t["up"]!, count: n)
            return out
        }) { t, dOut in
            var dg = [K](repeating: 0, count: n), du = dg
            SwiGLU<K>.backward(dGate: &dg, dUp: &du, dOut: dOut, gate: t["gate"]!, up: t["up"]!, count: n)
            return ["gate": dg, "up": du]
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func embeddingWithRepeatedTokens() {
        let V = 5, C = 3, tokens: [Int32] = [1, 4, 1, 0]
        let N = tokens.count
        let inputs = ["weight": GradCheck.random(V * C, seed: 9)]
        let failures = GradCheck.check(inputs: inputs, outputCount: N * C, forward: { t in
            var out = [K](repeating: 0, count: N * C)
            EmbeddingLookup<K>.forward(out: &out, tokens: tokens, weight: t["weight"]!, N: N, C: C)
            return out
        }) { _, dOut in
            var dw = [K](repeating: 0, count: V * C)
            EmbeddingLookup<K>.backward(dWeight: &dw, dOut: dOut, tokens: tokens, N: N, C: C)
            return ["weight": dw]
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// N = 1 takes the gemv path of decoding.
    @Test(arguments: [false, true], [1, 3])
    func linear(withLoRA: Bool, N: Int) {
        let I = 4, O = 5, R = 2
        var inputs = ["x": GradCheck.random(N * I, seed: 10), "W": GradCheck.random(O * I, seed: 11)]
        if withLoRA { inputs["A"] = GradCheck.random(R * I, seed: 12); inputs["B"] = GradCheck.random(O * R, seed: 13) }
        func layer(_ t: [String: [K]]) -> Linear<K> {
            let lin = Linear(weight: ParameterOf<K>(name: "W", shape: [O, I], value: t["W"]!))
            if withLoRA {
                lin.lora = LoRAAdapter(a: ParameterOf(name: "A", shape: [R, I], value: t["A"]!),
                                       b: ParameterOf(name: "B", shape: [O, R], value: t["B"]!), scale: 1.5)
            }
            return lin
        }
        let failures = GradCheck.check(inputs: inputs, outputCount: N * O, forward: { t in
            var out = [K](repeating: 0, count: N * O)
            layer(t).forward(out: &out, x: t["x"]!, N: N)
            return out
        }) { t, dOut in
            let lin = layer(t)
            var out = [K](repeating: 0, count: N * O), dx = [K](repeating: 0, count: N * I)
            lin.forward(out: &out, x: t["x"]!, N: N)
            lin.backward(dX: &dx, dOut: dOut, x: t["x"]!, N: N)
            var grads = ["x": dx, "W": lin.weight.grad]
            if let a = lin.lora { grads["A"] = a.a.grad; grads["B"] = a.b.grad }
            return grads
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func embeddingLoRALookupAndTiedHead() {
        let V = 6, C = 4, R = 2, tokens: [Int32] = [2, 5, 2]
        let N = tokens.count
        let inputs = ["A": GradCheck.random(R * V, seed: 14), "B": GradCheck.random(C * R, seed: 15),
                      "x": GradCheck.random(N * C, seed: 16)]
        func adapter(_ t: [String: [K]]) -> EmbeddingLoRA<K> {
            EmbeddingLoRA(a: ParameterOf(name: "A", shape: [R, V], value: t["A"]!),
                          b: ParameterOf(name: "B", shape: [C, R], value: t["B"]!), scale: 0.7)
        }
        // Output: the lookup rows [N, C] followed by the tied-head logits [N, V].
        let failures = GradCheck.check(inputs: inputs, outputCount: N * C + N * V, forward: { t in
            let e = adapter(t)
            var rows = [K](repeating: 0, count: N * C), logits = [K](repeating: 0, count: N * V)
            e.lookupForward(out: &rows, tokens: tokens, N: N)
            e.headForward(logits: &logits, x: t["x"]!, N: N)
            return rows + logits
        }) { t, dOut in
            let e = adapter(t)
            var rows = [K](repeating: 0, count: N * C), logits = [K](repeating: 0, count: N * V)
            var dx = [K](repeating: 0, count: N * C)
            e.lookupForward(out: &rows, tokens: tokens, N: N)
            e.headForward(logits: &logits, x: t["x"]!, N: N)
            e.lookupBackward(dOut: Array(dOut[0..<(N * C)]), tokens: tokens, N: N)
            e.headBackward(dX: &dx, dLogits: Array(dOut[(N * C)...]), x: t["x"]!, N: N)
            return ["A": e.a.grad, "B": e.b.grad, "x": dx]
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}

import Foundation
