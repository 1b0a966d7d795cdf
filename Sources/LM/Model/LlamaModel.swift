/// A Llama-style causal language model in fp32 (the seam between LM and Training).
///
/// Training calls `forward` (logits for a [B, T] batch), computes dLogits from its loss,
/// calls `backward`, and updates `parameters.filter(\.trainable)`. Generation lives in
/// `LlamaModel+Generate.swift`, checkpoints in `Checkpoint/`. One model serves one caller
/// at a time: forward, backward and generate share activation buffers, so give each
/// concurrent task its own model (e.g. a copy loaded from the same checkpoint).
public final class LlamaModel: @unchecked Sendable {
    let net: LlamaNetwork<Float>

    /// A randomly initialised model (normal(0, 0.02) weights, unit norms) from `seed`.
    /// Traps with a message on an invalid config; use `LlamaConfig.validate()` first to get an error instead.
    public init(config: LlamaConfig, seed: UInt64) {
        do {
            net = try LlamaNetwork(config: config, seed: seed)
        } catch {
            preconditionFailure("\(error)")
        }
    }

    init(network: LlamaNetwork<Float>) { net = network }

    /// The hyper-parameters.
    public var config: LlamaConfig { net.config }

    /// Every tensor in a stable order: Hugging Face state-dict order for the base model,
    /// then LoRA adapters (when enabled).
    public var parameters: [Parameter] { net.parameters }

    /// Number of base-model scalars (adapters excluded).
    public var parameterCount: Int { net.baseParameters.reduce(0) { $0 + $1.count } }

    /// tokens: [B*T] row-major ids in 0..<V; returns logits: [B*T*V]. Caches what backward needs.
    /// Traps when T exceeds max_position_embeddings or an id is out of range.
    public func forward(tokens: [Int32], batch B: Int, length T: Int) -> [Float] {
        net.forward(tokens: tokens, B: B, T: T)
    }

    /// dLogits: [B*T*V] for the last forward; accumulates into every trainable parameter's grad.
    /// As in transformers, the embedding row of `pad_token_id` receives no gradient. Run it
    /// before any `generate` on this model: decoding overwrites the LoRA activations.
    /// Not safe to call concurrently with other methods of the same model.
    public func backward(dLogits: [Float]) {
        net.backward(dLogits: dLogits)
    }

    /// Sets every parameter's gradient to zero.
    public func zeroGrad() { net.zeroGrad() }

    /// Adds LoRA adapters of rank `rank` and scale `alpha / rank` to the projections named in
    /// `targets` (`q_proj`, `k_proj`, `v_proj`, `o_proj`, `gate_proj`, `up_proj`, `down_proj`)
    /// of every layer, and with `includeEmbeddings` to the token embedding and the output head;
    /// base weights become `trainable = false`. A starts small and B at zero (embedding: A zero,
    /// B normal), so the adapted model initially computes exactly what the base model does.
    public func enableLoRA(rank: Int, alpha: Float, targets: Set<String>, includeEmbeddings: Bool, seed: UInt64) {
        net.enableLoRA(rank: rank, alpha: Double(alpha), targets: targets, includeEmbeddings: includeEmbeddings, seed: seed)
    }

    /// Folds the adapters into the base weights, removes them, and makes base weights trainable.
    public func mergeLoRA() { net.mergeLoRA() }

    /// All LoRA target names.
    public static var allLoRATargets: Set<String> { LlamaNetwork<Float>.loraTargetNames }
}
