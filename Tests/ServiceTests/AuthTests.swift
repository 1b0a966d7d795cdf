import Foundation
import Service
import Store
import Testing

/// Bearer keys and roles against a live server: no key, a malformed or unknown key, a wrong
/// role, a revoked key; health routes without a key; the admin key routes.
@Suite struct AuthTests {
    @Test(.timeLimit(.minutes(40)))
    func keysAndRoles() async throws {
        try await LiveServer.with { server in
            #expect(try await server.get("/healthz").status == 200)
            #expect(try await server.get("/readyz").status == 200)

            let none = try await server.get("/v1/papers")
            #expect(none.status == 401)
            #expect(none.errorCode == "unauthorized")
            #expect(try await server.get("/v1/papers", key: "not-a-key").status == 401)
            let reader = try await server.key(.reader)
            // The right id with a wrong secret.
            let forged = String(reader.dropLast(4)) + "0000"
            #expect(forged != reader)
            #expect(try await server.get("/v1/papers", key: forged).status == 401)

            #expect(try await server.get("/v1/papers", key: reader).status == 200)
            let refused = try await server.request("DELETE", "/v1/papers/1", key: reader)
            #expect(refused.status == 403)
            #expect(refused.errorCode == "forbidden")
            #expect(try await server.get("/v1/jobs", key: reader).status == 403)

            let writer = try await server.key(.writer)
            #expect(try await server.get("/v1/jobs", key: writer).status == 200)
            #expect(try await server.get("/v1/keys", key: writer).status == 403)

            let admin = try await server.key(.admin)
            let listed = try await server.get("/v1/keys", key: admin)
            #expect(listed.status == 200)
            #expect(((try listed.json())["keys"] as? [Any])?.count == 3)
            #expect(!listed.text.contains(String(reader.suffix(64))), "a listing must never hold a secret")

            // An admin makes a key over HTTP; it works, then is revoked and refused.
            let created = try await server.post("/v1/keys", key: admin, json: ["role": "reader", "name": "made over http"])
            #expect(created.status == 201)
            let token = try #require((try created.json())["token"] as? String)
            let id = try #require(((try created.json())["key"] as? [String: Any])?["id"] as? Int)
            #expect(try await server.get("/v1/models", key: token).status == 200)
            #expect(try await server.request("DELETE", "/v1/keys/\(id)", key: admin).status == 200)
            let revoked = try await server.get("/v1/models", key: token)
            #expect(revoked.status == 401)
            #expect(revoked.errorCode == "key_revoked")

            // Revoked through the repository (`preflexor keys revoke`) too.
            let keyID = try #require(APIKeyToken(parsing: writer)).id
            try await APIKeyRepository(server.service.database).revoke(id: keyID)
            #expect(try await server.get("/v1/jobs", key: writer).errorCode == "key_revoked")

            // last_used is recorded for a key that was used.
            let keys = try await APIKeyRepository(server.service.database).list()
            #expect(keys.first { $0.id == (APIKeyToken(parsing: reader)?.id ?? 0) }?.lastUsedAt != nil)
        }
    }

    @Test(.timeLimit(.minutes(40)))
    func badBodiesAndUnknownRoutes() async throws {
        try await LiveServer.with { server in
            let reader = try await server.key(.reader)
            let malformed = try await server.request("POST", "/v1/sql", key: reader, body: Data("{\"query\": ".utf8))
            #expect(malformed.status == 400)
            #expect(malformed.errorCode == "malformed_json")
            let missing = try await server.post("/v1/sql", key: reader, json: ["q": "select 1"])
            #expect(missing.status == 400)
            #expect(missing.errorCode == "malformed_json")
            #expect(missing.text.contains("query"))
            // The test server takes JSON bodies up to 64 KiB.
            let big = try JSONSerialization.data(withJSONObject: ["query": "select '" + String(repeating: "x", count: 100_000) + "'"])
            let tooLarge = try await server.request("POST", "/v1/sql", key: reader, body: big)
            #expect(tooLarge.status == 413)
            #expect(tooLarge.errorCode == "body_too_large")
            // A NUL character cannot reach PostgreSQL text: 400, not 500 (schemathesis found the query case).
            let nulQuery = try await server.get("/v1/entities?limit=5&q=a%00b", key: reader)
            #expect(nulQuery.status == 400 && nulQuery.errorCode == "invalid_request", "\(nulQuery.text)")
            let nulBody = try await server.request("POST", "/v1/search", key: reader, body: Data(#"{"query": "bone\u0000"}"#.utf8))
            #expect(nulBody.status == 400 && nulBody.errorCode == "invalid_request", "\(nulBody.text)")
            let unknown = try await server.get("/v1/nothing-here", key: reader)
            #expect(unknown.status == 404)
            #expect(unknown.errorCode == "not_found")
        }
    }

    @Test(.timeLimit(.minutes(40)))
    func metricsCountRequestsPerRoute() async throws {
        try await LiveServer.with { server in
            let reader = try await server.key(.reader)
            _ = try await server.get("/v1/papers", key: reader)
            _ = try await server.get("/v1/papers")
            let metrics = try await server.get("/metrics")  // public: the server is on loopback
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("preflexor_http_requests_total{"))
            #expect(metrics.text.contains(#"route="/v1/papers""#))
            #expect(metrics.text.contains(#"status="401""#))
            #expect(metrics.text.contains("preflexor_http_request_duration_seconds_bucket{"))
            #expect(metrics.text.contains(#"preflexor_ingest_jobs{status="queued"}"#))
        }
    }
}
