import LM

extension ParameterOf: TrainableTensor where Scalar == Float {}

extension LlamaModel: CausalLanguageModel {
    /// V, from `config.vocab_size`.
    public var vocabularySize: Int { config.vocabSize }
    /// `config.max_position_embeddings`.
    public var maxSequenceLength: Int { config.maxPositionEmbeddings }

    /// A frozen copy of this model's base weights, for DPO's reference model. Call it before
    /// `enableLoRA` (a fresh adapter computes the identity, so the copy equals the policy at
    /// the start), or after `mergeLoRA`; with trained adapters present it throws.
    public func frozenCopy() throws -> LlamaModel {
        // An adapter is the identity while its zero-initialised factor is still zero
        // (linear: lora_B; embedding: lora_embedding_A).
        let trained = parameters.contains { p in
            (p.name.hasSuffix(".lora_B.weight") || p.name.hasSuffix(".lora_embedding_A")) && p.value.contains { $0 != 0 }
        }
        if trained {
            throw TrainingError(.invalidConfiguration, "this model has trained LoRA adapters; call mergeLoRA() (or copy before enableLoRA) to make the reference model")
        }
        let copy = LlamaModel(config: config, seed: 0)
        let byName = Dictionary(uniqueKeysWithValues: parameters.map { ($0.name, $0) })
        for p in copy.parameters {
            guard let src = byName[p.name] else {
                throw TrainingError(.invalidConfiguration, "cannot copy parameter \(p.name): the source model lacks it")
            }
            p.value = src.value
            p.trainable = false
        }
        return copy
    }
}
