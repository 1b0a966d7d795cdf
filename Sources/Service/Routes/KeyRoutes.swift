import Foundation
import Hummingbird
import Store

/// API keys, as `preflexor keys create|list|revoke` (APIKeyRepository); admin only.
extension ServiceApplication {
    struct KeyRequest: Decodable {
        var role: APIKey.Role
        var name: String?
    }

    struct CreatedKey: Encodable {
        var key: APIKey
        /// The key to send as `Authorization: Bearer …`, shown this once.
        var token: String
    }

    static func addKeyRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/v1/keys") { _, context in
            try context.require(.admin)
            return try JSONIO.response(["keys": try await APIKeyRepository(service.database).list()])
        }
        router.post("/v1/keys") { request, context in
            try context.require(.admin)
            let body = try await JSONIO.decode(KeyRequest.self, from: request, limit: service.configuration.maxJSONBody)
            let (key, token) = try await APIKeyRepository(service.database).create(role: body.role, name: body.name ?? "")
            return try JSONIO.response(CreatedKey(key: key, token: token.text), status: .created)
        }
        router.delete("/v1/keys/{id}") { _, context in
            try context.require(.admin)
            let text = try context.parameters.require("id")
            guard let id = Int64(text) else { throw ServiceError(.invalidRequest, "a key id is a number, not '\(text)'") }
            return try JSONIO.response(try await APIKeyRepository(service.database).revoke(id: id))
        }
    }
}
