import Foundation
import PostgresNIO

/// The service's API keys in `api_keys` (migration 0010): the one code path of
/// `preflexor keys …` and the service's authentication and `/v1/keys` routes.
public struct APIKeyRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    /// What `authenticate` found for a presented key.
    public enum Verdict: Sendable, Equatable {
        case valid(APIKey)
        /// The key was real but has been revoked.
        case revoked
        /// No such key, or the secret does not match.
        case invalid
    }

    static let columns = "id, name, role, created_at, revoked_at, last_used_at"

    /// Creates a key and returns it with its token, the only time the secret is known.
    public func create(role: APIKey.Role, name: String = "") async throws -> (key: APIKey, token: APIKeyToken) {
        let secret = APIKeyToken.randomSecret()
        let digest = APIKeyToken.hash(secret)
        let rows = try await run("create an API key") {
            try await database.client.query(
                """
                INSERT INTO api_keys (name, role, secret_sha256) VALUES (\(name), \(role.rawValue), \(ByteBuffer(bytes: digest)))
                RETURNING \(unescaped: Self.columns)
                """, logger: database.logger)
        }
        guard let key = try await Self.decode(rows).first else {
            throw StoreError(.queryFailed, "creating the API key returned no row")
        }
        return (key, APIKeyToken(id: key.id, secret: secret))
    }

    /// All keys, oldest first (revoked ones included).
    public func list() async throws -> [APIKey] {
        let rows = try await run("list API keys") {
            try await database.client.query("SELECT \(unescaped: Self.columns) FROM api_keys ORDER BY id", logger: database.logger)
        }
        return try await Self.decode(rows)
    }

    /// Revokes a key; a revoked key stays listed. Throws `.notFound` for an unknown id.
    @discardableResult
    public func revoke(id: Int64) async throws -> APIKey {
        let rows = try await run("revoke API key \(id)") {
            try await database.client.query(
                """
                UPDATE api_keys SET revoked_at = coalesce(revoked_at, now()) WHERE id = \(id)
                RETURNING \(unescaped: Self.columns)
                """, logger: database.logger)
        }
        guard let key = try await Self.decode(rows).first else {
            throw StoreError(.notFound, "there is no API key \(id); `preflexor keys list` shows the keys")
        }
        return key
    }

    /// Checks a presented key: the row by id, then the secret's SHA-256 compared in constant
    /// time (a dummy digest is compared when the id is unknown, so both cases take as long).
    /// Marks a valid key used (at most every 30 s, to spare writes).
    public func authenticate(_ token: APIKeyToken) async throws -> Verdict {
        let rows = try await run("check an API key") {
            try await database.client.query(
                "SELECT \(unescaped: Self.columns), secret_sha256 FROM api_keys WHERE id = \(token.id)", logger: database.logger)
        }
        var found: (APIKey, [UInt8])?
        for try await row in rows {
            let r = try row.decode((Int64, String, String, Date, Date?, Date?, ByteBuffer).self)
            guard let role = APIKey.Role(rawValue: r.2) else { continue }
            found = (APIKey(id: r.0, name: r.1, role: role, createdAt: r.3, revokedAt: r.4, lastUsedAt: r.5), Array(buffer: r.6))
        }
        let presented = APIKeyToken.hash(token.secret)
        let matches = APIKeyToken.constantTimeEqual(presented, found?.1 ?? [UInt8](repeating: 0, count: 32))
        guard let (key, _) = found, matches else { return .invalid }
        if key.revokedAt != nil { return .revoked }
        // The row just read says whether a write is due: most requests need no second round trip.
        if let used = key.lastUsedAt, Date().timeIntervalSince(used) < 30 { return .valid(key) }
        try await run("mark API key \(key.id) used") {
            try await database.client.query(
                """
                UPDATE api_keys SET last_used_at = now()
                WHERE id = \(key.id) AND (last_used_at IS NULL OR last_used_at < now() - interval '30 seconds')
                """, logger: database.logger).collect()
        }
        return .valid(key)
    }

    static func decode(_ rows: PostgresRowSequence) async throws -> [APIKey] {
        var keys: [APIKey] = []
        for try await row in rows {
            let r = try row.decode((Int64, String, String, Date, Date?, Date?).self)
            guard let role = APIKey.Role(rawValue: r.2) else {
                throw StoreError(.queryFailed, "API key \(r.0) has the unknown role \(r.2); is the schema newer than this build?")
            }
            keys.append(APIKey(id: r.0, name: r.1, role: role, createdAt: r.3, revokedAt: r.4, lastUsedAt: r.5))
        }
        return keys
    }

    func run<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        try await StoreError.describing(what, body)
    }
}
