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
        Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                for event in events { try await writer.write(bytes(event)) }
                try await writer.finish(nil)
            })
    }

    /// A stream whose events `produce` emits as it goes: each is written and flushed at once.
    /// `produce` runs in its own task; when it throws, `failure` turns the error into a last
    /// event (the status line is long gone by then); a client that goes away cancels it.
    static func streaming(failure: @escaping @Sendable (any Error) -> Event,
                          _ produce: @escaping @Sendable (_ emit: @escaping @Sendable (Event) -> Void) async throws -> Void) -> Response {
        Response(
            status: .ok, headers: headers,
            body: ResponseBody { writer in
                let (stream, continuation) = AsyncStream.makeStream(of: Event.self)
                let producer = Task {
                    do {
                        try await produce { continuation.yield($0) }
                    } catch {
                        continuation.yield(failure(error))
                    }
                    continuation.finish()
                }
                defer { producer.cancel() }
                for await event in stream { try await writer.write(bytes(event)) }
                try await writer.finish(nil)
            })
    }

    static let headers: HTTPFields = [.contentType: "text/event-stream; charset=utf-8", .cacheControl: "no-cache"]

    /// One event in the wire format: `event:` (when named), a `data:` line per line, a blank line.
    static func bytes(_ event: Event) -> ByteBuffer {
        var text = event.name.map { "event: \($0)\n" } ?? ""
        for line in event.data.split(separator: "\n", omittingEmptySubsequences: false) { text += "data: \(line)\n" }
        return ByteBuffer(string: text + "\n")
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try JSONIO.encoder().encode(value), as: UTF8.self)
    }
}

/// `POST /v1/ask` with `"stream": true`: the answer's stages as server-sent events, each sent
/// as soon as the answerer finishes it: `retrieval` (the retrieved chunks), `sources` (the
/// numbered sources with their evidence scores, the best evidence score, and whether the
/// question is refused), one `version` per round (its thinking, answer, critique and quality,
/// round 1 then each reflection round), then `thinking` (the integrator's choice),
/// `reflection`, `answer` (the text with its per-sentence support) and `done` (the whole
/// Answer, as the JSON route returns it). An error after the stream has begun ends it with an
/// `error` event holding the usual error body.
enum AnswerEvents {
    struct Text: Encodable { var text: String }
    struct Scored: Encodable {
        var sources: [Reasoning.Source]
        var evidenceScore: Double
        var refused: Bool
    }
    struct Version: Encodable {
        var round: Int
        var thinking: String
        var answer: String
        var critique: String
        var quality: Double
    }
    struct Final: Encodable {
        var text: String
        var refused: Bool
        var sentences: [AnswerSentence]
        var citedSources: [Reasoning.Source]
    }

    /// The event for one stage.
    static func event(_ progress: AnswerProgress) throws -> ServerSentEvents.Event {
        switch progress {
        case .retrieved(let retrieval):
            return .init(name: "retrieval", data: try ServerSentEvents.json(retrieval))
        case .scored(let sources, let score, let refused):
            return .init(name: "sources", data: try ServerSentEvents.json(Scored(sources: sources, evidenceScore: score, refused: refused)))
        case .reviewed(let v):
            return .init(name: "version", data: try ServerSentEvents.json(
                Version(round: v.round, thinking: v.thinking, answer: v.answer, critique: v.critique, quality: v.quality)))
        }
    }

    /// The closing events once the answer is complete.
    static func final(_ answer: Answer) throws -> [ServerSentEvents.Event] {
        var events: [ServerSentEvents.Event] = []
        if !answer.refused {
            events.append(.init(name: "thinking", data: try ServerSentEvents.json(Text(text: answer.thinking))))
            if !answer.reflection.isEmpty {
                events.append(.init(name: "reflection", data: try ServerSentEvents.json(Text(text: answer.reflection))))
            }
        }
        events.append(.init(name: "answer", data: try ServerSentEvents.json(
            Final(text: answer.answer, refused: answer.refused, sentences: answer.sentences, citedSources: answer.citedSources))))
        events.append(.init(name: "done", data: try ServerSentEvents.json(answer)))
        return events
    }
}
