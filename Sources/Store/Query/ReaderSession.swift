import Foundation
import PostgresNIO

/// One long-lived connection pool for read-only queries: a process opens it once and runs
/// every read through it (`preflexor graph stats` runs four queries over one pool).
public final class ReaderSession: Sendable {
    public let database: Database
    let setRole: Bool

    /// Connects as the reader (or as the owner with `SET ROLE preflexor_reader`).
    public init(configuration: StoreConfiguration) async throws {
        let (url, setRole) = try configuration.readerConnection()
        self.database = try await Database.connect(url)
        self.setRole = setRole
    }

    /// Runs an expert's `sql` (no parameters) read-only, as `ReadOnlyQuery.run` does.
    public func run(_ sql: String, options: ReadOnlyQuery.Options = .init()) async throws -> QueryResult {
        try await ReadOnlyQuery.run(try ReadOnlyQuery.prepare(sql), on: database, setRole: setRole, options: options)
    }

    /// Runs a query with bound parameters (`$1`, `$2`, …) read-only.
    public func run(_ query: BoundQuery, options: ReadOnlyQuery.Options = .init()) async throws -> QueryResult {
        try await ReadOnlyQuery.run(try ReadOnlyQuery.prepare(query.sql), binds: query.binds, on: database, setRole: setRole, options: options)
    }

    /// Closes the pool.
    public func close() async {
        await database.close()
    }
}

/// SQL with `$n` placeholders and the values bound to them.
public struct BoundQuery: Sendable {
    public var sql: String
    public var binds: PostgresBindings

    public init(_ sql: String, binds: PostgresBindings = PostgresBindings()) {
        self.sql = sql
        self.binds = binds
    }
}
