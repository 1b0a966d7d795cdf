import Foundation

/// Learning-rate schedules, as Hugging Face `get_scheduler` computes them: the multiplier at
/// optimizer step `s` (0-based; the first update uses `s = 0`) times the peak rate.
public struct LearningRateSchedule: Codable, Sendable, Equatable {
    /// The schedule's shape.
    public enum Kind: String, Codable, Sendable, CaseIterable {
        /// Peak rate throughout (method.md stage 1: 5e-5 constant). Ignores warm-up.
        case constant
        /// Linear warm-up from 0, then constant.
        case constantWithWarmup = "constant_with_warmup"
        /// Linear warm-up, then half a cosine down to 0 at `totalSteps`.
        case cosine
        /// Linear warm-up, then linear decay to 0 at `totalSteps`.
        case linear
    }

    /// The shape.
    public var kind: Kind
    /// Peak learning rate (> 0).
    public var peak: Double
    /// Warm-up steps (>= 0).
    public var warmupSteps: Int
    /// Total optimizer steps of the run (> 0); used by the decaying schedules.
    public var totalSteps: Int

    /// Checks the settings.
    public init(kind: Kind, peak: Double, warmupSteps: Int = 0, totalSteps: Int) throws {
        guard peak > 0, peak.isFinite else {
            throw TrainingError(.invalidConfiguration, "learning rate must be a positive number (got \(peak)); method.md uses 5e-5 for ORPO and 5e-7-1e-6 for DPO/EXO")
        }
        guard warmupSteps >= 0, totalSteps > 0 else {
            throw TrainingError(.invalidConfiguration, "warm-up steps must be >= 0 and total steps > 0 (got \(warmupSteps), \(totalSteps))")
        }
        self.kind = kind; self.peak = peak; self.warmupSteps = warmupSteps; self.totalSteps = totalSteps
    }

    /// The learning rate for optimizer step `step` (0-based).
    public func rate(at step: Int) -> Double {
        if kind == .constant { return peak }
        if step < warmupSteps { return peak * Double(step) / Double(max(1, warmupSteps)) }
        let progress = Double(step - warmupSteps) / Double(max(1, totalSteps - warmupSteps))
        switch kind {
        case .constant, .constantWithWarmup: return peak
        case .cosine: return peak * max(0, 0.5 * (1 + cos(Double.pi * progress)))
        case .linear: return peak * max(0, Double(totalSteps - step) / Double(max(1, totalSteps - warmupSteps)))
        }
    }
}
