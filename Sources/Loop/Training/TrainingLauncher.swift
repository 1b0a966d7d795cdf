import Foundation
import Reasoning
import Retrieval
import Store

/// One run of `preflexor train pretrain|stage1|stage2`, whoever starts it: the CLI's commands
/// and the service's `POST /v1/training/runs` describe their run as a plan and start it
/// through `TrainingLauncher`, so both validate, record and train the same way.
public enum TrainingPlan: Sendable, Equatable {
    /// SFT of a tiny Llama on the stored chunks (`Pretrainer`); `tokenizer` nil trains one.
    case pretrain(PretrainOptions, tokenizer: URL?)
    /// ORPO in rounds from the checkpoint `base` (`Stage1Loop`).
    case stage1(base: URL, options: Stage1Options)
    /// DPO/EXO in rounds against the frozen checkpoint `reference` (`Stage2Loop`).
    case stage2(reference: URL, options: Stage2Options)

    /// The run's stage as `training_runs.stage` records it: pretrain, stage1 or stage2.
    public var stage: String {
        switch self {
        case .pretrain: return "pretrain"
        case .stage1: return "stage1"
        case .stage2: return "stage2"
        }
    }

    /// Whether the plan builds pairs, which needs hybrid retrieval and the answerer (the
    /// embedding model): stage 1 and 2.
    public var needsRetrieval: Bool {
        if case .pretrain = self { return false }
        return true
    }

    /// The checkpoint the run starts from (nil for pretrain), as `training_runs.base_checkpoint`.
    public var startingCheckpoint: URL? {
        switch self {
        case .pretrain: return nil
        case .stage1(let base, _): return base.standardizedFileURL
        case .stage2(let reference, _): return reference.standardizedFileURL
        }
    }

    /// Checks the options and that the files the run reads exist. Throws
    /// `LoopError(.invalidOptions)` naming the first problem (options by their CLI flag).
    public func validate() throws {
        switch self {
        case .pretrain(let options, let tokenizer):
            try options.validate()
            if let tokenizer, !FileManager.default.fileExists(atPath: tokenizer.path) {
                throw LoopError(.invalidOptions, "--tokenizer \(tokenizer.path) does not exist; give a tokenizer.json, or leave it out to train one")
            }
        case .stage1(let base, let options):
            try options.validate()
            try Self.requireCheckpoint(base, flag: "--base")
        case .stage2(let reference, let options):
            try options.validate()
            try Self.requireCheckpoint(reference, flag: "--reference")
        }
    }

    /// A checkpoint folder: it exists and holds `config.json`.
    static func requireCheckpoint(_ url: URL, flag: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory) else {
            throw LoopError(.invalidOptions, "\(flag) \(url.path) does not exist; give a checkpoint folder (`preflexor train pretrain` makes one)")
        }
        guard isDirectory.boolValue, FileManager.default.fileExists(atPath: url.appendingPathComponent("config.json").path) else {
            throw LoopError(.invalidOptions, "\(flag) \(url.path) is not a checkpoint folder (it has no config.json)")
        }
    }

    /// The settings recorded on the run before training starts (pretrain replaces them with
    /// its own once it has read the chunks).
    func configJSON(out: URL) -> String {
        struct Config: Encodable {
            var stage: String
            var out: String
            var base: String?
            var tokenizer: String?
            var pretrain: PretrainOptions?
            var stage1: Stage1Options?
            var stage2: Stage2Options?
        }
        var config = Config(stage: stage, out: out.path, base: startingCheckpoint?.path)
        switch self {
        case .pretrain(let options, let tokenizer): config.pretrain = options; config.tokenizer = tokenizer?.path
        case .stage1(_, let options): config.stage1 = options
        case .stage2(_, let options): config.stage2 = options
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return (try? String(decoding: encoder.encode(config), as: UTF8.self)) ?? "{}"
    }
}

/// Where a run writes its files.
public enum TrainingOutput: Sendable, Equatable {
    /// This folder (the CLI's `--out`).
    case folder(URL)
    /// `<root>/run-<id>`, one folder per run (the service's default: `<home>/training`).
    case perRun(under: URL)

    func resolve(run: Int64) -> URL {
        switch self {
        case .folder(let url): return url.standardizedFileURL
        case .perRun(let root): return root.appendingPathComponent("run-\(run)").standardizedFileURL
        }
    }
}

/// A run recorded as `running` and not trained yet.
public struct BegunTrainingRun: Sendable, Equatable {
    /// The id in `training_runs`: the pretrain run, or the loop's run that each round's run
    /// points at (`parent_id`).
    public var id: Int64
    /// Where its files go.
    public var out: URL
    public var plan: TrainingPlan
}

/// What a finished run made.
public enum TrainingOutcome: Sendable {
    case pretrain(PretrainResult)
    case loop(LoopSummary)
}

/// Starts the runs of `TrainingPlan`s: `begin` validates and records the run (so a caller
/// has its id at once), `run` trains it to the end and records how it ended. The CPU work
/// runs on the trainers' own dispatch queues, never on Swift's cooperative pool.
public struct TrainingLauncher: Sendable {
    public let database: Database
    /// Retrieval and the graph-grounded answerer (the teacher) for stage 1 and 2; nil is
    /// enough for pretrain.
    public let retriever: HybridRetriever?
    public let answerer: Answerer?

    public init(database: Database, retriever: HybridRetriever? = nil, answerer: Answerer? = nil) {
        self.database = database
        self.retriever = retriever
        self.answerer = answerer
    }

    /// Validates `plan` and records its run as `running`; returns its id and folder.
    public func begin(_ plan: TrainingPlan, out: TrainingOutput) async throws -> BegunTrainingRun {
        try plan.validate()
        if plan.needsRetrieval && (retriever == nil || answerer == nil) {
            throw LoopError(.model, "\(plan.stage) builds pairs from the graph and needs the embedding model; run `preflexor models fetch`")
        }
        let repository = TrainingRepository(database)
        let id = try await repository.startRun(stage: plan.stage, baseCheckpoint: plan.startingCheckpoint?.path)
        let folder = out.resolve(run: id)
        do {
            try await repository.updateRun(id, configJSON: plan.configJSON(out: folder))
        } catch {
            try? await repository.finishRun(id, failed: true, error: "\(error)")
            throw error
        }
        return BegunTrainingRun(id: id, out: folder, plan: plan)
    }

    /// Trains a begun run to its end and marks it `finished`, or `failed` with the error's
    /// message (then rethrows). Stage 1 and 2 record one run per round besides, each pointing
    /// at this one.
    public func run(_ begun: BegunTrainingRun, progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> TrainingOutcome {
        let repository = TrainingRepository(database)
        do {
            switch begun.plan {
            case .pretrain(let options, let tokenizer):
                // Pretrainer marks its run finished itself.
                return .pretrain(try await Pretrainer(database: database)
                    .run(out: begun.out, tokenizer: tokenizer, options: options, run: begun.id, progress: progress))
            case .stage1(let base, let options):
                let (retriever, answerer) = try services(begun.plan)
                let summary = try await Stage1Loop(database: database, retriever: retriever, answerer: answerer)
                    .run(base: base, out: begun.out, options: options, parent: begun.id, progress: progress)
                try await repository.finishRun(begun.id)
                return .loop(summary)
            case .stage2(let reference, let options):
                let (retriever, answerer) = try services(begun.plan)
                let summary = try await Stage2Loop(database: database, retriever: retriever, answerer: answerer)
                    .run(reference: reference, out: begun.out, options: options, parent: begun.id, progress: progress)
                try await repository.finishRun(begun.id)
                return .loop(summary)
            }
        } catch {
            try? await repository.finishRun(begun.id, failed: true, error: "\(error)")
            throw error
        }
    }

    /// `begin`, then `run`: the CLI's way, in the foreground.
    public func train(_ plan: TrainingPlan, out: TrainingOutput,
                      progress: @escaping @Sendable (String) -> Void = { _ in }) async throws -> TrainingOutcome {
        try await run(try await begin(plan, out: out), progress: progress)
    }

    private func services(_ plan: TrainingPlan) throws -> (HybridRetriever, Answerer) {
        guard let retriever, let answerer else {
            throw LoopError(.model, "\(plan.stage) builds pairs from the graph and needs the embedding model; run `preflexor models fetch`")
        }
        return (retriever, answerer)
    }
}
