import AsyncHTTPClient
import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOSSL

/// HTTP/1.1 or HTTP/2, plain or TLS, through async-http-client: pooled connections, the
/// system's trust roots for HTTPS (plus a CA file's, when given), redirects followed as the
/// client's configuration says.
public struct AsyncHTTPTransport: HTTPTransport {
    let client: HTTPClient?
    let caFile: String?

    /// A transport on an HTTP client (default: `AsyncHTTPTransport.client`, one per process,
    /// never shut down).
    public init(client: HTTPClient = AsyncHTTPTransport.client) {
        self.client = client
        self.caFile = nil
    }

    /// A transport on the process-wide client for `caFile` (`client(trusting:)`), or on
    /// `AsyncHTTPTransport.client` when it is nil.
    public init(caFile: String?) {
        self.client = caFile == nil ? AsyncHTTPTransport.client : nil
        self.caFile = caFile
    }

    /// The process-wide client: async-http-client's singleton settings, except that a failed
    /// connection is not retried inside the pool: `ChatClient` has its own retry policy
    /// (attempts, backoff, Retry-After), and a refused connection must fail that attempt at
    /// once rather than be retried silently until the deadline.
    public static let client: HTTPClient = {
        var configuration = HTTPClient.Configuration.singletonConfiguration
        configuration.connectionPool.retryConnectionEstablishment = false
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }()

    /// One client per CA file, made on first use and never shut down, as `client`.
    private static let trusting = NIOLockedValueBox<[String: HTTPClient]>([:])

    /// The process-wide client that trusts the certificates of `caFile` (a PEM bundle) besides
    /// the system's roots; otherwise `client`'s settings. Throws `.configuration` naming the
    /// file when it holds no certificate.
    public static func client(trusting caFile: String) throws -> HTTPClient {
        try trusting.withLockedValue { clients in
            if let made = clients[caFile] { return made }
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.additionalTrustRoots = [.certificates(try ChatClient.Configuration.caCertificates(caFile))]
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.tlsConfiguration = tls
            let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients[caFile] = made
            return made
        }
    }

    /// Sends one POST; see `HTTPTransport.post`.
    public func post(url: URL, headers: [(String, String)], body: Data, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPReply {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw OpenAICompatibleError(.configuration, "\(url.absoluteString) is not an http(s) URL; check the base URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .POST
        request.headers.add(name: "User-Agent", value: "preflexor")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let prepared = request
        let client = try self.client ?? Self.client(trusting: caFile ?? "")
        let nanos = max(1, timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)
        let target = url.absoluteString
        do {
            // The deadline covers connect to the response head; `within` also bounds the body.
            return try await Self.within(timeout) {
                let response = try await client.execute(prepared, deadline: .now() + .nanoseconds(nanos))
                let bytes: ByteBuffer
                do {
                    bytes = try await response.body.collect(upTo: maxResponseBytes)
                } catch is NIOTooManyBytesError {
                    throw OpenAICompatibleError(.malformedResponse, "\(target): the reply is larger than \(maxResponseBytes) bytes")
                }
                var fields: [String: String] = [:]
                for (name, value) in response.headers { fields[name.lowercased()] = value }
                return HTTPReply(status: Int(response.status.code), reason: response.status.reasonPhrase, headers: fields,
                                 body: Data(bytes.readableBytesView))
            }
        } catch let error as OpenAICompatibleError {
            throw error
        } catch is TimedOut {
            throw Self.timedOut(target, timeout)
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw Self.timedOut(target, timeout)
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            if let reason = Self.tlsFailure(error) {
                throw OpenAICompatibleError(.tls,
                    "TLS handshake with \(target) failed: \(reason); if the server's certificate comes from a private CA, "
                        + "trust that CA with PREFLEXOR_LLM_CA_FILE (a PEM file)", underlying: error)
            }
            let what = (error as? HTTPClientError) == .remoteConnectionClosed
                ? "the server closed the connection before replying" : "\(error)"
            throw OpenAICompatibleError(.transport, "cannot reach \(target): \(what); check the URL and that the server is running",
                                        underlying: error)
        }
    }

    /// What went wrong in a failed TLS handshake, or nil when `error` is not one: BoringSSL's
    /// verification errors come as `NIOSSLError.handshakeFailed`, a certificate that does not
    /// name the host as `NIOSSLExtraError.failedToValidateHostname`.
    static func tlsFailure(_ error: any Error) -> String? {
        let text = String(describing: error)
        if let extra = error as? NIOSSLExtraError, extra == .failedToValidateHostname {
            return "the server's certificate does not name this host (\(extra))"
        }
        guard error is NIOSSLError || error is NIOSSLExtraError || error is BoringSSLError else { return nil }
        if text.contains("CERTIFICATE_VERIFY_FAILED") || text.contains("certificate verify failed") {
            return "the server's certificate is not trusted (certificate verify failed: unknown CA, self-signed or expired)"
        }
        return "the certificate or handshake was refused (\(text))"
    }

    static func timedOut(_ target: String, _ timeout: Duration) -> OpenAICompatibleError {
        OpenAICompatibleError(.timeout, "no reply from \(target) within \(timeout); raise the timeout or check the server")
    }

    /// Thrown by `within` when the time is up.
    struct TimedOut: Error {}

    /// Runs `work`, cancelling it and throwing `TimedOut` when `limit` passes first.
    static func within<T: Sendable>(_ limit: Duration, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await work() }
            group.addTask {
                try await Task.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw TimedOut() }
            return value
        }
    }
}
