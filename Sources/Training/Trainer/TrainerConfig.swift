import Foundation
import LM

/// Everything a training run needs besides the model and the data. Defaults follow
/// method.md: ORPO lr 5e-5 constant, batch 1 x grad-accum 2, beta 0.1; DPO/EXO exo_pair,
/// eps 5e-3, beta 0.1, lr 5e-7, max grad norm 0.3, answer-only thinking mask.
public struct TrainerConfig: Sendable {
    /// The training method.
    public enum Method: String, Codable, Sendable, CaseIterable {
        /// Supervised fine-tuning (causal-LM NLL).
        case sft
        /// ORPO (stage 1).
        case orpo
        /// DPO sigmoid or EXO pair against a frozen reference (stage 2).
        case dpo
    }

    /// The method.
    public var method: Method
    /// ORPO lambda or DPO beta (default 0.1).
    public var beta: Double = 0.1
    /// DPO loss type (default exo_pair).
    public var dpoLossType: DPOLoss.Kind = .exoPair
    /// DPO label smoothing eps (default 5e-3; must be > 0 for exo_pair).
    public var labelSmoothing: Double = 5e-3
    /// Peak learning rate (default: 5e-5 SFT/ORPO, 5e-7 DPO).
    public var learningRate: Double
    /// Schedule shape (default constant).
    public var schedule: LearningRateSchedule.Kind = .constant
    /// Linear warm-up steps (default 0).
    public var warmupSteps: Int = 0
    /// Examples (pairs) per micro-batch (default 1).
    public var batchSize: Int = 1
    /// Micro-batches per optimizer step (default 2).
    public var gradientAccumulation: Int = 2
    /// Clip the global gradient norm to this (default 1.0 as Hugging Face; DPO 0.3); nil = off.
    public var maxGradNorm: Double? = 1.0
    /// AdamW settings (Hugging Face defaults).
    public var adam: AdamW.Settings = try! AdamW.Settings()
    /// Optimizer steps to run; nil = `epochs` full passes.
    public var maxSteps: Int?
    /// Passes over the data when `maxSteps` is nil (default 1).
    public var epochs: Int = 1
    /// Longest prompt + completion in tokens (default 1024).
    public var maxLength: Int = 1024
    /// Longest prompt in tokens when truncating (default 512).
    public var maxPromptLength: Int = 512
    /// The chat template preference pairs are rendered with before tokenizing (default
    /// `ChatTemplate()`, the format of `generate --chat` and `export trl`); nil = verbatim.
    public var chatTemplate: ChatTemplate? = ChatTemplate()
    /// Stage-2 thinking masking (default: none for SFT/ORPO, answer-only for DPO).
    public var thinkingMasking: ThinkingMasking
    /// Seed of data order and random masks (default 42).
    public var seed: UInt64 = 42
    /// Where metrics.jsonl, loss_curve.svg and checkpoint-N/ go; nil = write nothing.
    public var outputDirectory: URL?
    /// Save a resumable checkpoint every N optimizer steps (and at the end); nil = only at the end.
    public var saveEvery: Int?

    /// Method defaults from method.md; adjust fields afterwards.
    public init(method: Method) {
        self.method = method
        switch method {
        case .sft, .orpo:
            learningRate = 5e-5
            thinkingMasking = .none
        case .dpo:
            learningRate = 5e-7
            maxGradNorm = 0.3
            thinkingMasking = .answerOnly
        }
    }

    /// The loss, checked; throws with the fix when a setting is invalid.
    public func objective() throws -> TrainingObjective {
        switch method {
        case .sft: return .sft
        case .orpo:
            guard beta > 0, beta.isFinite else {
                throw TrainingError(.invalidConfiguration, "ORPO beta (lambda) must be > 0 (got \(beta)); method.md uses 0.1")
            }
            return .orpo(beta: beta)
        case .dpo: return .dpo(try DPOLoss(kind: dpoLossType, beta: beta, labelSmoothing: labelSmoothing))
        }
    }

    /// Checks the settings that do not depend on the data.
    public func validate() throws {
        _ = try objective()
        guard batchSize >= 1, gradientAccumulation >= 1, epochs >= 1 else {
            throw TrainingError(.invalidConfiguration, "batch size, gradient accumulation and epochs must be >= 1 (got \(batchSize), \(gradientAccumulation), \(epochs))")
        }
        if let maxSteps, maxSteps < 1 {
            throw TrainingError(.invalidConfiguration, "maxSteps must be >= 1 (got \(maxSteps)); leave it unset to train for `epochs`")
        }
        if let maxGradNorm, !(maxGradNorm > 0) {
            throw TrainingError(.invalidConfiguration, "max grad norm must be > 0 (got \(maxGradNorm)); set it to nil to disable clipping")
        }
        if case .randomPartial(let f) = thinkingMasking, !(0...1).contains(f) {
            throw TrainingError(.invalidConfiguration, "the random thinking-mask fraction must lie in [0, 1] (got \(f))")
        }
        guard maxLength >= 2, maxPromptLength >= 1, maxPromptLength < maxLength else {
            throw TrainingError(.invalidConfiguration, "need 1 <= maxPromptLength < maxLength and maxLength >= 2 (got maxPromptLength \(maxPromptLength), maxLength \(maxLength)); the prompt must leave room for the answer")
        }
        if let saveEvery, saveEvery < 1 {
            throw TrainingError(.invalidConfiguration, "saveEvery must be >= 1 (got \(saveEvery))")
        }
        _ = try LearningRateSchedule(kind: schedule, peak: learningRate, warmupSteps: warmupSteps, totalSteps: 1)
    }

    /// Optimizer steps for `examples` examples.
    public func totalSteps(examples: Int) -> Int {
        if let maxSteps { return maxSteps }
        let perStep = batchSize * gradientAccumulation
        return max(1, (examples * epochs + perStep - 1) / perStep)
    }
}
