import ArgumentParser
import Foundation
import LM
import Loop
import OpenAICompatible
import Reasoning
import Retrieval
import Store

/// Which generator writes the answer.
enum GeneratorChoice: String, ExpressibleByArgument, CaseIterable {
    case embedded, llm
}

/// `preflexor ask "question"`: a graph-grounded answer with thinking, reflection and citations.
struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Answer a question from the stored papers, with thinking, reflection and citations.",
        discussion: """
            Retrieves (as `search`), writes the PRefLexOR thinking block from the graph and the evidence, \
            answers with sentences that cite numbered sources ([n]: DOI, section, chunk), then reflects: a \
            critic checks every sentence against the evidence and the graph, the thinking is revised, the \
            answer rewritten, and the best-supported version kept. When no evidence is relevant enough it \
            says so and cites nothing. --generator llm uses PREFLEXOR_LLM_URL, PREFLEXOR_LLM_MODEL \
            (PREFLEXOR_LLM_KEY, PREFLEXOR_LLM_TIMEOUT, PREFLEXOR_LLM_CA_FILE optional). --model CKPT makes a native checkpoint \
            (`train stage1|stage2`) the generator: it answers with <|thinking|>…<|/thinking|>, the graph critic \
            critiques the thinking, the thinking is rewritten, the model answers again with its turn pre-filled \
            with the improved thinking, and the integrator keeps the best-supported answer (--recursive N rounds).
            """)

    @Argument(help: "The question, in plain words.") var question: String
    @Option(name: .long, help: "vector, text, graph or hybrid (default).") var mode: RetrievalMode = .hybrid
    @Option(name: .shortAndLong, help: "Chunks retrieved as sources.") var k = 5
    @Option(name: .long, help: "Reflection rounds after the first answer.") var reflect = 1
    @Option(name: .long, help: "embedded (no LLM, default) or llm (an OpenAI-compatible endpoint).") var generator: GeneratorChoice = .embedded
    @Option(name: .long, help: "A native checkpoint folder to answer with (overrides --generator).") var model: String?
    @Option(name: .long, help: "Rounds of answer, critique and rewritten thinking in all (N: the first answer and N-1 recursions; overrides --reflect).")
    var recursive: Int?
    @Option(name: .long, help: "Tokens the native model writes per answer.") var maxTokens = 160
    @Option(name: .long, help: "Refuse below this evidence score (default: the calibrated one).") var threshold: Double?
    @Option(name: .long, help: "Only this paper (id, DOI or PMCID); repeatable.") var paper: [String] = []
    @Option(name: .long, help: "Only sections of this type (introduction, methods, results, discussion, …); repeatable.")
    var section: [String] = []
    @Flag(name: .long, help: "Print everything as JSON (retrieved items with scores and paths, thinking, reflections, answer, citations, per-sentence support, timings).")
    var json = false
    @OptionGroup var tuning: RetrievalTuning
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if k < 1 { throw ValidationError("-k must be at least 1 (got \(k))") }
        if !(0...10).contains(reflect) { throw ValidationError("--reflect must lie in 0...10 (got \(reflect))") }
        if let recursive, !(1...10).contains(recursive) { throw ValidationError("--recursive must lie in 1...10 (got \(recursive))") }
        if maxTokens < 1 { throw ValidationError("--max-tokens must be at least 1 (got \(maxTokens))") }
        if let threshold, !(0...1).contains(threshold) { throw ValidationError("--threshold must lie in 0...1 (got \(threshold))") }
    }

    func run() async throws {
        var options = AnswerOptions()
        options.reflect = recursive.map { $0 - 1 } ?? reflect
        if let threshold { options.refusalThreshold = threshold }
        let writer: any Generator
        if let model {
            writer = try NativeGenerator(directory: URL(fileURLWithPath: model), config: GenerationConfig(
                maxNewTokens: maxTokens, temperature: 0, repetitionPenalty: 1.3))
        } else {
            switch generator {
            case .embedded: writer = EmbeddedGenerator(options: options)
            case .llm: writer = LLMGenerator(client: ChatClient(configuration: try LLMGenerator.configuration()))
            }
        }
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let answer: Answer
        do {
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home, options: tuning.options(k: k))
            let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: writer, options: options)
            answer = try await answerer.ask(question, retriever: retriever, mode: mode, k: k,
                                            filter: ChunkFilter(papers: paper, sectionTypes: section))
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(answer))
            return
        }
        print(Self.render(answer))
        let order = ["retrieve", "evidence", "generate", "reflect", "total"]
        printError(order.compactMap { key in answer.timings[key].map { String(format: "%@ %.0f ms", key, $0) } }.joined(separator: ", "))
    }

    /// The terminal form: thinking, reflection, answer with per-sentence support, numbered sources.
    static func render(_ a: Answer) -> String {
        var out = "Question: \(a.question)\n"
        if a.refused {
            out += "\nAnswer: \(a.refusal ?? "")\n"
            return out
        }
        out += "\n\(ThinkingBlock.open)\n\(a.thinking)\n\(ThinkingBlock.close)\n"
        if !a.reflection.isEmpty { out += "\(ThinkingBlock.reflectOpen)\n\(a.reflection)\n\(ThinkingBlock.reflectClose)\n" }
        out += "\nAnswer (\(a.generator), round \(a.chosenRound) of \(a.versions.count)):\n\(a.answer)\n"
        out += "\nSupport per sentence:\n"
        for (i, s) in a.sentences.enumerated() {
            out += String(format: "  %d. %.2f%@\n", i + 1, s.support, s.flag.map { " (\($0))" } ?? "")
        }
        out += "\nSources:\n"
        for s in a.citedSources {
            let id = s.doi.map { "doi:\($0)" } ?? "paper \(s.paperID)"
            out += "  [\(s.number)] \(s.title)\n      \(id) · \(s.section) · chunk \(s.chunkID)\n"
        }
        return out
    }
}
