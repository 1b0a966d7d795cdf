import Dispatch
import Foundation
import LM
import Store
import Training

/// Held-out evaluation of one checkpoint in a loop (stage 1 or 2), with what it was measured on.
public struct RoundEvaluation: Sendable, Codable, Equatable {
    /// 0 = before the first round (the starting checkpoint), R = after round R.
    public var round: Int
    public var checkpoint: String
    public var report: HeldOutReport
}

/// What stage 1 and stage 2 share: the held-out split, tokenizing stored pairs, held-out
/// evaluation off the cooperative pool, metrics in PostgreSQL and the run's loss plot.
enum RoundSupport {
    /// The questions' held-out part (seeded, the first `count` of a shuffle) and the rest.
    static func split(_ questions: [StoredQuestion], heldOut count: Int, seed: UInt64) -> (heldOut: [StoredQuestion], train: [StoredQuestion]) {
        guard count > 0 else { return ([], questions) }
        var rng = SeededGenerator(seed: seed ^ 0x4845_4C44_4F55_5421)
        let shuffled = QuestionGenerator.shuffled(questions, rng: &rng)
        let n = min(count, max(0, questions.count - 1))
        return (Array(shuffled.prefix(n)), Array(shuffled.dropFirst(n)))
    }

    /// Stored pairs tokenized as the trainer does (chat template, `masking`).
    static func examples(_ pairs: [StoredPreferencePair], tokenizer: BPETokenizer, maxLength: Int,
                         masking: ThinkingMasking) throws -> [TokenizedExample] {
        var rng = TrainingRNG(seed: 7)
        let records = pairs.map { TrainingRecord.pair(PreferencePair(prompt: $0.prompt, chosen: $0.chosen, rejected: $0.rejected)) }
        return try TokenizedExample.prepare(records, tokenizer: tokenizer, maxLength: maxLength, maxPromptLength: maxLength / 2,
                                            template: ChatTemplate(), masking: masking, rng: &rng)
    }

    /// `HeldOutEvaluation` of the checkpoint at `model` (with `reference`, the DPO margin) on a
    /// dedicated queue.
    static func evaluate(model: URL, reference: URL?, pairs: [StoredPreferencePair], masking: ThinkingMasking,
                         beta: Double, maxLength: Int, queue: DispatchQueue) async throws -> HeldOutReport {
        try await withCheckedThrowingContinuation { continuation in
            queue.async {
                do {
                    let policy = try LlamaCheckpoint.load(from: model)
                    guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: model) else {
                        throw LoopError(.model, "\(model.path) has no tokenizer.json")
                    }
                    let ref = try reference.map { try LlamaCheckpoint.load(from: $0) }
                    let length = min(maxLength, policy.config.maxPositionEmbeddings)
                    let examples = try examples(pairs, tokenizer: tokenizer, maxLength: length, masking: masking)
                    let pad = tokenizer.specialTokenID(SpecialTokens.pad) ?? tokenizer.specialTokenID(SpecialTokens.endOfTurn) ?? 0
                    continuation.resume(returning: try HeldOutEvaluation.evaluate(policy, reference: ref, beta: beta,
                                                                                  examples: examples, padID: pad))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// The step metrics as `run_metrics` rows.
    static func record(_ history: [StepMetrics], run: Int64, repository: TrainingRepository) async throws {
        for m in history {
            var values: [String: Double] = ["loss": m.loss, "nll": m.terms.nll, "tokens_per_s": m.tokensPerSecond, "grad_norm": m.gradNorm]
            if let a = m.terms.accuracy { values["accuracy"] = a }
            if let r = m.terms.logOddsRatio { values["log_odds_ratio"] = r }
            if let r = m.terms.margin { values["margin"] = r }
            try await repository.record(run: run, step: m.step, metrics: values)
        }
    }

    /// Held-out figures as `run_metrics` rows at `step`.
    static func record(_ report: HeldOutReport, run: Int64, step: Int, repository: TrainingRepository) async throws {
        var values = ["heldout_accuracy": report.accuracy, "heldout_pairs": Double(report.pairs),
                      "heldout_chosen_logp": report.meanChosenLogProb, "heldout_rejected_logp": report.meanRejectedLogProb]
        if let m = report.margin { values["heldout_margin"] = m }
        if let a = report.tokenAccuracy { values["heldout_token_accuracy"] = a }
        try await repository.record(run: run, step: step, metrics: values)
    }

    /// One line of progress for a training step: loss, accuracy, tokens/s.
    static func line(round: Int, _ m: StepMetrics, total: Int) -> String {
        var s = String(format: "round %d step %d/%d: loss %.4f", round, m.step, total, m.loss)
        if let a = m.terms.accuracy { s += String(format: ", accuracy %.2f", a) }
        if let r = m.terms.margin { s += String(format: ", margin %.3f", r) }
        return s + String(format: ", %.0f tokens/s", m.tokensPerSecond)
    }

    /// The loss plot of a whole run (all rounds, steps numbered on), written to `out/loss_curve.svg`.
    static func writePlot(_ histories: [[StepMetrics]], title: String, out: URL) throws -> URL {
        var all: [StepMetrics] = []
        var offset = 0
        for h in histories {
            for var m in h { m.step += offset; all.append(m) }
            offset += h.map(\.step).max() ?? 0
        }
        let url = out.appendingPathComponent("loss_curve.svg")
        do {
            try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
            try LossCurvePlot(title: title, records: all).svg().write(to: url, atomically: true, encoding: .utf8)
        } catch {
            throw LoopError(.io, "cannot write \(url.path): \(error)")
        }
        return url
    }

    /// Writes `value` as pretty JSON to `url`.
    static func writeJSON<T: Encodable>(_ value: T, to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        do { try encoder.encode(value).write(to: url) } catch { throw LoopError(.io, "cannot write \(url.path): \(error)") }
    }
}
