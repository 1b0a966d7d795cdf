import Foundation
import Tensors

/// Checkpoints in Hugging Face layout, loadable by `transformers`
/// (`LlamaForCausalLM.from_pretrained(dir)`) and written from it:
///
///     dir/config.json              LlamaForCausalLM hyper-parameters
///     dir/model.safetensors        F32 tensors with Llama names (no lm_head.weight when tied)
///     dir/generation_config.json   decoding defaults and special token ids
///     dir/tokenizer.json           the BPE tokenizer (when one is given), with
///     dir/tokenizer_config.json    BOS/EOS/PAD, the PRefLexOR tokens and the chat template, and
///     dir/special_tokens_map.json  (so transformers' AutoTokenizer loads it; see +TokenizerConfig)
public enum LlamaCheckpoint {
    /// File names inside a checkpoint directory.
    public static let configFile = "config.json"
    /// The weights file.
    public static let weightsFile = "model.safetensors"
    /// The decoding defaults file.
    public static let generationConfigFile = "generation_config.json"
    /// The tokenizer file (written by `BPETokenizer.save(to:)`).
    public static let tokenizerFile = "tokenizer.json"

    /// Writes `model` (base weights, F32) to `directory`, creating it. LoRA adapters must be
    /// merged first (`mergeLoRA()`). When `tokenizer` is nil no tokenizer.json is written.
    public static func save(_ model: LlamaModel, to directory: URL, tokenizer: BPETokenizer? = nil,
                            generation: GenerationConfig? = nil) throws {
        if model.parameters.contains(where: { $0.name.contains("lora_") }) {
            throw LMError(.invalidInput, "the model has LoRA adapters; call mergeLoRA() before saving a Hugging Face checkpoint")
        }
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw LMError(.checkpointIO, "cannot create checkpoint directory \(directory.path); check permissions", underlying: error)
        }
        var writer = SafeTensorsWriter()
        do {
            for p in model.net.baseParameters { try writer.add(p.name, floats: p.value, shape: p.shape) }
            try writer.write(to: directory.appendingPathComponent(weightsFile), metadata: ["format": "pt"])
            try write(json: configJSON(model.config), to: directory.appendingPathComponent(configFile))
            try write(json: generationJSON(model.config, generation), to: directory.appendingPathComponent(generationConfigFile))
        } catch let e as LMError {
            throw e
        } catch {
            throw LMError(.checkpointIO, "cannot write checkpoint to \(directory.path)", underlying: error)
        }
        if let tokenizer {
            try writeTokenizerFiles(tokenizer, to: directory, contextLength: model.config.maxPositionEmbeddings)
        }
    }

    /// Reads a Llama checkpoint (F32, F16, BF16 or F64 tensors; converted to F32).
    /// Throws `LMError` naming the missing file or tensor, or the unsupported config field.
    public static func load(from directory: URL) throws -> LlamaModel {
        let config = try loadConfig(from: directory)
        let weightsURL = directory.appendingPathComponent(weightsFile)
        guard FileManager.default.fileExists(atPath: weightsURL.path) else {
            throw LMError(.checkpointMissingFile, "\(weightsURL.path) not found; sharded or .bin checkpoints are not supported, re-save with safe_serialization=True")
        }
        let tensors: SafeTensors
        do {
            tensors = try SafeTensors(contentsOf: weightsURL)
        } catch {
            throw LMError(.checkpointIO, "cannot read \(weightsURL.path)", underlying: error)
        }
        // Every tensor is overwritten from the file.
        let net = try LlamaNetwork<Float>(config: config, seed: 0, randomInit: false)
        for p in net.baseParameters {
            guard tensors.tensors[p.name] != nil else {
                throw LMError(.checkpointBadTensor, "\(weightsURL.lastPathComponent) lacks tensor '\(p.name)' (shape \(p.shape)); is this a Llama checkpoint matching config.json?")
            }
            do {
                p.value = try tensors.floats(p.name, shape: p.shape)
            } catch {
                throw LMError(.checkpointBadTensor, "tensor '\(p.name)' must be a float tensor of shape \(p.shape)", underlying: error)
            }
        }
        return LlamaModel(network: net)
    }

    /// Reads `config.json`, refusing Llama features this model does not implement.
    public static func loadConfig(from directory: URL) throws -> LlamaConfig {
        let url = directory.appendingPathComponent(configFile)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw LMError(.checkpointMissingFile, "\(url.path) not found; a checkpoint directory needs config.json")
        }
        guard let dict = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw LMError(.checkpointIO, "\(url.path) is not a JSON object")
        }
        if let type = dict["model_type"] as? String, type != "llama" {
            throw LMError(.invalidConfig, "model_type is '\(type)'; only 'llama' checkpoints are supported")
        }
        if let act = dict["hidden_act"] as? String, act != "silu" {
            throw LMError(.invalidConfig, "hidden_act is '\(act)'; only 'silu' (SwiGLU) is supported")
        }
        for flag in ["attention_bias", "mlp_bias"] where (dict[flag] as? Bool) == true {
            throw LMError(.invalidConfig, "\(flag) is true; this model has no biases")
        }
        if let scaling = dict["rope_scaling"], !(scaling is NSNull) {
            throw LMError(.invalidConfig, "rope_scaling is set; only plain RoPE is supported")
        }
        if let rope = dict["rope_parameters"] as? [String: Any], let type = rope["rope_type"] as? String, type != "default" {
            throw LMError(.invalidConfig, "rope_parameters.rope_type is '\(type)'; only 'default' RoPE is supported")
        }
        let config: LlamaConfig
        do {
            config = try JSONDecoder().decode(LlamaConfig.self, from: data)
        } catch {
            throw LMError(.invalidConfig, "\(url.path) lacks a required Llama field", underlying: error)
        }
        if let headDim = dict["head_dim"] as? Int, headDim != config.headDim {
            throw LMError(.invalidConfig, "head_dim \(headDim) differs from hidden_size / num_attention_heads = \(config.headDim)")
        }
        try config.validate()
        return config
    }

    /// Reads `tokenizer.json` when present; nil when the checkpoint has none.
    public static func loadTokenizer(from directory: URL) throws -> BPETokenizer? {
        let url = directory.appendingPathComponent(tokenizerFile)
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        do {
            return try BPETokenizer.load(tokenizerJSON: url)
        } catch {
            throw LMError(.tokenizer, "cannot load \(url.path)", underlying: error)
        }
    }

    /// Reads `generation_config.json` when present (missing fields take `GenerationConfig` defaults).
    public static func loadGenerationConfig(from directory: URL) throws -> GenerationConfig? {
        let url = directory.appendingPathComponent(generationConfigFile)
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        guard let d = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw LMError(.checkpointIO, "\(url.path) is not a JSON object")
        }
        var g = GenerationConfig()
        if let v = d["max_new_tokens"] as? Int { g.maxNewTokens = v }
        if let v = d["top_k"] as? Int { g.topK = v }
        if let v = d["top_p"] as? Double { g.topP = Float(v) }
        if let v = d["repetition_penalty"] as? Double { g.repetitionPenalty = Float(v) }
        if let v = d["temperature"] as? Double { g.temperature = Float(v) }
        if (d["do_sample"] as? Bool) == false { g.temperature = 0 }
        if let v = d["seed"] as? Int { g.seed = UInt64(truncatingIfNeeded: v) }
        if let v = d["eos_token_id"] as? Int { g.stopTokens = [Int32(v)] }
        if let v = d["eos_token_id"] as? [Int] { g.stopTokens = Set(v.map { Int32($0) }) }
        return g
    }
}
