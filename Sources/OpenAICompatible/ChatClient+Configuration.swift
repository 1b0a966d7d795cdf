import Foundation
import NIOSSL

extension ChatClient {
    /// Where and how to call an endpoint. Checked in `init`, so a bad setting fails before the
    /// first request.
    public struct Configuration: Sendable {
        /// The base URL, up to and including the API version ("http://127.0.0.1:8000/v1");
        /// requests go to `{baseURL}/chat/completions`. No trailing slash (one is removed).
        public var baseURL: String
        /// The model's name as the endpoint knows it.
        public var model: String
        /// Sent as `Authorization: Bearer <key>` when set. Never logged or shown in errors.
        public var apiKey: String?
        /// Limit for one request, connect to last byte. Default 60 s (a long chunk on a slow
        /// local model takes tens of seconds).
        public var timeout: Duration
        /// Requests sent at most, the first included. Default 4.
        public var maxAttempts: Int
        /// Wait before the second attempt; doubled for each further one. Default 0.5 s.
        public var initialBackoff: Duration
        /// Longest wait between attempts (also caps a server's Retry-After). Default 8 s.
        public var maxBackoff: Duration
        /// Largest reply body read. Default 8 MiB.
        public var maxResponseBytes: Int
        /// Most tokens to generate; nil leaves it to the server. Default nil.
        public var maxTokens: Int?
        /// A PEM file of CA certificates to trust for an https base URL, besides the system's
        /// trust roots: the CA of a server with a private certificate. Default nil (the
        /// system's roots only). Set from `<prefix>_CA_FILE`.
        public var caFile: String?

        /// Creates a configuration; throws `.configuration` for a URL that is not http(s),
        /// an empty model, a non-positive timeout or attempt count, or a `caFile` that holds no
        /// readable PEM certificate.
        public init(baseURL: String, model: String, apiKey: String? = nil, timeout: Duration = .seconds(60),
                    maxAttempts: Int = 4, initialBackoff: Duration = .milliseconds(500), maxBackoff: Duration = .seconds(8),
                    maxResponseBytes: Int = 8 << 20, maxTokens: Int? = nil, caFile: String? = nil) throws {
            var base = baseURL.trimmingCharacters(in: .whitespacesAndNewlines)
            while base.hasSuffix("/") { base.removeLast() }
            guard let url = URL(string: base), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
                  let host = url.host, !host.isEmpty else {
                throw OpenAICompatibleError(.configuration,
                    "the LLM base URL \"\(baseURL)\" is not an http(s) URL; give the endpoint's base, e.g. http://127.0.0.1:8000/v1")
            }
            let name = model.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !name.isEmpty else {
                throw OpenAICompatibleError(.configuration, "no model name for \(base); give the model the endpoint serves")
            }
            guard timeout > .zero else {
                throw OpenAICompatibleError(.configuration, "the LLM timeout must be positive, not \(timeout)")
            }
            guard maxAttempts >= 1 else {
                throw OpenAICompatibleError(.configuration, "maxAttempts must be at least 1, not \(maxAttempts)")
            }
            self.baseURL = base
            self.model = name
            self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
            self.timeout = timeout
            self.maxAttempts = maxAttempts
            self.initialBackoff = initialBackoff
            self.maxBackoff = maxBackoff
            self.maxResponseBytes = maxResponseBytes
            self.maxTokens = maxTokens
            self.caFile = try caFile.flatMap { $0.isEmpty ? nil : $0 }.map { path in
                _ = try Self.caCertificates(path)
                return path
            }
        }

        /// The certificates of a CA file; throws `.configuration` naming the file when it cannot
        /// be read or holds no PEM certificate.
        static func caCertificates(_ path: String) throws -> [NIOSSLCertificate] {
            guard FileManager.default.isReadableFile(atPath: path) else {
                throw OpenAICompatibleError(.configuration, "the LLM CA file \(path) does not exist or is not readable; give a PEM file of CA certificates")
            }
            let certificates: [NIOSSLCertificate]
            do {
                certificates = try NIOSSLCertificate.fromPEMFile(path)
            } catch {
                throw OpenAICompatibleError(.configuration, "the LLM CA file \(path) is not a PEM file of certificates (\(error))")
            }
            guard !certificates.isEmpty else {
                throw OpenAICompatibleError(.configuration, "the LLM CA file \(path) holds no PEM certificate (-----BEGIN CERTIFICATE-----)")
            }
            return certificates
        }

        /// The configuration named by `<prefix>_URL`, `<prefix>_MODEL`, `<prefix>_KEY` (optional),
        /// `<prefix>_TIMEOUT` (optional, seconds) and `<prefix>_CA_FILE` (optional, a PEM file of
        /// CA certificates trusted for https besides the system's), or nil when `<prefix>_URL` is
        /// unset or empty. Errors name the variable at fault.
        public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                           prefix: String = "PREFLEXOR_LLM") throws -> Configuration? {
            func value(_ name: String) -> String? {
                guard let v = environment["\(prefix)_\(name)"]?.trimmingCharacters(in: .whitespacesAndNewlines), !v.isEmpty else { return nil }
                return v
            }
            guard let url = value("URL") else { return nil }
            guard let model = value("MODEL") else {
                throw OpenAICompatibleError(.configuration,
                    "\(prefix)_URL is set but \(prefix)_MODEL is not; set it to the model the endpoint serves")
            }
            var timeout = Duration.seconds(60)
            if let text = value("TIMEOUT") {
                guard let seconds = Double(text), seconds > 0, seconds.isFinite else {
                    throw OpenAICompatibleError(.configuration,
                        "environment variable \(prefix)_TIMEOUT is \"\(text)\"; give a positive number of seconds")
                }
                timeout = .milliseconds(Int64(seconds * 1000))
            }
            let configuration: Configuration
            do {
                configuration = try Configuration(baseURL: url, model: model, apiKey: value("KEY"), timeout: timeout)
            } catch let error as OpenAICompatibleError {
                throw OpenAICompatibleError(.configuration, "\(prefix)_URL: \(error.message)")
            }
            guard let caFile = value("CA_FILE") else { return configuration }
            do {
                return try Configuration(baseURL: url, model: model, apiKey: value("KEY"), timeout: timeout, caFile: caFile)
            } catch let error as OpenAICompatibleError {
                throw OpenAICompatibleError(.configuration, "\(prefix)_CA_FILE: \(error.message)")
            }
        }

        /// `{baseURL}/chat/completions`.
        public var chatCompletionsURL: String { baseURL + "/chat/completions" }
    }
}
