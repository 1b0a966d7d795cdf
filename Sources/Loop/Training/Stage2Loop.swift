import Dispatch
import Foundation
import LM
import Reasoning
import Retrieval
import Store
import Training

/// Settings of `Stage2Loop`.
public struct Stage2Options: Sendable, Codable, Equatable {
    public var rounds: Int = 2
    /// Fresh pairs per round. Default 50.
    public var pairsPerRound: Int = 50
    /// DPO/EXO optimizer steps per round. Default 20.
    public var steps: Int = 20
    public var seed: UInt64 = 0
    /// The DPO-family loss (method.md: exo_pair).
    public var loss: DPOLoss.Kind = .exoPair
    /// DPO beta. Default 0.1.
    public var beta: Double = 0.1
    /// Label smoothing eps (exo_pair needs > 0). Default 5e-3.
    public var labelSmoothing: Double = 5e-3
    /// Learning rate; nil = method.md's 5e-7 (a tiny native model needs far more, e.g. 1e-4).
    public var learningRate: Double?
    /// Tokens the policy writes per sampled answer (with thinking). Default 96.
    public var maxNewTokens: Int = 96
    /// Policy samples per question at most (rejection sampling). Default 3.
    public var samples: Int = 3
    /// Questions kept out of training for the held-out evaluation. Default 8.
    public var heldOut: Int = 8
    /// Longest prompt + answer in tokens. Default 512.
    public var maxLength: Int = 512

    public init(rounds: Int = 2, pairsPerRound: Int = 50, steps: Int = 20, seed: UInt64 = 0) {
        self.rounds = rounds; self.pairsPerRound = pairsPerRound; self.steps = steps; self.seed = seed
    }

    public func validate() throws {
        if rounds < 1 { throw LoopError(.invalidOptions, "--rounds must be at least 1 (got \(rounds))") }
        if pairsPerRound < 1 { throw LoopError(.invalidOptions, "--pairs-per-round must be at least 1 (got \(pairsPerRound))") }
        if steps < 1 { throw LoopError(.invalidOptions, "--steps must be at least 1 (got \(steps))") }
        if maxNewTokens < 1 { throw LoopError(.invalidOptions, "--max-tokens must be at least 1 (got \(maxNewTokens))") }
        if samples < 1 { throw LoopError(.invalidOptions, "--samples must be at least 1 (got \(samples))") }
        if heldOut < 0 { throw LoopError(.invalidOptions, "--held-out must be 0 or more (got \(heldOut))") }
        if maxLength < 8 { throw LoopError(.invalidOptions, "--max-length must be at least 8 (got \(maxLength))") }
        do { _ = try DPOLoss(kind: loss, beta: beta, labelSmoothing: labelSmoothing) } catch {
            throw LoopError(.invalidOptions, "\(error)")
        }
    }
}

/// One finished round of a stage-1 or stage-2 loop.
public struct LoopRound: Sendable, Codable, Equatable {
    public var round: Int
    public var runID: Int64
    public var checkpointID: Int64
    public var checkpointPath: String
    public var pairIDs: [Int64]
    /// The model that wrote the rejected side ('checkpoint:<id or path>').
    public var rejectedBy: String
    /// Questions the round drew that got no pair (no evidence, or no worse policy sample).
    public var skipped: Int
    /// The last step's loss and preference accuracy; mean tokens/s of the round.
    public var loss: Double
    public var accuracy: Double?
    public var tokensPerSecond: Double
    /// Held-out figures after this round (nil without held-out pairs).
    public var heldOut: HeldOutReport?
}

/// What a loop run did: the rounds, the held-out figures before the first round, and where the
/// run's files are.
public struct LoopSummary: Sendable, Codable, Equatable {
    public var stage: String
    public var base: String
    public var reference: String?
    public var heldOutPairIDs: [Int64]
    /// The starting checkpoint on the held-out pairs (round 0).
    public var before: HeldOutReport?
    public var rounds: [LoopRound]
    public var lossPlot: String
    public var summaryFile: String
    public var seconds: Double
}

/// Stage 2 in rounds (method.md section 4): the stage-1 checkpoint is the frozen reference;
/// each round draws questions, samples the current policy's answers **with thinking** and keeps
/// those the graph critic scores below the chosen answer (rejection sampling), trains DPO/EXO
/// with every label up to the last `<|/thinking|>` masked (answer only), evaluates on held-out
/// pairs (preference accuracy and the answer-only reward margin against the reference), saves
/// the model, and records run, metrics, pairs and checkpoint in PostgreSQL.
public struct Stage2Loop: Sendable {
    public let database: Database
    public let retriever: HybridRetriever
    public let answerer: Answerer
    private let queue = DispatchQueue(label: "preflexor.loop.stage2", qos: .userInitiated)

    public init(database: Database, retriever: HybridRetriever, answerer: Answerer) {
        self.database = database; self.retriever = retriever; self.answerer = answerer
    }

    func rejecter(_ dir: URL, name: String, options: Stage2Options) throws -> PolicyRejecter {
        let generator = try NativeGenerator(directory: dir, name: name, config: GenerationConfig(
            maxNewTokens: options.maxNewTokens, temperature: 1.0, topP: 0.9, seed: options.seed))
        return PolicyRejecter(generator: generator, answerer: answerer, name: name, samples: options.samples)
    }

    func builder(_ rejecter: PolicyRejecter) -> PairBuilder {
        var b = PairBuilder(database: database, retriever: retriever, answerer: answerer, rejecter: rejecter)
        b.stage = 2
        b.teacherFallback = false
        return b
    }

    /// Runs the loop. `parent` is the loop's own run (recorded by `TrainingLauncher`); each
    /// round's run points at it. nil: the rounds' runs stand alone.
    public func run(reference: URL, out: URL, options: Stage2Options, parent: Int64? = nil,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> LoopSummary {
        try options.validate()
        let started = ContinuousClock.now
        let repository = TrainingRepository(database)
        let questions = try await repository.questions()
        guard !questions.isEmpty else {
            throw LoopError(.noData, "no questions stored; run `preflexor questions generate` first")
        }
        let reference = reference.standardizedFileURL
        let (heldOutQuestions, trainQuestions) = RoundSupport.split(questions, heldOut: options.heldOut, seed: options.seed)
        let refName = try await repository.checkpoint(path: reference.path).map { "checkpoint:\($0.id)" } ?? "checkpoint:\(reference.path)"

        // Held-out pairs: rejected sides sampled from the starting policy (the reference), never trained on.
        var heldOutPairs: [StoredPreferencePair] = []
        var before: HeldOutReport?
        if !heldOutQuestions.isEmpty {
            progress("held-out: \(heldOutQuestions.count) questions, policy samples by \(refName)")
            let built = try await builder(try rejecter(reference, name: refName, options: options))
                .build(heldOutQuestions, seed: options.seed ^ 0x5EED)
            heldOutPairs = try await repository.pairs(ids: built.compactMap(\.pairID))
            if !heldOutPairs.isEmpty {
                before = try await RoundSupport.evaluate(model: reference, reference: reference, pairs: heldOutPairs, masking: .answerOnly,
                                                         beta: options.beta, maxLength: options.maxLength, queue: queue)
                progress(String(format: "held-out before stage 2 (%d pairs): accuracy %.2f, margin %.3f",
                                heldOutPairs.count, before!.accuracy, before!.margin ?? 0))
            }
        }

        var current = reference
        var rounds: [LoopRound] = []
        var histories: [[StepMetrics]] = []
        for round in 1...options.rounds {
            var rng = SeededGenerator(seed: options.seed &+ UInt64(round) &* 0x9E37_79B9 ^ 0x2)
            let drawn = Array(QuestionGenerator.shuffled(trainQuestions, rng: &rng).prefix(options.pairsPerRound))
            let rejectedBy = try await repository.checkpoint(path: current.path).map { "checkpoint:\($0.id)" } ?? "checkpoint:\(current.path)"
            progress("round \(round)/\(options.rounds): \(drawn.count) questions, policy samples with thinking by \(rejectedBy)")
            let built = try await builder(try rejecter(current, name: rejectedBy, options: options))
                .build(drawn, seed: options.seed &+ UInt64(round) ^ 0x2) { i, n in progress("round \(round): pair \(i)/\(n)") }
            let pairIDs = built.compactMap(\.pairID)
            guard !pairIDs.isEmpty else {
                throw LoopError(.noData, "round \(round) built no stage-2 pair: no policy sample scored worse than the chosen answer, or no evidence")
            }
            let dir = out.appendingPathComponent("round-\(round)")
            let data = dir.appendingPathComponent("pairs.jsonl")
            try PairExport.write(try await repository.pairs(ids: pairIDs), to: data)
            let run = try await repository.startRun(stage: "stage2", baseCheckpoint: current.path,
                                                    configJSON: Self.configJSON(round: round, options: options, base: current.path,
                                                                                reference: reference.path, pairs: pairIDs.count,
                                                                                heldOut: heldOutPairs.map(\.id)),
                                                    parent: parent)
            try await repository.link(run: run, pairs: pairIDs, round: round)
            let history: [StepMetrics], saved: URL
            var report: HeldOutReport?
            do {
                progress("round \(round): \(options.loss.rawValue), \(options.steps) steps on \(pairIDs.count) pairs, thinking masked")
                let trained = try await train(policy: current, reference: reference, data: data, dir: dir, options: options, round: round,
                                              progress: progress)
                history = trained.0
                saved = trained.1
                try await RoundSupport.record(history, run: run, repository: repository)
                if !heldOutPairs.isEmpty {
                    report = try await RoundSupport.evaluate(model: saved, reference: reference, pairs: heldOutPairs, masking: .answerOnly,
                                                             beta: options.beta, maxLength: options.maxLength, queue: queue)
                    try await RoundSupport.record(report!, run: run, step: history.last?.step ?? 0, repository: repository)
                }
            } catch {
                try? await repository.finishRun(run, failed: true, error: "\(error)")
                throw error
            }
            let checkpoint = try await repository.addCheckpoint(run: run, path: saved.standardizedFileURL.path, step: history.last?.step ?? 0)
            try await repository.finishRun(run)
            let last = history.last
            let tps = history.map(\.tokensPerSecond).reduce(0, +) / Double(max(history.count, 1))
            var line = String(format: "round %d: loss %.4f", round, last?.loss ?? .nan)
            if let r = report { line += String(format: ", held-out accuracy %.2f, margin %.3f", r.accuracy, r.margin ?? 0) }
            progress(line + " -> \(saved.path)")
            rounds.append(LoopRound(round: round, runID: run, checkpointID: checkpoint, checkpointPath: saved.path, pairIDs: pairIDs,
                                    rejectedBy: rejectedBy, skipped: built.count - pairIDs.count, loss: last?.loss ?? .nan,
                                    accuracy: last?.terms.accuracy, tokensPerSecond: tps, heldOut: report))
            histories.append(history)
            current = saved.standardizedFileURL
        }
        let plot = try RoundSupport.writePlot(histories, title: "stage 2 (\(options.loss.rawValue)) loss, \(options.rounds) rounds", out: out)
        let file = out.appendingPathComponent("summary.json")
        let summary = LoopSummary(stage: "stage2", base: reference.path, reference: reference.path, heldOutPairIDs: heldOutPairs.map(\.id),
                                  before: before, rounds: rounds, lossPlot: plot.path, summaryFile: file.path,
                                  seconds: Double((ContinuousClock.now - started).components.seconds))
        try RoundSupport.writeJSON(summary, to: file)
        return summary
    }

    /// DPO/EXO on a dedicated queue: the policy from `policy`, the frozen reference from
    /// `reference`, answer-only thinking mask.
    func train(policy: URL, reference: URL, data: URL, dir: URL, options: Stage2Options, round: Int,
               progress: @escaping @Sendable (String) -> Void) async throws -> ([StepMetrics], URL) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let model = try LlamaCheckpoint.load(from: policy)
                    let ref = try LlamaCheckpoint.load(from: reference)
                    guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: policy) else {
                        throw LoopError(.model, "\(policy.path) has no tokenizer.json")
                    }
                    var config = TrainerConfig(method: .dpo)
                    config.outputDirectory = dir
                    config.maxSteps = options.steps
                    config.maxLength = min(options.maxLength, model.config.maxPositionEmbeddings)
                    config.maxPromptLength = config.maxLength / 2
                    config.seed = options.seed &+ UInt64(round)
                    config.dpoLossType = options.loss
                    config.beta = options.beta
                    config.labelSmoothing = options.labelSmoothing
                    config.thinkingMasking = .answerOnly
                    if let lr = options.learningRate { config.learningRate = lr }
                    let trainer = try Trainer(config: config, model: model, reference: ref, data: data, tokenizer: tokenizer)
                    let history = try trainer.run { m, total in progress(RoundSupport.line(round: round, m, total: total)) }
                    let saved = try trainer.saveModel(to: dir.appendingPathComponent("model"), tokenizer: tokenizer)
                    continuation.resume(returning: (history, saved))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func configJSON(round: Int, options: Stage2Options, base: String, reference: String, pairs: Int, heldOut: [Int64]) -> String {
        struct Config: Encodable {
            var round: Int; var base: String; var reference: String; var pairs: Int; var options: Stage2Options
            var heldOutPairs: [Int64]; var thinkingMask = "answer_only"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(Config(round: round, base: base, reference: reference, pairs: pairs, options: options,
                                                            heldOutPairs: heldOut)), as: UTF8.self)) ?? "{}"
    }
}
