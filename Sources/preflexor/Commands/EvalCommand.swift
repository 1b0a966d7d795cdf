import ArgumentParser
import Foundation
import Retrieval
import Store

/// `preflexor eval …`: evaluation harnesses.
struct EvalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate retrieval and answers on a question set.",
        subcommands: [EvalQACommand.self])
}

/// `preflexor eval qa FILE.jsonl`: retrieval metrics per mode, side by side, in one process.
struct EvalQACommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qa",
        abstract: "Recall@k, MRR, paper recall@k and latency of each retrieval mode on a JSON Lines question set.",
        discussion: """
            Each line: {"question": …, "answer": …, "evidence": ["verbatim sentence", …], "doi": …} \
            (and "answerable": false for a question the corpus cannot answer). A question counts as \
            recalled when a retrieved chunk contains one of its evidence sentences (case and \
            whitespace folded). Every question runs in this one process, over one connection pool.
            """)

    @Argument(help: "The question file (JSON Lines).") var file: String
    @Option(name: .long, help: "Modes to compare; repeatable (default: vector, text, graph, hybrid).") var mode: [RetrievalMode] = []
    @Option(name: .shortAndLong, help: "Chunks retrieved per question.") var k = 5
    @Flag(name: .long, help: "Print JSON.") var json = false
    @Flag(name: .long, help: "List the questions each mode missed.") var misses = false
    @OptionGroup var tuning: RetrievalTuning
    @OptionGroup var store: StoreOptions

    struct Output: Encodable {
        var file: String
        var options: RetrievalOptions
        var modes: [QAModeReport]
    }

    func run() async throws {
        let questions = try QAQuestion.load(URL(fileURLWithPath: file))
        let modes = mode.isEmpty ? RetrievalMode.allCases : mode
        let configuration = try store.configuration()
        let encoder = try loadEncoder(home: configuration.home)
        let database = try await configuration.open()
        let options = tuning.options(k: k)
        var reports: [QAModeReport] = []
        do {
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: configuration.home, options: options)
            // Warm-up: load the vector index and prepare statements outside the measurements.
            _ = try await retriever.retrieve(questions.first?.question ?? "warm up", mode: .hybrid, k: k)
            for m in modes {
                var acc = QAModeAccumulator(mode: m.rawValue, k: k)
                for q in questions {
                    let t0 = ContinuousClock.now
                    let result = try await retriever.retrieve(q.question, mode: m, k: k)
                    let d = ContinuousClock.now - t0
                    let ms = Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
                    acc.add(q, chunks: result.chunks.map { ($0.text, $0.doi) }, milliseconds: ms)
                }
                reports.append(acc.report)
            }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(Output(file: file, options: options, modes: reports)))
            return
        }
        let answerable = questions.filter(\.isAnswerable).count
        print("\(questions.count) questions (\(answerable) answerable), k = \(k)")
        print("mode      recall@\(k)   MRR    paper@\(k)   p50 ms   p95 ms")
        for r in reports {
            print(r.mode.padding(toLength: 8, withPad: " ", startingAt: 0)
                + String(format: "  %8.3f  %6.3f  %8.3f  %7.1f  %7.1f", r.recallAtK, r.mrr, r.paperRecallAtK, r.latencyP50, r.latencyP95))
        }
        if misses {
            for r in reports where !r.misses.isEmpty {
                print("\n\(r.mode) missed \(r.misses.count):")
                for m in r.misses { print("  - \(m)") }
            }
        }
    }
}
