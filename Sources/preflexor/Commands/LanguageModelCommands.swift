import ArgumentParser
import Foundation
import JATS
import LM
import Store
import Text
import Training

/// `preflexor tokenizer train`: a byte-level BPE tokenizer for the native model.
struct TokenizerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tokenizer", abstract: "Train the byte-level BPE tokenizer of the native language model.",
        subcommands: [Train.self])

    struct Train: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train a BPE tokenizer on the stored chunks (or on given JATS/text files) and save tokenizer.json.")
        @Option(name: .long, help: "Vocabulary size, special tokens included.") var vocabSize = 8192
        @Option(name: .long, help: "Folder to write tokenizer.json into.") var out: String
        @Argument(help: "JATS (.xml/.nxml) or text (.txt) files or folders; default: every chunk in the database.")
        var paths: [String] = []
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let texts = paths.isEmpty ? try await chunkTexts() : try fileTexts()
            guard !texts.isEmpty else { throw ValidationError("no training text found; ingest papers first or give files") }
            printError("training a \(vocabSize)-token BPE on \(texts.count) texts…")
            let tokenizer = try BPETrainer(vocabSize: vocabSize).train(texts)
            let dir = URL(fileURLWithPath: out)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            try tokenizer.save(to: dir.appendingPathComponent("tokenizer.json"))
            print(dir.appendingPathComponent("tokenizer.json").path)
        }

        func chunkTexts() async throws -> [String] {
            let database = try await store.configuration().open()
            do {
                let result = try await ReadOnlyQuery.run(
                    "select text from chunks order by id", configuration: store.configuration(), options: .init(maxRows: 5_000_000))
                await database.close()
                return result.rows.compactMap { $0.first ?? nil }
            } catch { await database.close(); throw error }
        }

        func fileTexts() throws -> [String] {
            var out: [String] = []
            let parser = JATSParser()
            for path in paths {
                var isDir: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
                    throw ValidationError("no such file or folder: \(path)")
                }
                let files: [URL] = isDir.boolValue
                    ? (FileManager.default.enumerator(at: URL(fileURLWithPath: path), includingPropertiesForKeys: nil)?
                        .compactMap { $0 as? URL } ?? []).sorted { $0.path < $1.path }
                    : [URL(fileURLWithPath: path)]
                for file in files {
                    switch file.pathExtension.lowercased() {
                    case "xml", "nxml": out += try parser.parse(fileAt: file).textBlocks().map(\.text)
                    case "txt": out.append(try String(contentsOf: file, encoding: .utf8))
                    default: continue
                    }
                }
            }
            return out
        }
    }
}

/// `preflexor model init`: a fresh, randomly initialised checkpoint to train from.
struct ModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "model", abstract: "Create native Llama-style checkpoints.", subcommands: [Init.self])

    struct Init: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write a randomly initialised checkpoint (Hugging Face layout) sized for CPU training.")
        @Option(name: .long, help: "The tokenizer.json the model uses (its vocabulary sets the model's).") var tokenizer: String
        @Option(name: .long, help: "Folder for the checkpoint.") var out: String
        @Option(name: .long, help: "Model width.") var hidden = 384
        @Option(name: .long, help: "Decoder layers.") var layers = 6
        @Option(name: .long, help: "Attention heads.") var heads = 6
        @Option(name: .long, help: "Key/value heads (grouped-query attention).") var kvHeads = 2
        @Option(name: .long, help: "SwiGLU inner width.") var intermediate = 1024
        @Option(name: .long, help: "Context length.") var context = 512
        @Option(name: .long, help: "Random seed.") var seed: UInt64 = 42

        func run() async throws {
            let tok = try BPETokenizer.load(tokenizerJSON: URL(fileURLWithPath: tokenizer))
            let config = LlamaConfig(
                vocabSize: tok.vocabSize, hiddenSize: hidden, intermediateSize: intermediate, numHiddenLayers: layers,
                numAttentionHeads: heads, numKeyValueHeads: kvHeads, maxPositionEmbeddings: context,
                bosTokenId: tok.specialTokenID(SpecialTokens.beginOfText).map(Int.init),
                eosTokenId: tok.specialTokenID(SpecialTokens.endOfTurn).map(Int.init),
                padTokenId: tok.specialTokenID(SpecialTokens.pad).map(Int.init))
            try config.validate()
            let model = LlamaModel(config: config, seed: seed)
            try LlamaCheckpoint.save(model, to: URL(fileURLWithPath: out), tokenizer: tok)
            print("\(out): \(model.parameterCount) parameters")
        }
    }
}

/// `preflexor train sft|orpo|dpo`.
struct TrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the native model: SFT, ORPO (stage 1) or DPO/EXO with thinking masked (stage 2).",
        discussion: "Data: JSONL of {prompt, chosen, rejected} (TRL's format) or {text} for SFT.")

    enum Method: String, ExpressibleByArgument, CaseIterable { case sft, orpo, dpo }
    enum Loss: String, ExpressibleByArgument, CaseIterable { case exoPair = "exo_pair", sigmoid, ipo }
    enum Mask: String, ExpressibleByArgument, CaseIterable { case auto, none, answer, random }

    @Argument(help: "Training method.") var method: Method
    @Option(name: .long, help: "Training data (JSONL).") var data: String
    @Option(name: .long, help: "Checkpoint to start from (`preflexor model init` makes one).") var base: String
    @Option(name: .long, help: "Output folder: metrics.jsonl, loss_curve.svg, checkpoints, final/.") var out: String
    @Option(name: .long, help: "Optimizer steps (default: one epoch).") var steps: Int?
    @Option(name: .long, help: "Learning rate (default: the method's, see method.md).") var lr: Double?
    @Option(name: .long, help: "ORPO lambda / DPO beta.") var beta: Double?
    @Option(name: .long, help: "DPO loss: exo_pair, sigmoid or ipo (IPO on token-averaged log-probs, as TRL).") var loss: Loss = .exoPair
    @Option(name: .long, help: "Label smoothing for DPO (exo_pair needs > 0).") var labelSmoothing = 5e-3
    @Option(name: .long, help: "Thinking mask: auto (answer-only for dpo), none, answer, random.") var mask: Mask = .auto
    @Option(name: .long, help: "LoRA rank (0: train all weights).") var loraRank = 0
    @Option(name: .long, help: "Sequences per micro-batch.") var batch = 1
    @Option(name: .long, help: "Micro-batches per optimizer step.") var gradAccum = 2
    @Option(name: .long, help: "Longest prompt + answer in tokens (default: 512, or the model's context when shorter; at most the context).")
    var maxLength: Int?
    @Option(name: .long, help: "Longest prompt in tokens, kept from its end when a row is too long (default: half of --max-length; below --max-length).")
    var maxPromptLength: Int?
    @Flag(name: .long, help: "Use prompt and answers verbatim instead of the chat template (for data rendered elsewhere; rows starting with <|begin_of_text|> are always verbatim).")
    var verbatim = false
    @Option(name: .long, help: "Save a resumable checkpoint every N steps.") var saveEvery: Int?
    @Option(name: .long, help: "Resume from a checkpoint folder written by --save-every.") var resume: String?
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 42

    func validate() throws {
        if let maxLength, maxLength < 2 { throw ValidationError("--max-length must be at least 2 (got \(maxLength))") }
        if let maxPromptLength, maxPromptLength < 1 {
            throw ValidationError("--max-prompt-length must be at least 1 (got \(maxPromptLength))")
        }
        if let maxPromptLength, let maxLength, maxPromptLength >= maxLength {
            throw ValidationError("--max-prompt-length (\(maxPromptLength)) must be below --max-length (\(maxLength)) to leave room for the answer")
        }
        if let steps, steps < 1 { throw ValidationError("--steps must be at least 1 (got \(steps))") }
        if batch < 1 || gradAccum < 1 { throw ValidationError("--batch and --grad-accum must be at least 1") }
    }

    /// `(maxLength, maxPromptLength)` checked against the model's context `context`.
    static func lengths(maxLength: Int?, maxPromptLength: Int?, context: Int) throws -> (Int, Int) {
        if let maxLength, maxLength > context {
            throw ValidationError("--max-length \(maxLength) exceeds the model's context of \(context) tokens (max_position_embeddings); pass --max-length \(context) or less, or make a base with a longer --context")
        }
        let length = maxLength ?? min(512, context)
        let prompt = maxPromptLength ?? length / 2
        guard prompt < length else {
            throw ValidationError("--max-prompt-length (\(prompt)) must be below the max length (\(length)) to leave room for the answer")
        }
        return (length, prompt)
    }

    func run() async throws {
        let baseURL = URL(fileURLWithPath: base)
        let model = try LlamaCheckpoint.load(from: baseURL)
        guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: baseURL) else {
            throw ValidationError("\(base) has no tokenizer.json; make the base with `preflexor model init --tokenizer …`")
        }
        var config = TrainerConfig(method: method == .sft ? .sft : method == .orpo ? .orpo : .dpo)
        config.outputDirectory = URL(fileURLWithPath: out)
        config.maxSteps = steps
        if let lr { config.learningRate = lr }
        if let beta { config.beta = beta }
        switch loss {
        case .exoPair: config.dpoLossType = .exoPair
        case .sigmoid: config.dpoLossType = .sigmoid
        case .ipo: config.dpoLossType = .ipo
        }
        config.labelSmoothing = labelSmoothing
        config.batchSize = batch
        config.gradientAccumulation = gradAccum
        (config.maxLength, config.maxPromptLength) = try Self.lengths(
            maxLength: maxLength, maxPromptLength: maxPromptLength, context: model.config.maxPositionEmbeddings)
        config.chatTemplate = verbatim ? nil : ChatTemplate()
        config.saveEvery = saveEvery
        config.seed = seed
        switch mask {
        case .auto: break
        case .none: config.thinkingMasking = .none
        case .answer: config.thinkingMasking = .answerOnly
        case .random: config.thinkingMasking = .randomPartial(fraction: 0.5)
        }
        let reference = method == .dpo ? try model.frozenCopy() : nil
        if loraRank > 0 {
            model.enableLoRA(rank: loraRank, alpha: Float(loraRank), targets: LlamaModel.allLoRATargets, includeEmbeddings: true, seed: seed)
        }
        let trainer = try Trainer(config: config, model: model, reference: reference, data: URL(fileURLWithPath: data), tokenizer: tokenizer)
        if let resume { try trainer.resume(from: URL(fileURLWithPath: resume)) }
        let progress = Training.ProgressBar()
        _ = try trainer.run(progress: progress.report)
        let final = try trainer.saveModel(tokenizer: tokenizer)
        print(final.path)
    }
}

/// `preflexor generate --model DIR "prompt"`.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate", abstract: "Generate text with a native checkpoint (KV-cache decoding).")
    @Option(name: .long, help: "Checkpoint folder.") var model: String
    @Argument(help: "The prompt.") var prompt: String
    @Flag(name: .long, help: "Wrap the prompt in the chat template and ask for thinking: the very prompt `train` builds from a pair's question.") var chat = false
    @Option(name: .long, help: "Tokens to generate.") var maxTokens = 256
    @Option(name: .long, help: "Sampling temperature (0: greedy).") var temperature: Float = 0
    @Option(name: .long, help: "Nucleus sampling mass.") var topP: Float = 1
    @Option(name: .long, help: "Keep only the k most likely tokens (0: all).") var topK = 0
    @Option(name: .long, help: "Penalty for repeated tokens (1: none).") var repetitionPenalty: Float = 1
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 0

    func run() async throws {
        let dir = URL(fileURLWithPath: model)
        let llama = try LlamaCheckpoint.load(from: dir)
        guard let tokenizer = try LlamaCheckpoint.loadTokenizer(from: dir) else {
            throw ValidationError("\(model) has no tokenizer.json")
        }
        let text = chat ? ChatTemplate().questionPrompt(prompt) : prompt
        var ids = tokenizer.encode(text)
        if !chat, let bos = tokenizer.specialTokenID(SpecialTokens.beginOfText) { ids.insert(bos, at: 0) }
        let stops = [SpecialTokens.endOfTurn, SpecialTokens.endOfText].compactMap { tokenizer.specialTokenID($0) }
        let config = GenerationConfig(
            maxNewTokens: maxTokens, temperature: temperature, topK: topK, topP: topP,
            repetitionPenalty: repetitionPenalty, seed: seed, stopTokens: Set(stops))
        let result = try llama.generate(prompt: ids, config: config)
        print(tokenizer.decode(result.tokens, skipSpecialTokens: false))
    }
}

/// `preflexor export trl`: preference data for TRL's trainers on GPUs.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export training data for other tools.", subcommands: [TRL.self])

    struct TRL: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "trl",
            abstract: "Write preference pairs as a TRL dataset (train.jsonl with the chat template of method.md).",
            discussion: "Then run scripts/train_trl.py on a GPU machine (see its --help).")
        @Option(name: .long, help: "Preference pairs, JSONL of {prompt, chosen, rejected}.") var data: String
        @Option(name: .long, help: "Output folder.") var out: String

        func run() async throws {
            let pairs: [PreferencePair] = try TrainingRecord.readJSONL(URL(fileURLWithPath: data)).compactMap {
                if case .pair(let p) = $0 { return p } else { return nil }
            }
            guard !pairs.isEmpty else { throw ValidationError("\(data) holds no {prompt, chosen, rejected} rows") }
            let file = try TRLExport.write(pairs: pairs, to: URL(fileURLWithPath: out))
            print("\(pairs.count) pairs → \(file.path)")
        }
    }
}
