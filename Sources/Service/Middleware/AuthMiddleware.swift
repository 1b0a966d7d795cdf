import Hummingbird
import Store

/// Bearer authentication on every route but the public ones: a missing or unknown key is
/// 401 `unauthorized`, a revoked key 401 `key_revoked`. Roles are checked by each route
/// (`ServiceRequestContext.require`).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ServiceRequestContext
    let keys: APIKeyRepository
    /// Paths that need no key.
    let publicPaths: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if publicPaths.contains(request.uri.path) { return try await next(request, context) }
        guard let header = request.headers[.authorization] else {
            throw ServiceError(.unauthorized, "send an API key as `Authorization: Bearer pfx_…` (create one with `preflexor keys create`)")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let token = APIKeyToken(parsing: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw ServiceError(.unauthorized, "the Authorization header must be `Bearer pfx_<id>_<secret>`")
        }
        switch try await keys.authenticate(token) {
        case .valid(let key):
            var context = context
            context.key = key
            return try await next(request, context)
        case .revoked:
            throw ServiceError(.keyRevoked, "this API key has been revoked; ask an administrator for a new one")
        case .invalid:
            throw ServiceError(.unauthorized, "unknown API key")
        }
    }
}
