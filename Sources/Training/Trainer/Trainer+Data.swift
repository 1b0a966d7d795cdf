import Foundation
import LM

extension BPETokenizer: TrainingTokenizer {}

extension Trainer where Model == LlamaModel {
    /// The CLI's entry point: reads a JSONL file (`{prompt, chosen, rejected}` or `{text}`),
    /// renders pairs with `config.chatTemplate` (raw questions and answers become the
    /// `generate --chat` format; already rendered rows stay as they are), tokenizes them with
    /// the model's tokenizer, applies the configured thinking mask, and makes
    /// a trainer. For DPO without an explicit `reference`, a frozen copy of `model` is used
    /// (make it before enabling LoRA; see `LlamaModel.frozenCopy()`).
    ///
    ///     var config = TrainerConfig(method: .orpo)
    ///     config.outputDirectory = out
    ///     let trainer = try Trainer(config: config, model: model, data: file, tokenizer: tokenizer)
    ///     try trainer.run(progress: ProgressBar().report)
    public convenience init(config: TrainerConfig, model: LlamaModel, reference: LlamaModel? = nil,
                            data: URL, tokenizer: BPETokenizer) throws {
        let records = try TrainingRecord.readJSONL(data)
        var rng = TrainingRNG(seed: config.seed ^ 0x6D61_736B) // its own stream: masks do not shift the data order
        // Lengths beyond the model's context are cut to it; the prompt always leaves room for
        // the answer (the CLI refuses such settings before it gets here).
        let maxLength = min(config.maxLength, model.maxSequenceLength)
        let examples = try TokenizedExample.prepare(
            records, tokenizer: tokenizer, maxLength: maxLength,
            maxPromptLength: min(config.maxPromptLength, maxLength - 1), template: config.chatTemplate,
            masking: config.thinkingMasking, rng: &rng)
        var ref = reference
        if config.method == .dpo, ref == nil { ref = try model.frozenCopy() }
        let pad = tokenizer.specialTokenID(SpecialTokens.pad) ?? tokenizer.specialTokenID(SpecialTokens.endOfTurn) ?? 0
        try self.init(config: config, model: model, reference: ref, examples: examples, padID: pad)
    }
}

extension Trainer where Model == LlamaModel {
    /// Writes the trained model as a Hugging Face checkpoint (`LM.LlamaCheckpoint`) to
    /// `directory` (default: `config.outputDirectory/final`), beside metrics.jsonl and
    /// loss_curve.svg. LoRA adapters are merged into the base weights first (the model in
    /// memory is changed), so the result loads in `transformers` directly.
    @discardableResult
    public func saveModel(to directory: URL? = nil, tokenizer: BPETokenizer?) throws -> URL {
        guard let dir = directory ?? config.outputDirectory?.appendingPathComponent("final") else {
            throw TrainingError(.invalidConfiguration, "no directory to save the model to; pass one or set config.outputDirectory")
        }
        if model.parameters.contains(where: { $0.name.contains(".lora_") }) { model.mergeLoRA() }
        do {
            try LlamaCheckpoint.save(model, to: dir, tokenizer: tokenizer)
        } catch {
            throw TrainingError(.io, "cannot save the trained model to \(dir.path)", underlying: error)
        }
        return dir
    }
}
