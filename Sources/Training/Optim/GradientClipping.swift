/// Clipping by global L2 norm, as `torch.nn.utils.clip_grad_norm_`:
/// `coef = min(1, maxNorm / (norm + 1e-6))`, every gradient multiplied by `coef`.
public enum GradientClipping {
    /// The global L2 norm over all gradients (accumulated in Double).
    public static func globalNorm(_ grads: [[Float]]) -> Double {
        var s = 0.0
        for g in grads { for x in g { s += Double(x) * Double(x) } }
        return s.squareRoot()
    }

    /// The factor the gradients are multiplied by for a given norm; 1 when `maxNorm` is nil.
    public static func coefficient(norm: Double, maxNorm: Double?) -> Double {
        guard let maxNorm else { return 1 }
        return min(1, maxNorm / (norm + 1e-6))
    }

    /// Scales `grad` in place by `coef`.
    public static func scale(_ grad: inout [Float], by coef: Double) {
        guard coef != 1 else { return }
        let c = Float(coef)
        for i in grad.indices { grad[i] *= c }
    }
}
