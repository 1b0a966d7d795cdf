import Foundation
import LM
import Testing
@testable import Training

@Suite struct TrainerCheckpointTests {
    func config(out: URL?) -> TrainerConfig {
        var c = TrainerConfig(method: .dpo)
        c.learningRate = 3e-3
        c.batchSize = 3 // 16 examples: epochs end mid-batch, so the data order must be restored exactly
        c.gradientAccumulation = 2
        c.schedule = .cosine
        c.warmupSteps = 2
        c.maxSteps = 8
        c.seed = 11
        c.outputDirectory = out
        return c
    }

    /// A fresh model from the base seed, its frozen copy as reference, and the data.
    func makeTrainer(_ config: TrainerConfig) throws -> Trainer<LlamaModel> {
        let model = LlamaModel(config: Synthetic.config(), seed: 21)
        let data = Synthetic.pairs(16, seed: 8, thinking: true, masking: .randomPartial(fraction: 0.5))
        return try Trainer(config: config, model: model, reference: try model.frozenCopy(), examples: data)
    }

    /// Stop at step 4 with a checkpoint, resume in a fresh trainer (new model from the base
    /// seed): the loss curve must equal the uninterrupted run's exactly.
    @Test func resumeGivesTheSameLossCurve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let full = try makeTrainer(config(out: nil)).run()

        var first = config(out: dir)
        first.saveEvery = 4
        let head = try makeTrainer(first).run(stopAt: 4)
        #expect(head.map(\.loss) == full[..<4].map(\.loss))

        let second = try makeTrainer(config(out: dir))
        try second.resume(from: dir.appendingPathComponent("checkpoint-4"))
        #expect(second.step == 4)
        let tail = try second.run()
        #expect(tail.map(\.step) == [5, 6, 7, 8])
        #expect(tail.map(\.loss) == full[4...].map(\.loss), "resumed \(tail.map(\.loss)) vs uninterrupted \(full[4...].map(\.loss))")
        #expect(tail.map(\.gradNorm) == full[4...].map(\.gradNorm))
        #expect(tail.map(\.learningRate) == full[4...].map(\.learningRate))

        // The metrics file reads as one run; the plot and the final checkpoint are there.
        let logged = try MetricsLog.read(dir.appendingPathComponent("metrics.jsonl"))
        #expect(logged.map(\.step) == Array(1...8))
        #expect(logged.map(\.loss) == full.map(\.loss))
        let svg = try String(contentsOf: dir.appendingPathComponent("loss_curve.svg"), encoding: .utf8)
        #expect(svg.hasPrefix("<svg") && svg.contains("<path d=\"M"))
        for f in ["trainer_state.json", "trainable.safetensors", "optimizer.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("checkpoint-8/\(f)").path), "\(f)")
        }
    }

    @Test func resumeRejectsAnotherRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-resume-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let t = try makeTrainer(config(out: nil))
        _ = try t.trainStep()
        try t.saveCheckpoint(to: dir)
        var orpo = TrainerConfig(method: .orpo)
        orpo.maxSteps = 2
        let other = try Trainer(config: orpo, model: LlamaModel(config: Synthetic.config(), seed: 1), examples: Synthetic.pairs(16, seed: 8))
        #expect { try other.resume(from: dir) } throws: { ($0 as? TrainingError)?.code == .checkpoint }
    }

    /// One micro-batch of 4 pairs and 4 micro-batches of 1 pair give the same loss and
    /// gradient norm (DPO averages per pair, so accumulation divides by the count).
    @Test func gradientAccumulationMatchesOneLargeBatch() throws {
        func firstStep(batch: Int, accum: Int) throws -> StepMetrics {
            var c = TrainerConfig(method: .dpo)
            c.batchSize = batch
            c.gradientAccumulation = accum
            c.maxSteps = 1
            c.maxGradNorm = nil
            let model = LlamaModel(config: Synthetic.config(), seed: 5)
            // Equal lengths everywhere, so padding cannot differ between the two layouts.
            let t = try Trainer(config: c, model: model, reference: try model.frozenCopy(), examples: Synthetic.pairs(4, seed: 2))
            return try t.trainStep()
        }
        let big = try firstStep(batch: 4, accum: 1), small = try firstStep(batch: 1, accum: 4)
        #expect(abs(big.loss - small.loss) < 1e-6)
        #expect(abs(big.gradNorm - small.gradNorm) < 1e-4 * big.gradNorm, "\(big.gradNorm) vs \(small.gradNorm)")
    }
}
