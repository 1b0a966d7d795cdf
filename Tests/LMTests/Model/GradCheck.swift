@testable import LM
import PreflexorTesting

/// Central-difference gradient checking in Double, llm.c style: the scalar loss is
/// `sum(out * dOut)` for a fixed random dOut, so backward's input gradient is exactly dOut.
enum GradCheck {
    /// Random values in [-1, 1) from a fixed seed.
    static func random(_ n: Int, seed: UInt64, scale: Double = 1) -> [Double] {
        var rng = SeededGenerator(seed: seed)
        return (0..<n).map { _ in (2 * rng.nextUnit() - 1) * scale }
    }

    /// Compares `backward(inputs, dOut)[name]` with central differences of `sum(forward(inputs) * dOut)`
    /// for every name backward returns. Returns the first mismatch per tensor (empty when all agree).
    static func check(inputs: [String: [Double]], outputCount: Int,
                      forward: ([String: [Double]]) -> [Double],
                      backward: ([String: [Double]], [Double]) -> [String: [Double]],
                      h: Double = 1e-6, abs: Double = 1e-7, rel: Double = 1e-5) -> [String] {
        let dOut = random(outputCount, seed: 99)
        func loss(_ x: [String: [Double]]) -> Double {
            let out = forward(x)
            precondition(out.count == outputCount, "forward returned \(out.count) values, expected \(outputCount)")
            return zip(out, dOut).reduce(0) { $0 + $1.0 * $1.1 }
        }
        let analytic = backward(inputs, dOut)
        var failures: [String] = []
        for name in analytic.keys.sorted() {
            guard let base = inputs[name] else { failures.append("backward returned unknown tensor \(name)"); continue }
            var numeric = [Double](repeating: 0, count: base.count)
            var x = inputs
            for i in base.indices {
                x[name]![i] = base[i] + h
                let lp = loss(x)
                x[name]![i] = base[i] - h
                let lm = loss(x)
                x[name]![i] = base[i]
                numeric[i] = (lp - lm) / (2 * h)
            }
            if let m = NumericCheck.firstMismatch(name, actual: analytic[name]!, reference: numeric, abs: abs, rel: rel) {
                failures.append(m)
            }
        }
        return failures
    }

    /// Whole-model check: perturbs every trainable parameter's values and compares with
    /// the gradients that `backward` accumulated. `loss` must run a fresh forward.
    static func checkParameters(_ params: [ParameterOf<Double>], loss: () -> Double,
                                h: Double = 1e-6, abs: Double = 1e-7, rel: Double = 1e-5) -> [String] {
        var failures: [String] = []
        for p in params where p.trainable {
            var numeric = [Double](repeating: 0, count: p.count)
            for i in 0..<p.count {
                let v = p.value[i]
                p.value[i] = v + h
                let lp = loss()
                p.value[i] = v - h
                let lm = loss()
                p.value[i] = v
                numeric[i] = (lp - lm) / (2 * h)
            }
            if let m = NumericCheck.firstMismatch(p.name, actual: p.grad, reference: numeric, abs: abs, rel: rel) {
                failures.append(m)
            }
        }
        return failures
    }
}
