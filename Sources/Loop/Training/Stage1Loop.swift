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
        let (database, retriever, answerer) = (database, retriever, answerer)
        let queue = queue
        let stage = RoundStage(
            name: "stage1", rounds: options.rounds, pairsPerRound: options.pairsPerRound, heldOut: options.heldOut, seed: options.seed,
            salt: 0, rejectedSide: "rejected side by", plotTitle: "stage 1 (ORPO) loss, \(options.rounds) rounds",
            trainingLine: { "ORPO, \(options.steps) steps on \($0) pairs" },
            describe: { String(format: "preference accuracy %.2f (per token %.2f)", $0.accuracy, $0.tokenAccuracy ?? .nan) },
            noPair: "the teacher found no evidence for the drawn questions",
            builder: { dir, name in
                PairBuilder(database: database, retriever: retriever, answerer: answerer,
                            rejecter: try NativeModelRejecter(directory: dir, name: name, maxNewTokens: options.maxNewTokens))
            },
            train: { start, data, dir, round in try await self.train(base: start, data: data, dir: dir, options: options, round: round, progress: progress) },
            evaluate: { model, pairs in
                try await RoundSupport.evaluate(model: model, reference: nil, pairs: pairs, masking: .none, beta: options.beta ?? 0.1,
                                                maxLength: options.maxLength, queue: queue)
            },
            config: { round, start, pairs, heldOut in Self.configJSON(round: round, options: options, base: start, pairs: pairs, heldOut: heldOut) })
        return try await RoundLoop(database: database, stage: stage, parent: parent).run(start: base, reference: nil, out: out, progress: progress)
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
