import Tensors

/// The parameters of a BERT encoder in one allocation, laid out for the forward pass.
///
/// Weights are PyTorch-style `[out, in]`; Q, K and V are concatenated once at load into
/// one `[3C, C]` matrix so each layer does a single projection sgemm. Immutable after `init`
/// and freed in `deinit`, hence `@unchecked Sendable`.
final class BertWeights: @unchecked Sendable {
    struct Layer {
        let qkvWeight: UnsafePointer<Float>     // [3C, C]  rows: query, key, value
        let qkvBias: UnsafePointer<Float>       // [3C]
        let outWeight: UnsafePointer<Float>     // [C, C]
        let outBias: UnsafePointer<Float>       // [C]
        let ln1Weight: UnsafePointer<Float>     // [C]
        let ln1Bias: UnsafePointer<Float>       // [C]
        let upWeight: UnsafePointer<Float>      // [I, C]
        let upBias: UnsafePointer<Float>        // [I]
        let downWeight: UnsafePointer<Float>    // [C, I]
        let downBias: UnsafePointer<Float>      // [C]
        let ln2Weight: UnsafePointer<Float>     // [C]
        let ln2Bias: UnsafePointer<Float>       // [C]
    }

    let config: BertConfig
    let wordEmbeddings: UnsafePointer<Float>      // [V, C]
    let positionEmbeddings: UnsafePointer<Float>  // [P, C]
    let tokenTypeEmbedding: UnsafePointer<Float>  // [C], row 0 of token_type_embeddings
    let embeddingLNWeight: UnsafePointer<Float>   // [C]
    let embeddingLNBias: UnsafePointer<Float>     // [C]
    let layers: [Layer]
    private let storage: UnsafeMutablePointer<Float>
    /// Number of floats held.
    let parameterCount: Int

    /// Reads every tensor from `file`, checking dtype and shape against `config`. Names may carry
    /// a `bert.` prefix (transformers' BertModel checkpoints) or not (sentence-transformers).
    init(_ file: SafeTensors, config: BertConfig) throws {
        let C = config.hiddenSize, I = config.intermediateSize
        let prefix = file.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        var plan: [(name: String, shape: [Int])] = [
            ("embeddings.word_embeddings.weight", [config.vocabularySize, C]),
            ("embeddings.position_embeddings.weight", [config.maxPositions, C]),
            ("embeddings.token_type_embeddings.weight", [config.typeVocabularySize, C]),
            ("embeddings.LayerNorm.weight", [C]), ("embeddings.LayerNorm.bias", [C]),
        ]
        for l in 0..<config.layerCount {
            let p = "encoder.layer.\(l)."
            plan += [
                (p + "attention.self.query.weight", [C, C]), (p + "attention.self.key.weight", [C, C]),
                (p + "attention.self.value.weight", [C, C]),
                (p + "attention.self.query.bias", [C]), (p + "attention.self.key.bias", [C]), (p + "attention.self.value.bias", [C]),
                (p + "attention.output.dense.weight", [C, C]), (p + "attention.output.dense.bias", [C]),
                (p + "attention.output.LayerNorm.weight", [C]), (p + "attention.output.LayerNorm.bias", [C]),
                (p + "intermediate.dense.weight", [I, C]), (p + "intermediate.dense.bias", [I]),
                (p + "output.dense.weight", [C, I]), (p + "output.dense.bias", [C]),
                (p + "output.LayerNorm.weight", [C]), (p + "output.LayerNorm.bias", [C]),
            ]
        }
        let total = plan.reduce(0) { $0 + $1.shape.reduce(1, *) }
        storage = .allocate(capacity: total)
        parameterCount = total
        var cursor = 0
        var at: [String: UnsafePointer<Float>] = [:]
        do {
            for (name, shape) in plan {
                let values = try file.floats(prefix + name, shape: shape)
                (storage + cursor).update(from: values, count: values.count)
                at[name] = UnsafePointer(storage + cursor)
                cursor += values.count
            }
        } catch {
            storage.deallocate()
            throw EmbeddingError(.modelCorrupt, "model weights do not fit config.json: \(error); delete the model folder and run `preflexor models fetch`",
                                 underlying: error as? TensorsError)
        }
        self.config = config
        wordEmbeddings = at["embeddings.word_embeddings.weight"]!
        positionEmbeddings = at["embeddings.position_embeddings.weight"]!
        tokenTypeEmbedding = at["embeddings.token_type_embeddings.weight"]!
        embeddingLNWeight = at["embeddings.LayerNorm.weight"]!
        embeddingLNBias = at["embeddings.LayerNorm.bias"]!
        // Q, K, V weights were stored back to back ([C, C] each), so they already form [3C, C];
        // likewise the three biases form [3C].
        layers = (0..<config.layerCount).map { l in
            let p = "encoder.layer.\(l)."
            return Layer(
                qkvWeight: at[p + "attention.self.query.weight"]!, qkvBias: at[p + "attention.self.query.bias"]!,
                outWeight: at[p + "attention.output.dense.weight"]!, outBias: at[p + "attention.output.dense.bias"]!,
                ln1Weight: at[p + "attention.output.LayerNorm.weight"]!, ln1Bias: at[p + "attention.output.LayerNorm.bias"]!,
                upWeight: at[p + "intermediate.dense.weight"]!, upBias: at[p + "intermediate.dense.bias"]!,
                downWeight: at[p + "output.dense.weight"]!, downBias: at[p + "output.dense.bias"]!,
                ln2Weight: at[p + "output.LayerNorm.weight"]!, ln2Bias: at[p + "output.LayerNorm.bias"]!)
        }
        for l in 0..<config.layerCount {
            let p = "encoder.layer.\(l)."
            precondition(at[p + "attention.self.key.weight"]! == layers[l].qkvWeight + C * C
                         && at[p + "attention.self.value.weight"]! == layers[l].qkvWeight + 2 * C * C
                         && at[p + "attention.self.key.bias"]! == layers[l].qkvBias + C, "QKV layout")
        }
    }

    deinit { storage.deallocate() }
}
