import Foundation
import PreflexorTesting
@testable import Service
import Store
import Testing

/// `multipart/form-data` parsing (RFC 7578) and the per-request deadline, without a server.
@Suite struct MultipartFormTests {
    static func form(_ parts: [(name: String, filename: String?, body: String)], boundary: String = "XyZ-42") -> Data {
        var text = "preamble to ignore\r\n"
        for part in parts {
            text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(part.name)\""
            if let filename = part.filename { text += "; filename=\"\(filename)\"" }
            text += "\r\nContent-Type: application/xml\r\n\r\n\(part.body)\r\n"
        }
        return Data((text + "--\(boundary)--\r\nepilogue").utf8)
    }

    @Test func boundaryComesFromTheContentType() {
        #expect(MultipartForm.boundary(contentType: "multipart/form-data; boundary=abc") == "abc")
        #expect(MultipartForm.boundary(contentType: "Multipart/Form-Data; charset=utf-8; BOUNDARY=\"a b:c\"") == "a b:c")
        #expect(MultipartForm.boundary(contentType: "application/xml") == nil)
        #expect(MultipartForm.boundary(contentType: "multipart/form-data") == nil)
    }

    @Test func partsKeepTheirNamesFilenamesAndExactBytes() throws {
        let body = "<article>\r\n--XyZ-4 is not the boundary\r\n</article>"
        let form = try MultipartForm(Self.form([("file", "a.xml", body), ("note", nil, "hello")]), boundary: "XyZ-42")
        #expect(form.parts.count == 2)
        #expect(form.parts[0] == .init(name: "file", filename: "a.xml", contentType: "application/xml", body: Data(body.utf8)))
        #expect(form.parts[1].name == "note" && form.parts[1].filename == nil && form.parts[1].body == Data("hello".utf8))
        #expect(MultipartForm.parameter("filename", in: #"form-data; name="f"; filename="x \"y\".xml""#) == #"x "y".xml"#)
    }

    @Test func brokenFormsAreNamed() {
        #expect(throws: ServiceError.self) { try MultipartForm(Data("no boundary here".utf8), boundary: "b") }
        #expect(throws: ServiceError.self) {
            try MultipartForm(Data("--b\r\nContent-Disposition: form-data; name=\"f\"\r\n\r\nunterminated".utf8), boundary: "b")
        }
        do {
            _ = try MultipartForm(Data("--b\r\nContent-Disposition: form-data\r\nno blank line".utf8), boundary: "b")
            Issue.record("a part without its blank line parsed")
        } catch let error as ServiceError {
            #expect(error.message.contains("part 1"), "\(error.message)")
        } catch {
            Issue.record("\(error)")
        }
    }
}

@Suite struct DeadlineTests {
    final class Flag: @unchecked Sendable {
        let lock = NSLock()
        var value = false
        func set() { lock.withLock { value = true } }
        var isSet: Bool { lock.withLock { value } }
    }

    @Test func workThatOutlastsTheLimitIsAnsweredWithATimeoutAndCancelled() async throws {
        // The work would take an hour: a result at all (the timeout) shows the deadline gave up
        // on it; no wall-clock bound is asserted (the whole suite starts at once and a loaded
        // machine may delay the timer itself by seconds).
        let cancelled = Flag()
        do {
            _ = try await Deadline.run(.milliseconds(50), "the answer") { () async throws -> Int in
                do {
                    try await Task.sleep(for: .seconds(3600))
                } catch {
                    cancelled.set()
                    throw error
                }
                return 1
            }
            Issue.record("no timeout")
        } catch let error as ServiceError {
            #expect(error.code == .timeout)
            #expect(error.status == .serviceUnavailable)
            #expect(error.message.hasPrefix("the answer took longer than"), "\(error.message)")
        }
        for _ in 0..<3000 where !cancelled.isSet { try await Task.sleep(for: .milliseconds(20)) }
        #expect(cancelled.isSet)
    }

    @Test func workWithinTheLimitKeepsItsValueAndItsError() async throws {
        #expect(try await Deadline.run(.seconds(30), "x") { 42 } == 42)
        struct Own: Error {}
        await #expect(throws: Own.self) { try await Deadline.run(.seconds(30), "x") { () async throws -> Int in throw Own() } }
    }
}

/// Form uploads against a live server: every file checked before any is queued.
@Suite struct FormUploadTests {
    @Test(.timeLimit(.minutes(40)))
    func aFormWithOneBadFileStoresNothingAndAGoodFormQueuesEachFile() async throws {
        try await LiveServer.with { server in
            let writer = try await server.key(.writer)
            let corpus = Fixtures.repositoryRoot.appendingPathComponent("corpus")
            let silk = try String(contentsOf: corpus.appendingPathComponent("silk.xml"), encoding: .utf8)
            let bone = try String(contentsOf: corpus.appendingPathComponent("bone.xml"), encoding: .utf8)
            let type = "multipart/form-data; boundary=XyZ-42"

            let bad = try await server.request("POST", "/v1/papers", key: writer, body: MultipartFormTests.form([
                ("file", "silk.xml", silk), ("file", "broken.xml", "<article><front>")]), contentType: type)
            #expect(bad.status == 400)
            #expect(bad.errorCode == "invalid_jats")
            #expect(bad.text.contains("broken.xml"), "\(bad.text)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: server.service.configuration.spool.path).isEmpty)
            #expect(try await JobQueue(server.service.database).list().isEmpty)

            let none = try await server.request("POST", "/v1/papers", key: writer,
                                                body: MultipartFormTests.form([("note", nil, "hi")]), contentType: type)
            #expect(none.status == 400 && none.errorCode == "invalid_request", "\(none.text)")

            let good = try await server.request("POST", "/v1/papers", key: writer, body: MultipartFormTests.form([
                ("file", "silk.xml", silk), ("file", "bone.xml", bone), ("comment", nil, "two papers")]), contentType: type)
            #expect(good.status == 202, "\(good.text)")
            let jobs = try #require(try good.json()["jobs"] as? [[String: Any]])
            #expect(jobs.count == 2)
            #expect(jobs.allSatisfy { $0["status"] as? String == "queued" })
            let paths = jobs.compactMap { $0["path"] as? String }
            #expect(Set(paths.compactMap { FileManager.default.contents(atPath: $0) }) == [Data(silk.utf8), Data(bone.utf8)])
        }
    }
}
