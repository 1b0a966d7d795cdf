import Foundation

/// AdamW with decoupled weight decay (Loshchilov and Hutter, arXiv 1711.05101, Algorithm 2),
/// step for step as PyTorch's `torch.optim.AdamW` (single-tensor path):
///
///     p <- p * (1 - lr * wd)
///     m <- b1 m + (1 - b1) g;  v <- b2 v + (1 - b2) g^2
///     p <- p - (lr / (1 - b1^t)) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)
///
/// State (m, v per parameter name, and the step t) is saved in trainer checkpoints.
public struct AdamW: Sendable {
    /// Hyper-parameters; defaults are Hugging Face `TrainingArguments`' (lr comes from the schedule).
    public struct Settings: Codable, Sendable, Equatable {
        /// First-moment decay (default 0.9).
        public var beta1: Double = 0.9
        /// Second-moment decay (default 0.999).
        public var beta2: Double = 0.999
        /// Added to the denominator for stability (default 1e-8).
        public var epsilon: Double = 1e-8
        /// Decoupled weight decay per unit lr (default 0, as in `TrainingArguments`).
        public var weightDecay: Double = 0
        /// Creates settings; throws when a value is out of range.
        public init(beta1: Double = 0.9, beta2: Double = 0.999, epsilon: Double = 1e-8, weightDecay: Double = 0) throws {
            guard (0..<1).contains(beta1), (0..<1).contains(beta2) else {
                throw TrainingError(.invalidConfiguration, "AdamW betas must lie in [0, 1) (got \(beta1), \(beta2)); the usual values are 0.9 and 0.999")
            }
            guard epsilon > 0, weightDecay >= 0 else {
                throw TrainingError(.invalidConfiguration, "AdamW epsilon must be > 0 and weight decay >= 0 (got \(epsilon), \(weightDecay))")
            }
            self.beta1 = beta1; self.beta2 = beta2; self.epsilon = epsilon; self.weightDecay = weightDecay
        }
    }

    /// First and second moments of one parameter, same length as the parameter.
    public struct Moments: Sendable, Equatable {
        /// Exponential moving average of the gradient.
        public var m: [Float]
        /// Exponential moving average of the squared gradient.
        public var v: [Float]
    }

    /// The hyper-parameters.
    public let settings: Settings
    /// Number of completed optimizer steps (PyTorch's `state["step"]`).
    public private(set) var step: Int = 0
    /// Moments by parameter name.
    public internal(set) var moments: [String: Moments] = [:]

    /// A fresh optimizer.
    public init(settings: Settings) { self.settings = settings }

    /// Starts a new optimizer step (increments t); call once before the `update`s of a step.
    public mutating func beginStep() { step += 1 }

    /// Hugging Face's default: no weight decay for biases and norm weights.
    public static func decays(_ name: String) -> Bool {
        !(name.hasSuffix(".bias") || name.contains("norm"))
    }

    /// Updates one parameter in place from its gradient.
    /// - Parameters: value, grad: same length; lr: this step's learning rate.
    public mutating func update(name: String, value: inout [Float], grad: [Float], lr: Double) {
        precondition(step > 0, "call beginStep() before update(name:value:grad:lr:)")
        precondition(value.count == grad.count, "\(name): \(value.count) values but \(grad.count) gradients")
        var mo = moments[name] ?? Moments(m: [Float](repeating: 0, count: value.count), v: [Float](repeating: 0, count: value.count))
        moments[name] = nil // keep the arrays uniquely referenced while mutating
        let b1 = Float(settings.beta1), b2 = Float(settings.beta2), eps = Float(settings.epsilon)
        let bc1 = 1 - pow(settings.beta1, Double(step)), bc2 = 1 - pow(settings.beta2, Double(step))
        let stepSize = Float(lr / bc1), bc2Sqrt = Float(bc2.squareRoot())
        let decay = Self.decays(name) ? Float(1 - lr * settings.weightDecay) : 1
        value.withUnsafeMutableBufferPointer { p in
            grad.withUnsafeBufferPointer { g in
                mo.m.withUnsafeMutableBufferPointer { m in
                    mo.v.withUnsafeMutableBufferPointer { v in
                        Self.kernel(p: p, g: g, m: m, v: v, b1: b1, b2: b2, eps: eps, stepSize: stepSize, bc2Sqrt: bc2Sqrt, decay: decay)
                    }
                }
            }
        }
        moments[name] = mo
    }

    /// The update over whole buffers, 8 lanes at a time (same IEEE operations as the scalar
    /// tail, so results do not depend on the split).
    private static func kernel(
        p: UnsafeMutableBufferPointer<Float>, g: UnsafeBufferPointer<Float>, m: UnsafeMutableBufferPointer<Float>,
        v: UnsafeMutableBufferPointer<Float>, b1: Float, b2: Float, eps: Float, stepSize: Float, bc2Sqrt: Float, decay: Float
    ) {
        let n = p.count
        var i = 0
        let P = UnsafeMutableRawPointer(p.baseAddress!), G = UnsafeRawPointer(g.baseAddress!)
        let M = UnsafeMutableRawPointer(m.baseAddress!), Vr = UnsafeMutableRawPointer(v.baseAddress!)
        typealias V8 = SIMD8<Float>
        while i + 8 <= n {
            let o = i * 4
            let gi = G.loadUnaligned(fromByteOffset: o, as: V8.self)
            var mi = M.loadUnaligned(fromByteOffset: o, as: V8.self)
            var vi = Vr.loadUnaligned(fromByteOffset: o, as: V8.self)
            mi += (gi - mi) * (1 - b1)
            vi = vi * b2 + (1 - b2) * gi * gi
            let denom = vi.squareRoot() / bc2Sqrt + eps
            let pi = P.loadUnaligned(fromByteOffset: o, as: V8.self) * decay - stepSize * mi / denom
            M.storeBytes(of: mi, toByteOffset: o, as: V8.self)
            Vr.storeBytes(of: vi, toByteOffset: o, as: V8.self)
            P.storeBytes(of: pi, toByteOffset: o, as: V8.self)
            i += 8
        }
        while i < n {
            let gi = g[i]
            m[i] += (gi - m[i]) * (1 - b1)
            v[i] = v[i] * b2 + (1 - b2) * gi * gi
            let denom = v[i].squareRoot() / bc2Sqrt + eps
            p[i] = p[i] * decay - stepSize * m[i] / denom
            i += 1
        }
    }

    /// Restores a saved state (see `TrainerCheckpoint`).
    public mutating func restore(step: Int, moments: [String: Moments]) {
        self.step = step
        self.moments = moments
    }
}
