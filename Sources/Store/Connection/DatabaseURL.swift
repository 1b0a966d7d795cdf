import Foundation

/// A parsed `postgres://user:password@host:port/database?sslmode=...` URL.
public struct DatabaseURL: Sendable, Equatable, CustomStringConvertible {
    /// TLS use, after libpq's `sslmode`.
    public enum TLSMode: String, Sendable { case disable, prefer, require }

    public var host: String
    public var port: Int
    public var username: String
    public var password: String?
    public var database: String
    public var tls: TLSMode

    public init(host: String, port: Int = 5432, username: String, password: String?, database: String, tls: TLSMode = .disable) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
    }

    /// Parses a libpq-style URL; the error names the part that is wrong.
    public init(parsing string: String) throws {
        guard let components = URLComponents(string: string),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme)
        else {
            throw StoreError(.configuration, "database URL must look like postgres://user:password@host:5432/database (got a value that does not start with postgres://)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw StoreError(.configuration, "database URL has no host: use postgres://user:password@host:5432/database")
        }
        guard let user = components.user, !user.isEmpty else {
            throw StoreError(.configuration, "database URL has no user name: use postgres://user:password@\(host)/database")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        self.host = host
        self.port = components.port ?? 5432
        self.username = user.removingPercentEncoding ?? user
        self.password = components.password.map { $0.removingPercentEncoding ?? $0 }
        self.database = database.isEmpty ? self.username : database
        let sslmode = components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer"
        switch sslmode {
        case "disable", "allow": self.tls = .disable
        case "prefer": self.tls = .prefer
        case "require", "verify-ca", "verify-full": self.tls = .require
        default:
            throw StoreError(.configuration, "database URL has sslmode=\(sslmode); use disable, prefer or require")
        }
    }

    /// The URL without its password, for logs and messages.
    public var description: String {
        "postgres://\(username)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }

    /// The URL with its password, for psql.
    public var fullString: String {
        var c = URLComponents()
        c.scheme = "postgres"
        c.user = username
        c.password = password
        c.host = host
        c.port = port
        c.path = "/" + database
        c.queryItems = [URLQueryItem(name: "sslmode", value: tls.rawValue)]
        return c.string ?? description
    }
}
