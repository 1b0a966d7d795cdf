import Foundation

/// Where `preflexor serve` listens and how it bounds requests.
public struct ServiceConfiguration: Sendable {
    /// Address to bind (default 127.0.0.1).
    public var host: String
    /// Port to bind (default 8080; 0 picks a free one).
    public var port: Int
    /// Largest JSON request body in bytes (default 1 MiB); larger ones get 413.
    public var maxJSONBody: Int
    /// Largest JATS upload in bytes (default 20 MiB).
    public var maxUploadBody: Int
    /// Where uploaded papers are written before their ingest job runs; run
    /// `preflexor daemon --inbox` on the same folder to ingest them.
    public var spool: URL
    /// Statement timeout of `POST /v1/sql` (default 10 s; a request may ask for less).
    public var sqlTimeout: Duration
    /// Row cap of `POST /v1/sql` (default 1,000; a request may ask for fewer).
    public var sqlMaxRows: Int
    /// Whether `/metrics` answers without a key. Default: only when `host` is a loopback
    /// address, where only local processes can reach it.
    public var publicMetrics: Bool
    /// A connection with no traffic for this long is closed (default 120 s; slow clients
    /// cannot hold connections open forever).
    public var idleTimeout: Duration
    /// The longest a search, an answer or a chat completion may take before the
    /// request is answered 503 `timeout` and its work cancelled (default 60 s). A stream ends
    /// with an `error` event instead.
    public var requestTimeout: Duration

    public init(host: String = "127.0.0.1", port: Int = 8080, maxJSONBody: Int = 1 << 20, maxUploadBody: Int = 20 << 20,
                spool: URL = URL(fileURLWithPath: ".preflexor/spool"), sqlTimeout: Duration = .seconds(10), sqlMaxRows: Int = 1000,
                publicMetrics: Bool? = nil, idleTimeout: Duration = .seconds(120),
                requestTimeout: Duration = .seconds(60)) {
        self.host = host
        self.port = port
        self.maxJSONBody = maxJSONBody
        self.maxUploadBody = maxUploadBody
        self.spool = spool
        self.sqlTimeout = sqlTimeout
        self.sqlMaxRows = sqlMaxRows
        self.publicMetrics = publicMetrics ?? Self.isLoopback(host)
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
    }

    /// 127.0.0.0/8, ::1 and localhost.
    public static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }

    /// Throws a `ServiceError` naming the first setting out of range.
    public func validate() throws {
        guard (0...65535).contains(port) else { throw ServiceError(.invalidRequest, "--port must lie in 0...65535, not \(port)") }
        guard maxJSONBody > 0, maxUploadBody > 0 else { throw ServiceError(.invalidRequest, "body limits must be positive") }
        guard sqlMaxRows > 0, sqlTimeout > .zero else { throw ServiceError(.invalidRequest, "the SQL timeout and row cap must be positive") }
        guard idleTimeout > .zero else { throw ServiceError(.invalidRequest, "the idle timeout must be positive") }
        guard requestTimeout > .zero else { throw ServiceError(.invalidRequest, "the request timeout must be positive") }
    }
}
