import Foundation

/// The training loop for SFT, ORPO and DPO/EXO over a `CausalLanguageModel`.
///
/// One optimizer step: `gradientAccumulation` micro-batches of `batchSize` examples each are
/// collated (pairs as 2N rows: chosen, then rejected), run forward, turned into per-token
/// log-probs, scored by the objective (DPO also against cached reference log-probs), and
/// run backward with the loss divided by the accumulation count; then the global gradient
/// norm is clipped, AdamW updates the trainable parameters, and the metrics are logged.
public final class Trainer<Model: CausalLanguageModel> {
    /// The settings.
    public let config: TrainerConfig
    /// The policy being trained.
    public let model: Model
    /// The frozen reference (DPO only); never run backward.
    public let reference: Model?
    /// The tokenized examples.
    public let examples: [TokenizedExample]
    /// The checked objective.
    public let objective: TrainingObjective
    /// The learning-rate schedule over the whole run.
    public let schedule: LearningRateSchedule
    /// Token id used for padding (never a label).
    public let padID: Int32

    /// Optimizer state.
    public internal(set) var optimizer: AdamW
    /// Data order and position.
    public internal(set) var order: DataOrder
    /// Random stream for data order (saved with checkpoints).
    public internal(set) var rng: TrainingRNG
    /// Completed optimizer steps.
    public var step: Int { optimizer.step }
    /// Metrics of every completed step of this process (resumed runs start from the checkpoint).
    public internal(set) var history: [StepMetrics] = []
    /// Summed completion log-probs of the reference model per example, computed once.
    var referenceCache: [Int: (chosen: Double, rejected: Double)] = [:]
    var metricsLog: MetricsLog?

    /// Creates a trainer. Throws with the fix when the settings, data and model disagree.
    /// - Parameters:
    ///   - reference: required for DPO (a frozen copy of the base, or the merged stage-1 model).
    ///   - padID: a valid token id for padding (its labels are ignored).
    public init(config: TrainerConfig, model: Model, reference: Model? = nil, examples: [TokenizedExample], padID: Int32 = 0) throws {
        try config.validate()
        let objective = try config.objective()
        guard !examples.isEmpty else {
            throw TrainingError(.invalidData, "no training examples; check the data file")
        }
        if objective.isPreference, let i = examples.firstIndex(where: { $0.rejected == nil }) {
            throw TrainingError(.invalidData, "\(config.method.rawValue) needs {prompt, chosen, rejected} rows; example \(i + 1) is plain text (train it with sft)")
        }
        if objective.needsReference {
            guard let reference else {
                throw TrainingError(.invalidConfiguration, "DPO needs a frozen reference model: pass a copy of the base (or the merged stage-1 model) as `reference`")
            }
            guard reference !== model else {
                throw TrainingError(.invalidConfiguration, "the reference must be a separate frozen copy, not the policy itself")
            }
            guard reference.vocabularySize == model.vocabularySize else {
                throw TrainingError(.invalidConfiguration, "reference vocabulary \(reference.vocabularySize) differs from the policy's \(model.vocabularySize)")
            }
        }
        let V = model.vocabularySize
        for e in examples {
            let all: [Int32] = e.prompt + e.chosen + (e.rejected ?? [])
            if let bad = all.first(where: { $0 < 0 || Int($0) >= V }) {
                throw TrainingError(.invalidData, "token id \(bad) is outside the model's vocabulary of \(V); the tokenizer and the model do not match")
            }
        }
        if let long = examples.firstIndex(where: { $0.prompt.count + max($0.chosen.count, $0.rejected?.count ?? 0) > model.maxSequenceLength }) {
            throw TrainingError(.invalidConfiguration, "example \(long + 1) is longer than the model's \(model.maxSequenceLength) positions; lower maxLength to at most that")
        }
        guard padID >= 0, Int(padID) < V else {
            throw TrainingError(.invalidConfiguration, "pad id \(padID) is outside the vocabulary of \(V)")
        }
        guard model.parameters.contains(where: \.trainable) else {
            throw TrainingError(.invalidConfiguration, "the model has no trainable parameters; enable LoRA or unfreeze the weights")
        }
        self.config = config
        self.model = model
        self.reference = objective.needsReference ? reference : nil
        self.examples = examples
        self.objective = objective
        self.padID = padID
        self.schedule = try LearningRateSchedule(kind: config.schedule, peak: config.learningRate,
                                                 warmupSteps: config.warmupSteps, totalSteps: config.totalSteps(examples: examples.count))
        self.optimizer = AdamW(settings: config.adam)
        Self.keepLargeBuffersInHeap()
        var rng = TrainingRNG(seed: config.seed)
        self.order = DataOrder(count: examples.count, shuffle: true, rng: &rng)
        self.rng = rng
    }

    /// Runs until `schedule.totalSteps` (or, to stop early, until step `stopAt`), writing
    /// metrics, the loss curve and checkpoints to `config.outputDirectory`; `progress` is
    /// called after every step with the step's metrics and the run's total steps.
    @discardableResult
    public func run(stopAt: Int? = nil, progress: (StepMetrics, _ totalSteps: Int) -> Void = { _, _ in }) throws -> [StepMetrics] {
        if let dir = config.outputDirectory, metricsLog == nil {
            metricsLog = try MetricsLog(url: dir.appendingPathComponent("metrics.jsonl"), truncate: step == 0)
        }
        let end = min(stopAt ?? schedule.totalSteps, schedule.totalSteps)
        var savedAt: Int?
        while step < end {
            let m = try trainStep()
            try metricsLog?.append(m)
            progress(m, schedule.totalSteps)
            if let every = config.saveEvery, step % every == 0, let dir = config.outputDirectory {
                try saveCheckpoint(to: dir.appendingPathComponent("checkpoint-\(step)"))
                savedAt = step
            }
        }
        if let dir = config.outputDirectory {
            if savedAt != step { try saveCheckpoint(to: dir.appendingPathComponent("checkpoint-\(step)")) }
            let all = try MetricsLog.read(dir.appendingPathComponent("metrics.jsonl"))
            try LossCurvePlot(title: "\(config.method.rawValue) training loss", records: all).svg()
                .write(to: dir.appendingPathComponent("loss_curve.svg"), atomically: true, encoding: .utf8)
        }
        return history
    }

    /// One optimizer step over `gradientAccumulation` micro-batches.
    public func trainStep() throws -> StepMetrics {
        let start = DispatchTime.now().uptimeNanoseconds
        let accum = config.gradientAccumulation
        var losses: [Double] = [], terms: [StepMetrics.LossTerms] = [], tokens = 0
        model.zeroGrad()
        for _ in 0..<accum {
            let indices = order.next(config.batchSize, rng: &rng)
            let batch = TokenBatch(indices.map { examples[$0] }, preference: objective.isPreference, padID: padID)
            let ref = try referenceLogProbs(indices)
            let logits = model.forward(tokens: batch.tokens, batch: batch.rows, length: batch.length)
            let lp = try TokenLogProbs(logits: logits, targets: batch.targets, rows: batch.rows, length: batch.length, vocab: model.vocabularySize)
            var result = try objective.evaluate(lp, completionMask: batch.completionMask, nllMask: batch.nllMask, reference: ref)
            guard result.loss.isFinite else {
                throw TrainingError(.notFinite, "loss became \(result.loss) at step \(step + 1); lower the learning rate or check the data")
            }
            for i in result.dLogProbs.indices { result.dLogProbs[i] /= Double(accum) }
            model.backward(dLogits: lp.gradient(dLogProbs: result.dLogProbs))
            losses.append(result.loss); terms.append(result.metrics); tokens += batch.realTokens
        }
        let trainable = model.parameters.filter(\.trainable)
        let norm = GradientClipping.globalNorm(trainable.map(\.grad))
        guard norm.isFinite else {
            throw TrainingError(.notFinite, "gradient norm became \(norm) at step \(step + 1); lower the learning rate or enable clipping")
        }
        let coef = GradientClipping.coefficient(norm: norm, maxNorm: config.maxGradNorm)
        let lr = schedule.rate(at: step)
        optimizer.beginStep()
        for p in trainable {
            GradientClipping.scale(&p.grad, by: coef)
            optimizer.update(name: p.name, value: &p.value, grad: p.grad, lr: lr)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        let m = StepMetrics(step: step, epoch: order.progress, loss: losses.reduce(0, +) / Double(accum),
                            terms: .average(terms), gradNorm: norm, learningRate: lr,
                            tokensPerSecond: Double(tokens) / max(seconds, 1e-9))
        history.append(m)
        return m
    }

    /// Preference accuracy (share of pairs whose implicit reward prefers the chosen answer)
    /// and mean loss on held-out examples, without updating anything.
    public func evaluate(_ heldOut: [TokenizedExample]) throws -> (loss: Double, accuracy: Double?) {
        var loss = 0.0, acc = 0.0, n = 0
        for e in heldOut {
            let batch = TokenBatch([e], preference: objective.isPreference, padID: padID)
            let ref: (chosen: [Double], rejected: [Double])? = try reference.map { r in
                let s = try completionLogProbs(r, batch: batch, objective.reduction)
                return (s.chosen, s.rejected)
            }
            let logits = model.forward(tokens: batch.tokens, batch: batch.rows, length: batch.length)
            let lp = try TokenLogProbs(logits: logits, targets: batch.targets, rows: batch.rows, length: batch.length, vocab: model.vocabularySize)
            let r = try objective.evaluate(lp, completionMask: batch.completionMask, nllMask: batch.nllMask, reference: ref)
            loss += r.loss; acc += r.metrics.accuracy ?? 0; n += 1
        }
        return (loss / Double(max(n, 1)), objective.isPreference ? acc / Double(max(n, 1)) : nil)
    }

    /// glibc serves allocations above its mmap threshold (at most 32 MB by default) with fresh
    /// `mmap`s, so every [B*T*V] logits-sized buffer page-faults again on each step (about 40 ms
    /// per 32 MB here). Raising the threshold keeps freed buffers in the heap for reuse.
    /// Process-wide and only a performance setting; done once.
    static func keepLargeBuffersInHeap() {
        #if canImport(Glibc)
        _ = tuneMalloc
        #endif
    }
}

#if canImport(Glibc)
import Glibc
private let tuneMalloc: Void = {
    // mallopt is declared in <malloc.h>, which the Glibc module does not export: look it up.
    typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
    guard let symbol = dlsym(nil, "mallopt") else { return }
    let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
    _ = mallopt(-3, 1 << 30) // M_MMAP_THRESHOLD: serve up to 1 GiB from the heap
    _ = mallopt(-1, 1 << 30) // M_TRIM_THRESHOLD: keep up to 1 GiB of freed memory for reuse
}()
#endif
