import ArgumentParser
import Daemon
import Embedding
import Foundation
import Ingest
import Logging
import Service
import Store

/// `preflexor serve`: the HTTP service.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the knowledge graph over HTTP: REST under /v1, OpenAI-compatible chat, guarded SQL, metrics.",
        discussion: """
            Every route but /healthz and /readyz needs an API key (`preflexor keys create`), sent as \
            `Authorization: Bearer pfx_…`; /metrics needs none while the server listens on a loopback \
            address. Routes call the same functions as the CLI commands (search, ask, sql, graph, papers, \
            jobs). Uploaded papers (POST /v1/papers) are written to --spool and queued; with \
            --ingest-workers they are ingested in this process, else run `preflexor daemon --inbox` on the \
            same folder. The contract is docs/openapi.yaml. SIGTERM or SIGINT stops the server gracefully.
            """)

    @Option(name: .long, help: "Address to listen on.") var host = "127.0.0.1"
    @Option(name: .long, help: "Port to listen on (0: any free port, printed at start).") var port = 8080
    @Option(name: .long, help: ArgumentHelp("Folder uploads are written to (default: <home>/spool).", valueName: "dir"))
    var spool: String?
    @Option(name: .long, help: "Ingest uploads in this process with this many workers (0: leave them to `preflexor daemon`).")
    var ingestWorkers = 0
    @Option(name: .long, help: "Statement timeout of POST /v1/sql, in seconds.") var sqlTimeout = 10
    @Option(name: .long, help: "Row cap of POST /v1/sql.") var sqlMaxRows = 1000
    @Option(name: .long, help: "Largest JSON request body, in KiB.") var maxBodyKib = 1024
    @Option(name: .long, help: "Largest paper upload, in MiB.") var maxUploadMib = 20
    @Flag(name: .long, help: "Require a key for /metrics even on a loopback address.") var privateMetrics = false
    @Option(name: .long, help: "Close a connection after this many seconds without traffic.") var idleTimeout = 120
    @Option(name: .long, help: "Answer 503 'timeout' when a search, an answer or a chat completion takes longer than this many seconds.")
    var requestTimeout = 60
    @OptionGroup var store: StoreOptions

    func validate() throws {
        if !(0...65535).contains(port) { throw ValidationError("--port must lie in 0...65535") }
        if ingestWorkers < 0 { throw ValidationError("--ingest-workers must be 0 or more") }
        if sqlTimeout < 1 || sqlMaxRows < 1 || maxBodyKib < 1 || maxUploadMib < 1 || idleTimeout < 1 || requestTimeout < 1 {
            throw ValidationError("--sql-timeout, --sql-max-rows, --max-body-kib, --max-upload-mib, --idle-timeout and --request-timeout must be positive")
        }
    }

    func run() async throws {
        ServiceMetrics.bootstrap()
        let storeConfiguration = try store.configuration()
        let logger = Logger(label: "preflexor.service")
        let encoder: SentenceEncoder?
        do {
            encoder = try loadEncoder(home: storeConfiguration.home)
        } catch {
            printError("search, ask and chat are off (503): \(error)")
            encoder = nil
        }
        let configuration = ServiceConfiguration(
            host: host, port: port, maxJSONBody: maxBodyKib << 10, maxUploadBody: maxUploadMib << 20,
            spool: spool.map { URL(fileURLWithPath: $0) } ?? storeConfiguration.home.appendingPathComponent("spool"),
            sqlTimeout: .seconds(sqlTimeout), sqlMaxRows: sqlMaxRows, publicMetrics: privateMetrics ? false : nil,
            idleTimeout: .seconds(idleTimeout), requestTimeout: .seconds(requestTimeout))
        let service = try await ServiceContext.open(store: storeConfiguration, configuration: configuration, encoder: encoder, logger: logger)
        var ingest: (daemon: Daemon, task: Task<DaemonSummary, any Error>)?
        do {
            if ingestWorkers > 0 {
                let pipeline = try IngestPipeline(database: service.database, encoder: encoder,
                                                  options: .init(embed: encoder != nil, graph: true, concurrency: ingestWorkers))
                let daemon = try Daemon(pipeline: pipeline, options: .init(inbox: configuration.spool, workers: ingestWorkers))
                ingest = (daemon, Task { try await daemon.run() })
            }
            let host = self.host
            let app = ServiceApplication.application(service, logger: logger) { bound in
                printError("preflexor serve: listening on http://\(host.contains(":") ? "[\(host)]" : host):\(bound)")
            }
            try await app.runService()
        } catch {
            ingest?.task.cancel()
            ingest?.daemon.stop()
            _ = try? await ingest?.task.value
            await service.close()
            throw error
        }
        // The server has stopped on the first signal; the papers in hand finish unless a
        // second signal comes, which abandons them (their jobs go back to the queue).
        if let ingest {
            ingest.daemon.stop()
            printError("preflexor serve: finishing the papers in hand; a second signal abandons them")
            let task = ingest.task
            let signals = ShutdownSignals { _ in task.cancel() }
            defer { signals.cancel() }
            _ = try? await task.value
        }
        await service.close()
    }
}
