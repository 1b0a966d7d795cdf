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
        abstract: "Stage 1 in rounds: fresh pairs (the current model writes the rejected side), ORPO, checkpoint, all recorded in PostgreSQL.",
        discussion: """
            Each round draws --pairs-per-round stored questions (seeded), builds pairs as `pairs build --model` \
            with the current checkpoint, trains ORPO for --steps with the native trainer, saves DIR/round-R/model \
            and records the run, its metrics, the pairs it trained on and the checkpoint (see kg.training_lineage). \
            The next round starts from that checkpoint.
            """)
    @Option(name: .long, help: "Rounds.") var rounds = 3
    @Option(name: .long, help: "Fresh pairs per round.") var pairsPerRound = 50
    @Option(name: .long, help: "ORPO optimizer steps per round.") var steps = 20
    @Option(name: .long, help: "Checkpoint to start from (`preflexor model init` makes one).") var base: String
    @Option(name: .long, help: "Output folder (round-R/pairs.jsonl, round-R/model, metrics).") var out: String
    @Option(name: .long, help: "Tokens the current model writes per rejected answer.") var maxTokens = 64
    @Option(name: .long, help: "Longest prompt + answer in tokens.") var maxLength = 512
    @Option(name: .long, help: "Learning rate (default: ORPO's).") var lr: Double?
    @Option(name: .long, help: "ORPO lambda.") var beta: Double?
    @Option(name: .long, help: "Random seed.") var seed: UInt64 = 0
    @OptionGroup var store: StoreOptions

    func run() async throws {
        var options = Stage1Options(rounds: rounds, pairsPerRound: pairsPerRound, steps: steps, seed: seed)
        options.maxNewTokens = maxTokens
        options.maxLength = maxLength
        options.learningRate = lr
        options.beta = beta
        do { try options.validate() } catch { throw ValidationError("\(error)") }
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let done: [Stage1Round]
        do {
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home)
            let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator())
            let loop = Stage1Loop(database: database, retriever: retriever, answerer: answerer)
            done = try await loop.run(base: URL(fileURLWithPath: base), out: URL(fileURLWithPath: out), options: options) { printError($0) }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        for r in done {
            print("round \(r.round): run \(r.runID), \(r.pairIDs.count) pairs, loss \(String(format: "%.4f", r.loss)), checkpoint \(r.checkpointID) at \(r.checkpointPath)")
        }
        print("lineage: preflexor sql \"select distinct doi from kg.training_lineage where checkpoint_id = \(done.last?.checkpointID ?? 0)\"")
    }
}

/// `preflexor train`: `train sft|orpo|dpo …` (the single-run trainer, `TrainCommand`, the default
/// subcommand) or `train stage1 …` (rounds on pairs built from the graph). ArgumentParser gives a
/// command with a positional argument no subcommands, hence this group around it.
struct TrainGroupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train the native model: sft|orpo|dpo on a JSONL file, or stage1 in rounds on pairs built from the graph.",
        subcommands: [TrainCommand.self, Stage1Command.self],
        defaultSubcommand: TrainCommand.self)
}
