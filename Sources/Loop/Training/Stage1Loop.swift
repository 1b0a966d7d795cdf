import Dispatch
import Foundation
import LM
import Reasoning
import Retrieval
import Store
import Training

/// Settings of `Stage1Loop`.
public struct Stage1Options: Sendable, Codable, Equatable {
    public var rounds: Int = 3
    /// Fresh pairs per round (questions drawn, seeded, from the stored ones). Default 50.
    public var pairsPerRound: Int = 50
    /// ORPO optimizer steps per round. Default 20.
    public var steps: Int = 20
    public var seed: UInt64 = 0
    /// Tokens the current model writes per rejected answer. Default 64.
    public var maxNewTokens: Int = 64
    /// Longest prompt + answer in tokens (at most the model's context). Default 512.
    public var maxLength: Int = 512
    public var learningRate: Double?
    public var beta: Double?
    /// Questions kept out of training for the held-out evaluation (their pairs' rejected side
    /// is written once by the starting checkpoint). Default 8; 0 = no evaluation.
    public var heldOut: Int = 8

    public init(rounds: Int = 3, pairsPerRound: Int = 50, steps: Int = 20, seed: UInt64 = 0) {
        self.rounds = rounds; self.pairsPerRound = pairsPerRound; self.steps = steps; self.seed = seed
    }

    public func validate() throws {
        if rounds < 1 { throw LoopError(.invalidOptions, "--rounds must be at least 1 (got \(rounds))") }
        if pairsPerRound < 1 { throw LoopError(.invalidOptions, "--pairs-per-round must be at least 1 (got \(pairsPerRound))") }
        if steps < 1 { throw LoopError(.invalidOptions, "--steps must be at least 1 (got \(steps))") }
        if maxNewTokens < 1 { throw LoopError(.invalidOptions, "--max-tokens must be at least 1 (got \(maxNewTokens))") }
        if heldOut < 0 { throw LoopError(.invalidOptions, "--held-out must be 0 or more (got \(heldOut))") }
        if maxLength < 8 { throw LoopError(.invalidOptions, "--max-length must be at least 8 (got \(maxLength))") }
    }
}

/// Stage 1 in rounds (method.md sections 2-3): each round draws questions, builds fresh pairs
/// whose rejected side the current model writes (the "in-situ" dataset), trains ORPO with the
/// existing trainer on them, saves the model, and records the run, its metrics, the pairs it
/// trained on and the checkpoint in PostgreSQL. The next round starts from that checkpoint.
/// Training runs on a dedicated thread, never on the cooperative pool.
public struct Stage1Loop: Sendable {
    public let database: Database
    public let retriever: HybridRetriever
    public let answerer: Answerer
    private let queue = DispatchQueue(label: "preflexor.loop.train", qos: .userInitiated)

    public init(database: Database, retriever: HybridRetriever, answerer: Answerer) {
        self.database = database; self.retriever = retriever; self.answerer = answerer
    }

    /// Runs the loop. `parent` is the loop's own run (recorded by `TrainingLauncher`); each
    /// round's run points at it. nil: the rounds' runs stand alone.
    public func run(base: URL, out: URL, options: Stage1Options, parent: Int64? = nil,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> LoopSummary {
        try options.validate()
        let started = ContinuousClock.now
        let repository = TrainingRepository(database)
        let questions = try await repository.questions()
        guard !questions.isEmpty else {
            throw LoopError(.noData, "no questions stored; run `preflexor questions generate` first")
        }
        let base = base.standardizedFileURL
        let (heldOutQuestions, trainQuestions) = RoundSupport.split(questions, heldOut: options.heldOut, seed: options.seed)
        let baseName = try await repository.checkpoint(path: base.path).map { "checkpoint:\($0.id)" } ?? "checkpoint:\(base.path)"

        // Held-out pairs: the starting checkpoint writes their rejected side once; never trained on.
        var heldOutPairs: [StoredPreferencePair] = []
        var before: HeldOutReport?
        if !heldOutQuestions.isEmpty {
            progress("held-out: \(heldOutQuestions.count) questions, rejected side by \(baseName)")
            let rejecter = try NativeModelRejecter(directory: base, name: baseName, maxNewTokens: options.maxNewTokens)
            let built = try await PairBuilder(database: database, retriever: retriever, answerer: answerer, rejecter: rejecter)
                .build(heldOutQuestions, seed: options.seed ^ 0x5EED)
            heldOutPairs = try await repository.pairs(ids: built.compactMap(\.pairID))
            if !heldOutPairs.isEmpty {
                before = try await RoundSupport.evaluate(model: base, reference: nil, pairs: heldOutPairs, masking: .none, beta: options.beta ?? 0.1,
                                                         maxLength: options.maxLength, queue: queue)
                progress(String(format: "held-out before stage 1 (%d pairs): preference accuracy %.2f", heldOutPairs.count, before!.accuracy))
            }
        }

        var current = base
        var rounds: [LoopRound] = []
        var histories: [[StepMetrics]] = []
        for round in 1...options.rounds {
            var rng = SeededGenerator(seed: options.seed &+ UInt64(round) &* 0x9E37_79B9)
            let drawn = Array(QuestionGenerator.shuffled(trainQuestions, rng: &rng).prefix(options.pairsPerRound))
            let known = try await repository.checkpoint(path: current.path)
            let rejectedBy = known.map { "checkpoint:\($0.id)" } ?? "checkpoint:\(current.path)"
            progress("round \(round)/\(options.rounds): \(drawn.count) questions, rejected side by \(rejectedBy)")
            let rejecter = try NativeModelRejecter(directory: current, name: rejectedBy, maxNewTokens: options.maxNewTokens)
            let builder = PairBuilder(database: database, retriever: retriever, answerer: answerer, rejecter: rejecter)
            let built = try await builder.build(drawn, seed: options.seed &+ UInt64(round)) { i, n in progress("round \(round): pair \(i)/\(n)") }
            let pairIDs = built.compactMap(\.pairID)
            guard !pairIDs.isEmpty else {
                throw LoopError(.noData, "round \(round) built no pair: the teacher found no evidence for the drawn questions")
            }
            let dir = out.appendingPathComponent("round-\(round)")
            let data = dir.appendingPathComponent("pairs.jsonl")
            try PairExport.write(try await repository.pairs(ids: pairIDs), to: data)
            let config = Self.configJSON(round: round, options: options, base: current.path, pairs: pairIDs.count, heldOut: heldOutPairs.map(\.id))
            let run = try await repository.startRun(stage: "stage1", baseCheckpoint: current.path, configJSON: config, parent: parent)
            try await repository.link(run: run, pairs: pairIDs, round: round)
            let history: [StepMetrics]
            let saved: URL
            var report: HeldOutReport?
            do {
                progress("round \(round): ORPO, \(options.steps) steps on \(pairIDs.count) pairs")
                let trained = try await train(base: current, data: data, dir: dir, options: options, round: round, progress: progress)
                history = trained.0
                saved = trained.1
                try await RoundSupport.record(history, run: run, repository: repository)
                if !heldOutPairs.isEmpty {
                    report = try await RoundSupport.evaluate(model: saved, reference: nil, pairs: heldOutPairs, masking: .none,
                                                             beta: options.beta ?? 0.1, maxLength: options.maxLength, queue: queue)
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
            if let a = last?.terms.accuracy { line += String(format: ", accuracy %.2f", a) }
            if let r = report { line += String(format: ", held-out preference accuracy %.2f", r.accuracy) }
            progress(line + " -> \(saved.path)")
            rounds.append(LoopRound(round: round, runID: run, checkpointID: checkpoint, checkpointPath: saved.path, pairIDs: pairIDs,
                                    rejectedBy: rejectedBy, skipped: built.count - pairIDs.count, loss: last?.loss ?? .nan,
                                    accuracy: last?.terms.accuracy, tokensPerSecond: tps, heldOut: report))
            histories.append(history)
            current = saved.standardizedFileURL
        }
        let plot = try RoundSupport.writePlot(histories, title: "stage 1 (ORPO) loss, \(options.rounds) rounds", out: out)
        let file = out.appendingPathComponent("summary.json")
        let summary = LoopSummary(stage: "stage1", base: base.path, reference: nil, heldOutPairIDs: heldOutPairs.map(\.id), before: before,
                                  rounds: rounds, lossPlot: plot.path, summaryFile: file.path,
                                  seconds: Double((ContinuousClock.now - started).components.seconds))
        try RoundSupport.writeJSON(summary, to: file)
        return summary
    }

    /// ORPO with the existing trainer on a dedicated queue; returns the history and where the model went.
    func train(base: URL, data: URL, dir: URL, options: Stage1Options, round: Int,
               progress: @escaping @Sendable (String) -> Void) async throws -> ([StepMetrics], URL) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let model = try LlamaCheckpoint.load(from: base)
                    guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: base) else {
                        throw LoopError(.model, "\(base.path) has no tokenizer.json")
                    }
                    var config = TrainerConfig(method: .orpo)
                    config.outputDirectory = dir
                    config.maxSteps = options.steps
                    config.maxLength = min(options.maxLength, model.config.maxPositionEmbeddings)
                    config.maxPromptLength = config.maxLength / 2
                    config.seed = options.seed &+ UInt64(round)
                    if let lr = options.learningRate { config.learningRate = lr }
                    if let beta = options.beta { config.beta = beta }
                    let trainer = try Trainer(config: config, model: model, data: data, tokenizer: tokenizer)
                    let history = try trainer.run { m, total in progress(RoundSupport.line(round: round, m, total: total)) }
                    let saved = try trainer.saveModel(to: dir.appendingPathComponent("model"), tokenizer: tokenizer)
                    continuation.resume(returning: (history, saved))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func configJSON(round: Int, options: Stage1Options, base: String, pairs: Int, heldOut: [Int64]) -> String {
        struct Config: Encodable {
            var round: Int; var base: String; var pairs: Int; var options: Stage1Options; var heldOutPairs: [Int64]; var loss = "orpo"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(Config(round: round, base: base, pairs: pairs, options: options, heldOutPairs: heldOut)), as: UTF8.self)) ?? "{}"
    }
}
