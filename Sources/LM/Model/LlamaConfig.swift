/// A Llama model's hyper-parameters, with Hugging Face `config.json` field names.
///
/// The defaults are the project's tiny model (~12M parameters with an 8192-token vocabulary),
/// sized to train on a 2-core CPU: hidden 384, 6 layers, 6 query heads over 2 key/value heads
/// (head dimension 64), SwiGLU width 1024, 512 positions, tied embeddings.
public struct LlamaConfig: Codable, Sendable, Equatable {
    /// V: vocabulary size. Default 8192 (the project's BPE tokenizer size).
    public var vocabSize: Int
    /// C: model width. Default 384.
    public var hiddenSize: Int
    /// F: SwiGLU inner width. Default 1024 (~8/3 C, rounded to a multiple of 64).
    public var intermediateSize: Int
    /// L: number of decoder layers. Default 6.
    public var numHiddenLayers: Int
    /// H: query heads. Default 6 (head dimension 64).
    public var numAttentionHeads: Int
    /// G: key/value heads (grouped-query attention); must divide H. Default 2.
    public var numKeyValueHeads: Int
    /// Longest sequence (prompt + generation). Default 512.
    public var maxPositionEmbeddings: Int
    /// RoPE base frequency. Default 10000.
    public var ropeTheta: Double
    /// RMSNorm epsilon. Default 1e-5.
    public var rmsNormEps: Double
    /// Whether the output head reuses the token embedding matrix. Default true (saves V*C parameters).
    public var tieWordEmbeddings: Bool
    /// Begin-of-sequence token id, if any.
    public var bosTokenId: Int?
    /// End-of-sequence token id, if any.
    public var eosTokenId: Int?
    /// Padding token id, if any.
    public var padTokenId: Int?

    /// Creates a configuration; every field defaults to the project's tiny model.
    public init(vocabSize: Int = 8192, hiddenSize: Int = 384, intermediateSize: Int = 1024,
                numHiddenLayers: Int = 6, numAttentionHeads: Int = 6, numKeyValueHeads: Int = 2,
                maxPositionEmbeddings: Int = 512, ropeTheta: Double = 10000, rmsNormEps: Double = 1e-5,
                tieWordEmbeddings: Bool = true, bosTokenId: Int? = nil, eosTokenId: Int? = nil,
                padTokenId: Int? = nil) {
        self.vocabSize = vocabSize
        self.hiddenSize = hiddenSize
        self.intermediateSize = intermediateSize
        self.numHiddenLayers = numHiddenLayers
        self.numAttentionHeads = numAttentionHeads
        self.numKeyValueHeads = numKeyValueHeads
        self.maxPositionEmbeddings = maxPositionEmbeddings
        self.ropeTheta = ropeTheta
        self.rmsNormEps = rmsNormEps
        self.tieWordEmbeddings = tieWordEmbeddings
        self.bosTokenId = bosTokenId
        self.eosTokenId = eosTokenId
        self.padTokenId = padTokenId
    }

    /// The reference configuration of the generation benchmark: hidden 256, 4 layers,
    /// 4 heads (no GQA), intermediate 688, vocabulary 8192, untied head.
    public static let benchmarkReference = LlamaConfig(
        vocabSize: 8192, hiddenSize: 256, intermediateSize: 688, numHiddenLayers: 4,
        numAttentionHeads: 4, numKeyValueHeads: 4, maxPositionEmbeddings: 512, tieWordEmbeddings: false)

    /// D: per-head dimension, C / H.
    public var headDim: Int { hiddenSize / numAttentionHeads }

    /// Throws `LMError(.invalidConfig)` naming the inconsistent fields.
    public func validate() throws {
        func fail(_ m: String) throws -> Never { throw LMError(.invalidConfig, m) }
        if vocabSize < 1 || hiddenSize < 1 || intermediateSize < 1 || numHiddenLayers < 1 || maxPositionEmbeddings < 1 {
            try fail("vocab_size, hidden_size, intermediate_size, num_hidden_layers and max_position_embeddings must be positive")
        }
        if numAttentionHeads < 1 || hiddenSize % numAttentionHeads != 0 {
            try fail("num_attention_heads (\(numAttentionHeads)) must divide hidden_size (\(hiddenSize))")
        }
        if headDim % 2 != 0 { try fail("head dimension \(headDim) must be even for rotary embeddings") }
        if numKeyValueHeads < 1 || numAttentionHeads % numKeyValueHeads != 0 {
            try fail("num_key_value_heads (\(numKeyValueHeads)) must divide num_attention_heads (\(numAttentionHeads))")
        }
        if !(rmsNormEps > 0) || !(ropeTheta > 0) { try fail("rms_norm_eps and rope_theta must be positive") }
    }

    enum CodingKeys: String, CodingKey {
        case vocabSize = "vocab_size", hiddenSize = "hidden_size", intermediateSize = "intermediate_size"
        case numHiddenLayers = "num_hidden_layers", numAttentionHeads = "num_attention_heads"
        case numKeyValueHeads = "num_key_value_heads", maxPositionEmbeddings = "max_position_embeddings"
        case ropeTheta = "rope_theta", rmsNormEps = "rms_norm_eps", tieWordEmbeddings = "tie_word_embeddings"
        case bosTokenId = "bos_token_id", eosTokenId = "eos_token_id", padTokenId = "pad_token_id"
    }

    private enum RopeKeys: String, CodingKey {
        case ropeParameters = "rope_parameters", ropeTheta = "rope_theta", ropeType = "rope_type"
    }

    /// Decodes a Hugging Face `config.json`; absent optional fields take Llama's defaults
    /// (`num_key_value_heads` = heads, `rope_theta` 10000, `rms_norm_eps` 1e-6, untied).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        vocabSize = try c.decode(Int.self, forKey: .vocabSize)
        hiddenSize = try c.decode(Int.self, forKey: .hiddenSize)
        intermediateSize = try c.decode(Int.self, forKey: .intermediateSize)
        numHiddenLayers = try c.decode(Int.self, forKey: .numHiddenLayers)
        numAttentionHeads = try c.decode(Int.self, forKey: .numAttentionHeads)
        numKeyValueHeads = try c.decodeIfPresent(Int.self, forKey: .numKeyValueHeads) ?? numAttentionHeads
        maxPositionEmbeddings = try c.decodeIfPresent(Int.self, forKey: .maxPositionEmbeddings) ?? 2048
        // transformers >= 5 nests it: "rope_parameters": {"rope_type": "default", "rope_theta": ...}.
        let nested = try? decoder.container(keyedBy: RopeKeys.self)
            .nestedContainer(keyedBy: RopeKeys.self, forKey: .ropeParameters)
        ropeTheta = try c.decodeIfPresent(Double.self, forKey: .ropeTheta)
            ?? nested?.decodeIfPresent(Double.self, forKey: .ropeTheta) ?? 10000
        rmsNormEps = try c.decodeIfPresent(Double.self, forKey: .rmsNormEps) ?? 1e-6
        tieWordEmbeddings = try c.decodeIfPresent(Bool.self, forKey: .tieWordEmbeddings) ?? false
        // Hugging Face allows a list of eos ids; the first one is used here.
        bosTokenId = try c.decodeIfPresent(Int.self, forKey: .bosTokenId)
        if let list = try? c.decodeIfPresent([Int].self, forKey: .eosTokenId) {
            eosTokenId = list.first
        } else {
            eosTokenId = try c.decodeIfPresent(Int.self, forKey: .eosTokenId)
        }
        padTokenId = try c.decodeIfPresent(Int.self, forKey: .padTokenId)
    }
}
