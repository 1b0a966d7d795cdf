import Foundation
import LoopbackTesting
import OpenAICompatible
import Testing

/// The OpenAI-compatible client's retries and errors against a loopback server.
@Suite struct ChatClientTests {
    /// A client with fast backoff, so retry tests take milliseconds.
    static func client(_ server: LoopbackServer, key: String? = nil, timeout: Duration = .seconds(60), attempts: Int = 3) throws -> ChatClient {
        ChatClient(configuration: try .init(baseURL: server.baseURL + "/", model: "test-model", apiKey: key, timeout: timeout,
                                            maxAttempts: attempts, initialBackoff: .milliseconds(10), maxBackoff: .milliseconds(50)))
    }

    static let messages: [ChatMessage] = [.system("Reply with JSON."), .user("Nacre is composed of aragonite.")]

    /// Runs `body` expecting an `OpenAICompatibleError`, which it returns.
    static func failure(_ body: () async throws -> String) async -> OpenAICompatibleError? {
        do {
            let text = try await body()
            Issue.record("expected an error, got \"\(text)\"")
        } catch let error as OpenAICompatibleError {
            return error
        } catch {
            Issue.record("expected OpenAICompatibleError, got \(type(of: error)): \(error)")
        }
        return nil
    }

    @Test func serverErrorThenSuccessIsRetriedAndTheRequestIsWellFormed() async throws {
        try await LoopbackServer.with({ _, n in n == 1 ? .error(500, "upstream exploded") : .chat("[]") }) { server in
            let text = try await Self.client(server, key: "sk-test").complete(Self.messages)
            #expect(text == "[]")
            #expect(server.requestCount == 2)
            let request = try #require(server.requests.last)
            #expect(request.method == "POST" && request.path == "/v1/chat/completions")
            #expect(request.headers["authorization"] == "Bearer sk-test")
            #expect(request.headers["content-type"] == "application/json")
            let json = try #require(request.json)
            #expect(json["model"] as? String == "test-model")
            #expect(json["temperature"] as? Double == 0)
            #expect(json["stream"] as? Bool == false)
            #expect(request.message("system") == "Reply with JSON.")
            #expect(request.message("user") == "Nacre is composed of aragonite.")
        }
    }

    @Test func noKeyMeansNoAuthorizationHeader() async throws {
        try await LoopbackServer.with({ _, _ in .chat("ok") }) { server in
            _ = try await Self.client(server).complete(Self.messages)
            #expect(server.requests.first?.headers["authorization"] == nil)
        }
    }

    @Test func alwaysUnavailableGivesUpAfterMaxAttemptsWithAClearError() async throws {
        try await LoopbackServer.with({ _, _ in .error(503, "model is loading") }) { server in
            let error = await Self.failure { try await Self.client(server, attempts: 3).complete(Self.messages) }
            #expect(server.requestCount == 3)
            let e = try #require(error)
            #expect(e.code == .httpStatus && e.status == 503 && e.attempts == 3)
            #expect(e.description.contains("\(server.baseURL)/chat/completions answered 503"), "\(e)")
            #expect(e.description.contains("model is loading") && e.description.contains("gave up after 3 attempts"))
        }
    }

    @Test func unauthorizedIsNotRetriedAndNamesStatusAndServerMessage() async throws {
        try await LoopbackServer.with({ _, _ in .error(401, "Incorrect API key provided") }) { server in
            let error = await Self.failure { try await Self.client(server, key: "wrong").complete(Self.messages) }
            #expect(server.requestCount == 1)
            let e = try #require(error)
            #expect(e.code == .httpStatus && e.status == 401 && e.attempts == 1 && !e.isRetryable)
            #expect(e.message.contains("answered 401") && e.message.contains("Incorrect API key provided"), "\(e)")
            #expect(e.message.contains("PREFLEXOR_LLM_KEY"))
            #expect(!e.description.contains("wrong"), "the key never appears in errors")
        }
    }

    @Test func otherClientErrorsAreNotRetried() async throws {
        try await LoopbackServer.with({ _, _ in Response(status: 400, body: "context length exceeded") }) { server in
            let error = await Self.failure { try await Self.client(server).complete(Self.messages) }
            #expect(server.requestCount == 1)
            #expect(error?.message.contains("answered 400 Bad Request: context length exceeded") == true, "\(String(describing: error))")
        }
    }

    @Test func rateLimitIsRetriedHonouringRetryAfter() async throws {
        try await LoopbackServer.with({ _, n in n == 1 ? .error(429, "slow down", headers: [("Retry-After", "0")]) : .chat("fine") }) { server in
            let text = try await Self.client(server).complete(Self.messages)
            #expect(text == "fine")
            #expect(server.requestCount == 2)
        }
    }

    @Test func aReplySlowerThanTheTimeoutFailsWithATimeoutAfterRetries() async throws {
        try await LoopbackServer.with({ _, _ in var r = Response.chat("late"); r.delay = .seconds(120); return r }) { server in
            let start = ContinuousClock.now
            let error = await Self.failure {
                try await Self.client(server, timeout: .seconds(2), attempts: 2).complete(Self.messages)
            }
            let elapsed = ContinuousClock.now - start
            let e = try #require(error)
            #expect(e.code == .timeout && e.attempts == 2, "\(e)")
            #expect(e.message.contains("no reply from \(server.baseURL)/chat/completions within"))
            #expect(server.requestCount == 2)
            // Not a speed check: without the deadline the first reply would arrive after 120 s.
            // (A loaded machine delays the timer tasks: the full suite once took 17 s here.)
            #expect(elapsed < .seconds(60), "each attempt stops at the timeout (took \(elapsed))")
        }
    }

    @Test(arguments: [
        ("<html>Bad gateway page</html>", "the body is not JSON"),
        (#"{"object": "chat.completion", "choices": []}"#, "the body has no choices"),
        (#"{"choices": [{"message": {"role": "assistant", "content": null}}]}"#, "no text content"),
        ("", "empty body"),
    ])
    func malformedBodiesFailClearlyWithoutRetry(body: String, what: String) async throws {
        try await LoopbackServer.with({ _, _ in Response(status: 200, body: body) }) { server in
            let error = await Self.failure { try await Self.client(server).complete(Self.messages) }
            #expect(server.requestCount == 1)
            let e = try #require(error)
            #expect(e.code == .malformedResponse)
            #expect(e.message.contains("\(server.baseURL)/chat/completions answered 200 but"), "\(e)")
            #expect(e.message.contains(what), "\(e)")
            if !body.isEmpty { #expect(e.message.contains(String(body.prefix(20)))) }
        }
    }

    @Test func aServerThatIsNotThereIsRetriedThenReportedAsTransport() async throws {
        // 127.0.0.2 is loopback too, but the test servers listen on 127.0.0.1 only: refused,
        // whatever ports the tests running in parallel hold.
        let url = "http://127.0.0.2:9/v1"
        let client = ChatClient(configuration: try .init(baseURL: url, model: "m", timeout: .seconds(60), maxAttempts: 2,
                                                         initialBackoff: .milliseconds(10)))
        let error = await Self.failure { try await client.complete(Self.messages) }
        let e = try #require(error)
        #expect(e.code == .transport && e.attempts == 2, "\(e)")
        #expect(e.message.contains("cannot reach \(url)/chat/completions") && e.message.contains("Connection refused"), "\(e)")
    }

    @Test func aReplyLargerThanTheLimitIsRefused() async throws {
        try await LoopbackServer.with({ _, _ in .chat(String(repeating: "x", count: 4096)) }) { server in
            let client = ChatClient(configuration: try .init(baseURL: server.baseURL, model: "m", maxResponseBytes: 1024))
            let error = await Self.failure { try await client.complete(Self.messages) }
            #expect(error?.code == .malformedResponse && server.requestCount == 1)
            #expect(error?.message.contains("larger than 1024 bytes") == true, "\(String(describing: error))")
        }
    }

    @Test func configurationFromEnvironmentNamesTheVariableAtFault() throws {
        #expect(try ChatClient.Configuration.fromEnvironment([:]) == nil)
        let ok = try #require(try ChatClient.Configuration.fromEnvironment([
            "PREFLEXOR_LLM_URL": "http://127.0.0.1:9/v1/", "PREFLEXOR_LLM_MODEL": "m", "PREFLEXOR_LLM_TIMEOUT": "2.5",
        ]))
        #expect(ok.chatCompletionsURL == "http://127.0.0.1:9/v1/chat/completions" && ok.timeout == .milliseconds(2500) && ok.apiKey == nil)
        func message(_ env: [String: String]) -> String {
            do { _ = try ChatClient.Configuration.fromEnvironment(env); return "" } catch { return "\(error)" }
        }
        #expect(message(["PREFLEXOR_LLM_URL": "http://x/v1"]).contains("PREFLEXOR_LLM_MODEL"))
        #expect(message(["PREFLEXOR_LLM_URL": "http://x/v1", "PREFLEXOR_LLM_MODEL": "m", "PREFLEXOR_LLM_TIMEOUT": "soon"])
            .contains("PREFLEXOR_LLM_TIMEOUT is \"soon\""))
        #expect(message(["PREFLEXOR_LLM_URL": "ftp://x", "PREFLEXOR_LLM_MODEL": "m"]).contains("not an http(s) URL"))
    }

    @Test func equalRequestsEncodeToEqualBytes() throws {
        let a = try ChatClient.encode(ChatRequest(model: "m", messages: Self.messages))
        let b = try ChatClient.encode(ChatRequest(model: "m", messages: Self.messages))
        #expect(a == b)
        #expect(String(decoding: a, as: UTF8.self).hasPrefix(#"{"messages":[{"content":"Reply with JSON.","role":"system"}"#))
        #expect(try ChatClient.encode(ChatRequest(model: "n", messages: Self.messages)) != a)
    }
}

typealias Response = LoopbackServer.Response
