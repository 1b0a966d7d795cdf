import Foundation

/// The shape of a BERT encoder, read from Hugging Face `config.json`.
public struct BertConfig: Sendable, Equatable {
    /// Vocabulary size `V` (30,522 for all-MiniLM-L6-v2).
    public var vocabularySize: Int
    /// Hidden width `C` (384).
    public var hiddenSize: Int
    /// Number of encoder layers `L` (6).
    public var layerCount: Int
    /// Attention heads `NH` (12); head size is `C / NH` (32).
    public var headCount: Int
    /// Feed-forward width (1536).
    public var intermediateSize: Int
    /// Position embeddings available, i.e. the longest possible sequence (512).
    public var maxPositions: Int
    /// Token-type vocabulary (2); only type 0 is used for single sentences.
    public var typeVocabularySize: Int
    /// LayerNorm epsilon (1e-12).
    public var layerNormEps: Float

    /// Parses `config.json`, checking that it describes a BERT this encoder implements
    /// (absolute positions, exact-erf GELU).
    public init(contentsOf url: URL) throws {
        guard let data = try? Data(contentsOf: url) else {
            throw EmbeddingError(.modelMissing, "cannot read \(url.path); run `preflexor models fetch`")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw EmbeddingError(.invalidConfig, "\(url.path) is not a JSON object; delete the model folder and run `preflexor models fetch`")
        }
        func int(_ key: String) throws -> Int {
            guard let v = (json[key] as? NSNumber)?.intValue, v > 0 else {
                throw EmbeddingError(.invalidConfig, "\(url.path): '\(key)' is missing or not a positive integer")
            }
            return v
        }
        if let type = json["model_type"] as? String, type != "bert" {
            throw EmbeddingError(.invalidConfig, "\(url.path): model_type is '\(type)'; only BERT encoders are supported")
        }
        if let act = json["hidden_act"] as? String, act != "gelu" {
            throw EmbeddingError(.invalidConfig, "\(url.path): hidden_act is '\(act)'; only 'gelu' (erf form) is implemented")
        }
        if let pos = json["position_embedding_type"] as? String, pos != "absolute" {
            throw EmbeddingError(.invalidConfig, "\(url.path): position_embedding_type is '\(pos)'; only 'absolute' is implemented")
        }
        vocabularySize = try int("vocab_size")
        hiddenSize = try int("hidden_size")
        layerCount = try int("num_hidden_layers")
        headCount = try int("num_attention_heads")
        intermediateSize = try int("intermediate_size")
        maxPositions = try int("max_position_embeddings")
        typeVocabularySize = (json["type_vocab_size"] as? NSNumber)?.intValue ?? 2
        layerNormEps = (json["layer_norm_eps"] as? NSNumber)?.floatValue ?? 1e-12
        guard hiddenSize % headCount == 0 else {
            throw EmbeddingError(.invalidConfig, "\(url.path): hidden_size \(hiddenSize) is not a multiple of num_attention_heads \(headCount)")
        }
    }

    /// Head size `HS = C / NH`.
    public var headSize: Int { hiddenSize / headCount }
}
