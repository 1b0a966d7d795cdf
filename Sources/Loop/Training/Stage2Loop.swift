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
        let reference = reference.standardizedFileURL
        let queue = queue
        let stage = RoundStage(
            name: "stage2", rounds: options.rounds, pairsPerRound: options.pairsPerRound, heldOut: options.heldOut, seed: options.seed,
            salt: 0x2, rejectedSide: "policy samples with thinking by",
            plotTitle: "stage 2 (\(options.loss.rawValue)) loss, \(options.rounds) rounds",
            trainingLine: { "\(options.loss.rawValue), \(options.steps) steps on \($0) pairs, thinking masked" },
            describe: { String(format: "accuracy %.2f (per token %.2f), margin %.3f", $0.accuracy, $0.tokenAccuracy ?? .nan, $0.margin ?? 0) },
            noPair: "no policy sample scored worse than the chosen answer, or no evidence",
            builder: { dir, name in self.builder(try self.rejecter(dir, name: name, options: options)) },
            train: { start, data, dir, round in
                try await self.train(policy: start, reference: reference, data: data, dir: dir, options: options, round: round, progress: progress)
            },
            evaluate: { model, pairs in
                try await RoundSupport.evaluate(model: model, reference: reference, pairs: pairs, masking: .answerOnly, beta: options.beta,
                                                maxLength: options.maxLength, queue: queue)
            },
            config: { round, start, pairs, heldOut in
                Self.configJSON(round: round, options: options, base: start, reference: reference.path, pairs: pairs, heldOut: heldOut)
            })
        return try await RoundLoop(database: database, stage: stage, parent: parent).run(start: reference, reference: reference, out: out, progress: progress)
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
