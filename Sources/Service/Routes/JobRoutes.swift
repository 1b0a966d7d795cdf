import Foundation
import Hummingbird
import Store

/// The ingest queue, as `preflexor jobs list|show --json` (JobQueue).
extension ServiceApplication {
    struct JobList: Encodable {
        var counts: [String: Int]
        var jobs: [IngestJob]
    }

    static func addJobRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/v1/jobs") { request, context in
            try context.require(.writer)
            var status: IngestJob.Status?
            if let text = request.queryString("status") {
                guard let s = IngestJob.Status(rawValue: text) else {
                    throw ServiceError(.invalidRequest, "'status' must be one of \(IngestJob.Status.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                status = s
            }
            let queue = JobQueue(service.database)
            let jobs = try await queue.list(status: status, limit: try request.queryInt("limit", default: 50, range: 1...1000))
            let counts = try await queue.counts()
            return try JSONIO.response(JobList(
                counts: Dictionary(uniqueKeysWithValues: IngestJob.Status.allCases.map { ($0.rawValue, counts[$0] ?? 0) }), jobs: jobs))
        }
        router.get("/v1/jobs/{id}") { _, context in
            try context.require(.writer)
            let text = try context.parameters.require("id")
            guard let id = Int64(text) else { throw ServiceError(.invalidRequest, "a job id is a number, not '\(text)'") }
            guard let job = try await JobQueue(service.database).show(id: id) else {
                throw ServiceError(.notFound, "there is no job \(id); GET /v1/jobs lists the jobs")
            }
            return try JSONIO.response(job)
        }
    }
}
