import ArgumentParser
import Foundation
import Loop
import Reasoning
import Retrieval
import Store

/// `preflexor eval …`: evaluation harnesses.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate retrieval and answers on a question set, or judge the generated training questions.",
        subcommands: [EvalQACommand.self, EvalQuestionsCommand.self])
}

/// `preflexor eval questions`: the question judge of issue 12 over stored questions.
struct EvalQuestionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "questions",
        abstract: "Judge stored training questions: grammatical, self-contained, answerable from their source chunks, no near-duplicates.",
        discussion: """
            Judges the --n most recent stored questions (Loop.QuestionJudge, rules independent of the writer's): \
            grammatical (a question word first, one '?' at the end, balanced brackets, no doubled word or empty \
            slot, no dangling last word), self-contained (no "this paper", "the authors", figures, "we"; no \
            pronoun in the first three words; no "this/these" before a generic noun), answerable (at least \
            --overlap of its content words in its source chunks) and no other judged question at MiniLM \
            cosine >= --duplicate. Prints the shares and every failing question; exits 1 when fewer than \
            --target pass.
            """)
    @Option(name: .long, help: "How many of the most recent questions.") var n = 50
    @Option(name: .long, help: "Evidence overlap a question needs.") var overlap = 0.7
    @Option(name: .long, help: "Near-duplicate cosine threshold.") var duplicate = 0.9
    @Option(name: .long, help: "Share that must pass every check.") var target = 0.9
    @Flag(name: .long, help: "Print the verdicts as JSON.") var json = false
    @OptionGroup var store: StoreOptions

    func run() async throws {
        guard n >= 1, (0...1).contains(overlap), (0...1).contains(duplicate), (0...1).contains(target) else {
            throw ValidationError("--n must be at least 1; --overlap, --duplicate and --target lie in 0...1")
        }
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let verdict: QuestionJudgement
        do {
            let questions = Array(try await TrainingRepository(database).questions().suffix(n))
            guard !questions.isEmpty else { throw ValidationError("no questions stored; run `preflexor questions generate --n \(n)` first") }
            var judge = QuestionJudge(database: database, embedder: SentenceEmbedder(encoder))
            judge.overlapThreshold = overlap
            judge.duplicateThreshold = duplicate
            verdict = try await judge.judge(questions)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(verdict))
        } else {
            print(String(format: "%d questions: %.1f%% pass every check; grammatical %.1f%%, self-contained %.1f%%, answerable %.1f%%, near-duplicate pairs %d",
                         verdict.questions, verdict.passed * 100, verdict.grammatical * 100, verdict.selfContained * 100,
                         verdict.answerable * 100, verdict.nearDuplicatePairs))
            for j in verdict.judged where !j.passed {
                print("  [\(j.id)] \(j.question)\n      \(j.problems.joined(separator: "; "))")
            }
        }
        if verdict.passed < target { throw ExitCode(1) }
    }
}

/// `preflexor eval qa FILE.jsonl`: retrieval metrics per mode, side by side, in one process.
struct EvalQACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Recall@k, MRR, paper recall@k, citation precision, support, refusals and latency of each retrieval mode on a JSON Lines question set.",
        discussion: """
            Each line: {"question": …, "answer": …, "evidence": ["verbatim sentence", …], "doi": …} \
            (and "answerable": false for a question the corpus cannot answer). A question counts as \
            recalled when a retrieved chunk contains one of its evidence sentences (case and \
            whitespace folded). Every question runs in this one process, over one connection pool. \
            Unless --no-answer, each retrieval is also answered (embedded generator, --reflect rounds): \
            citation precision (cited chunks that contain an evidence sentence), the share of supported \
            answer sentences, the refusal rates of answerable and unanswerable questions, the latency of \
            retrieval plus answer, and the refusal threshold calibrated on this run (at most 5% of the \
            answerable refused).
            """)

    @Argument(help: "The question file (JSON Lines).") var file: String
    @Option(name: .long, help: "Modes to compare; repeatable (default: vector, text, graph, hybrid).") var mode: [RetrievalMode] = []
    @Option(name: .shortAndLong, help: "Chunks retrieved per question.") var k = 5
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "List the questions each mode missed.") var misses = false
    @Flag(name: .long, inversion: .prefixedNo, help: "Answer every question too (answer-side metrics).") var answer = true
    @Option(name: .long, help: "Reflection rounds when answering.") var reflect = 1
    @Option(name: .long, help: "Refusal threshold when answering (default: the calibrated one).") var threshold: Double?
    @Option(name: .long, help: "Most sources an answer's draft cites.") var maxSources: Int?
    @Option(name: .long, help: "A source joins the draft when its best sentence reaches this share of the best evidence.") var sourceShare: Double?
    @Option(name: .long, help: "Evidence at this share of the best is key evidence the critic asks for.") var keyShare: Double?
    @Option(name: .long, help: "Most sentences in an answer.") var maxSentences: Int?
    @Option(name: .long, help: "Weight of the retrieval-rank prior when an answer picks its sources.") var rankPrior: Double?
    @Option(name: .long, help: "Sentences embedded per question (the best by word features).") var candidates: Int?
    @OptionGroup var tuning: RetrievalTuning
    @OptionGroup var store: StoreOptions

    struct Output: Encodable {
        var file: String
        var options: RetrievalOptions
        var modes: [QAModeReport]
        var answers: [AnswerReport]
    }

    func run() async throws {
        let questions = try QAQuestion.load(URL(fileURLWithPath: file))
        let modes = mode.isEmpty ? RetrievalMode.allCases : mode
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let options = tuning.options(k: k)
        var reports: [QAModeReport] = []
        var answerReports: [AnswerReport] = []
        var answerOptions = AnswerOptions()
        answerOptions.reflect = reflect
        if let threshold { answerOptions.refusalThreshold = threshold }
        if let maxSources { answerOptions.maxSources = maxSources }
        if let sourceShare { answerOptions.sourceShare = sourceShare }
        if let keyShare { answerOptions.keyShare = keyShare }
        if let maxSentences { answerOptions.maxSentences = maxSentences }
        if let rankPrior { answerOptions.rankPrior = rankPrior }
        if let candidates { answerOptions.candidates = candidates }
        try answerOptions.validate()
        do {
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home, options: options)
            // Warm-up: load the vector index and prepare statements outside the measurements.
            let warm = try await retriever.retrieve(questions.first?.question ?? "warm up", mode: .hybrid, k: k)
            let answerer = try Answerer(embedder: SentenceEmbedder(encoder), generator: EmbeddedGenerator(options: answerOptions), options: answerOptions)
            if answer { _ = try await answerer.answer(warm.query, retrieval: warm) }
            for m in modes {
                var acc = QAModeAccumulator(mode: m.rawValue, k: k)
                var answers = AnswerAccumulator(mode: m.rawValue, options: answerOptions)
                for q in questions {
                    let t0 = ContinuousClock.now
                    let result = try await retriever.retrieve(q.question, mode: m, k: k)
                    let d = ContinuousClock.now - t0
                    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
                    acc.add(q, chunks: result.chunks.map { ($0.text, $0.doi) }, milliseconds: ms)
                    if answer {
                        let a = try await answerer.answer(q.question, retrieval: result)
                        let total = ContinuousClock.now - t0
                        answers.add(q, answer: a, milliseconds: Double(total.components.seconds) * 1000 + Double(total.components.attoseconds) / 1e15)
                    }
                }
                reports.append(acc.report)
                if answer { answerReports.append(answers.report) }
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(Output(file: file, options: options, modes: reports, answers: answerReports)))
            return
        }
        let answerable = questions.filter(\.isAnswerable).count
        print("\(questions.count) questions (\(answerable) answerable), k = \(k)")
        print("mode      recall@\(k)   MRR    paper@\(k)   p50 ms   p95 ms")
        for r in reports {
            print(r.mode.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "  %8.3f  %6.3f  %8.3f  %7.1f  %7.1f", r.recallAtK, r.mrr, r.paperRecallAtK, r.latencyP50, r.latencyP95))
        }
        if !answerReports.isEmpty {
            print("\nanswers (embedded, reflect \(reflect), threshold \(String(format: "%.3f", answerOptions.refusalThreshold)))")
            print("mode      cite-prec  supported  refused-ans  refused-unans   p50 ms   p95 ms   calibrated")
            for r in answerReports {
                let c = r.calibration
                print(r.mode.padding(toLength: 8, withPad: " ", startingAt: 0)
                    + String(format: "  %9.3f  %9.3f  %11.3f  %13.3f  %7.1f  %7.1f   %.3f (%.0f%% / %.0f%%)", r.citationPrecision, r.supportedShare,
                             r.answerableRefused, r.unanswerableRefused, r.latencyP50, r.latencyP95,
                             c.threshold, c.answerableRefused * 100, c.unanswerableRefused * 100))
            }
        }
        if misses {
            for r in reports where !r.misses.isEmpty {
                print("\n\(r.mode) missed \(r.misses.count):")
                for m in r.misses { print("  - \(m)") }
            }
        }
    }
}
