import Foundation
import LoopbackTesting
import OpenAICompatible
import PreflexorTesting
import Testing

/// The LLM client against an HTTPS OpenAI-compatible server whose certificate comes from a
/// private CA (Tests/Fixtures/TLS): it completes a chat when told to trust the CA
/// (`caFile`, `PREFLEXOR_LLM_CA_FILE`), and fails at once with a TLS error naming the
/// certificate when it is not.
@Suite struct ChatClientTLSTests {
    static let folder = Fixtures.repositoryRoot.appendingPathComponent("Tests/Fixtures/TLS")
    static let caFile = folder.appendingPathComponent("ca.pem").path

    static func server<T>(_ body: (LoopbackServer) async throws -> T) async throws -> T {
        let tls = try LoopbackServer.serverTLS(certificateChain: folder.appendingPathComponent("server.pem"),
                                               privateKey: folder.appendingPathComponent("server.key"))
        return try await LoopbackServer.with(tls: tls, { _, _ in .chat("[\"over TLS\"]") }, body)
    }

    @Test func trustedPrivateCACompletesAChat() async throws {
        try await Self.server { server in
            #expect(server.baseURL.hasPrefix("https://127.0.0.1:"))
            let configuration = try ChatClient.Configuration(baseURL: server.baseURL, model: "test-model", caFile: Self.caFile)
            let text = try await ChatClient(configuration: configuration).complete([.user("Nacre is composed of aragonite.")])
            #expect(text == "[\"over TLS\"]")
            #expect(server.requestCount == 1)
            #expect(server.requests.first?.path == "/v1/chat/completions")
        }
    }

    @Test func theEnvironmentVariableNamesTheCAFile() async throws {
        try await Self.server { server in
            let configuration = try #require(try ChatClient.Configuration.fromEnvironment(
                ["PREFLEXOR_LLM_URL": server.baseURL, "PREFLEXOR_LLM_MODEL": "test-model", "PREFLEXOR_LLM_CA_FILE": Self.caFile]))
            #expect(configuration.caFile == Self.caFile)
            #expect(try await ChatClient(configuration: configuration).complete([.user("hi")]) == "[\"over TLS\"]")
        }
    }

    @Test func untrustedCertificateFailsWithATLSError() async throws {
        try await Self.server { server in
            let configuration = try ChatClient.Configuration(baseURL: server.baseURL, model: "test-model", maxAttempts: 3,
                                                             initialBackoff: .milliseconds(10))
            do {
                let text = try await ChatClient(configuration: configuration).complete([.user("hi")])
                Issue.record("expected a TLS error, got \"\(text)\"")
            } catch let error as OpenAICompatibleError {
                #expect(error.code == .tls, "\(error)")
                #expect(error.attempts == 1, "a certificate that is not trusted is not retried")
                #expect(error.message.contains("TLS handshake with \(server.baseURL)/chat/completions failed"), "\(error)")
                #expect(error.message.contains("certificate is not trusted"), "\(error)")
                #expect(error.message.contains("PREFLEXOR_LLM_CA_FILE"), "\(error)")
            }
            #expect(server.requestCount == 0, "no request reaches a server whose certificate was refused")
        }
    }

    @Test func aCAFileThatIsNotACertificateIsAConfigurationError() throws {
        let missing = "/nonexistent/preflexor-ca.pem"
        #expect {
            try ChatClient.Configuration(baseURL: "https://127.0.0.1:1/v1", model: "m", caFile: missing)
        } throws: { error in
            let e = error as? OpenAICompatibleError
            return e?.code == .configuration && e?.message.contains(missing) == true
        }
        let notPEM = Self.folder.appendingPathComponent("README.md").path
        #expect {
            try ChatClient.Configuration.fromEnvironment(
                ["PREFLEXOR_LLM_URL": "https://127.0.0.1:1/v1", "PREFLEXOR_LLM_MODEL": "m", "PREFLEXOR_LLM_CA_FILE": notPEM])
        } throws: { error in
            let e = error as? OpenAICompatibleError
            return e?.code == .configuration && e?.message.hasPrefix("PREFLEXOR_LLM_CA_FILE: ") == true && e?.message.contains(notPEM) == true
        }
    }
}
