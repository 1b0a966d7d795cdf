import Foundation
import Logging
import NIOSSL
import PostgresNIO

/// A pool of connections to one PostgreSQL database, running for the value's lifetime.
///
/// `PostgresClient` needs a task that runs it; `Database` owns that task. Call `close()`
/// when done (the CLI does so before exiting).
public final class Database: Sendable {
    public let client: PostgresClient
    public let url: DatabaseURL
    public let logger: Logger
    private let runner: Task<Void, Never>

    /// Connects and checks the server answers; the error says which server could not be reached.
    public static func connect(_ url: DatabaseURL, logger: Logger = Logger(label: "preflexor.store")) async throws -> Database {
        let database = try Database(url: url, logger: logger)
        do {
            _ = try await database.client.query("SELECT 1", logger: logger).collect()
        } catch {
            await database.close()
            throw StoreError(
                .connection, "cannot connect to \(url): \(Database.serverMessage(error) ?? String(describing: error))",
                underlying: error)
        }
        return database
    }

    private init(url: DatabaseURL, logger: Logger) throws {
        let tls: PostgresClient.Configuration.TLS
        switch url.tls {
        case .disable: tls = .disable
        case .prefer: tls = .prefer(TLSConfiguration.makeClientConfiguration())
        case .require: tls = .require(TLSConfiguration.makeClientConfiguration())
        }
        var configuration = PostgresClient.Configuration(
            host: url.host, port: url.port, username: url.username, password: url.password,
            database: url.database, tls: tls)
        configuration.options.maximumConnections = 8
        configuration.options.connectTimeout = .seconds(10)
        self.url = url
        // postgres-nio logs connection churn (pool start-up, closing) at info and warning;
        // a CLI user needs only real errors, which we raise ourselves.
        var quiet = logger
        quiet.logLevel = max(logger.logLevel, .error)
        self.logger = quiet
        let client = PostgresClient(configuration: configuration, backgroundLogger: quiet)
        self.client = client
        self.runner = Task { await client.run() }
    }

    /// Stops the connection pool.
    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// PostgreSQL's message (with detail and hint) from a postgres-nio error, if it is one.
    public static func serverMessage(_ error: any Error) -> String? {
        var error: any Error = error
        if let tx = error as? PostgresTransactionError, let inner = tx.closureError ?? tx.beginError ?? tx.commitError {
            error = inner
        }
        guard let psql = error as? PSQLError else { return nil }
        guard let fields = psql.serverInfo else { return "\(psql.code)" }
        var text = fields[.message] ?? "\(psql.code)"
        if let detail = fields[.detail] { text += " (\(detail))" }
        if let hint = fields[.hint] { text += " Hint: \(hint)" }
        if let position = fields[.position] { text += " [at character \(position)]" }
        return text
    }

    /// The SQLSTATE of a server error, if it is one.
    public static func sqlState(_ error: any Error) -> String? {
        var error: any Error = error
        if let tx = error as? PostgresTransactionError, let inner = tx.closureError ?? tx.beginError ?? tx.commitError {
            error = inner
        }
        return (error as? PSQLError)?.serverInfo?[.sqlState]
    }
}

extension Database {
    /// Whether the server answers a trivial query now (the service's `/readyz`).
    public func ping() async -> Bool {
        do {
            _ = try await client.query("SELECT 1", logger: logger).collect()
            return true
        } catch {
            return false
        }
    }
}
