import Crypto
import Foundation

/// One API key of the HTTP service (migration 0010), without its secret.
public struct APIKey: Sendable, Codable, Equatable {
    /// What a key may do; each role includes the ones before it.
    public enum Role: String, Sendable, Codable, CaseIterable, Comparable {
        /// search, ask, sql, entities, paths, evidence, chat completions, models.
        case reader
        /// + paper upload and delete, jobs.
        case writer
        /// + keys.
        case admin

        var rank: Int { Self.allCases.firstIndex(of: self)! }
        public static func < (a: Role, b: Role) -> Bool { a.rank < b.rank }
    }

    public var id: Int64
    public var name: String
    public var role: Role
    public var createdAt: Date
    public var revokedAt: Date?
    public var lastUsedAt: Date?

    public init(id: Int64, name: String, role: Role, createdAt: Date, revokedAt: Date? = nil, lastUsedAt: Date? = nil) {
        self.id = id
        self.name = name
        self.role = role
        self.createdAt = createdAt
        self.revokedAt = revokedAt
        self.lastUsedAt = lastUsedAt
    }
}

/// The text of a key as a client sends it: `pfx_<id>_<secret>`, the secret being 32 random
/// bytes in lowercase hex (64 characters). The id finds the row; the secret is compared by
/// its SHA-256 in constant time.
public struct APIKeyToken: Sendable, Equatable {
    public static let prefix = "pfx_"

    public var id: Int64
    public var secret: String

    public init(id: Int64, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// A new random secret (32 bytes from the system's generator, hex).
    public static func randomSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// Parses `pfx_<id>_<64 hex>`; nil for anything else.
    public init?(parsing text: String) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let rest = text.dropFirst(Self.prefix.count)
        guard let underscore = rest.firstIndex(of: "_"), let id = Int64(rest[..<underscore]), id > 0 else { return nil }
        let secret = rest[rest.index(after: underscore)...]
        guard secret.count == 64, secret.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        self.init(id: id, secret: String(secret))
    }

    /// The key as the client sends it.
    public var text: String { "\(Self.prefix)\(id)_\(secret)" }

    /// SHA-256 of the secret's UTF-8 bytes (32 bytes).
    public static func hash(_ secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Data(secret.utf8)))
    }

    /// Whether two digests are equal, in time that depends only on their lengths.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
