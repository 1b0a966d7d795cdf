import Foundation
import Tensors

/// Resumable trainer checkpoints: `checkpoint-N/` holds
/// - `trainer_state.json`: step, data order and cursor, RNG state, method, seed, and the
///   cached reference log-probs (so a resumed DPO run scores against the very same numbers);
/// - `optimizer.safetensors`: AdamW `exp_avg.<name>` and `exp_avg_sq.<name>`;
/// - `trainable.safetensors`: the values of every trainable parameter (Hugging Face names).
/// Frozen weights are not saved: resume builds the model from the same base (and the same
/// LoRA setup), then `resume(from:)` restores the rest.
extension Trainer {
    /// The JSON part of a checkpoint.
    public struct State: Codable, Sendable, Equatable {
        /// Format version of this file.
        public var version: Int = 1
        /// The method trained.
        public var method: TrainerConfig.Method
        /// The run's seed.
        public var seed: UInt64
        /// Completed optimizer steps.
        public var step: Int
        /// Data order and cursor.
        public var order: DataOrder
        /// RNG state after the last step.
        public var rng: TrainingRNG
        /// Trainable parameter names, in model order.
        public var trainable: [String]
        /// Cached reference sums (DPO): example index, chosen, rejected.
        public var reference: [ReferenceEntry] = []
    }

    /// One cached reference result.
    public struct ReferenceEntry: Codable, Sendable, Equatable {
        /// Example index.
        public var index: Int
        /// Summed completion log-prob of the chosen answer under the reference model.
        public var chosen: Double
        /// Same for the rejected answer.
        public var rejected: Double
    }

    /// Writes a checkpoint directory (replacing an existing one).
    public func saveCheckpoint(to dir: URL) throws {
        let trainable = model.parameters.filter(\.trainable)
        let cached = referenceCache.keys.sorted().map { ReferenceEntry(index: $0, chosen: referenceCache[$0]!.chosen, rejected: referenceCache[$0]!.rejected) }
        let state = State(method: config.method, seed: config.seed, step: step, order: order, rng: rng,
                          trainable: trainable.map(\.name), reference: cached)
        do {
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(state).write(to: dir.appendingPathComponent("trainer_state.json"))
            var params = SafeTensorsWriter(), moments = SafeTensorsWriter()
            for p in trainable {
                try params.add(p.name, floats: p.value, shape: p.shape)
                if let m = optimizer.moments[p.name] {
                    try moments.add("exp_avg.\(p.name)", floats: m.m, shape: p.shape)
                    try moments.add("exp_avg_sq.\(p.name)", floats: m.v, shape: p.shape)
                }
            }
            try params.write(to: dir.appendingPathComponent("trainable.safetensors"), metadata: ["format": "pt"])
            try moments.write(to: dir.appendingPathComponent("optimizer.safetensors"),
                              metadata: ["step": String(optimizer.step)])
        } catch let e as TrainingError {
            throw e
        } catch {
            throw TrainingError(.checkpoint, "cannot write checkpoint \(dir.path); check the disk and permissions", underlying: error)
        }
    }

    /// Restores a checkpoint written by `saveCheckpoint(to:)` into this trainer (same method,
    /// same data, model built from the same base); training continues at the saved step.
    public func resume(from dir: URL) throws {
        let state: State
        do {
            state = try JSONDecoder().decode(State.self, from: Data(contentsOf: dir.appendingPathComponent("trainer_state.json")))
        } catch {
            throw TrainingError(.checkpoint, "\(dir.path) has no readable trainer_state.json; pass a checkpoint-N directory written by the trainer", underlying: error)
        }
        guard state.method == config.method, state.order.count == examples.count else {
            throw TrainingError(.checkpoint, "checkpoint is for \(state.method.rawValue) over \(state.order.count) examples; this run is \(config.method.rawValue) over \(examples.count); resume with the same data and method")
        }
        let trainable = model.parameters.filter(\.trainable)
        guard trainable.map(\.name) == state.trainable else {
            throw TrainingError(.checkpoint, "the model's trainable parameters differ from the checkpoint's (\(trainable.count) vs \(state.trainable.count)); build the model with the same base and LoRA settings")
        }
        do {
            let params = try SafeTensors(contentsOf: dir.appendingPathComponent("trainable.safetensors"))
            let opt = try SafeTensors(contentsOf: dir.appendingPathComponent("optimizer.safetensors"))
            var moments: [String: AdamW.Moments] = [:]
            for p in trainable {
                p.value = try params.floats(p.name, shape: p.shape)
                if opt.tensors["exp_avg.\(p.name)"] != nil {
                    moments[p.name] = AdamW.Moments(m: try opt.floats("exp_avg.\(p.name)", shape: p.shape),
                                                    v: try opt.floats("exp_avg_sq.\(p.name)", shape: p.shape))
                }
            }
            optimizer.restore(step: state.step, moments: moments)
        } catch {
            throw TrainingError(.checkpoint, "cannot read the tensors of checkpoint \(dir.path); it may be incomplete", underlying: error)
        }
        order = state.order
        rng = state.rng
        referenceCache = Dictionary(uniqueKeysWithValues: state.reference.map { ($0.index, ($0.chosen, $0.rejected)) })
        history = []
        if let out = config.outputDirectory {
            // Keep the metrics up to the resumed step, so the file reads as one run.
            let url = out.appendingPathComponent("metrics.jsonl")
            let kept = (try? MetricsLog.read(url))?.filter { $0.step <= state.step } ?? []
            let log = try MetricsLog(url: url, truncate: true)
            for r in kept { try log.append(r) }
            metricsLog = log
        }
    }
}
