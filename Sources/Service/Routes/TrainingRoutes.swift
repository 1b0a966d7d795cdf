import Foundation
import Hummingbird
import Loop
import Reasoning
import Store

/// The PRefLexOR loop's records (migration 0011), as `preflexor questions list` and the
/// `training_runs`/`run_metrics` tables hold them: training questions (reader), and training
/// runs with their checkpoints and metrics (admin, as training is), and starting a run in the
/// background as `preflexor train pretrain|stage1|stage2` runs it in the foreground.
extension ServiceApplication {
    /// What `POST /v1/training/runs` answers (202).
    struct StartedRun: Encodable {
        var id: Int64
        var stage: String
        var status = "running"
        /// The server-side folder of the run's files.
        var out: String
    }

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
        router.post("/v1/training/runs") { request, context in
            try context.require(.admin)
            let begun = try await startTrainingRun(request, service)
            return try JSONIO.response(StartedRun(id: begun.id, stage: begun.plan.stage, out: begun.out.path), status: .accepted,
                                       headers: [.location: "/v1/training/runs/\(begun.id)"])
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

    /// Checks the body (400 naming the field), the model for stage 1 and 2 (503), the one run
    /// at a time (409), then records the run and trains it in the background.
    static func startTrainingRun(_ request: Request, _ service: ServiceContext) async throws -> BegunTrainingRun {
        let data = try await JSONIO.body(request, limit: service.configuration.maxJSONBody)
        let body = try JSONIO.decode(TrainingRunRequest.self, from: data)
        let keys = Set(((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?.keys.map { $0 } ?? [])
        let plan = try body.plan(keys: keys)
        let out: TrainingOutput
        if let text = body.out {
            out = .folder(try TrainingRunRequest.path(text, field: "out"))
        } else {
            out = .perRun(under: service.store.home.appendingPathComponent("training"))
        }
        do {
            try plan.validate()
        } catch let error as LoopError {
            throw ServiceError(.invalidRequest, TrainingRunRequest.fieldNames(error.message))
        }
        var launcher = TrainingLauncher(database: service.database)
        if plan.needsRetrieval {
            let (retriever, embedder) = try service.retrieval()
            launcher = TrainingLauncher(database: service.database, retriever: retriever,
                                        answerer: try Answerer(embedder: embedder, generator: EmbeddedGenerator()))
        }
        return try await service.training.start(plan, launcher: launcher, out: out, logger: service.logger)
    }

    static func runID(_ context: ServiceRequestContext) throws -> Int64 {
        let text = try context.parameters.require("id")
        guard let id = Int64(text), id > 0 else { throw ServiceError(.invalidRequest, "a run id is a positive integer, not '\(text)'") }
        return id
    }
}
