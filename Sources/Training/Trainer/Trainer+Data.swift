import Foundation
import LM

extension BPETokenizer: TrainingTokenizer {}

extension Trainer where Model == LlamaModel {
    /// The CLI's entry point: reads a JSONL file (`{prompt, chosen, rejected}` or `{text}`),
    /// tokenizes it with the model's tokenizer, applies the configured thinking mask, and makes
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
        let examples = try TokenizedExample.prepare(
            records, tokenizer: tokenizer, maxLength: min(config.maxLength, model.maxSequenceLength),
            maxPromptLength: min(config.maxPromptLength, model.maxSequenceLength - 1),
            masking: config.thinkingMasking, rng: &rng)
        var ref = reference
        if config.method == .dpo, ref == nil { ref = try model.frozenCopy() }
        let pad = tokenizer.specialTokenID(SpecialTokens.pad) ?? tokenizer.specialTokenID(SpecialTokens.endOfTurn) ?? 0
        try self.init(config: config, model: model, reference: ref, examples: examples, padID: pad)
    }
}
