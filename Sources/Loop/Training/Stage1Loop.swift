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

    public init(rounds: Int = 3, pairsPerRound: Int = 50, steps: Int = 20, seed: UInt64 = 0) {
        self.rounds = rounds; self.pairsPerRound = pairsPerRound; self.steps = steps; self.seed = seed
    }

    public func validate() throws {
        if rounds < 1 { throw LoopError(.invalidOptions, "--rounds must be at least 1 (got \(rounds))") }
        if pairsPerRound < 1 { throw LoopError(.invalidOptions, "--pairs-per-round must be at least 1 (got \(pairsPerRound))") }
        if steps < 1 { throw LoopError(.invalidOptions, "--steps must be at least 1 (got \(steps))") }
        if maxNewTokens < 1 { throw LoopError(.invalidOptions, "max new tokens must be at least 1") }
        if maxLength < 8 { throw LoopError(.invalidOptions, "--max-length must be at least 8 (got \(maxLength))") }
    }
}

/// One finished round of `Stage1Loop`.
public struct Stage1Round: Sendable, Codable, Equatable {
    public var round: Int
    public var runID: Int64
    public var checkpointID: Int64
    public var checkpointPath: String
    public var pairIDs: [Int64]
    /// The model that wrote the rejected side ('checkpoint:<id or path>').
    public var rejectedBy: String
    /// Mean loss and preference accuracy of the round's last step.
    public var loss: Double
    public var accuracy: Double?
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

    public func run(base: URL, out: URL, options: Stage1Options,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> [Stage1Round] {
        try options.validate()
        let repository = TrainingRepository(database)
        let questions = try await repository.questions()
        guard !questions.isEmpty else {
            throw LoopError(.noData, "no questions stored; run `preflexor questions generate` first")
        }
        var current = base.standardizedFileURL
        var rounds: [Stage1Round] = []
        for round in 1...options.rounds {
            var rng = SeededGenerator(seed: options.seed &+ UInt64(round) &* 0x9E37_79B9)
            let drawn = Array(QuestionGenerator.shuffled(questions, rng: &rng).prefix(options.pairsPerRound))
            let known = try await repository.checkpoint(path: current.path)
            let rejectedBy = known.map { "checkpoint:\($0.id)" } ?? "checkpoint:\(current.path)"
            progress("round \(round)/\(options.rounds): \(drawn.count) questions, rejected side by \(rejectedBy)")
            let rejecter = try NativeModelRejecter(directory: current, name: rejectedBy, maxNewTokens: options.maxNewTokens)
            let builder = PairBuilder(database: database, retriever: retriever, answerer: answerer, rejecter: rejecter)
            let built = try await builder.build(drawn, seed: options.seed &+ UInt64(round))
            let pairIDs = built.compactMap(\.pairID)
            guard !pairIDs.isEmpty else {
                throw LoopError(.noData, "round \(round) built no pair: the teacher found no evidence for the drawn questions")
            }
            let dir = out.appendingPathComponent("round-\(round)")
            let data = dir.appendingPathComponent("pairs.jsonl")
            try PairExport.write(try await repository.pairs(ids: pairIDs), to: data)
            let config = Self.configJSON(round: round, options: options, base: current.path, pairs: pairIDs.count)
            let run = try await repository.startRun(stage: "stage1", baseCheckpoint: current.path, configJSON: config)
            try await repository.link(run: run, pairs: pairIDs, round: round)
            let history: [StepMetrics]
            let saved: URL
            do {
                progress("round \(round): ORPO, \(options.steps) steps on \(pairIDs.count) pairs")
                let trained = try await train(base: current, data: data, dir: dir, options: options, round: round)
                history = trained.0
                saved = trained.1
                for m in history {
                    var values: [String: Double] = ["loss": m.loss, "nll": m.terms.nll, "tokens_per_s": m.tokensPerSecond,
                                                    "grad_norm": m.gradNorm]
                    if let a = m.terms.accuracy { values["accuracy"] = a }
                    if let r = m.terms.logOddsRatio { values["log_odds_ratio"] = r }
                    try await repository.record(run: run, step: m.step, metrics: values)
                }
            } catch {
                try? await repository.finishRun(run, failed: true)
                throw error
            }
            let checkpoint = try await repository.addCheckpoint(run: run, path: saved.standardizedFileURL.path, step: history.last?.step ?? 0)
            try await repository.finishRun(run)
            let last = history.last
            progress(String(format: "round %d: loss %.4f%@ -> %@", round, last?.loss ?? .nan,
                            last?.terms.accuracy.map { String(format: ", accuracy %.2f", $0) } ?? "", saved.path))
            rounds.append(Stage1Round(round: round, runID: run, checkpointID: checkpoint, checkpointPath: saved.path, pairIDs: pairIDs,
                                      rejectedBy: rejectedBy, loss: last?.loss ?? .nan, accuracy: last?.terms.accuracy))
            current = saved.standardizedFileURL
        }
        return rounds
    }

    /// ORPO with the existing trainer on a dedicated queue; returns the history and where the model went.
    func train(base: URL, data: URL, dir: URL, options: Stage1Options, round: Int) async throws -> ([StepMetrics], URL) {
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
                    let history = try trainer.run()
                    let saved = try trainer.saveModel(to: dir.appendingPathComponent("model"), tokenizer: tokenizer)
                    continuation.resume(returning: (history, saved))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func configJSON(round: Int, options: Stage1Options, base: String, pairs: Int) -> String {
        struct Config: Encodable {
            var round: Int; var base: String; var pairs: Int; var options: Stage1Options; var loss = "orpo"
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(Config(round: round, base: base, pairs: pairs, options: options)), as: UTF8.self)) ?? "{}"
    }
}
