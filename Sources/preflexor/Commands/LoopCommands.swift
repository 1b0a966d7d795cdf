import ArgumentParser
import Foundation
import Loop
import OpenAICompatible
import Reasoning
import Retrieval
import Store

/// `preflexor questions generate|list`: training questions written from the graph.
struct QuestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions",
        abstract: "Write training questions from the knowledge graph and list them.",
        subcommands: [Generate.self, List.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write hard, self-contained expert questions from the graph (method.md section 2) and store them.",
            discussion: """
                The embedded teacher (no language model; --teacher llm asks an OpenAI-compatible endpoint \
                instead) samples 3 random chunks (seeded), or 3 of the top-k \
                chunks for --topic, reads their asserted typed facts, the typed neighbourhood of their entities, \
                property values and comparisons (negated or hedged evidence is never a premise), and writes one \
                question per sample in varied forms (mechanism, effect, comparison, property value, design \
                principle, structure-property). Near-duplicates of kept or stored questions are dropped. Each \
                question is stored with its chunks, entities, relations, papers and the graph watermark.
                """)
        @Option(name: .long, help: "How many questions.") var n = 50
        @Option(name: .long, help: "Write about this topic (its top-k chunks) instead of random chunks.") var topic: String?
        @Option(name: .long, help: "Random seed; equal seeds over an equal database give equal questions.") var seed: UInt64 = 0
        @Option(name: .long, help: "embedded (the graph, no LLM; default) or llm (PREFLEXOR_LLM_URL, PREFLEXOR_LLM_MODEL, as `ask --generator llm`).")
        var teacher: GeneratorChoice = .embedded
        @Option(name: .long, help: "Near-duplicate threshold (embedding cosine).") var duplicateThreshold = 0.9
        @Flag(name: .long, help: "Write them but store nothing.") var dryRun = false
        @Flag(name: .long, help: "Print JSON (questions with premises and provenance).") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if n < 1 { throw ValidationError("--n must be at least 1 (got \(n))") }
            if !(0...1).contains(duplicateThreshold) { throw ValidationError("--duplicate-threshold must lie in 0...1") }
        }

        func run() async throws {
            let configuration = try store.configuration()
            let encoder = try loadEncoder(home: configuration.home)
            let database = try await configuration.open()
            let questions: [GeneratedQuestion]
            var ids: [Int64] = []
            do {
                let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home)
                let writer: any QuestionTeacher = teacher == .llm
                    ? LLMTeacher(client: ChatClient(configuration: try LLMGenerator.configuration())) : EmbeddedTeacher()
                let generator = QuestionGenerator(database: database, embedder: SentenceEmbedder(encoder), retriever: retriever, teacher: writer)
                var options = QuestionOptions(count: n, topic: topic, seed: seed)
                options.duplicateThreshold = duplicateThreshold
                let existing = try await TrainingRepository(database).questions().map(\.question)
                questions = try await generator.generate(options, existing: existing)
                if !dryRun { ids = try await generator.store(questions, seed: seed) }
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            if json {
                struct Row: Encodable { var id: Int64?; var question: GeneratedQuestion }
                print(try jsonString(questions.enumerated().map { Row(id: $0.offset < ids.count ? ids[$0.offset] : nil, question: $0.element) }))
                return
            }
            for (i, q) in questions.enumerated() {
                print("\(i + 1). [\(q.kind.rawValue)] \(q.question)")
            }
            printError("\(questions.count) questions written" + (dryRun ? " (not stored)" : ", \(ids.count) stored")
                + (questions.count < n ? "; the graph gave no more distinct questions" : ""))
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored questions with their provenance.")
        @Flag(name: .long, help: "Print JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.configuration().open()
            let questions: [StoredQuestion]
            do { questions = try await TrainingRepository(database).questions() } catch { await database.close(); throw error }
            await database.close()
            if json { print(try jsonString(questions)); return }
            let result = QueryResult(
                columns: ["id", "kind", "teacher", "chunks", "papers", "question"],
                rows: questions.map { ["\($0.id)", $0.kind, $0.teacher, "\($0.chunkIDs.count)", "\($0.papers.count)", $0.question] })
            print(result.renderTable())
        }
    }
}

/// `preflexor pairs build|export`: preference pairs from the stored questions.
struct PairsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pairs",
        abstract: "Build preference pairs from the stored questions and export them.",
        subcommands: [Build.self, Export.self])

    enum Which: String, ExpressibleByArgument, CaseIterable { case all, new }

    struct Build: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Build stage-1 preference pairs (method.md section 2) and store them with provenance.",
            discussion: """
                For each question, hybrid retrieval adds context; chosen = the PRefLexOR thinking block \
                (Knowledge Graph first) and the answer with citations from the graph-grounded answerer; rejected \
                = with --model, that native checkpoint's answer to the bare question ("You provide the answer \
                to: {Q}\\nThe answer is:", temperature 1.0, top-p 0.9); without it, the teacher's deliberately \
                wrong or unsupported answer (recorded as rejected_by = teacher-fallback). Questions the teacher \
                cannot answer from the stored evidence get no pair.
                """)
        @Option(name: .long, help: "all, or new (questions without a stage-1 pair).") var questions: Which = .new
        @Option(name: .long, help: "Native checkpoint folder that writes the rejected side.") var model: String?
        @Option(name: .long, help: "Tokens the checkpoint may write per rejected answer.") var maxTokens = 96
        @Option(name: .long, help: "Random seed of the rejected side.") var seed: UInt64 = 0
        @Option(name: .shortAndLong, help: "Chunks retrieved per question.") var k = 5
        @Flag(name: .long, help: "Print JSON.") var json = false
        @OptionGroup var store: StoreOptions

        func validate() throws {
            if k < 1 { throw ValidationError("-k must be at least 1 (got \(k))") }
            if maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1 (got \(maxTokens))") }
        }

        func run() async throws {
            let configuration = try store.configuration()
            let encoder = try loadEncoder(home: configuration.home)
            let database = try await configuration.open()
            let built: [BuiltPair]
            do {
                let repository = TrainingRepository(database)
                let rejecter: any RejectedAnswerWriter
                if let model {
                    let path = URL(fileURLWithPath: model).standardizedFileURL.path
                    let name = try await repository.checkpoint(path: path).map { "checkpoint:\($0.id)" } ?? "checkpoint:\(path)"
                    rejecter = try NativeModelRejecter(directory: URL(fileURLWithPath: path), name: name, maxNewTokens: maxTokens)
                } else {
                    rejecter = TeacherFallbackRejecter(database: database)
                }
                let stored = try await repository.questions(withoutPairs: questions == .new ? 1 : nil)
                guard !stored.isEmpty else {
                    throw ValidationError(questions == .new
                        ? "every stored question has a stage-1 pair; write more with `preflexor questions generate` or pass --questions all"
                        : "no questions stored; run `preflexor questions generate` first")
                }
                let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home)
                var options = AnswerOptions()
                options.reflect = 1
                let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator(options: options), options: options)
                var builder = PairBuilder(database: database, retriever: retriever, answerer: answerer, rejecter: rejecter)
                builder.k = k
                let quiet = json
                built = try await builder.build(stored, seed: seed) { i, n in
                    if !quiet { printError("pair \(i)/\(n)") }
                }
            } catch {
                await database.close()
                throw error
            }
            await database.close()
            if json { print(try jsonString(built)); return }
            let made = built.filter { $0.pairID != nil }
            for p in made { print("pair \(p.pairID!) (question \(p.questionID), rejected by \(p.rejectedBy))") }
            printError("\(made.count) pairs stored, \(built.count - made.count) questions skipped (no evidence relevant enough)")
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write stored pairs as JSONL {prompt, chosen, rejected}, the format `train orpo|dpo` and `export trl` read.")
        @Option(name: .long, help: "Output file.") var out: String
        @Option(name: .long, help: "Only pairs of this stage (1 or 2).") var stage: Int?
        @OptionGroup var store: StoreOptions

        func run() async throws {
            let database = try await store.configuration().open()
            let pairs: [StoredPreferencePair]
            do { pairs = try await TrainingRepository(database).pairs(stage: stage) } catch { await database.close(); throw error }
            await database.close()
            let n = try PairExport.write(pairs, to: URL(fileURLWithPath: out))
            print("\(n) pairs → \(out)")
        }
    }
}

/// `preflexor train stage1`: ORPO in rounds on fresh pairs whose rejected side the current model writes.
struct Stage1Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage1",
        abstract: "Stage 1 in rounds: fresh pairs (the current model writes the rejected side), ORPO, held-out evaluation, checkpoint, all recorded in PostgreSQL.",
        discussion: """
            --held-out questions are kept out of training; the starting checkpoint writes their pairs' rejected \
            side once, and the preference accuracy (summed log-prob of chosen > rejected) is measured on them \
            before the first round and after each. Each round draws --pairs-per-round of the other stored \
            questions (seeded), builds pairs as `pairs build --model` with the current checkpoint, trains ORPO \
            for --steps with the native trainer, saves DIR/round-R/model and records the run, its metrics \
            (held-out ones as heldout_*), the pairs it trained on and the checkpoint (see kg.training_lineage). \
            The next round starts from that checkpoint. DIR/loss_curve.svg plots the run, DIR/summary.json sums it up.
            """)
    @Option(name: .long, help: "Rounds.") var rounds = 3
    @Option(name: .long, help: "Fresh pairs per round.") var pairsPerRound = 50
    @Option(name: .long, help: "ORPO optimizer steps per round.") var steps = 20
    @Option(name: .long, help: "Checkpoint to start from (`preflexor train pretrain` makes one).") var base: String
    @Option(name: .long, help: "Output folder (round-R/pairs.jsonl, round-R/model, loss_curve.svg, summary.json).") var out: String
    @Option(name: .long, help: "Tokens the current model writes per rejected answer.") var maxTokens = 64
    @Option(name: .long, help: "Longest prompt + answer in tokens.") var maxLength = 512
    @Option(name: .long, help: "Questions kept out of training for the held-out evaluation (0: none).") var heldOut = 8
    @Option(name: .long, help: "Learning rate (default: ORPO's).") var lr: Double?
    @Option(name: .long, help: "ORPO lambda.") var beta: Double?
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 0
    @Flag(name: .long, help: "Print the summary as JSON (rounds, held-out figures, files).") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var options = Stage1Options(rounds: rounds, pairsPerRound: pairsPerRound, steps: steps, seed: seed)
        options.maxNewTokens = maxTokens
        options.maxLength = maxLength
        options.learningRate = lr
        options.beta = beta
        options.heldOut = heldOut
        let plan = TrainingPlan.stage1(base: URL(fileURLWithPath: base), options: options)
        do { try plan.validate() } catch { throw ValidationError("\(error)") }
        let outcome = try await withLoopServices(store) { database, retriever, answerer in
            try await TrainingLauncher(database: database, retriever: retriever, answerer: answerer)
                .train(plan, out: .folder(URL(fileURLWithPath: out))) { printError($0) }
        }
        if case .loop(let summary) = outcome { printSummary(summary, json: json) }
    }
}

/// Opens what a training loop reads (the store, the encoder, hybrid retrieval, the embedded
/// answerer as teacher), runs `body`, and closes the database whether it succeeds or not.
func withLoopServices<T>(_ store: StoreOptions, _ body: (Database, HybridRetriever, Answerer) async throws -> T) async throws -> T {
    let configuration = try store.configuration()
    let encoder = try loadEncoder(home: configuration.home)
    let database = try await configuration.open()
    do {
        let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home)
        let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator())
        let result = try await body(database, retriever, answerer)
        await database.close()
        return result
    } catch {
        await database.close()
        throw error
    }
}

/// Prints a loop's summary: JSON, or one line per round and where to look.
func printSummary(_ summary: LoopSummary, json: Bool) {
    if json { print((try? jsonString(summary)) ?? "{}"); return }
    if let b = summary.before {
        print(String(format: "before: held-out preference accuracy %.2f%@%@ (%d pairs)", b.accuracy,
                     b.tokenAccuracy.map { String(format: " (per token %.2f)", $0) } ?? "",
                     b.margin.map { String(format: ", margin %.3f", $0) } ?? "", b.pairs))
    }
    for r in summary.rounds {
        var line = "round \(r.round): run \(r.runID), \(r.pairIDs.count) pairs, loss \(String(format: "%.4f", r.loss))"
        if let h = r.heldOut {
            line += String(format: ", held-out accuracy %.2f", h.accuracy) + (h.tokenAccuracy.map { String(format: " (per token %.2f)", $0) } ?? "")
                + (h.margin.map { String(format: ", margin %.3f", $0) } ?? "")
        }
        print(line + String(format: ", %.0f tokens/s", r.tokensPerSecond) + ", checkpoint \(r.checkpointID) at \(r.checkpointPath)")
    }
    print("loss plot: \(summary.lossPlot)\nsummary: \(summary.summaryFile)")
    print("lineage: preflexor sql \"select distinct doi from kg.training_lineage where checkpoint_id = \(summary.rounds.last?.checkpointID ?? 0)\"")
}

/// `preflexor train stage2`: DPO/EXO in rounds against the frozen stage-1 model, thinking masked.
struct Stage2Command: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stage2",
        abstract: "Stage 2 in rounds: the stage-1 model frozen as reference, the policy's own answers with thinking as rejected (rejection sampling by the graph critic), DPO/EXO with thinking masked.",
        discussion: """
            Per round: --pairs-per-round stored questions (seeded); the chosen side as in stage 1; the current \
            policy answers `{Q} Use <|thinking|>.` in the chat template (temperature 1.0, top-p 0.9, up to \
            --samples draws) and the first draw the graph critic scores below the chosen answer is the rejected \
            side (questions with none get no pair). Training: --loss on summed log-probs (IPO: token means) \
            against the frozen --reference, every label up to the last <|/thinking|> masked (method.md section 4). \
            Held-out pairs (--held-out questions, never trained on) give the preference accuracy and the mean \
            answer-only reward margin beta*((pi_c-ref_c)-(pi_r-ref_r)) before and after each round. Recorded as \
            stage1 is (runs 'stage2', pairs of stage 2, kg.training_lineage).
            """)
    @Option(name: .long, help: "Rounds.") var rounds = 2
    @Option(name: .long, help: "Fresh pairs per round.") var pairsPerRound = 50
    @Option(name: .long, help: "Optimizer steps per round.") var steps = 20
    @Option(name: .long, help: "The stage-1 checkpoint: frozen reference and starting policy.") var reference: String
    @Option(name: .long, help: "Output folder (round-R/pairs.jsonl, round-R/model, loss_curve.svg, summary.json).") var out: String
    @Option(name: .long, help: "exo_pair (default), sigmoid or ipo.") var loss: TrainCommand.Loss = .exoPair
    @Option(name: .long, help: "DPO beta.") var beta = 0.1
    @Option(name: .long, help: "Label smoothing (exo_pair needs > 0).") var labelSmoothing = 5e-3
    @Option(name: .long, help: "Learning rate (default method.md's 5e-7; a tiny native model needs about 1e-4).") var lr: Double?
    @Option(name: .long, help: "Tokens the policy writes per sampled answer.") var maxTokens = 96
    @Option(name: .long, help: "Policy samples per question at most (rejection sampling).") var samples = 3
    @Option(name: .long, help: "Questions kept out of training for the held-out evaluation (0: none).") var heldOut = 8
    @Option(name: .long, help: "Longest prompt + answer in tokens.") var maxLength = 512
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 0
    @Flag(name: .long, help: "Print the summary as JSON (rounds, held-out figures, files).") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var options = Stage2Options(rounds: rounds, pairsPerRound: pairsPerRound, steps: steps, seed: seed)
        switch loss {
        case .exoPair: options.loss = .exoPair
        case .sigmoid: options.loss = .sigmoid
        case .ipo: options.loss = .ipo
        }
        options.beta = beta
        options.labelSmoothing = labelSmoothing
        options.learningRate = lr
        options.maxNewTokens = maxTokens
        options.samples = samples
        options.heldOut = heldOut
        options.maxLength = maxLength
        let plan = TrainingPlan.stage2(reference: URL(fileURLWithPath: reference), options: options)
        do { try plan.validate() } catch { throw ValidationError("\(error)") }
        let outcome = try await withLoopServices(store) { database, retriever, answerer in
            try await TrainingLauncher(database: database, retriever: retriever, answerer: answerer)
                .train(plan, out: .folder(URL(fileURLWithPath: out))) { printError($0) }
        }
        if case .loop(let summary) = outcome { printSummary(summary, json: json) }
    }
}

/// `preflexor train pretrain`: the loop's default base, a tiny Llama trained on the stored chunks.
struct PretrainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pretrain",
        abstract: "Train the loop's default base: a tiny Llama, SFT on the stored chunks (tokenizer trained on them too unless given), in minutes on a CPU.",
        discussion: "Writes DIR/model (a Hugging Face checkpoint with tokenizer.json, tokenizer_config.json and the chat template), DIR/metrics.jsonl, DIR/loss_curve.svg and DIR/summary.json, and records a 'pretrain' run with its checkpoint. Any Llama-architecture checkpoint that fits in memory can be the base of `train stage1` instead.")
    @Option(name: .long, help: "Output folder.") var out: String
    @Option(name: .long, help: "A tokenizer.json to use (default: train one on the chunks).") var tokenizer: String?
    @Option(name: .long, help: "Vocabulary of a tokenizer trained here.") var vocabSize = 2048
    @Option(name: .long, help: "Model width.") var hidden = 128
    @Option(name: .long, help: "Decoder layers.") var layers = 2
    @Option(name: .long, help: "Attention heads.") var heads = 4
    @Option(name: .long, help: "Key/value heads.") var kvHeads = 2
    @Option(name: .long, help: "SwiGLU inner width.") var intermediate = 256
    @Option(name: .long, help: "Context length.") var context = 512
    @Option(name: .long, help: "Tokens per training window.") var window = 128
    @Option(name: .long, help: "Optimizer steps.") var steps = 300
    @Option(name: .long, help: "Windows per step.") var batch = 4
    @Option(name: .long, help: "Peak learning rate (warm-up, then cosine).") var lr = 2e-3
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 42
    @Flag(name: .long, help: "Print the summary as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var options = PretrainOptions()
        options.vocabSize = vocabSize; options.hidden = hidden; options.layers = layers; options.heads = heads
        options.kvHeads = kvHeads; options.intermediate = intermediate; options.context = context; options.windowLength = window
        options.steps = steps; options.batch = batch; options.learningRate = lr; options.seed = seed
        let plan = TrainingPlan.pretrain(options, tokenizer: tokenizer.map { URL(fileURLWithPath: $0) })
        do { try plan.validate() } catch { throw ValidationError("\(error)") }
        let database = try await store.configuration().open()
        let outcome: TrainingOutcome
        do {
            outcome = try await TrainingLauncher(database: database).train(plan, out: .folder(URL(fileURLWithPath: out))) { printError($0) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        guard case .pretrain(let result) = outcome else { return }
        if json { print(try jsonString(result)); return }
        print(String(format: "%@: %d parameters, loss %.3f -> %.3f over %d steps, %.0f tokens/s, %.0f s (run %lld, checkpoint %lld)",
                     result.model, result.parameters, result.firstLoss, result.lastLoss, steps, result.tokensPerSecond, result.seconds,
                     result.runID, result.checkpointID))
        print("loss plot: \(result.lossPlot)")
    }
}

/// `preflexor train`: `train sft|orpo|dpo …` (the single-run trainer, `TrainCommand`, the default
/// subcommand) or `train stage1 …` (rounds on pairs built from the graph). ArgumentParser gives a
/// command with a positional argument no subcommands, hence this group around it.
struct TrainGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the native model: sft|orpo|dpo on a JSONL file; pretrain (the default base); stage1 and stage2 in rounds on pairs built from the graph.",
        subcommands: [TrainCommand.self, PretrainCommand.self, Stage1Command.self, Stage2Command.self],
        defaultSubcommand: TrainCommand.self)
}
