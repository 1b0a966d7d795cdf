import Foundation
import Hummingbird
import Store

/// The PRefLexOR loop's records (migration 0011), as `preflexor questions list` and the
/// `training_runs`/`run_metrics` tables hold them: training questions (reader), and training
/// runs with their checkpoints and metrics (admin, as training is).
extension ServiceApplication {
    static func addTrainingRoutes(_ router: Router<ServiceRequestContext>, _ service: ServiceContext) {
        router.get("/v1/questions") { request, context in
            try context.require(.reader)
            let limit = try request.queryInt("limit", default: 50, range: 1...1000)
            let offset = try request.queryInt("offset", default: 0, range: 0...Int(Int32.max))
            let questions = try await TrainingRepository(service.database).questions(limit: limit + offset)
            return try JSONIO.response(["questions": Array(questions.dropFirst(offset))])
        }
        router.get("/v1/training/runs") { request, context in
            try context.require(.admin)
            let runs = try await TrainingRepository(service.database).runs(
                stage: request.queryString("stage"),
                limit: try request.queryInt("limit", default: 50, range: 1...1000),
                offset: try request.queryInt("offset", default: 0, range: 0...Int(Int32.max)))
            return try JSONIO.response(["runs": runs])
        }
        router.get("/v1/training/runs/{id}") { _, context in
            try context.require(.admin)
            let id = try runID(context)
            guard let run = try await TrainingRepository(service.database).run(id: id) else {
                throw ServiceError(.notFound, "no training run \(id); GET /v1/training/runs lists them")
            }
            return try JSONIO.response(run)
        }
        router.get("/v1/training/runs/{id}/metrics") { request, context in
            try context.require(.admin)
            let id = try runID(context)
            let repository = TrainingRepository(service.database)
            guard try await repository.run(id: id) != nil else {
                throw ServiceError(.notFound, "no training run \(id); GET /v1/training/runs lists them")
            }
            let names = request.queryString("names").map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
            struct Metrics: Encodable { var run: Int64; var metrics: [RunMetric] }
            return try JSONIO.response(Metrics(run: id, metrics: try await repository.metrics(run: id, names: names)))
        }
    }

    static func runID(_ context: ServiceRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw ServiceError(.invalidRequest, "a run id is a positive integer, not '\(text)'") }
        return id
    }
}
