import Hummingbird
import Store

/// The request context of the service's routes: Hummingbird's core storage plus the API
/// key the authentication middleware accepted.
public struct ServiceRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The caller's key; nil only on the public routes (/healthz, /readyz, /metrics on loopback).
    public var key: APIKey?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.key = nil
    }

    /// Throws 401 without a key and 403 when the key's role is below `role`.
    public func require(_ role: APIKey.Role) throws {
        guard let key else { throw ServiceError(.unauthorized, "send an API key as `Authorization: Bearer pfx_…`") }
        guard key.role >= role else {
            throw ServiceError(.forbidden, "this route needs a \(role.rawValue) key; key \(key.id) is a \(key.role.rawValue) key")
        }
    }
}
