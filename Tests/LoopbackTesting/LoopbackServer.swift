import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// Shared by the test targets that talk to an OpenAI-compatible endpoint (LLMTests,
/// ReasoningTests, LoopTests).
///
/// A small HTTP/1.1 server on 127.0.0.1 (port chosen by the kernel) that answers each
/// request with what a script says, and records the requests it saw: the stand-in for an
/// OpenAI-compatible endpoint in tests. With a TLS context it speaks HTTPS.
public final class LoopbackServer: Sendable {
    /// A request as received.
    public struct Request: Sendable {
        public var method: String
        public var path: String
        public var headers: [String: String]
        public var body: Data

        /// The JSON body as an object (nil if it is not one).
        public var json: [String: Any]? { (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] }
        /// The chat messages' contents by role ("system", "user").
        public func message(_ role: String) -> String? {
            (json?["messages"] as? [[String: Any]])?.first { $0["role"] as? String == role }?["content"] as? String
        }
    }

    /// What to answer.
    public struct Response: Sendable {
        public var status: Int
        public var body: String
        public var headers: [(String, String)] = []
        /// Wait this long before answering (for timeouts).
        public var delay: Duration = .zero

        public init(status: Int, body: String, headers: [(String, String)] = [], delay: Duration = .zero) {
            self.status = status
            self.body = body
            self.headers = headers
            self.delay = delay
        }

        /// A chat completion whose first choice says `content`.
        public static func chat(_ content: String, status: Int = 200) -> Response {
            let object: [String: Any] = [
                "id": "chatcmpl-test", "object": "chat.completion", "model": "test-model",
                "choices": [["index": 0, "message": ["role": "assistant", "content": content], "finish_reason": "stop"]],
            ]
            let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
            return Response(status: status, body: String(decoding: data, as: UTF8.self))
        }

        /// An OpenAI-style error body.
        public static func error(_ status: Int, _ message: String, headers: [(String, String)] = []) -> Response {
            Response(status: status, body: #"{"error": {"message": "\#(message)", "type": "test"}}"#, headers: headers)
        }
    }

    public typealias Script = @Sendable (_ request: Request, _ number: Int) -> Response

    private let script: Script
    private let tls: Bool
    private let state = Mutex<(requests: [Request], children: [any Channel])>(([], []))
    private let channel = Mutex<(any Channel)?>(nil)

    /// The port it listens on.
    public var port: Int { channel.withLock { $0?.localAddress?.port ?? 0 } }
    /// The base URL an OpenAI-compatible client is given.
    public var baseURL: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)/v1" }
    /// Requests received so far, in order.
    public var requests: [Request] { state.withLock { $0.requests } }
    /// How many requests were received.
    public var requestCount: Int { state.withLock { $0.requests.count } }

    /// Starts a server that answers request `number` (1-based) with `script(request, number)`;
    /// over TLS with `tls` (`serverTLS`).
    public init(tls: NIOSSLContext? = nil, _ script: @escaping Script) async throws {
        self.script = script
        self.tls = tls != nil
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(ChannelOptions.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { [self] child in
                self.state.withLock { $0.children.append(child) }
                return child.eventLoop.makeCompletedFuture {
                    if let tls { try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls)) }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(Handler(server: self))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        channel.withLock { $0 = bound }
    }

    /// Records a request and asks the script.
    fileprivate func answer(_ request: Request) -> Response {
        let number = state.withLock { s in
            s.requests.append(request)
            return s.requests.count
        }
        return script(request, number)
    }

    /// Stops listening and closes open connections.
    public func stop() async {
        let (listener, children) = (channel.withLock { $0 }, state.withLock { $0.children })
        for c in children { try? await c.close() }
        try? await listener?.close()
    }

    /// A TLS server context from PEM files: the certificate chain (the server's first) and its
    /// private key.
    public static func serverTLS(certificateChain: URL, privateKey: URL) throws -> NIOSSLContext {
        let chain = try NIOSSLCertificate.fromPEMFile(certificateChain.path).map { NIOSSLCertificateSource.certificate($0) }
        let key = try NIOSSLPrivateKey(file: privateKey.path, format: .pem)
        return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
    }

    /// Runs `body` with a server (over TLS with `tls`), stopping it afterwards.
    public static func with<T>(tls: NIOSSLContext? = nil, _ script: @escaping Script,
                               _ body: (LoopbackServer) async throws -> T) async throws -> T {
        let server = try await LoopbackServer(tls: tls, script)
        do {
            let result = try await body(server)
            await server.stop()
            return result
        } catch {
            await server.stop()
            throw error
        }
    }
}

/// Collects one request (head, body, end), then writes the script's response.
private final class Handler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let server: LoopbackServer
    var head: HTTPRequestHead?
    var body = ByteBuffer()

    init(server: LoopbackServer) { self.server = server }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let h):
            head = h
            body.clear()
        case .body(var part):
            body.writeBuffer(&part)
        case .end:
            guard let head else { return }
            var headers: [String: String] = [:]
            for (name, value) in head.headers { headers[name.lowercased()] = value }
            let request = LoopbackServer.Request(method: head.method.rawValue, path: head.uri, headers: headers,
                                                 body: Data(body.readableBytesView))
            let response = server.answer(request)
            let keepAlive = head.isKeepAlive
            if response.delay > .zero {
                let c = response.delay.components
                let nanos = c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000
                context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanos)) {
                    self.write(response, keepAlive: keepAlive, context: context)
                }
            } else {
                write(response, keepAlive: keepAlive, context: context)
            }
        }
    }

    func write(_ response: LoopbackServer.Response, keepAlive: Bool, context: ChannelHandlerContext) {
        guard context.channel.isActive else { return }
        let bytes = ByteBuffer(string: response.body)
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: "\(bytes.readableBytes)")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        let head = HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: response.status), headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.write(wrapOutboundOut(.body(.byteBuffer(bytes))), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        if !keepAlive { context.close(promise: nil) }
    }
}
