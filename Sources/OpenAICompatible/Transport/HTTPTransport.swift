import Foundation

/// The seam between `ChatClient` and the network: one HTTP POST, one complete reply. The
/// default is `AsyncHTTPTransport` (async-http-client); tests may bring their own.
public protocol HTTPTransport: Sendable {
    /// Sends `body` to `url` with `headers` and returns the whole reply (any status), within
    /// `timeout` from connect to last byte. Throws `OpenAICompatibleError` with code `.timeout`
    /// (no complete reply in time), `.transport` (cannot connect, connection lost),
    /// `.malformedResponse` (body over `maxResponseBytes`) or `.configuration` (not an http(s) URL).
    func post(url: URL, headers: [(String, String)], body: Data, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPReply
}

/// A complete HTTP reply.
public struct HTTPReply: Sendable {
    /// The status code (200, 401, ...).
    public var status: Int
    /// The reason phrase as sent ("OK", "Unauthorized").
    public var reason: String
    /// Header fields, names lowercased (the last value wins).
    public var headers: [String: String]
    /// The body.
    public var body: Data

    /// Creates a reply.
    public init(status: Int, reason: String, headers: [String: String], body: Data) {
        self.status = status
        self.reason = reason
        self.headers = headers
        self.body = body
    }
}
