import Foundation
import Hummingbird
import Reasoning

/// `POST /v1/chat/completions` and `GET /v1/models`, as OpenAI's API has them, answered by
/// the same `ask` path as `POST /v1/ask` (embedded generator): the last user message is the
/// question, the answer (with its numbered sources) is `choices[0].message.content`, the
/// thinking and reflection are `reasoning_content` (in their tags,
/// `<|thinking|>…<|/thinking|>` then `<|reflect|>…<|/reflect|>`); with
/// `"reasoning_format": "tags"` that text is written inline before the answer instead.
extension ServiceApplication {
    static let modelID = "preflexor-embedded"

    struct ChatRequest: Decodable {
        struct Message: Decodable {
            var role: String
            var content: Content?
        }
        /// A message's content: a string, or an array of parts of which the text ones count.
        struct Content: Decodable {
            var text: String
            struct Part: Decodable { var type: String; var text: String? }
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let s = try? container.decode(String.self) {
                    text = s
                } else {
                    text = try container.decode([Part].self).filter { $0.type == "text" }.compactMap(\.text).joined(separator: "\n")
                }
            }
        }
        var model: String?
        var messages: [Message]
        var stream: Bool?
        /// "field" (default): thinking in `reasoning_content`; "tags": inline in `content`.
        var reasoningFormat: String?
    }

    struct ChatMessage: Encodable {
        /// Always in a message; in a stream only in the first chunk's delta, as OpenAI sends it.
        var role: String? = "assistant"
        var content: String?
        var reasoning_content: String?
    }

    struct ChatChoice: Encodable {
        var index = 0
        var message: ChatMessage?
        var delta: ChatMessage?
        var finish_reason: String?
    }

    struct ChatCompletion: Encodable {
        var id: String
        var object: String
        var created: Int
        var model: String
        var choices: [ChatChoice]
    }

    static func addOpenAIRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/v1/models") { _, context in
            try context.require(.reader)
            struct Model: Encodable { var id: String; var object = "model"; var created = 0; var owned_by = "preflexor" }
            struct List: Encodable { var object = "list"; var data: [Model] }
            return try JSONIO.response(List(data: [Model(id: modelID)]))
        }
        router.post("/v1/chat/completions") { request, context in
            try context.require(.reader)
            let body = try await JSONIO.decode(ChatRequest.self, from: request, limit: service.configuration.maxJSONBody)
            if let model = body.model, !model.isEmpty, model != modelID {
                throw ServiceError(ServiceError.Code(name: "model_not_found", status: .notFound), "unknown model '\(model)'; GET /v1/models lists '\(modelID)'")
            }
            let tags: Bool
            switch body.reasoningFormat ?? "field" {
            case "field": tags = false
            case "tags": tags = true
            case let other: throw ServiceError(.invalidRequest, "'reasoning_format' must be field or tags, not '\(other)'")
            }
            guard let question = body.messages.last(where: { $0.role == "user" })?.content?.text,
                  !question.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ServiceError(.invalidRequest, "'messages' must hold a user message with text: it is the question")
            }
            let ask = try prepareAsk(service, question: question)
            let id = "chatcmpl-" + UUID().uuidString.lowercased()
            let created = Int(Date().timeIntervalSince1970)
            guard body.stream == true else {
                let (content, reasoning) = chatParts(try await ask.run(service), tags: tags)
                return try JSONIO.response(ChatCompletion(
                    id: id, object: "chat.completion", created: created, model: modelID,
                    choices: [ChatChoice(message: ChatMessage(content: content, reasoning_content: reasoning), finish_reason: "stop")]))
            }
            @Sendable func chunk(_ delta: ChatMessage, finish: String? = nil) throws -> ServerSentEvents.Event {
                .init(name: nil, data: try ServerSentEvents.json(ChatCompletion(
                    id: id, object: "chat.completion.chunk", created: created, model: modelID,
                    choices: [ChatChoice(delta: delta, finish_reason: finish)])))
            }
            // The role goes out at once (the client sees the stream open); the reasoning and
            // the answer follow when the integrator has chosen, the answer in line-sized pieces.
            let logger = context.logger
            return ServerSentEvents.streaming(failure: { streamError($0, logger: logger) }) { emit in
                emit(try chunk(ChatMessage(content: "")))
                let (content, reasoning) = chatParts(try await ask.run(service), tags: tags)
                if let reasoning { emit(try chunk(ChatMessage(role: nil, content: nil, reasoning_content: reasoning))) }
                for piece in pieces(content) { emit(try chunk(ChatMessage(role: nil, content: piece))) }
                emit(try chunk(ChatMessage(role: nil, content: nil), finish: "stop"))
                emit(.init(name: nil, data: "[DONE]"))
            }
        }
    }

    /// The message content (answer and numbered sources) and the reasoning (thinking and
    /// reflection), or both in the content with tags.
    static func chatParts(_ answer: Answer, tags: Bool) -> (content: String, reasoning: String?) {
        if answer.refused { return (answer.answer, nil) }
        var text = answer.answer
        if !answer.citedSources.isEmpty {
            text += "\n\nSources:\n" + answer.citedSources.map { s in
                "[\(s.number)] \(s.title) (\(s.doi.map { "doi:\($0)" } ?? "paper \(s.paperID)"), \(s.section))"
            }.joined(separator: "\n")
        }
        // The PRefLexOR layout (ThinkingBlock): thinking, then the reflection, then the answer.
        var reasoning = "\(ThinkingBlock.open)\n\(answer.thinking)\n\(ThinkingBlock.close)"
        if !answer.reflection.isEmpty {
            reasoning += "\n\(ThinkingBlock.reflectOpen)\n\(answer.reflection)\n\(ThinkingBlock.reflectClose)"
        }
        if tags { return ("\(reasoning)\n\(text)", nil) }
        return (text, reasoning)
    }

    /// The content in line-sized pieces for streaming (joined they give the content back).
    static func pieces(_ text: String) -> [String] {
        var out: [String] = []
        var current = ""
        for c in text {
            current.append(c)
            if c == "\n" || (c == " " && current.count > 60) { out.append(current); current = "" }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}

