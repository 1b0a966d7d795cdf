import Foundation
import Hummingbird
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
            let result = try await retriever.retrieve(query, mode: body.mode ?? .hybrid, k: k, filter: filter)
            return try JSONIO.response(result)
        }
        // Same call as `preflexor ask --json`: Answerer.ask with the embedded generator.
        router.post("/v1/ask") { request, context in
            try context.require(.reader)
            let body = try await JSONIO.decode(AskRequest.self, from: request, limit: service.configuration.maxJSONBody)
            let question = try nonEmpty(body.question, "question")
            let answer = try await ask(service, question: question, mode: body.mode, k: body.k, reflect: body.reflect,
                                       threshold: body.threshold, papers: body.papers ?? [], sections: body.sections ?? [])
            if body.stream == true { return try AnswerEvents.response(answer) }
            return try JSONIO.response(answer)
        }
    }

    /// One question answered as `preflexor ask` does (defaults: k 5, one reflection round).
    static func ask(_ service: ServiceContext, question: String, mode: RetrievalMode? = nil, k: Int? = nil, reflect: Int? = nil,
                    threshold: Double? = nil, papers: [String] = [], sections: [String] = []) async throws -> Answer {
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
        return try await answerer.ask(question, retriever: retriever, mode: mode ?? .hybrid, k: k,
                                      filter: ChunkFilter(papers: papers, sectionTypes: sections))
    }

    static func nonEmpty(_ text: String, _ field: String) throws -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw ServiceError(.invalidRequest, "'\(field)' must not be empty") }
        return trimmed
    }
}
