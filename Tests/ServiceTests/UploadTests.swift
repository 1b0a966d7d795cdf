import Foundation
import PreflexorTesting
import Store
import Testing

/// `POST /v1/papers`: JATS is checked before anything is stored, then spooled and queued.
@Suite struct UploadTests {
    @Test(.timeLimit(.minutes(40)))
    func invalidJATSIsRefusedAndValidJATSIsQueued() async throws {
        try await LiveServer.with { server in
            let writer = try await server.key(.writer)
            let spool = server.service.configuration.spool
            let bad = try await server.request("POST", "/v1/papers", key: writer, body: Data("<article><front>".utf8), contentType: "application/xml")
            #expect(bad.status == 400)
            #expect(bad.errorCode == "invalid_jats")
            let empty = try await server.request("POST", "/v1/papers", key: writer, body: Data("<html/>".utf8), contentType: "application/xml")
            #expect(empty.status == 400, "\(empty.text)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: spool.path).isEmpty)
            #expect(try await JobQueue(server.service.database).list().isEmpty)

            let reader = try await server.key(.reader)
            let xml = try Data(contentsOf: Fixtures.repositoryRoot.appendingPathComponent("corpus/silk.xml"))
            #expect(try await server.request("POST", "/v1/papers", key: reader, body: xml, contentType: "application/xml").status == 403)
            let accepted = try await server.request("POST", "/v1/papers", key: writer, body: xml, contentType: "application/xml")
            #expect(accepted.status == 202, "\(accepted.text)")
            let id = try #require(try accepted.json()["id"] as? Int)
            #expect(accepted.headers["location"] == "/v1/jobs/\(id)")
            let job = try await server.get("/v1/jobs/\(id)", key: writer)
            #expect(job.status == 200)
            #expect(try job.json()["status"] as? String == "queued")
            let path = try #require(try job.json()["path"] as? String)
            #expect(FileManager.default.contents(atPath: path) == xml)
            let list = try await server.get("/v1/jobs", key: writer)
            #expect(((try list.json()["counts"] as? [String: Any])?["queued"] as? Int) == 1)
            #expect(try await server.get("/v1/jobs/999999", key: writer).status == 404)
        }
    }
}
