import ArgumentParser
import Daemon
import Dispatch
import Foundation
import Ingest
import Logging
import Store

/// `preflexor daemon --inbox DIR`: ingest papers as they arrive.
struct DaemonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "daemon",
        abstract: "Watch an inbox folder and ingest papers as they arrive, through a job queue in the database.",
        discussion: """
            A file is taken once its size and modification time are unchanged over two scans (or write \
            NAME.part and rename it). Ingested files move to DIR/done/; files that fail for good move to \
            DIR/failed/ with NAME.error beside them; transient failures are retried with backoff. Several \
            daemons may share one inbox and database. SIGTERM or SIGINT stops claiming and lets the papers \
            in hand finish; a second signal abandons them (their jobs go back to the queue). See \
            `preflexor jobs`.
            """)

    @Option(name: .long, help: ArgumentHelp("The folder to watch.", valueName: "dir"))
    var inbox: String

    @Option(name: .long, help: "Papers ingested at once (default: number of cores).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(name: .long, help: "Do not compute embeddings (fill them in later with `preflexor embed`).")
    var noEmbed = false

    @Flag(name: .long, help: "Do not extract entities and relations.")
    var noGraph = false

    @Option(name: .long, help: "Graph extractor: embedded, or llm (see `preflexor ingest --help`).")
    var extractor: IngestCommand.ExtractorName = .embedded

    @Option(name: .long, help: "Seconds a claimed job is held without renewal before another worker may take it.")
    var lease: Double = 60

    @Option(name: .long, help: "Seconds between inbox scans and queue polls.")
    var poll: Double = 1

    @Option(name: .long, help: "Attempts before a transient failure becomes final.")
    var maxAttempts: Int = 5

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error.")
    var logLevel: String = "info"

    @Flag(name: .long, help: "On exit, print a JSON summary (jobs, throughput, cooperative-pool lag) on standard output.")
    var json = false

    @OptionGroup var store: StoreOptions

    func validate() throws {
        if workers < 1 { throw ValidationError("--workers must be at least 1") }
        if Logger.Level(rawValue: logLevel) == nil { throw ValidationError("--log-level must be one of trace, debug, info, notice, warning, error") }
        if extractor == .llm {
            if noGraph { throw ValidationError("--extractor llm builds the graph; drop --no-graph or the --extractor option") }
            do { _ = try LLMGraphStage.configuration() } catch let error as IngestError { throw ValidationError(error.message) }
        }
    }

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = label == "preflexor.daemon" ? level : max(level, .warning)
            return handler
        }
        let configuration = try store.configuration()
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let encoder = noEmbed ? nil : try loadEncoder(home: configuration.home, threads: max(1, cores / workers))
        var graphExtractor = GraphExtractorChoice.embedded
        if extractor == .llm { graphExtractor = .llm(try LLMGraphStage.configuration()) }
        let database = try await configuration.open()
        let summary: DaemonSummary
        do {
            let pipeline = try IngestPipeline(
                database: database, encoder: encoder,
                options: .init(embed: !noEmbed, graph: !noGraph, concurrency: workers, extractor: graphExtractor))
            let inboxURL = URL(fileURLWithPath: inbox)
            let daemon = try Daemon(
                pipeline: pipeline,
                options: .init(inbox: inboxURL, workers: workers, lease: lease, poll: poll, maxAttempts: maxAttempts))
            let task = Task { try await daemon.run() }
            let signals = ShutdownSignals { first in
                if first { daemon.stop() } else { task.cancel() }
            }
            defer { signals.cancel() }
            summary = try await task.value
        } catch let error as DaemonError {
            await database.close()
            throw ValidationError(error.message)
        } catch {
            await database.close()
            throw error
        }
        await database.close()
        if json { print(try jsonString(summary)) }
    }
}

/// SIGTERM and SIGINT as callbacks: the first asks for a graceful stop, the next ones for an abort.
final class ShutdownSignals: @unchecked Sendable {
    private var sources: [any DispatchSourceSignal] = []
    private let lock = NSLock()
    private var count = 0

    init(_ handler: @escaping @Sendable (Bool) -> Void) {
        for sig in [SIGTERM, SIGINT] {
            signal(sig, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { [self] in
                let first = lock.withLock { count += 1; return count == 1 }
                handler(first)
            }
            source.resume()
            sources.append(source)
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
    }
}
