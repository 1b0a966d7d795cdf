import Foundation
import Hummingbird
import Ingest
import JATS
import Store

/// Papers, as `preflexor papers list|show|delete` (PaperRepository), and uploads into the
/// ingest queue the daemon works through (JobQueue, as its inbox scanner enqueues).
extension ServiceApplication {
    static func addPaperRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/v1/papers") { request, context in
            try context.require(.reader)
            let papers = try await PaperRepository(service.database).list(
                limit: try request.queryInt("limit", default: 50, range: 1...1000),
                offset: try request.queryInt("offset", default: 0, range: 0...Int(Int32.max)),
                search: request.queryString("search"))
            return try JSONIO.response(["papers": papers])
        }
        router.get("/v1/papers/{id}") { _, context in
            try context.require(.reader)
            let repository = PaperRepository(service.database)
            let id = try await paperID(repository, context)
            guard let detail = try await repository.detail(id: id) else { throw ServiceError(.notFound, "paper \(id) is gone") }
            return try JSONIO.response(detail)
        }
        router.delete("/v1/papers/{id}") { _, context in
            try context.require(.writer)
            let repository = PaperRepository(service.database)
            let id = try await paperID(repository, context)
            guard try await repository.delete(id: id) else { throw ServiceError(.notFound, "paper \(id) is gone") }
            return try JSONIO.response(["deleted": id])
        }
        router.post("/v1/papers") { request, context in
            try context.require(.writer)
            var request = request
            let buffer = try await request.collectBody(upTo: service.configuration.maxUploadBody)
            let data = Data(buffer.readableBytesView)
            if let boundary = request.headers[.contentType].flatMap(MultipartForm.boundary(contentType:)) {
                // A form upload (curl -F file=@paper.xml): every file part is a paper; all
                // are checked before any is queued, so one bad file stores nothing.
                let files = try MultipartForm(data, boundary: boundary).parts.filter { $0.filename != nil || $0.name == "file" }
                guard !files.isEmpty else {
                    throw ServiceError(.invalidRequest, "the form holds no file part; send the paper as -F file=@paper.xml")
                }
                for (i, file) in files.enumerated() {
                    try await check(file.body, named: file.filename ?? "part \(i + 1)")
                }
                var jobs: [IngestJob] = []
                for file in files { jobs.append(try await spool(file.body, service)) }
                return try JSONIO.response(["jobs": jobs], status: .accepted)
            }
            let job = try await upload(data, service)
            return try JSONIO.response(job, status: .accepted, headers: [.location: "/v1/jobs/\(job.id)"])
        }
    }

    /// The paper named by the `{id}` parameter: id, DOI, PMCID or PMID, as the CLI takes it.
    static func paperID(_ repository: PaperRepository, _ context: ServiceRequestContext) async throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = try await repository.find(text) else {
            throw ServiceError(.notFound, "no paper with id, DOI, PMCID or PMID '\(text)'; GET /v1/papers lists them")
        }
        return id
    }

    /// Checks that the body parses as JATS (on the CPU pool, off the cooperative one), writes
    /// it into the spool (as NAME.part, renamed when complete, so a daemon watching the folder
    /// never takes half a file) and queues its ingest job. Nothing is stored when it does not parse.
    static func upload(_ data: Data, _ service: ServiceContext) async throws -> IngestJob {
        try await check(data, named: nil)
        return try await spool(data, service)
    }

    /// Throws `invalid_jats` (naming the file of a form upload) unless `data` parses as JATS.
    static func check(_ data: Data, named name: String?) async throws {
        let what = name.map { "'\($0)'" } ?? "the body"
        guard !data.isEmpty else { throw ServiceError(.invalidJATS, "\(what) is empty; send a JATS XML article") }
        let problem = await CPUPool.shared.run { () -> String? in
            do {
                _ = try JATSParser().parse(data: data, source: name ?? "upload")
                return nil
            } catch {
                return String(describing: error)
            }
        }
        if let problem { throw ServiceError(.invalidJATS, "\(what) is not a JATS article: \(problem)") }
    }

    /// Writes a checked paper into the spool and queues its ingest job.
    static func spool(_ data: Data, _ service: ServiceContext) async throws -> IngestJob {
        let name = "upload-\(UUID().uuidString.lowercased()).xml"
        let file = service.configuration.spool.appendingPathComponent(name)
        let part = file.appendingPathExtension("part")
        do {
            try data.write(to: part)
            try FileManager.default.moveItem(at: part, to: file)
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        let queue = JobQueue(service.database)
        guard let id = try await queue.enqueue(path: file.standardizedFileURL.path),
              let job = try await queue.show(id: id) else {
            throw ServiceError(.conflict, "an ingest job for this upload is already open")
        }
        return job
    }
}
