import Foundation
import Logging
import PostgresNIO

/// Runs domain experts' SQL read-only: as the `preflexor_reader` role, in a READ ONLY
/// transaction, with a statement timeout, one statement only.
///
/// Defence in depth: (1) only SELECT, WITH, VALUES, TABLE and EXPLAIN are accepted, with a
/// message that says why; (2) the query is wrapped in a sub-select, where PostgreSQL refuses
/// data-modifying WITH clauses; (3) the extended query protocol refuses a second statement;
/// (4) the transaction is READ ONLY; (5) the role may only SELECT.
public enum ReadOnlyQuery {
    /// Options of one query.
    public struct Options: Sendable {
        /// Statement timeout (default 30 s).
        public var timeout: Duration
        /// At most this many rows are fetched (default 10,000).
        public var maxRows: Int
        public init(timeout: Duration = .seconds(30), maxRows: Int = 10_000) {
            self.timeout = timeout
            self.maxRows = maxRows
        }
    }

    static let readKeywords: Set<String> = ["select", "with", "values", "table"]

    /// Runs `sql` as the reader and returns its rows as text.
    public static func run(_ sql: String, configuration: StoreConfiguration, options: Options = Options()) async throws -> QueryResult {
        let session = try await ReaderSession(configuration: configuration)
        do {
            let result = try await session.run(sql, options: options)
            await session.close()
            return result
        } catch {
            await session.close()
            throw error
        }
    }

    /// The query with trailing semicolons removed; refuses statements that are not reads.
    static func prepare(_ sql: String) throws -> (sql: String, keyword: String) {
        var text = sql.trimmingCharacters(in: .whitespacesAndNewlines)
        while text.hasSuffix(";") { text = String(text.dropLast()).trimmingCharacters(in: .whitespacesAndNewlines) }
        guard let keyword = firstKeyword(text) else {
            throw StoreError(.queryFailed, "the query is empty; give a SELECT statement, e.g. preflexor sql \"select count(*) from papers\"")
        }
        guard readKeywords.contains(keyword) || keyword == "explain" else {
            throw StoreError(
                .readOnlyViolation,
                "preflexor sql is read-only: it runs SELECT, WITH … SELECT, VALUES, TABLE and EXPLAIN, "
                    + "and refuses \(keyword.uppercased()), which would change the database. "
                    + "Change data with preflexor's commands (e.g. `preflexor papers delete`).")
        }
        return (text, keyword)
    }

    /// The first SQL keyword, skipping whitespace, comments and opening parentheses.
    static func firstKeyword(_ text: String) -> String? {
        let statements = SQLScript.split(text + "\n")
        guard let first = statements.first?.sql else { return nil }
        var s = Substring(first)
        while true {
            s = s.drop(while: { $0.isWhitespace || $0 == "(" })
            if s.hasPrefix("--") { s = s.drop(while: { $0 != "\n" }); continue }
            if s.hasPrefix("/*"), let end = s.range(of: "*/") { s = s[end.upperBound...]; continue }
            break
        }
        let word = s.prefix(while: { $0.isLetter })
        return word.isEmpty ? nil : word.lowercased()
    }

    static func run(_ statement: (sql: String, keyword: String), binds: PostgresBindings = PostgresBindings(), on database: Database,
                    setRole: Bool, options: Options) async throws -> QueryResult {
        let logger = database.logger
        let ms = Int(options.timeout.components.seconds * 1000 + options.timeout.components.attoseconds / 1_000_000_000_000_000)
        return try await database.client.withConnection { connection in
            try await connection.query("BEGIN READ ONLY", logger: logger).collect()
            do {
                try await connection.query(PostgresQuery(unsafeSQL: "SET LOCAL statement_timeout = \(max(ms, 1))"), logger: logger).collect()
                // Experts' literals: quotes doubled, backslashes literal.
                try await connection.query("SET LOCAL standard_conforming_strings = on", logger: logger).collect()
                if setRole {
                    try await connection.query("SET LOCAL ROLE preflexor_reader", logger: logger).collect()
                }
                let result: QueryResult
                if statement.keyword == "explain" {
                    result = try await explain(statement.sql, binds: binds, connection: connection, logger: logger)
                } else {
                    result = try await select(statement.sql, binds: binds, connection: connection, logger: logger, maxRows: options.maxRows)
                }
                try await connection.query("ROLLBACK", logger: logger).collect()
                return result
            } catch {
                _ = try? await connection.query("ROLLBACK", logger: logger).collect()
                throw translate(error)
            }
        }
    }

    /// Wraps the query so every row comes back as one JSON object (column order and
    /// duplicate names kept), and an empty result still names its columns.
    static func select(_ sql: String, binds: PostgresBindings, connection: PostgresConnection, logger: Logger, maxRows: Int) async throws -> QueryResult {
        // The inner LEFT JOIN yields one all-NULL row (marker NULL) when the query is
        // empty; selecting `q0.*` through a sub-select keeps the column names on it.
        let wrapped = """
            SELECT to_json(q)::text FROM (
              SELECT q0.* FROM (SELECT 1) AS _one LEFT JOIN (
                SELECT *, row_number() OVER () AS "__preflexor_row" FROM (
            \(sql)
                ) AS _q) AS q0 ON true) AS q
            ORDER BY q."__preflexor_row" LIMIT \(maxRows + 1)
            """
        var columns: [String] = []
        var rows: [[String?]] = []
        var structured: [[Bool]] = []
        var truncated = false
        for try await text in try await connection.query(PostgresQuery(unsafeSQL: wrapped, binds: binds), logger: logger).decode(String.self) {
            guard var members = JSONText.typedMembers(ofObject: text), let marker = members.popLast() else {
                throw StoreError(.queryFailed, "could not read a result row from the server")
            }
            if columns.isEmpty { columns = members.map(\.key) }
            if marker.value == nil { break }  // the empty result's placeholder row
            if rows.count == maxRows { truncated = true; break }
            rows.append(members.map(\.value))
            structured.append(members.map(\.structured))
        }
        // Keep `structured` empty when nothing is, so results compare equal to hand-made ones.
        if !structured.contains(where: { $0.contains(true) }) { structured = [] }
        return QueryResult(columns: columns, rows: rows, truncated: truncated, structured: structured)
    }

    static func explain(_ sql: String, binds: PostgresBindings, connection: PostgresConnection, logger: Logger) async throws -> QueryResult {
        var rows: [[String?]] = []
        for try await line in try await connection.query(PostgresQuery(unsafeSQL: sql, binds: binds), logger: logger).decode(String.self) {
            rows.append([line])
        }
        return QueryResult(columns: ["QUERY PLAN"], rows: rows)
    }

    /// Maps the server's refusals to errors that say what happened.
    static func translate(_ error: any Error) -> any Error {
        if error is StoreError { return error }
        let state = Database.sqlState(error)
        let server = Database.serverMessage(error) ?? String(describing: error)
        switch state {
        case "25006", "42501":
            return StoreError(.readOnlyViolation, "refused: preflexor sql is read-only and the reader role may only read (\(server))", serverMessage: server)
        case "57014":
            return StoreError(.timeout, "the query ran past its statement timeout; add a LIMIT or a WHERE clause, or raise --timeout", serverMessage: server)
        case "0A000" where server.contains("data-modifying"):
            return StoreError(.readOnlyViolation, "refused: preflexor sql is read-only; data-modifying WITH clauses are not allowed", serverMessage: server)
        case "P0002":
            // no_data_found: the kg functions' "no entity named …" (with a hint to search).
            return StoreError(.notFound, server, serverMessage: server)
        case "42601" where server.contains("multiple commands"):
            return StoreError(.queryFailed, "preflexor sql runs one statement at a time; remove the extra statements", serverMessage: server)
        default:
            return StoreError(.queryFailed, "the query failed: \(server)", serverMessage: server)
        }
    }
}
