import Crypto
import Embedding
import Foundation
import Metrics
import JATS
import Logging
import OpenAICompatible
import PostgresNIO
import Store
import Text

/// Which extractor builds the entity graph.
public enum GraphExtractorChoice: Sendable {
    /// The embedded extractor (lexicon, keywords, abbreviations, grammar): no network.
    case embedded
    /// The embedded extractor plus an LLM's triples for every chunk (`LLMGraphStage`).
    case llm(ChatClient.Configuration)
}

/// Settings of an ingest run.
public struct IngestOptions: Sendable {
    /// Compute chunk embeddings while ingesting (default true when a model is given).
    public var embed: Bool
    /// Files processed at once (default: the number of cores).
    public var concurrency: Int
    /// Build the entity graph while ingesting (default true).
    public var graph: Bool
    /// Limits that protect the parser from hostile input.
    public var parserLimits: JATSParser.Limits
    /// The graph extractor when `graph` is on (default embedded).
    public var extractor: GraphExtractorChoice
    /// The threads that run parse, chunk, extraction and embedding (never the cooperative pool).
    public var cpu: CPUPool

    public init(embed: Bool = true, graph: Bool = true, concurrency: Int = ProcessInfo.processInfo.activeProcessorCount,
                parserLimits: JATSParser.Limits = .init(), extractor: GraphExtractorChoice = .embedded,
                cpu: CPUPool = .shared) {
        self.cpu = cpu
        self.embed = embed
        self.graph = graph
        self.extractor = extractor
        self.concurrency = max(1, concurrency)
        self.parserLimits = parserLimits
    }
}

/// The one ingest code path, shared by `preflexor ingest` and the service's daemon:
/// read → hash → (unchanged? stop) → parse → chunk → embed → store in one transaction, then
/// (`refreshGraph`) communities and entity vectors over the whole graph.
///
/// A file that fails at any step is reported with its path (and line) and an
/// `IngestFailure` that keeps the error's code and whether it is worth retrying; nothing of
/// it is stored; the other files go on. CPU-bound steps run on `options.cpu`'s threads.
public final class IngestPipeline: Sendable {
    public let database: Database
    public let encoder: SentenceEncoder?
    public let options: IngestOptions
    let mapper: PaperMapper
    let parser: JATSParser
    let graph: GraphStage?
    let llm: LLMGraphStage?

    /// - Parameter encoder: the embedding model; nil stores no vectors (and chunks are sized
    ///   with Text's conservative WordPiece estimate).
    public init(database: Database, encoder: SentenceEncoder?, options: IngestOptions = .init()) throws {
        self.database = database
        self.encoder = options.embed ? encoder : nil
        self.options = options
        if let tokenizer = encoder?.tokenizer {
            // [CLS] and [SEP] take two of the model's 256 positions.
            let config = Chunker.Config(targetTokens: 200, maxTokens: tokenizer.maxLength - 2, overlapSentences: 1)
            self.mapper = PaperMapper(chunker: try Chunker(config, tokenCounter: { tokenizer.tokenCount($0) }))
        } else {
            self.mapper = PaperMapper(chunker: try Chunker())
        }
        self.parser = JATSParser(limits: options.parserLimits)
        self.graph = options.graph ? try GraphStage.embedded() : nil
        if options.graph, case .llm(let configuration) = options.extractor, let graph {
            self.llm = LLMGraphStage(client: ChatClient(configuration: configuration), lexicon: graph.extractor.lexicon)
        } else {
            self.llm = nil
        }
    }

    /// Ingests every file the paths expand to. `progress` is called after each file.
    public func run(paths: [String], progress: @escaping @Sendable (IngestProgress) -> Void = { _ in }) async throws -> IngestReport {
        let files = try FileDiscovery.expand(paths)
        return await run(files: files, progress: progress)
    }

    /// Ingests the given files, `options.concurrency` at a time, reporting in completion order.
    public func run(files: [URL], progress: @escaping @Sendable (IngestProgress) -> Void = { _ in }) async -> IngestReport {
        let start = DispatchTime.now()
        var report = IngestReport()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        await withTaskGroup(of: FileOutcome.self) { group in
            var next = 0
            while next < min(options.concurrency, files.count) {
                let file = files[next]
                group.addTask { await self.ingest(file: file) }
                next += 1
            }
            while let outcome = await group.next() {
                report.add(outcome)
                progress(IngestProgress(done: report.files, total: files.count, bytesDone: report.bytes, elapsed: elapsed(), last: outcome))
                if next < files.count {
                    let file = files[next]
                    group.addTask { await self.ingest(file: file) }
                    next += 1
                }
            }
        }
        report.results.sort { $0.path < $1.path }
        report.seconds = elapsed()
        return report
    }

    /// Ingests one file; never throws: failures come back as `.failed` with the reason.
    public func ingest(file: URL) async -> FileOutcome {
        let path = file.path
        var outcome = FileOutcome(path: path, status: .failed, paperID: nil, title: nil, chunks: 0, bytes: 0, error: nil, line: nil)
        do {
            let data: Data
            do { data = try Data(contentsOf: file) } catch {
                throw IngestError(.unreadable, "cannot read the file: \(error.localizedDescription)", path: path)
            }
            outcome.bytes = data.count
            let sha = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
            let repository = PaperRepository(database)
            if let id = try await repository.id(withSHA256: sha) {
                outcome.status = .unchanged
                outcome.paperID = id
                return outcome
            }
            let (record, chunkCount) = try await options.cpu.run { [self] in
                let (record, chunks) = try prepare(data: data, path: path, sha: sha)
                return (record, chunks.count)
            }
            outcome.title = record.title
            outcome.chunks = chunkCount
            let (vectors, embedded) = await options.cpu.run { [self] in (embed(record), llm == nil ? graph?.record(for: record) : nil) }
            let graphRecord: GraphRecord?
            if let llm {
                graphRecord = try await llm.record(for: record, cache: LLMCacheRepository(database)).0
            } else {
                graphRecord = embedded
            }
            let model = encoder?.modelName
            let dimension = encoder?.dimension ?? 0
            let ordinals = record.chunks.map(\.ordinal)
            let (id, status) = try await repository.store(record) { transaction, _, _ in
                if let vectors, let model {
                    try await transaction.writeChunkEmbeddings(ordinals: ordinals, flat: vectors, dimension: dimension, model: model)
                }
                if let graphRecord {
                    try await transaction.writeGraph(graphRecord)
                }
            }
            outcome.paperID = id
            outcome.status = status == .inserted ? .inserted : status == .replaced ? .replaced : .unchanged
        } catch {
            let failure = IngestFailure.classify(error, path: path)
            outcome.error = failure.reason
            outcome.line = failure.line
            outcome.failure = failure
        }
        return outcome
    }

    /// Parse and chunk (CPU only, no database).
    public func prepare(data: Data, path: String, sha: String) throws -> (PaperRecord, [Chunk]) {
        let article: Article
        do {
            article = try parser.parse(data: data, source: path)
        } catch {
            throw IngestError(.parse, error.message, path: path, line: error.line, underlying: error)
        }
        return try mapper.map(article, path: path, sha256: sha, byteSize: data.count)
    }

    /// Chunk vectors, `[chunks * D]` in chunk order, or nil without a model.
    func embed(_ record: PaperRecord) -> [Float]? {
        guard let encoder, !record.chunks.isEmpty else { return nil }
        let start = ContinuousClock.now
        defer {
            Metrics.Timer(label: "preflexor_embedding_batch_seconds", dimensions: [("role", "ingest")]).record(duration: ContinuousClock.now - start)
            Counter(label: "preflexor_embedding_texts_total", dimensions: [("role", "ingest")]).increment(by: record.chunks.count)
        }
        return encoder.embed(record.chunks.map(\.text), batchSize: 32).flatMap { $0 }
    }
}
