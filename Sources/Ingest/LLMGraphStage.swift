import Crypto
import Foundation
import Graph
import OpenAICompatible
import Store

/// The graph step of ingest with the optional LLM extractor: for each chunk the prompt of
/// `LLMTripleExtraction`, answered from `llm_cache` by the SHA-256 of the exact request (else
/// by the endpoint, and cached), parsed and validated into a chunk graph; the chunk graphs are
/// merged with the embedded extractor's graph of the paper and mapped to the same
/// `GraphRecord` as `GraphStage`.
///
/// A reply is cached only once it parses, so a malformed reply is asked again next time. Any
/// failure (endpoint, timeout after retries, malformed reply) fails the paper: the caller
/// stores nothing of it.
public struct LLMGraphStage: Sendable {
    /// The embedded extractor, whose graph the LLM's is merged into.
    public let embedded: GraphStage
    /// Prompt, parse and validation.
    public let extraction: LLMTripleExtraction
    /// The endpoint.
    public let client: ChatClient
    /// Chunks of one paper asked at once. Default 4.
    public let concurrency: Int

    /// Creates the stage over the shipped lexicon.
    public init(client: ChatClient, lexicon: Lexicon, concurrency: Int = 4) {
        self.embedded = GraphStage(extractor: GraphExtractor(lexicon: lexicon))
        self.extraction = LLMTripleExtraction(lexicon: lexicon)
        self.client = client
        self.concurrency = max(1, concurrency)
    }

    /// Environment variables that configure the endpoint.
    public static let environmentVariables = ["PREFLEXOR_LLM_URL", "PREFLEXOR_LLM_MODEL", "PREFLEXOR_LLM_KEY", "PREFLEXOR_LLM_TIMEOUT",
                                              "PREFLEXOR_LLM_CA_FILE"]

    /// The endpoint configured by `PREFLEXOR_LLM_URL`, `PREFLEXOR_LLM_MODEL`, `PREFLEXOR_LLM_KEY`
    /// (optional) and `PREFLEXOR_LLM_TIMEOUT` (optional, seconds; default 60); throws
    /// `IngestError(.configuration)` naming the variable that is missing or wrong.
    public static func configuration(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ChatClient.Configuration {
        let found: ChatClient.Configuration?
        do {
            found = try ChatClient.Configuration.fromEnvironment(environment, prefix: "PREFLEXOR_LLM")
        } catch let error as OpenAICompatibleError {
            throw IngestError(.configuration, error.message, underlying: error)
        }
        guard let found else {
            throw IngestError(.configuration,
                "the LLM extractor needs PREFLEXOR_LLM_URL (an OpenAI-compatible base URL such as http://127.0.0.1:8000/v1) "
                    + "and PREFLEXOR_LLM_MODEL; PREFLEXOR_LLM_KEY and PREFLEXOR_LLM_TIMEOUT (seconds) are optional")
        }
        return found
    }

    /// What the LLM did for one paper.
    public struct Report: Sendable, Equatable {
        /// Chunks answered from `llm_cache`.
        public var cacheHits = 0
        /// Chunks sent to the endpoint.
        public var requests = 0
        /// Triples in the replies.
        public var triples = 0
        /// Triples dropped by validation, by reason.
        public var dropped: [LLMDroppedTriple.Reason: Int] = [:]
    }

    /// The paper's graph: embedded extraction merged with the LLM's triples for every chunk.
    public func record(for paper: PaperRecord, cache: LLMCacheRepository) async throws -> (GraphRecord, Report) {
        let input = PaperInput(
            paperKey: paper.key, keywords: paper.keywords.map(\.keyword),
            chunks: paper.extractorChunks)
        let (graph, report) = try await graph(for: input, cache: cache)
        return (GraphStage.map(graph), report)
    }

    /// A paper's graph from its input (ingest, and `graph rebuild` from stored chunks, where
    /// cached replies make a rebuild cost no requests).
    public func graph(for input: PaperInput, cache: LLMCacheRepository) async throws -> (PaperGraph, Report) {
        var graph = embedded.extractor.extract(paper: input)
        var report = Report()
        let chunks = input.readableChunks
        let results = try await withThrowingTaskGroup(of: (LLMChunkResult, Bool).self) { group in
            var out: [(LLMChunkResult, Bool)] = []
            var next = 0
            while next < min(concurrency, chunks.count) {
                let chunk = chunks[next]
                group.addTask { try await self.extract(chunk, paperKey: input.paperKey, cache: cache) }
                next += 1
            }
            while let result = try await group.next() {
                out.append(result)
                if next < chunks.count {
                    let chunk = chunks[next]
                    group.addTask { try await self.extract(chunk, paperKey: input.paperKey, cache: cache) }
                    next += 1
                }
            }
            return out.sorted { $0.0.chunkIndex < $1.0.chunkIndex }
        }
        for (result, cached) in results {
            graph = graph.merged(with: result.graph)
            if cached { report.cacheHits += 1 } else { report.requests += 1 }
            report.triples += result.triples
            for d in result.dropped { report.dropped[d.reason, default: 0] += 1 }
        }
        return (graph, report)
    }

    /// One chunk: the cached reply or a new one; true when it came from the cache.
    func extract(_ chunk: PaperInput.Chunk, paperKey: String, cache: LLMCacheRepository) async throws -> (LLMChunkResult, Bool) {
        let prompt = extraction.prompt(for: chunk)
        let request = client.request([.system(prompt.system), .user(prompt.user)])
        let sha = try Self.sha256(of: request)
        if let hit = try await cache.get(promptSHA256: sha) {
            // A cached reply was valid when stored; should the parser have become stricter
            // since, ask again rather than fail.
            if let result = try? extraction.extract(reply: hit.response, chunk: chunk, paperKey: paperKey) {
                return (result, true)
            }
        }
        let reply: String
        do {
            reply = try await client.send(request)
        } catch let error as OpenAICompatibleError {
            throw IngestError(.llm, "LLM extraction of chunk \(chunk.index): \(error)", underlying: error)
        }
        let result: LLMChunkResult
        do {
            result = try extraction.extract(reply: reply, chunk: chunk, paperKey: paperKey)
        } catch let error as GraphError {
            throw IngestError(.llm, "\(error.message) (model \(request.model) at \(client.configuration.chatCompletionsURL))",
                              underlying: error)
        }
        try await cache.put(promptSHA256: sha, model: request.model, response: reply)
        return (result, false)
    }

    /// The cache key: SHA-256 (lowercase hex) of the request's JSON body, keys sorted: model,
    /// messages, temperature and max_tokens, so another model or prompt is another question.
    public static func sha256(of request: ChatRequest) throws -> String {
        SHA256.hash(data: try ChatClient.encode(request)).map { String(format: "%02x", $0) }.joined()
    }
}
