import PreflexorTesting
@testable import Training

/// Central differences in Double, compared with an analytic gradient (style.md).
enum GradientCheck {
    /// `f` evaluated at `x +- h e_i` for every i; returns the first mismatch with `analytic`.
    static func mismatch(
        _ name: String, at x: [Double], analytic: [Double], h: Double = 1e-5,
        abs: Double = 1e-8, rel: Double = 1e-5, _ f: ([Double]) throws -> Double
    ) rethrows -> String? {
        var numeric = [Double](repeating: 0, count: x.count)
        var xp = x
        for i in x.indices {
            xp[i] = x[i] + h; let fp = try f(xp)
            xp[i] = x[i] - h; let fm = try f(xp)
            xp[i] = x[i]
            numeric[i] = (fp - fm) / (2 * h)
        }
        return NumericCheck.firstMismatch(name, actual: analytic, reference: numeric, abs: abs, rel: rel)
    }
}
