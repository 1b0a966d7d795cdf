import Foundation
import LM
import Store
import Training

/// What one stage of the loop does its own way; `RoundLoop.run` does the rest (held-out pairs,
/// rounds of fresh pairs, training, evaluation, runs/metrics/pairs/checkpoints in PostgreSQL,
/// the loss plot and summary.json). Stage 1 and stage 2 are two instances of it.
struct RoundStage: Sendable {
    /// "stage1" or "stage2": the run's stage in `training_runs` and the summary.
    var name: String
    var rounds: Int
    var pairsPerRound: Int
    var heldOut: Int
    var seed: UInt64
    /// Mixed into the round's draw and build seeds, so two stages on one seed draw differently.
    var salt: UInt64
    /// How the rejected side is written, for progress ("rejected side by", ...).
    var rejectedSide: String
    /// The loss plot's title.
    var plotTitle: String
    /// Progress line before a round trains ("ORPO, 20 steps on 8 pairs").
    var trainingLine: @Sendable (_ pairs: Int) -> String
    /// Held-out figures in words ("preference accuracy 0.62").
    var describe: @Sendable (HeldOutReport) -> String
    /// The error when a round builds no pair.
    var noPair: String
    /// The pair builder whose rejected side the checkpoint at the URL (named) writes.
    var builder: @Sendable (URL, String) throws -> PairBuilder
    /// Trains from the checkpoint on the pairs file into the round's directory: history and the saved model.
    var train: @Sendable (_ start: URL, _ data: URL, _ dir: URL, _ round: Int) async throws -> ([StepMetrics], URL)
    /// Held-out evaluation of a checkpoint.
    var evaluate: @Sendable (_ model: URL, _ pairs: [StoredPreferencePair]) async throws -> HeldOutReport
    /// The run's configuration as JSON (round, start checkpoint, pairs, held-out pair ids).
    var config: @Sendable (_ round: Int, _ start: String, _ pairs: Int, _ heldOut: [Int64]) -> String
}

/// The round machinery of method.md sections 2-4 shared by `Stage1Loop` and `Stage2Loop`.
struct RoundLoop {
    let database: Database
    let stage: RoundStage
    /// The loop's own run (recorded by `TrainingLauncher`); each round's run points at it.
    var parent: Int64? = nil

    /// Runs every round from `start`; `reference` is recorded in the summary (stage 2).
    func run(start: URL, reference: URL?, out: URL, progress: @escaping @Sendable (String) -> Void) async throws -> LoopSummary {
        let started = ContinuousClock.now
        let repository = TrainingRepository(database)
        let questions = try await repository.questions()
        guard !questions.isEmpty else {
            throw LoopError(.noData, "no questions stored; run `preflexor questions generate` first")
        }
        let start = start.standardizedFileURL
        let (heldOutQuestions, trainQuestions) = RoundSupport.split(questions, heldOut: stage.heldOut, seed: stage.seed)
        func name(_ url: URL) async throws -> String {
            try await repository.checkpoint(path: url.path).map { "checkpoint:\($0.id)" } ?? "checkpoint:\(url.path)"
        }

        // Held-out pairs: the starting checkpoint writes their rejected side once; never trained on.
        var heldOutPairs: [StoredPreferencePair] = []
        var before: HeldOutReport?
        if !heldOutQuestions.isEmpty {
            let startName = try await name(start)
            progress("held-out: \(heldOutQuestions.count) questions, \(stage.rejectedSide) \(startName)")
            let built = try await stage.builder(start, startName).build(heldOutQuestions, seed: stage.seed ^ 0x5EED)
            heldOutPairs = try await repository.pairs(ids: built.compactMap(\.pairID))
            if !heldOutPairs.isEmpty {
                let report = try await stage.evaluate(start, heldOutPairs)
                before = report
                progress("held-out before \(stage.name) (\(heldOutPairs.count) pairs): \(stage.describe(report))")
            }
        }

        var current = start
        var rounds: [LoopRound] = []
        var histories: [[StepMetrics]] = []
        for round in 1...stage.rounds {
            var rng = SeededGenerator(seed: stage.seed &+ UInt64(round) &* 0x9E37_79B9 ^ stage.salt)
            let drawn = Array(QuestionGenerator.shuffled(trainQuestions, rng: &rng).prefix(stage.pairsPerRound))
            let rejectedBy = try await name(current)
            progress("round \(round)/\(stage.rounds): \(drawn.count) questions, \(stage.rejectedSide) \(rejectedBy)")
            let built = try await stage.builder(current, rejectedBy)
                .build(drawn, seed: stage.seed &+ UInt64(round) ^ stage.salt) { i, n in progress("round \(round): pair \(i)/\(n)") }
            let pairIDs = built.compactMap(\.pairID)
            guard !pairIDs.isEmpty else { throw LoopError(.noData, "round \(round) built no pair: \(stage.noPair)") }
            let dir = out.appendingPathComponent("round-\(round)")
            let data = dir.appendingPathComponent("pairs.jsonl")
            try PairExport.write(try await repository.pairs(ids: pairIDs), to: data)
            let run = try await repository.startRun(stage: stage.name, baseCheckpoint: current.path,
                                                    configJSON: stage.config(round, current.path, pairIDs.count, heldOutPairs.map(\.id)),
                                                    parent: parent)
            try await repository.link(run: run, pairs: pairIDs, round: round)
            let history: [StepMetrics], saved: URL
            var report: HeldOutReport?
            do {
                progress("round \(round): \(stage.trainingLine(pairIDs.count))")
                (history, saved) = try await stage.train(current, data, dir, round)
                try await RoundSupport.record(history, run: run, repository: repository)
                if !heldOutPairs.isEmpty {
                    let r = try await stage.evaluate(saved, heldOutPairs)
                    report = r
                    try await RoundSupport.record(r, run: run, step: history.last?.step ?? 0, repository: repository)
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
            if let r = report { line += ", held-out " + stage.describe(r) }
            progress(line + " -> \(saved.path)")
            rounds.append(LoopRound(round: round, runID: run, checkpointID: checkpoint, checkpointPath: saved.path, pairIDs: pairIDs,
                                    rejectedBy: rejectedBy, skipped: built.count - pairIDs.count, loss: last?.loss ?? .nan,
                                    accuracy: last?.terms.accuracy, tokensPerSecond: tps, heldOut: report))
            histories.append(history)
            current = saved.standardizedFileURL
        }
        let plot = try RoundSupport.writePlot(histories, title: stage.plotTitle, out: out)
        let file = out.appendingPathComponent("summary.json")
        let summary = LoopSummary(stage: stage.name, base: start.path, reference: reference?.path, heldOutPairIDs: heldOutPairs.map(\.id),
                                  before: before, rounds: rounds, lossPlot: plot.path, summaryFile: file.path,
                                  seconds: Double((ContinuousClock.now - started).components.seconds))
        try RoundSupport.writeJSON(summary, to: file)
        return summary
    }
}
