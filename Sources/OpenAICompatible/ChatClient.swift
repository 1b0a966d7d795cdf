import Foundation
import Logging

/// A client for one OpenAI-compatible chat endpoint: messages in, the first choice's text out.
///
/// Each request is `POST {baseURL}/chat/completions` with the model, the messages and
/// `temperature` 0 (unless told otherwise), a bearer key when configured, and a deadline of
/// `timeout` from connect to last byte. Connection errors, timeouts, 429 and 5xx are retried
/// with exponential backoff (honouring Retry-After, capped at `maxBackoff`) up to
/// `maxAttempts` requests; other 4xx and malformed 2xx bodies fail at once. Errors name the
/// URL, the status and the server's own message.
///
///     let client = ChatClient(configuration: try .init(baseURL: "http://127.0.0.1:8000/v1", model: "m"))
///     let text = try await client.complete([.system("Reply in JSON."), .user("...")])
public struct ChatClient: Sendable {
    /// The endpoint and policies.
    public let configuration: Configuration
    let transport: any HTTPTransport
    let logger: Logger

    /// Creates a client on a transport (default: `AsyncHTTPTransport` on async-http-client's shared
    /// client, or on the shared client for the configuration's CA file; neither needs a shutdown).
    public init(configuration: Configuration, transport: (any HTTPTransport)? = nil,
                logger: Logger = Logger(label: "preflexor.llm")) {
        self.configuration = configuration
        self.transport = transport ?? AsyncHTTPTransport(caFile: configuration.caFile)
        self.logger = logger
    }

    /// The request body `complete` sends for these messages.
    public func request(_ messages: [ChatMessage], temperature: Double = 0) -> ChatRequest {
        ChatRequest(model: configuration.model, messages: messages, temperature: temperature, maxTokens: configuration.maxTokens)
    }

    /// The first choice's text for these messages, retried as the configuration says.
    public func complete(_ messages: [ChatMessage], temperature: Double = 0) async throws -> String {
        try await send(request(messages, temperature: temperature))
    }

    /// Sends a request (retried as the configuration says) and returns the first choice's text.
    public func send(_ request: ChatRequest) async throws -> String {
        let body = try Self.encode(request)
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await once(body)
            } catch var error as OpenAICompatibleError {
                error.attempts = attempt
                guard error.isRetryable, attempt < configuration.maxAttempts else { throw error }
                let wait = backoff(after: attempt, retryAfter: error.retryAfter)
                logger.warning("LLM request failed, retrying", metadata: [
                    "attempt": "\(attempt)", "wait": "\(wait)", "error": "\(error.message)"])
                try await Task.sleep(for: wait)
            }
        }
    }

    /// The wait after the `attempt`-th failure: `initialBackoff * 2^(attempt-1)`, or the
    /// server's Retry-After, capped at `maxBackoff`.
    func backoff(after attempt: Int, retryAfter: Duration?) -> Duration {
        let exponential = configuration.initialBackoff * (1 << min(attempt - 1, 20))
        return min(retryAfter ?? exponential, configuration.maxBackoff)
    }

    /// The JSON body, keys sorted (so equal requests are equal bytes).
    public static func encode(_ request: ChatRequest) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(request)
    }

    /// One request, no retry, within `timeout` from connect to last byte.
    func once(_ body: Data) async throws -> String {
        let url = configuration.chatCompletionsURL
        guard let target = URL(string: url) else {
            throw OpenAICompatibleError(.configuration, "\(url) is not a URL; check the base URL")
        }
        var headers = [("Content-Type", "application/json"), ("Accept", "application/json")]
        if let key = configuration.apiKey { headers.append(("Authorization", "Bearer \(key)")) }
        let reply: HTTPReply
        do {
            reply = try await transport.post(url: target, headers: headers, body: body, timeout: configuration.timeout,
                                             maxResponseBytes: configuration.maxResponseBytes)
        } catch let error as OpenAICompatibleError {
            throw error
        } catch let error as CancellationError {
            throw error
        } catch {
            // A transport of the caller's that throws its own errors: treated as connection errors.
            throw OpenAICompatibleError(.transport, "cannot reach \(url): \(error)", underlying: error)
        }
        guard (200..<300).contains(reply.status) else {
            let retryAfter = reply.headers["retry-after"].flatMap { Double($0) }.map { Duration.milliseconds($0 * 1000) }
            throw OpenAICompatibleError.status(reply.status, reason: reply.reason, url: url,
                                               serverMessage: Self.serverMessage(reply.body), retryAfter: retryAfter)
        }
        return try Self.content(of: reply.body, url: url, status: reply.status)
    }
}
