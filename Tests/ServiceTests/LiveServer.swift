import Embedding
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PreflexorTesting
import Service
import Store
import StoreTesting

/// A real `preflexor serve` application on 127.0.0.1 with a free port, over a fresh
/// migrated database of the test PostgreSQL server, and a small HTTP client for it.
struct LiveServer {
    let base: URL
    let service: ServiceContext
    let store: StoreConfiguration

    struct Reply {
        var status: Int
        var data: Data
        var headers: [String: String]
        var text: String { String(decoding: data, as: UTF8.self) }
        func json() throws -> [String: Any] {
            guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw CocoaError(.coderReadCorrupt)
            }
            return object
        }
        /// `error.code` of an error body.
        var errorCode: String? { ((try? json())?["error"] as? [String: Any])?["code"] as? String }
    }

    /// Starts the server, runs `body`, and stops it.
    static func with<T>(encoder: SentenceEncoder? = nil, sqlTimeout: Duration = .seconds(2), maxJSONBody: Int = 64 << 10,
                        requestTimeout: Duration = .seconds(600),
                        _ body: (LiveServer) async throws -> T) async throws -> T {
        try await TestDatabase.with { store in
            let spool = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-spool-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: spool) }
            let configuration = ServiceConfiguration(host: "127.0.0.1", port: 0, maxJSONBody: maxJSONBody, maxUploadBody: 4 << 20,
                                                     spool: spool, sqlTimeout: sqlTimeout, sqlMaxRows: 1000,
                                                     requestTimeout: requestTimeout)
            let service = try await ServiceContext.open(store: store, configuration: configuration, encoder: encoder)
            let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
            let app = ServiceApplication.application(service) { port in continuation.yield(port) }
            let task = Task { try await app.run() }
            var port: Int?
            for await p in ports { port = p; break }
            let server = LiveServer(base: URL(string: "http://127.0.0.1:\(port!)")!, service: service, store: store)
            do {
                let result = try await body(server)
                task.cancel()
                _ = try? await task.value
                await service.close()
                return result
            } catch {
                task.cancel()
                _ = try? await task.value
                await service.close()
                throw error
            }
        }
    }

    /// A key of `role`, made as `preflexor keys create` makes it.
    func key(_ role: APIKey.Role) async throws -> String {
        try await APIKeyRepository(service.database).create(role: role, name: "test").token.text
    }

    func request(_ method: String, _ path: String, key: String? = nil, body: Data? = nil,
                 contentType: String = "application/json") async throws -> Reply {
        var request = URLRequest(url: URL(string: path, relativeTo: base)!)
        request.httpMethod = method
        request.timeoutInterval = 600
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await URLSession.shared.data(for: request)
        let http = response as! HTTPURLResponse
        var headers: [String: String] = [:]
        for (k, v) in http.allHeaderFields { headers[String(describing: k).lowercased()] = String(describing: v) }
        return Reply(status: http.statusCode, data: data, headers: headers)
    }

    func get(_ path: String, key: String? = nil) async throws -> Reply {
        try await request("GET", path, key: key)
    }

    func post(_ path: String, key: String?, json: [String: Any]) async throws -> Reply {
        try await request("POST", path, key: key, body: try JSONSerialization.data(withJSONObject: json))
    }
}
