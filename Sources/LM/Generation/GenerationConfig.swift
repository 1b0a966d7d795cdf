/// Decoding settings, with Hugging Face `generate` semantics and field names in
/// `generation_config.json`.
public struct GenerationConfig: Codable, Sendable, Equatable {
    /// Most tokens to generate after the prompt. Default 256.
    public var maxNewTokens: Int
    /// Softmax temperature; 0 means greedy (argmax). Default 1.0.
    public var temperature: Float
    /// Keep only the k most likely tokens before sampling; 0 turns it off. Default 0.
    public var topK: Int
    /// Nucleus sampling: keep the smallest set of tokens whose probability reaches p; 1 turns it off. Default 1.0.
    public var topP: Float
    /// CTRL-style penalty (> 1 discourages repeats) on every token of the prompt and output:
    /// positive logits are divided by it, negative ones multiplied. 1 turns it off. Default 1.0.
    public var repetitionPenalty: Float
    /// Seed of the sampler; equal seeds give equal outputs. Default 0.
    public var seed: UInt64
    /// Generation ends after any of these tokens (which is not included in the output).
    public var stopTokens: Set<Int32>

    /// Creates settings; defaults sample plainly from the model at temperature 1.
    public init(maxNewTokens: Int = 256, temperature: Float = 1.0, topK: Int = 0, topP: Float = 1.0,
                repetitionPenalty: Float = 1.0, seed: UInt64 = 0, stopTokens: Set<Int32> = []) {
        self.maxNewTokens = maxNewTokens
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.repetitionPenalty = repetitionPenalty
        self.seed = seed
        self.stopTokens = stopTokens
    }

    /// Greedy decoding of up to `maxNewTokens` tokens.
    public static func greedy(maxNewTokens: Int, stopTokens: Set<Int32> = []) -> GenerationConfig {
        GenerationConfig(maxNewTokens: maxNewTokens, temperature: 0, stopTokens: stopTokens)
    }

    /// Throws `LMError(.invalidInput)` naming the bad setting.
    public func validate() throws {
        if maxNewTokens < 0 { throw LMError(.invalidInput, "maxNewTokens must be >= 0, got \(maxNewTokens)") }
        if !(temperature >= 0) { throw LMError(.invalidInput, "temperature must be >= 0 (0 = greedy), got \(temperature)") }
        if topK < 0 { throw LMError(.invalidInput, "topK must be >= 0 (0 = off), got \(topK)") }
        if !(topP > 0 && topP <= 1) { throw LMError(.invalidInput, "topP must be in (0, 1], got \(topP)") }
        if !(repetitionPenalty > 0) { throw LMError(.invalidInput, "repetitionPenalty must be > 0 (1 = off), got \(repetitionPenalty)") }
    }

    enum CodingKeys: String, CodingKey {
        case maxNewTokens = "max_new_tokens", temperature, topK = "top_k", topP = "top_p"
        case repetitionPenalty = "repetition_penalty", seed, stopTokens = "eos_token_id"
    }
}

/// Why generation ended.
public enum StopReason: Sendable, Equatable {
    /// A stop token was produced (its id).
    case stopToken(Int32)
    /// `maxNewTokens` were generated.
    case maxNewTokens
    /// The context (max_position_embeddings) is full.
    case contextFull
    /// The `onToken` callback asked to stop.
    case callback
}

/// The output of `LlamaModel.generate`.
public struct Generation: Sendable, Equatable {
    /// The new tokens, without the prompt and without the stop token.
    public var tokens: [Int32]
    /// Why decoding ended.
    public var stopReason: StopReason
}
