import Foundation
import Hummingbird
import Reasoning

/// A `text/event-stream` response: each event written (and flushed) as its own chunk.
enum ServerSentEvents {
    struct Event: Sendable {
        var name: String?
        var data: String
    }

    static func response(_ events: [Event]) -> Response {
        let chunks = events.map { event -> ByteBuffer in
            var text = event.name.map { "event: \($0)\n" } ?? ""
            for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
            return ByteBuffer(string: text + "\n")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                for chunk in chunks { try await writer.write(chunk) }
                try await writer.finish(nil)
            })
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONIO.encoder().encode(value), as: UTF8.self)
    }
}

/// `POST /v1/ask` with `"stream": true`: the parts of the answer as events, in the order
/// the answerer writes them: `retrieval` (sources), `thinking`, `reflection`, `answer`
/// (the text with its per-sentence support) and `done` (the whole Answer, as the JSON route
/// returns it). The events are sent once the answer is complete: the answerer does not yet
/// hand out partial output.
enum AnswerEvents {
    struct Text: Encodable { var text: String }
    struct Final: Encodable {
        var text: String
        var refused: Bool
        var sentences: [AnswerSentence]
        var citedSources: [Reasoning.Source]
    }

    static func response(_ answer: Answer) throws -> Response {
        var events: [ServerSentEvents.Event] = [
            .init(name: "retrieval", data: try ServerSentEvents.json(answer.sources)),
        ]
        if !answer.refused {
            events.append(.init(name: "thinking", data: try ServerSentEvents.json(Text(text: answer.thinking))))
            if !answer.reflection.isEmpty {
                events.append(.init(name: "reflection", data: try ServerSentEvents.json(Text(text: answer.reflection))))
            }
        }
        events.append(.init(name: "answer", data: try ServerSentEvents.json(
            Final(text: answer.answer, refused: answer.refused, sentences: answer.sentences, citedSources: answer.citedSources))))
        events.append(.init(name: "done", data: try ServerSentEvents.json(answer)))
        return ServerSentEvents.response(events)
    }
}
