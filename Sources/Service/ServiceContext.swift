import Embedding
import Foundation
import Logging
import Reasoning
import Retrieval
import Store

/// What the routes share for the server's lifetime: one owner pool (papers, jobs, keys), one
/// reader pool (SQL and the kg functions, as `preflexor sql` and `preflexor graph`), and the
/// embedding model behind search and ask, whose CPU work runs on its own dispatch queues
/// (`QueryEmbedder`, `SentenceEmbedder`), never on Swift's cooperative pool.
public final class ServiceContext: Sendable {
    public let store: StoreConfiguration
    public let configuration: ServiceConfiguration
    public let database: Database
    public let reader: ReaderSession
    /// nil when the model is not installed: search, ask and chat then answer 503.
    public let retriever: HybridRetriever?
    public let embedder: SentenceEmbedder?
    public let logger: Logger
    /// The training run this server trains in the background (one at a time).
    let training = TrainingSlot()

    init(store: StoreConfiguration, configuration: ServiceConfiguration, database: Database, reader: ReaderSession,
         retriever: HybridRetriever?, embedder: SentenceEmbedder?, logger: Logger) {
        self.store = store
        self.configuration = configuration
        self.database = database
        self.reader = reader
        self.retriever = retriever
        self.embedder = embedder
        self.logger = logger
    }

    /// Migrates and connects (owner and reader pools) and prepares retrieval with `encoder`
    /// (nil: no model; search and ask answer 503 `model_unavailable`).
    public static func open(store: StoreConfiguration, configuration: ServiceConfiguration, encoder: SentenceEncoder?,
                            logger: Logger = Logger(label: "preflexor.service")) async throws -> ServiceContext {
        try configuration.validate()
        try FileManager.default.createDirectory(at: configuration.spool, withIntermediateDirectories: true)
        let database = try await store.open(logger: logger)
        do {
            let reader = try await ReaderSession(configuration: store)
            let retriever = try encoder.map { try HybridRetriever(database: database, encoder: $0, home: store.home) }
            return ServiceContext(store: store, configuration: configuration, database: database, reader: reader,
                                  retriever: retriever, embedder: encoder.map(SentenceEmbedder.init), logger: logger)
        } catch {
            await database.close()
            throw error
        }
    }

    /// The model-backed pieces, or 503 when the model is missing.
    func retrieval() throws -> (retriever: HybridRetriever, embedder: SentenceEmbedder) {
        guard let retriever, let embedder else {
            throw ServiceError(.modelUnavailable, "the embedding model is not installed on the server; run `preflexor models fetch` and restart it")
        }
        return (retriever, embedder)
    }

    /// Marks a background training run still in progress failed ("the server stopped"), then
    /// closes both pools.
    public func close() async {
        await training.abandon(database: database)
        await reader.close()
        await database.close()
    }
}
