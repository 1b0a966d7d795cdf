import Dispatch
import Foundation
import LM
import Store
import Training

/// Settings of `Pretrainer`: a tiny Llama sized to train on this CPU in minutes.
public struct PretrainOptions: Sendable, Codable, Equatable {
    /// BPE vocabulary when the tokenizer is trained here (special tokens included). Default 2048.
    public var vocabSize: Int = 2048
    public var hidden: Int = 128
    public var layers: Int = 2
    public var heads: Int = 4
    public var kvHeads: Int = 2
    public var intermediate: Int = 256
    /// The model's context (positions). Default 512 (what stage 1 and 2 prompt with).
    public var context: Int = 512
    /// Tokens per training window (chunks are cut into windows of this length). Default 128.
    public var windowLength: Int = 128
    /// Optimizer steps. Default 300.
    public var steps: Int = 300
    /// Windows per micro-batch. Default 4.
    public var batch: Int = 4
    /// Peak learning rate (linear warm-up over 10% of the steps, then cosine). Default 2e-3.
    public var learningRate: Double = 2e-3
    public var seed: UInt64 = 42

    public init() {}

    public func validate() throws {
        for (name, v) in [("--hidden", hidden), ("--layers", layers), ("--heads", heads), ("--kv-heads", kvHeads),
                          ("--intermediate", intermediate), ("--steps", steps), ("--batch", batch)] where v < 1 {
            throw LoopError(.invalidOptions, "\(name) must be at least 1 (got \(v))")
        }
        if vocabSize < 300 { throw LoopError(.invalidOptions, "--vocab-size must be at least 300 (256 bytes and the special tokens; got \(vocabSize))") }
        if windowLength < 8 || windowLength > context {
            throw LoopError(.invalidOptions, "--window must lie in 8...\(context) (the context; got \(windowLength))")
        }
        if !(learningRate > 0) { throw LoopError(.invalidOptions, "--lr must be positive (got \(learningRate))") }
    }
}

/// What `Pretrainer.run` made.
public struct PretrainResult: Sendable, Codable, Equatable {
    public var model: String
    public var tokenizerTrained: Bool
    public var chunks: Int
    public var windows: Int
    public var parameters: Int
    public var runID: Int64
    public var checkpointID: Int64
    public var firstLoss: Double
    public var lastLoss: Double
    public var tokensPerSecond: Double
    public var seconds: Double
    public var lossPlot: String
}

/// `preflexor train pretrain`: the default base of the loop. A byte-level BPE tokenizer trained
/// on the stored chunks (unless one is given), a tiny random Llama, and SFT (causal-LM NLL) on
/// the chunks cut into windows, on a dedicated queue; the result is a Hugging Face checkpoint at
/// `out/model` and a `pretrain` run with its metrics and checkpoint in PostgreSQL.
public struct Pretrainer: Sendable {
    public let database: Database
    private let queue = DispatchQueue(label: "preflexor.loop.pretrain", qos: .userInitiated)

    public init(database: Database) { self.database = database }

    /// The stored chunks' text, in id order.
    public func chunkTexts() async throws -> [String] {
        let ids = try await QuestionContextReads(database).allChunks()
        let byID = Dictionary(try await ChunkRepository(database).contexts(ids: ids).map { ($0.chunkID, $0.text) }, uniquingKeysWith: { a, _ in a })
        return ids.compactMap { byID[$0] }
    }

    /// The chunks cut into windows of `length` tokens (the last window of a chunk may be shorter, at least 8 tokens).
    public static func windows(_ texts: [String], tokenizer: BPETokenizer, length: Int) -> [TokenizedExample] {
        let bos = tokenizer.specialTokenID(SpecialTokens.beginOfText)
        var out: [TokenizedExample] = []
        for text in texts {
            var ids = tokenizer.encode(text)
            if let bos { ids.insert(bos, at: 0) }
            var start = 0
            while start < ids.count {
                let w = Array(ids[start..<min(ids.count, start + length)])
                if w.count >= 8 { out.append(TokenizedExample(prompt: [], chosen: w, rejected: nil)) }
                start += length
            }
        }
        return out
    }

    /// Trains and records the run. `run` is a `pretrain` run recorded beforehand (by
    /// `TrainingLauncher`, whose caller needed its id at once); nil records a new one.
    public func run(out: URL, tokenizer tokenizerFile: URL?, options: PretrainOptions, run recorded: Int64? = nil,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> PretrainResult {
        try options.validate()
        let started = ContinuousClock.now
        let texts = try await chunkTexts()
        guard !texts.isEmpty else { throw LoopError(.noData, "no chunks stored; run `preflexor ingest corpus/` first") }
        let repository = TrainingRepository(database)
        let config = Self.configJSON(options, tokenizer: tokenizerFile?.path, chunks: texts.count, out: out.path)
        let run: Int64
        if let recorded {
            try await repository.updateRun(recorded, configJSON: config)
            run = recorded
        } else {
            run = try await repository.startRun(stage: "pretrain", baseCheckpoint: nil, configJSON: config)
        }
        do {
            let (history, saved, trained, windows, parameters) = try await train(
                texts: texts, out: out, tokenizerFile: tokenizerFile, options: options, progress: progress)
            try await RoundSupport.record(history, run: run, repository: repository)
            let checkpoint = try await repository.addCheckpoint(run: run, path: saved.standardizedFileURL.path, step: history.last?.step ?? 0)
            let plot = try RoundSupport.writePlot([history], title: "pretrain (SFT on \(texts.count) chunks) loss", out: out)
            let result = PretrainResult(
                model: saved.path, tokenizerTrained: trained, chunks: texts.count, windows: windows, parameters: parameters, runID: run,
                checkpointID: checkpoint, firstLoss: history.first?.loss ?? .nan, lastLoss: history.last?.loss ?? .nan,
                tokensPerSecond: history.map(\.tokensPerSecond).reduce(0, +) / Double(max(history.count, 1)),
                seconds: Double((ContinuousClock.now - started).components.seconds), lossPlot: plot.path)
            try RoundSupport.writeJSON(result, to: out.appendingPathComponent("summary.json"))
            // Finished once every file is written: a client polling the run may read them.
            try await repository.finishRun(run)
            return result
        } catch {
            try? await repository.finishRun(run, failed: true, error: "\(error)")
            throw error
        }
    }

    func train(texts: [String], out: URL, tokenizerFile: URL?, options: PretrainOptions,
               progress: @escaping @Sendable (String) -> Void) async throws -> ([StepMetrics], URL, Bool, Int, Int) {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let tokenizer: BPETokenizer
                    if let tokenizerFile {
                        tokenizer = try BPETokenizer.load(tokenizerJSON: tokenizerFile)
                    } else {
                        progress("training a \(options.vocabSize)-token BPE tokenizer on \(texts.count) chunks")
                        tokenizer = try BPETrainer(vocabSize: options.vocabSize).train(texts)
                    }
                    let config = LlamaConfig(
                        vocabSize: tokenizer.vocabSize, hiddenSize: options.hidden, intermediateSize: options.intermediate,
                        numHiddenLayers: options.layers, numAttentionHeads: options.heads, numKeyValueHeads: options.kvHeads,
                        maxPositionEmbeddings: options.context,
                        bosTokenId: tokenizer.specialTokenID(SpecialTokens.beginOfText).map(Int.init),
                        eosTokenId: tokenizer.specialTokenID(SpecialTokens.endOfTurn).map(Int.init),
                        padTokenId: tokenizer.specialTokenID(SpecialTokens.pad).map(Int.init))
                    do { try config.validate() } catch { throw LoopError(.invalidOptions, "\(error)") }
                    let model = LlamaModel(config: config, seed: options.seed)
                    let examples = Self.windows(texts, tokenizer: tokenizer, length: options.windowLength)
                    guard !examples.isEmpty else { throw LoopError(.noData, "the chunks hold no window of 8 tokens or more") }
                    progress("pretraining \(model.parameterCount) parameters on \(examples.count) windows of up to \(options.windowLength) tokens, \(options.steps) steps")
                    var tc = TrainerConfig(method: .sft)
                    tc.outputDirectory = out
                    tc.maxSteps = options.steps
                    tc.batchSize = options.batch
                    tc.gradientAccumulation = 1
                    tc.learningRate = options.learningRate
                    tc.schedule = .cosine
                    tc.warmupSteps = max(1, options.steps / 10)
                    tc.maxLength = options.context
                    tc.maxPromptLength = options.context / 2
                    tc.seed = options.seed
                    let pad = tokenizer.specialTokenID(SpecialTokens.pad) ?? 0
                    let trainer = try Trainer(config: tc, model: model, examples: examples, padID: pad)
                    let every = max(1, options.steps / 20)
                    let history = try trainer.run { m, total in
                        if m.step % every == 0 || m.step == total {
                            progress(String(format: "pretrain step %d/%d: loss %.4f, %.0f tokens/s", m.step, total, m.loss, m.tokensPerSecond))
                        }
                    }
                    let saved = try trainer.saveModel(to: out.appendingPathComponent("model"), tokenizer: tokenizer)
                    continuation.resume(returning: (history, saved, tokenizerFile == nil, examples.count, model.parameterCount))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    static func configJSON(_ options: PretrainOptions, tokenizer: String?, chunks: Int?, out: String) -> String {
        struct Config: Encodable { var options: PretrainOptions; var tokenizer: String?; var chunks: Int?; var out: String; var loss = "sft" }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(Config(options: options, tokenizer: tokenizer, chunks: chunks, out: out)), as: UTF8.self)) ?? "{}"
    }
}
