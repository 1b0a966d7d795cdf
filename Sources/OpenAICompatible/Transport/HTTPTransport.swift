import Foundation

/// The seam between `ChatClient` and the network: one HTTP POST, one complete reply. The
/// default is `NIOHTTPTransport`; tests and the service may bring their own.
public protocol HTTPTransport: Sendable {
    /// Sends `body` to `url` with `headers` and returns the whole reply, or throws (a
    /// `HTTPTransportError`, or the connection's own error) within `timeout`.
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

/// Why a transport produced no reply (besides the connection's own errors).
public enum HTTPTransportError: Error, Sendable, Equatable {
    /// No complete reply within the timeout.
    case timedOut
    /// The reply's body is larger than allowed (the limit in bytes).
    case tooLarge(Int)
    /// The server closed the connection before the reply was complete.
    case closedEarly
    /// The URL cannot be requested (the reason).
    case invalidURL(String)
}
