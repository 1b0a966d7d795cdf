import Foundation

/// Numerically stable scalar primitives used by the preference losses (all in `Double`).
public enum StableMath {
    /// `sigmoid(x) = 1 / (1 + exp(-x))`, evaluated on the side where `exp` cannot overflow.
    @inlinable public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// `softplus(x) = log(1 + exp(x))`; for large `x` written as `x + log1p(exp(-x))`
    /// so `exp` never overflows.
    @inlinable public static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }

    /// `log(sigmoid(x)) = -softplus(-x)`: `log(sigmoid(x))` underflows to `log(0) = -inf`
    /// for `x` below about -745, softplus does not.
    @inlinable public static func logSigmoid(_ x: Double) -> Double {
        -softplus(-x)
    }

    /// `log(1 - exp(x))` for `x <= 0`. Switches form at `-ln 2` to avoid cancellation
    /// (Maechler 2012): `log(-expm1(x))` near 0, `log1p(-exp(x))` below.
    @inlinable public static func log1mexp(_ x: Double) -> Double {
        x > -M_LN2 ? log(-expm1(x)) : log1p(-exp(x))
    }
}
