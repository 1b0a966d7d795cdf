import Dispatch
import Embedding
import Foundation
import Graph
import Store

/// Whole-graph jobs over what is stored: `graph rebuild` (re-extract every paper from its
/// stored chunks, resolve entities across papers, rewrite the graph in one transaction),
/// community detection, and entity embeddings. One code path for the CLI and the service.
public struct GraphBuilder: Sendable {
    public let database: Database
    public let stage: GraphStage
    /// Cross-paper name embedder for resolution; nil merges by normalised key only.
    public let termEmbedder: (any TermEmbedder)?
    /// Cosine similarity at or above which two names of compatible types are merged.
    public let threshold: Double
    /// Louvain settings (seeded: the same graph gives the same communities).
    public let louvain: Louvain
    /// The LLM extractor when the graph was built with one (its cached replies are reused).
    public let llm: LLMGraphStage?

    public init(database: Database, stage: GraphStage, termEmbedder: (any TermEmbedder)?,
                threshold: Double = EntityResolver.defaultThreshold, louvain: Louvain? = nil, llm: LLMGraphStage? = nil) throws {
        self.database = database
        self.stage = stage
        self.llm = llm
        self.termEmbedder = termEmbedder
        self.threshold = threshold
        self.louvain = try louvain ?? Louvain()
    }

    /// What a rebuild did.
    public struct RebuildReport: Sendable, Codable, Equatable {
        public var stored: GraphRebuildSummary
        public var communities: Int
        public var extractionSeconds: Double
        public var resolutionSeconds: Double
        public var writeSeconds: Double
    }

    /// Phases of a rebuild, for progress display.
    public enum Phase: String, Sendable { case reading, extracting, resolving, writing, communities }

    /// Rebuilds the graph from the stored chunks: extraction of every paper (in parallel),
    /// entity resolution across all papers (keys, then embedding similarity when a term
    /// embedder is given), the merges and every paper's graph written in one transaction,
    /// then communities. Running it twice gives the same graph.
    public func rebuild(progress: @escaping @Sendable (Phase, Int, Int) -> Void = { _, _, _ in }) async throws -> RebuildReport {
        let repository = GraphRepository(database)
        progress(.reading, 0, 0)
        let texts = try await repository.paperTexts()
        var clock = DispatchTime.now()
        func lap() -> Double {
            let now = DispatchTime.now()
            defer { clock = now }
            return Double(now.uptimeNanoseconds - clock.uptimeNanoseconds) / 1e9
        }
        let graphs: [PaperGraph]
        if let llm {
            // The LLM extractor: papers one after the other, chunks concurrently, replies cached.
            let cache = LLMCacheRepository(database)
            var out: [PaperGraph] = []
            for (i, text) in texts.enumerated() {
                out.append(try await llm.graph(for: StoredPaperText.input(text), cache: cache).0)
                progress(.extracting, i + 1, texts.count)
            }
            graphs = out
        } else {
            graphs = extractAll(texts, progress: { progress(.extracting, $0, texts.count) })
        }
        let extraction = lap()
        progress(.resolving, 0, graphs.count)
        let resolver = try EntityResolver(embedder: termEmbedder, threshold: threshold)
        let merges = Self.merges(try resolver.resolve(graphs))
        let resolution = lap()
        var records: [Int64: GraphRecord] = [:]
        for (text, graph) in zip(texts, graphs) { records[text.paperID] = GraphStage.map(graph) }
        let stored = try await repository.rebuild(records: records, merges: merges) { progress(.writing, $0, $1) }
        let writing = lap()
        progress(.communities, 0, 0)
        let communities = try await detectCommunities()
        return RebuildReport(stored: stored, communities: communities, extractionSeconds: extraction,
                             resolutionSeconds: resolution, writeSeconds: writing)
    }

    /// Extracts every paper's graph, spread over the cores; results in the order of `texts`.
    func extractAll(_ texts: [StoredPaperText], progress: @escaping @Sendable (Int) -> Void) -> [PaperGraph] {
        let box = ResultBox(count: texts.count)
        let stage = self.stage
        DispatchQueue.concurrentPerform(iterations: texts.count) { i in
            let done = box.set(i, stage.extract(texts[i]))
            progress(done)
        }
        return box.values
    }

    /// The merges a resolution decided: every key that is not its own canonical key, with
    /// the canonical entity's name and type and the similarity of the merge.
    static func merges(_ resolved: ResolvedGraph) -> [EntityMerge] {
        var out: [EntityMerge] = []
        for (key, canonical) in resolved.canonicalKey where key != canonical {
            guard let head = resolved.entity(canonical) else { continue }
            let similarity = head.aliases.first { $0.key == key && $0.source == .embedding }?.similarity
            out.append(EntityMerge(aliasKey: key, canonicalKey: canonical, canonicalName: head.name,
                                   canonicalType: head.type.rawValue, similarity: similarity))
        }
        return out.sorted { $0.aliasKey < $1.aliasKey }
    }

    /// Runs Louvain on the stored entity graph and stores every entity's community with a
    /// summary per community. Returns the number of communities.
    @discardableResult
    public func detectCommunities(top: Int = 10) async throws -> Int {
        try await Self.detectCommunities(database: database, louvain: louvain, top: top)
    }

    /// Louvain communities of the stored graph, stored with their summaries (after an ingest,
    /// a delete or a rebuild). Returns the number of communities. With `cpu`, Louvain runs on
    /// its threads instead of the caller's.
    @discardableResult
    public static func detectCommunities(database: Database, louvain: Louvain? = nil, top: Int = 10, cpu: CPUPool? = nil) async throws -> Int {
        let louvain = try louvain ?? Louvain()
        let repository = GraphRepository(database)
        let snapshot = try await repository.graphSnapshot(paperKeys: true)
        let detect = { @Sendable in StoredCommunities.detect(snapshot, louvain: louvain, top: top) }
        let (assignments, summaries) = if let cpu { await cpu.run(detect) } else { detect() }
        try await repository.replaceCommunities(assignments: assignments, summaries: summaries)
        return summaries.count
    }
}

/// Thread-safe slots for `concurrentPerform` results.
final class ResultBox: @unchecked Sendable {
    private var slots: [PaperGraph?]
    private var done = 0
    private let lock = NSLock()
    init(count: Int) { slots = Array(repeating: nil, count: count) }
    func set(_ i: Int, _ value: PaperGraph) -> Int {
        lock.lock(); defer { lock.unlock() }
        slots[i] = value
        done += 1
        return done
    }
    var values: [PaperGraph] { lock.lock(); defer { lock.unlock() }; return slots.map { $0! } }
}

extension GraphBuilder {
    /// Embeds entities (name and description: type and other names) that have no vector of
    /// the encoder's model yet, or all of them with `all`, in batches; stores descriptions too.
    /// Returns the number embedded. With `cpu`, the encoder runs on its threads.
    @discardableResult
    public static func embedEntities(
        database: Database, encoder: SentenceEncoder, all: Bool = false, batch: Int = 2048, cpu: CPUPool? = nil,
        progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in }
    ) async throws -> Int {
        let repository = GraphRepository(database)
        let todo = try await repository.entityTexts(missingFor: encoder.modelName, all: all)
        var done = 0
        for start in stride(from: 0, to: todo.count, by: max(1, batch)) {
            let part = Array(todo[start..<min(todo.count, start + batch)])
            let texts = part.map(\.embeddingText)
            let vectors = if let cpu { await cpu.run { encoder.embed(texts, batchSize: 64) } } else { encoder.embed(texts, batchSize: 64) }
            var byID: [Int64: [Float]] = [:]
            for (e, v) in zip(part, vectors) { byID[e.id] = v }
            try await repository.storeEntityEmbeddings(model: encoder.modelName, vectors: byID)
            try await repository.storeDescriptions(Dictionary(uniqueKeysWithValues: part.map { ($0.id, $0.description) }))
            done += part.count
            progress(done, todo.count)
        }
        return done
    }
}

/// Entity names embedded by the sentence encoder, for cross-paper resolution.
public struct EncoderTermEmbedder: TermEmbedder {
    public let encoder: SentenceEncoder
    public init(_ encoder: SentenceEncoder) { self.encoder = encoder }
    public func embed(_ texts: [String]) throws -> [[Float]] { encoder.embed(texts, batchSize: 64) }
}
