import Foundation
import Loop
import Training

/// The body of `POST /v1/training/runs`: `{"stage": "pretrain"|"stage1"|"stage2", …}` with the
/// options of `preflexor train pretrain|stage1|stage2`, named as their flags in snake_case
/// (`--pairs-per-round` is `pairs_per_round`) and with the same defaults. Fields of another
/// stage, and fields no stage has, are refused: a typo must not fall back to a default.
struct TrainingRunRequest: Decodable {
    var stage: String
    var out: String?
    // Every stage.
    var steps: Int?
    var seed: UInt64?
    var lr: Double?
    // pretrain
    var tokenizer: String?
    var vocabSize: Int?
    var hidden: Int?
    var layers: Int?
    var heads: Int?
    var kvHeads: Int?
    var intermediate: Int?
    var context: Int?
    var window: Int?
    var batch: Int?
    // stage1 and stage2
    var rounds: Int?
    var pairsPerRound: Int?
    var maxTokens: Int?
    var maxLength: Int?
    var heldOut: Int?
    var beta: Double?
    var base: String?
    // stage2
    var reference: String?
    var loss: String?
    var labelSmoothing: Double?
    var samples: Int?

    static let common: Set<String> = ["stage", "out", "steps", "seed", "lr"]
    static let fields: [String: Set<String>] = [
        "pretrain": TrainingRunRequest.common.union(["tokenizer", "vocab_size", "hidden", "layers", "heads", "kv_heads", "intermediate", "context", "window", "batch"]),
        "stage1": TrainingRunRequest.common.union(["base", "rounds", "pairs_per_round", "max_tokens", "max_length", "held_out", "beta"]),
        "stage2": TrainingRunRequest.common.union(["reference", "rounds", "pairs_per_round", "max_tokens", "max_length", "held_out", "beta",
                                "loss", "label_smoothing", "samples"]),
    ]

    /// The plan this body asks for (not yet checked against the options' ranges and the
    /// files: `TrainingPlan.validate`). `keys` are the body's top-level field names. Throws
    /// `ServiceError(.invalidRequest)` naming the field.
    func plan(keys: Set<String>) throws -> TrainingPlan {
        guard let allowed = Self.fields[stage] else {
            throw ServiceError(.invalidRequest, "'stage' must be pretrain, stage1 or stage2, not '\(stage)'")
        }
        if let extra = keys.subtracting(allowed).sorted().first {
            let owners = Self.fields.filter { $0.value.contains(extra) }.keys.sorted()
            throw ServiceError(.invalidRequest, owners.isEmpty
                ? "unknown field '\(extra)'; docs/openapi.yaml lists the fields of each stage"
                : "'\(extra)' is not an option of stage \(stage) (only of \(owners.joined(separator: ", ")))")
        }
        switch stage {
        case "pretrain":
            var o = PretrainOptions()
            o.vocabSize = vocabSize ?? o.vocabSize
            o.hidden = hidden ?? o.hidden
            o.layers = layers ?? o.layers
            o.heads = heads ?? o.heads
            o.kvHeads = kvHeads ?? o.kvHeads
            o.intermediate = intermediate ?? o.intermediate
            o.context = context ?? o.context
            o.windowLength = window ?? o.windowLength
            o.steps = steps ?? o.steps
            o.batch = batch ?? o.batch
            o.learningRate = lr ?? o.learningRate
            o.seed = seed ?? o.seed
            return .pretrain(o, tokenizer: try tokenizer.map { try Self.path($0, field: "tokenizer") })
        case "stage1":
            guard let base else {
                throw ServiceError(.invalidRequest, "stage1 needs 'base': the checkpoint folder to start from (a pretrain run's model)")
            }
            let defaults = Stage1Options()
            var o = Stage1Options(rounds: rounds ?? defaults.rounds, pairsPerRound: pairsPerRound ?? defaults.pairsPerRound,
                                  steps: steps ?? defaults.steps, seed: seed ?? defaults.seed)
            o.maxNewTokens = maxTokens ?? o.maxNewTokens
            o.maxLength = maxLength ?? o.maxLength
            o.heldOut = heldOut ?? o.heldOut
            o.learningRate = lr
            o.beta = beta
            return .stage1(base: try Self.path(base, field: "base"), options: o)
        default:
            guard let reference else {
                throw ServiceError(.invalidRequest, "stage2 needs 'reference': the stage-1 checkpoint folder (frozen reference and starting policy)")
            }
            let defaults = Stage2Options()
            var o = Stage2Options(rounds: rounds ?? defaults.rounds, pairsPerRound: pairsPerRound ?? defaults.pairsPerRound,
                                  steps: steps ?? defaults.steps, seed: seed ?? defaults.seed)
            if let loss {
                guard let kind = DPOLoss.Kind(rawValue: loss) else {
                    throw ServiceError(.invalidRequest, "'loss' must be exo_pair, sigmoid or ipo, not '\(loss)'")
                }
                o.loss = kind
            }
            o.beta = beta ?? o.beta
            o.labelSmoothing = labelSmoothing ?? o.labelSmoothing
            o.learningRate = lr
            o.maxNewTokens = maxTokens ?? o.maxNewTokens
            o.samples = samples ?? o.samples
            o.heldOut = heldOut ?? o.heldOut
            o.maxLength = maxLength ?? o.maxLength
            return .stage2(reference: try Self.path(reference, field: "reference"), options: o)
        }
    }

    /// A server-side path: absolute, as the server sees its files.
    static func path(_ text: String, field: String) throws -> URL {
        guard text.hasPrefix("/") else {
            throw ServiceError(.invalidRequest, "'\(field)' must be an absolute path on the server, not '\(text)'")
        }
        return URL(fileURLWithPath: text)
    }

    /// A `LoopError` message of the options' checks with each CLI flag named as its body
    /// field: "--pairs-per-round must be at least 1" -> "'pairs_per_round' must be at least 1".
    static func fieldNames(_ message: String) -> String {
        var out = ""
        var rest = Substring(message)
        while let range = rest.range(of: "--") {
            out += rest[..<range.lowerBound]
            let name = rest[range.upperBound...].prefix { $0.isLowercase || $0 == "-" || $0.isNumber }
            guard !name.isEmpty else { out += "--"; rest = rest[range.upperBound...]; continue }
            out += "'" + name.replacingOccurrences(of: "-", with: "_") + "'"
            rest = rest[range.upperBound...].dropFirst(name.count)
        }
        return out + rest
    }
}
