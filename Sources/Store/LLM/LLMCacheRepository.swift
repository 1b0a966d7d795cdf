import Foundation
import PostgresNIO

/// Replies of the LLM extractor in `llm_cache` (migration 0003), keyed by the SHA-256 of the
/// exact request (model, messages, temperature), so that a re-run never pays twice for the
/// same question. Rows are never deleted by ingest: a paper's replacement or deletion keeps
/// them, which is what lets a changed file reuse the replies for its unchanged chunks.
public struct LLMCacheRepository: Sendable {
    /// One cached reply.
    public struct Entry: Sendable, Equatable {
        /// The model that wrote the reply.
        public var model: String
        /// The reply's text, as the endpoint returned it.
        public var response: String
        /// When it was stored.
        public var createdAt: Date
    }

    /// The database it reads and writes.
    public let database: Database

    /// A repository on a database.
    public init(_ database: Database) {
        self.database = database
    }

    /// The cached reply for a prompt hash (64 lowercase hex digits), or nil.
    public func get(promptSHA256 sha: String) async throws -> Entry? {
        try Self.check(sha)
        let rows = try await run("read the LLM cache") {
            try await database.client.query(
                "SELECT model, response, created_at FROM llm_cache WHERE prompt_sha256 = \(sha)", logger: database.logger)
        }
        for try await (model, response, createdAt) in rows.decode((String, String, Date).self) {
            return Entry(model: model, response: response, createdAt: createdAt)
        }
        return nil
    }

    /// Stores a reply; a reply already cached for the hash is replaced (the latest wins).
    public func put(promptSHA256 sha: String, model: String, response: String) async throws {
        try Self.check(sha)
        _ = try await run("write the LLM cache") {
            try await database.client.query(
                """
                INSERT INTO llm_cache (prompt_sha256, model, response) VALUES (\(sha), \(model), \(response))
                ON CONFLICT (prompt_sha256) DO UPDATE SET model = EXCLUDED.model, response = EXCLUDED.response, created_at = now()
                """, logger: database.logger)
        }
    }

    /// Number of cached replies.
    public func count() async throws -> Int {
        let rows = try await run("count the LLM cache") {
            try await database.client.query("SELECT count(*)::int FROM llm_cache", logger: database.logger)
        }
        for try await (n,) in rows.decode((Int,).self) { return n }
        return 0
    }

    static func check(_ sha: String) throws {
        guard sha.utf8.count == 64, sha.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) }) else {
            throw StoreError(.conflict, "an LLM cache key must be a SHA-256 in 64 lowercase hex digits, not \"\(sha.prefix(80))\"")
        }
    }

    /// Runs a query, turning a server error into a `StoreError` that says what was being done.
    func run<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw StoreError(.queryFailed, "cannot \(what): \(Database.serverMessage(error) ?? String(describing: error))",
                             serverMessage: Database.serverMessage(error), underlying: error)
        }
    }
}
