import Foundation
import Hummingbird
import Logging
import Reasoning
import Retrieval
import Store

/// The body of `POST /v1/search` (the options of `preflexor search`).
struct SearchRequest: Decodable {
    var query: String
    var mode: RetrievalMode?
    var k: Int?
    var papers: [String]?
    var sections: [String]?
    var yearFrom: Int?
    var yearTo: Int?
}

/// The body of `POST /v1/ask` (the options of `preflexor ask`).
struct AskRequest: Decodable {
    var question: String
    var mode: RetrievalMode?
    var k: Int?
    var reflect: Int?
    var threshold: Double?
    var papers: [String]?
    var sections: [String]?
    /// Server-sent events instead of one JSON object.
    var stream: Bool?
}

extension ServiceApplication {
    static func addSearchRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        // Same call as `preflexor search --json`: HybridRetriever.retrieve.
        router.post("/v1/search") { request, context in
            try context.require(.reader)
            let body = try await JSONIO.decode(SearchRequest.self, from: request, limit: service.configuration.maxJSONBody)
            let query = try nonEmpty(body.query, "query")
            let k = body.k ?? 10
            guard (1...100).contains(k) else { throw ServiceError(.invalidRequest, "'k' must lie in 1...100, not \(k)") }
            let (retriever, _) = try service.retrieval()
            let filter = ChunkFilter(papers: body.papers ?? [], sectionTypes: body.sections ?? [], yearFrom: body.yearFrom, yearTo: body.yearTo)
            let result = try await Deadline.run(service.configuration.requestTimeout, "the search") {
                try await retriever.retrieve(query, mode: body.mode ?? .hybrid, k: k, filter: filter)
            }
            return try JSONIO.response(result)
        }
        // Same call as `preflexor ask --json`: Answerer.ask with the embedded generator.
        router.post("/v1/ask") { request, context in
            try context.require(.reader)
            let body = try await JSONIO.decode(AskRequest.self, from: request, limit: service.configuration.maxJSONBody)
            let question = try nonEmpty(body.question, "question")
            let ask = try prepareAsk(service, question: question, mode: body.mode, k: body.k, reflect: body.reflect,
                                     threshold: body.threshold, papers: body.papers ?? [], sections: body.sections ?? [])
            guard body.stream == true else { return try JSONIO.response(try await ask.run(service)) }
            let logger = context.logger
            return ServerSentEvents.streaming(failure: { streamError($0, logger: logger) }) { emit in
                let answer = try await ask.run(service) { progress in
                    if let event = try? AnswerEvents.event(progress) { emit(event) }
                }
                for event in try AnswerEvents.final(answer) { emit(event) }
            }
        }
    }

    /// One question, checked and ready to answer as `preflexor ask` does (defaults: k 5, one
    /// reflection round, hybrid retrieval, the embedded generator).
    struct PreparedAsk: Sendable {
        var question: String
        var answerer: Answerer
        var retriever: HybridRetriever
        var mode: RetrievalMode
        var k: Int
        var filter: ChunkFilter

        /// Answers within the service's request timeout; `progress` hears each stage.
        func run(_ service: ServiceContext, progress: AnswerProgress.Handler? = nil) async throws -> Answer {
            try await Deadline.run(service.configuration.requestTimeout, "the answer") {
                try await answerer.ask(question, retriever: retriever, mode: mode, k: k, filter: filter, progress: progress)
            }
        }
    }

    /// Checks the options (400 naming the field) and builds the answerer.
    static func prepareAsk(_ service: ServiceContext, question: String, mode: RetrievalMode? = nil, k: Int? = nil, reflect: Int? = nil,
                           threshold: Double? = nil, papers: [String] = [], sections: [String] = []) throws -> PreparedAsk {
        let k = k ?? 5
        guard (1...50).contains(k) else { throw ServiceError(.invalidRequest, "'k' must lie in 1...50, not \(k)") }
        var options = AnswerOptions()
        options.reflect = reflect ?? 1
        guard (0...10).contains(options.reflect) else { throw ServiceError(.invalidRequest, "'reflect' must lie in 0...10, not \(options.reflect)") }
        if let threshold {
            guard (0...1).contains(threshold) else { throw ServiceError(.invalidRequest, "'threshold' must lie in 0...1, not \(threshold)") }
            options.refusalThreshold = threshold
        }
        let (retriever, embedder) = try service.retrieval()
        let answerer = try Answerer(embedder: embedder, generator: EmbeddedGenerator(options: options), options: options)
        return PreparedAsk(question: question, answerer: answerer, retriever: retriever, mode: mode ?? .hybrid, k: k,
                           filter: ChunkFilter(papers: papers, sectionTypes: sections))
    }

    /// The last event of a stream that failed after it began: the usual error body.
    static func streamError(_ error: any Error, logger: Logger) -> ServerSentEvents.Event {
        let service = ServiceError.from(error, logger: logger)
        let body = ServiceError.Body(error: .init(code: service.code.name, message: service.message))
        return .init(name: "error", data: (try? ServerSentEvents.json(body)) ?? "{}")
    }

    static func nonEmpty(_ text: String, _ field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ServiceError(.invalidRequest, "'\(field)' must not be empty") }
        return trimmed
    }
}
