import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// HTTP/1.1 over SwiftNIO (plain or TLS), one connection per request (`Connection: close`):
/// a chat completion takes seconds, so reusing connections would save nothing worth the state.
///
/// (AsyncHTTPClient 1.37 would be the usual choice, but it pulls in swift-numerics, whose
/// `Numerics` target clashes with this package's own `Numerics` module.)
public struct NIOHTTPTransport: HTTPTransport {
    let group: any EventLoopGroup

    /// A transport on an event loop group (default: NIO's process-wide singleton).
    public init(group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.group = group
    }

    /// Sends one POST on a new connection; see `HTTPTransport.post`.
    public func post(url: URL, headers: [(String, String)], body: Data, timeout: Duration, maxResponseBytes: Int) async throws -> HTTPReply {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty else {
            throw OpenAICompatibleError(.configuration, "\(url.absoluteString) is not an http(s) URL; check the base URL")
        }
        let tls = scheme == "https"
        let port = url.port ?? (tls ? 443 : 80)
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var target = components?.percentEncodedPath ?? "/"
        if target.isEmpty { target = "/" }
        if let query = components?.percentEncodedQuery { target += "?" + query }

        var head = HTTPRequestHead(version: .http1_1, method: .POST, uri: target)
        head.headers.add(name: "Host", value: url.port.map { "\(host):\($0)" } ?? host)
        head.headers.add(name: "User-Agent", value: "preflexor")
        head.headers.add(name: "Content-Length", value: "\(body.count)")
        head.headers.add(name: "Connection", value: "close")
        for (name, value) in headers { head.headers.add(name: name, value: value) }
        let request = head
        let bytes = ByteBuffer(bytes: body)
        let sslContext = tls ? try NIOSSLContext(configuration: .makeClientConfiguration()) : nil
        let loop = group.next()
        let promise = loop.makePromise(of: HTTPReply.self)
        let nanos = max(1, timeout.components.seconds * 1_000_000_000 + timeout.components.attoseconds / 1_000_000_000)

        let where_ = url.absoluteString
        do {
            return try await Self.within(timeout) {
                let channel: any Channel
                do {
                    channel = try await ClientBootstrap(group: loop)
                        .connectTimeout(.nanoseconds(nanos))
                        .channelInitializer { channel in
                            channel.eventLoop.makeCompletedFuture {
                                if let sslContext {
                                    try channel.pipeline.syncOperations.addHandler(
                                        try NIOSSLClientHandler(context: sslContext, serverHostname: host))
                                }
                                try channel.pipeline.syncOperations.addHTTPClientHandlers()
                                try channel.pipeline.syncOperations.addHandler(
                                    ResponseCollector(request: request, body: bytes, promise: promise, limit: maxResponseBytes))
                            }
                        }
                        .connect(host: host, port: port).get()
                } catch {
                    promise.fail(error)
                    throw error
                }
                // Cancellation (the deadline, or the caller's) closes the connection, which
                // fails the promise if the reply is not complete yet.
                return try await withTaskCancellationHandler {
                    try await promise.futureResult.get()
                } onCancel: {
                    channel.close(promise: nil)
                }
            }
        } catch let error as OpenAICompatibleError where error.code == .malformedResponse {
            throw OpenAICompatibleError(.malformedResponse, "\(where_): \(error.message)")
        } catch let error as OpenAICompatibleError {
            throw error
        } catch is TimedOut {
            throw OpenAICompatibleError(.timeout, "no reply from \(where_) within \(timeout); raise the timeout or check the server")
        } catch let error as CancellationError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            let what = error is ClosedEarly ? "the server closed the connection before replying" : "\(error)"
            throw OpenAICompatibleError(.transport, "cannot reach \(where_): \(what); check the URL and that the server is running",
                                        underlying: error)
        }
    }

    /// Thrown by `within` when the time is up.
    struct TimedOut: Error {}
    /// The connection ended before a complete reply.
    struct ClosedEarly: Error {}

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

/// Writes the request once connected and collects the reply; fails the promise if the
/// connection ends or errs first. Runs on the channel's event loop only.
final class ResponseCollector: ChannelInboundHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    let request: HTTPRequestHead
    let requestBody: ByteBuffer
    let promise: EventLoopPromise<HTTPReply>
    let limit: Int
    var head: HTTPResponseHead?
    var body = ByteBuffer()
    var done = false

    init(request: HTTPRequestHead, body: ByteBuffer, promise: EventLoopPromise<HTTPReply>, limit: Int) {
        self.request = request
        self.requestBody = body
        self.promise = promise
        self.limit = limit
    }

    func channelActive(context: ChannelHandlerContext) {
        context.write(wrapOutboundOut(.head(request)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(requestBody))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !done else { return }
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
        case .body(var part):
            guard body.readableBytes + part.readableBytes <= limit else {
                finish(.failure(OpenAICompatibleError(.malformedResponse, "the reply is larger than \(limit) bytes")), context)
                return
            }
            body.writeBuffer(&part)
        case .end:
            guard let head else { return finish(.failure(NIOHTTPTransport.ClosedEarly()), context) }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            finish(.success(HTTPReply(status: Int(head.status.code), reason: head.status.reasonPhrase, headers: headers,
                                      body: Data(body.readableBytesView))), context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        finish(.failure(error), context)
    }

    func channelInactive(context: ChannelHandlerContext) {
        if !done {
            done = true
            promise.fail(NIOHTTPTransport.ClosedEarly())
        }
        context.fireChannelInactive()
    }

    func finish(_ result: Result<HTTPReply, any Error>, _ context: ChannelHandlerContext) {
        guard !done else { return }
        done = true
        promise.completeWith(result)
        context.close(promise: nil)
    }
}
