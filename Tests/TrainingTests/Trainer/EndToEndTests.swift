import Foundation
import LM
import PreflexorTesting
import Testing
@testable import Training

/// Export -> JSONL -> tokenizer -> trainer, with the project's real BPE tokenizer
/// (the LM tokenizer fixture, 1000 ids, special tokens first).
@Suite struct EndToEndTests {
    let tokenizer = try! BPETokenizer.load(tokenizerJSON: Fixtures.url("LM", "tokenizer/swift-bpe.tokenizer.json"))

    func pairs() -> [PreferencePair] {
        let materials = ["nacre", "bone", "silk", "collagen", "chitin", "keratin"]
        return materials.map { m in
            PreferencePair(prompt: "Why is \(m) tough?\(SpecialTokens.thinkingRequest)",
                           chosen: "\(SpecialTokens.thinkingOpen)**Reasoning Steps**: \(m) is hierarchical.\(SpecialTokens.thinkingClose)Hierarchy deflects cracks in \(m).",
                           rejected: "\(SpecialTokens.thinkingOpen)no idea\(SpecialTokens.thinkingClose)It is hard.")
        }
    }

    @Test func dpoFromExportedFile() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-e2e-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = try TRLExport.write(pairs: pairs(), to: dir.appendingPathComponent("trl"))
        let line = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")[0]
        #expect(line.contains(#""prompt":"<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWhy is nacre tough? Use <|thinking|>.<|eot_id|><|start_header_id|>assistant<|end_header_id|>""#))
        #expect(line.contains(#""rejected":"\n\n<|thinking|>no idea<|/thinking|>It is hard.<|eot_id|>""#))

        let model = LlamaModel(config: LlamaConfig(vocabSize: tokenizer.vocabSize, hiddenSize: 16, intermediateSize: 32, numHiddenLayers: 1,
                                                   numAttentionHeads: 2, numKeyValueHeads: 2, maxPositionEmbeddings: 128), seed: 1)
        var config = TrainerConfig(method: .dpo)
        config.maxSteps = 3
        config.learningRate = 1e-3
        config.outputDirectory = dir.appendingPathComponent("run")
        let trainer = try Trainer(config: config, model: model, data: file, tokenizer: tokenizer)

        // The row tokenizes exactly as ChatTemplate.tokenize does, and the thinking is masked.
        let e = trainer.examples[0]
        let reference = try ChatTemplate().tokenize(prompt: pairs()[0].prompt, completion: pairs()[0].chosen, with: tokenizer)
        #expect(e.prompt + e.chosen == reference.ids && e.prompt.count == reference.promptCount)
        let close = tokenizer.specialTokenID(SpecialTokens.thinkingClose)!
        let tag = e.chosen.lastIndex(of: close)!
        #expect(e.chosenLabels == e.chosen.indices.map { $0 >= tag })

        let history = try trainer.run(progress: ProgressBar(every: 100, forceTerminal: false).report) // as the CLI wires it
        #expect(history.count == 3 && history.allSatisfy { $0.loss.isFinite && $0.terms.margin != nil })
        let out = config.outputDirectory!
        #expect(try MetricsLog.read(out.appendingPathComponent("metrics.jsonl")).count == 3)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("loss_curve.svg").path))
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("checkpoint-3/trainer_state.json").path))

        // The trained weights as a Hugging Face checkpoint beside the metrics.
        let saved = try trainer.saveModel(tokenizer: tokenizer)
        #expect(saved.path == out.appendingPathComponent("final").path)
        let back = try LlamaCheckpoint.load(from: saved)
        #expect(back.parameters.map(\.value) == model.parameters.map(\.value))
    }

    /// LoRA training, then the adapters are merged on save: the saved model computes what
    /// the adapted model computed.
    @Test func loraAdaptersAreMergedOnSave() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-lora-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let model = LlamaModel(config: Synthetic.config(), seed: 7)
        model.enableLoRA(rank: 4, alpha: 8, targets: LlamaModel.allLoRATargets, includeEmbeddings: true, seed: 1)
        var config = TrainerConfig(method: .orpo)
        config.maxSteps = 3
        config.learningRate = 1e-2
        config.outputDirectory = dir
        let trainer = try Trainer(config: config, model: model, examples: Synthetic.pairs(8, seed: 4))
        try trainer.run()
        let tokens: [Int32] = [4, 5, 6, 20, 21, 1]
        let adapted = model.forward(tokens: tokens, batch: 1, length: tokens.count)
        let back = try LlamaCheckpoint.load(from: try trainer.saveModel(tokenizer: nil))
        let merged = back.forward(tokens: tokens, batch: 1, length: tokens.count)
        #expect(NumericCheck.firstMismatch("logits", actual: merged, reference: adapted, abs: 1e-4, rel: 1e-3) == nil)
    }

    @Test func thinkingMaskNeedsTheTag() throws {
        let noThinking = try BPETrainer(vocabSize: 300, specialTokens: SpecialTokens.chat).train(["plain text only"])
        var rng = TrainingRNG(seed: 1)
        #expect {
            try TokenizedExample.prepare([.pair(pairs()[0])], tokenizer: noThinking, maxLength: 64, maxPromptLength: 32, masking: .answerOnly, rng: &rng)
        } throws: { ($0 as? TrainingError)?.message.contains("<|/thinking|>") == true }
    }
}
