import Foundation
import Ingest
import PreflexorTesting
import Store
import Testing

/// `/v1/questions` and `/v1/training/runs…` over records written as the loop writes them.
@Suite struct TrainingRoutesTests {
    @Test(.timeLimit(.minutes(40)))
    func runsCheckpointsMetricsAndQuestions() async throws {
        try await LiveServer.with { server in
            let repository = TrainingRepository(server.service.database)
            let watermark = try await repository.watermark()
            let qid = try #require(try await repository.insert(NewQuestion(
                question: "How does mineral content change the toughness of bone?", kind: "effect", topic: nil, teacher: "embedded",
                seed: 7, chunkIDs: [], entityIDs: [], relationIDs: [], papers: [PaperRef(key: "doi:10.1/x", doi: "10.1/X")],
                premisesJSON: "[]", watermark: watermark)))
            let first = try await repository.startRun(stage: "stage1", baseCheckpoint: "base", configJSON: #"{"rounds": 2, "beta": 0.1}"#)
            let second = try await repository.startRun(stage: "stage2", baseCheckpoint: "ckpt-1")
            let checkpoint = try await repository.addCheckpoint(run: first, path: "/tmp/ckpt-1", step: 20)
            try await repository.record(run: first, step: 10, metrics: ["loss": 2.0, "accuracy": 0.5])
            try await repository.record(run: first, step: 20, metrics: ["loss": 1.5, "accuracy": 0.75])
            try await repository.finishRun(first)

            let admin = try await server.key(.admin)
            let reader = try await server.key(.reader)
            #expect(try await server.get("/v1/training/runs", key: reader).status == 403)

            let list = try await server.get("/v1/training/runs", key: admin)
            #expect(list.status == 200, "\(list.text)")
            let runs = try #require(try list.json()["runs"] as? [[String: Any]])
            #expect(runs.compactMap { $0["id"] as? Int } == [Int(second), Int(first)])
            let stage1 = try await server.get("/v1/training/runs?stage=stage1", key: admin)
            #expect((try stage1.json()["runs"] as? [[String: Any]])?.count == 1)

            let one = try await server.get("/v1/training/runs/\(first)", key: admin)
            #expect(one.status == 200, "\(one.text)")
            let run = try one.json()
            #expect(run["status"] as? String == "finished")
            #expect((run["config"] as? [String: Any])?["beta"] as? Double == 0.1)
            #expect((run["lastMetrics"] as? [String: Any])?["loss"] as? Double == 1.5)
            #expect(run["lastStep"] as? Int == 20)
            #expect(((run["checkpoints"] as? [[String: Any]])?.first)?["id"] as? Int == Int(checkpoint))
            #expect(((run["checkpoints"] as? [[String: Any]])?.first)?["path"] as? String == "/tmp/ckpt-1")

            let metrics = try await server.get("/v1/training/runs/\(first)/metrics?names=loss", key: admin)
            let values = try #require(try metrics.json()["metrics"] as? [[String: Any]])
            #expect(values.map { $0["step"] as? Int } == [10, 20])
            #expect(values.map { $0["value"] as? Double } == [2.0, 1.5])
            #expect(try await server.get("/v1/training/runs/999999", key: admin).status == 404)
            #expect(try await server.get("/v1/training/runs/999999/metrics", key: admin).status == 404)
            #expect(try await server.get("/v1/training/runs/abc", key: admin).errorCode == "invalid_request")

            let questions = try await server.get("/v1/questions", key: reader)
            #expect(questions.status == 200, "\(questions.text)")
            let stored = try #require(try questions.json()["questions"] as? [[String: Any]])
            #expect(stored.map { $0["id"] as? Int } == [Int(qid)])
            #expect(stored.first?["question"] as? String == "How does mineral content change the toughness of bone?")
            #expect((try await server.get("/v1/questions?offset=1", key: reader).json()["questions"] as? [Any])?.isEmpty == true)

            // Training progress at /metrics (runs in progress only, whichever process trains them).
            try await repository.record(run: second, step: 5, metrics: ["loss": 0.25])
            let scrape = try await server.get("/metrics")
            #expect(scrape.text.contains(#"preflexor_training_step{run="\#(second)",stage="stage2"} 5"#), "\(scrape.text)")
            #expect(scrape.text.contains(#"preflexor_training_metric{run="\#(second)",stage="stage2",name="loss"} 0.25"#))
            #expect(!scrape.text.contains(#"preflexor_training_step{run="\#(first)""#))
        }
    }

    /// `POST /v1/training/runs`: admin only; bad bodies are 400 naming the field and record
    /// nothing; a run that cannot train ends `failed` with its error; a tiny pretrain trains in
    /// the background to `finished` with its metrics and checkpoint; a second start while one
    /// runs is 409.
    @Test(.timeLimit(.minutes(40)))
    func startingARunTrainsItInTheBackground() async throws {
        try await LiveServer.with { server in
            let admin = try await server.key(.admin)
            let writer = try await server.key(.writer)
            let reader = try await server.key(.reader)
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-train-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            // A tiny model: seconds of CPU (as LoopDatabaseTests' pretrain).
            let tiny: [String: Any] = ["stage": "pretrain", "steps": 20, "vocab_size": 400, "hidden": 16, "layers": 1, "heads": 2,
                                       "kv_heads": 1, "intermediate": 32, "context": 128, "window": 32, "batch": 2, "seed": 3]

            for key in [reader, writer] {
                let refused = try await server.post("/v1/training/runs", key: key, json: tiny)
                #expect(refused.status == 403 && refused.errorCode == "forbidden", "\(refused.text)")
            }
            #expect(try await server.post("/v1/training/runs", key: nil, json: tiny).status == 401)

            func bad(_ body: [String: Any], _ words: String, code: String = "invalid_request") async throws {
                let reply = try await server.post("/v1/training/runs", key: admin, json: body)
                #expect(reply.status == 400 && reply.errorCode == code, "\(body): \(reply.text)")
                #expect(reply.text.contains(words), "\(body): \(reply.text)")
            }
            try await bad(["stage": "stage3"], "'stage' must be pretrain, stage1 or stage2")
            try await bad(["steps": 20], "missing field 'stage'", code: "malformed_json")
            try await bad(["stage": "stage1"], "stage1 needs 'base'")
            try await bad(["stage": "stage2", "base": "/tmp"], "'base' is not an option of stage stage2")
            try await bad(["stage": "stage2"], "stage2 needs 'reference'")
            try await bad(["stage": "stage1", "base": "/nonexistent/preflexor-checkpoint"], "'base' /nonexistent/preflexor-checkpoint does not exist")
            try await bad(["stage": "stage2", "reference": "/tmp"], "is not a checkpoint folder")
            try await bad(["stage": "stage1", "base": "relative/ckpt"], "'base' must be an absolute path")
            try await bad(tiny.merging(["steps": 0]) { $1 }, "'steps' must be at least 1 (got 0)")
            try await bad(tiny.merging(["steps": -5]) { $1 }, "'steps' must be at least 1 (got -5)")
            try await bad(["stage": "stage1", "base": "/tmp", "rounds": 0], "'rounds' must be at least 1")
            try await bad(["stage": "pretrain", "step": 3], "unknown field 'step'")
            try await bad(["stage": "pretrain", "steps": "three"], "'steps' has the wrong type", code: "malformed_json")
            let notJSON = try await server.request("POST", "/v1/training/runs", key: admin, body: Data("stage=pretrain".utf8))
            #expect(notJSON.status == 400 && notJSON.errorCode == "malformed_json")
            #expect((try await server.get("/v1/training/runs", key: admin).json()["runs"] as? [Any])?.isEmpty == true,
                    "a refused start records no run")

            // No chunks stored: accepted, then the run fails in the background with the reason.
            let empty = try await server.post("/v1/training/runs", key: admin, json: tiny)
            #expect(empty.status == 202, "\(empty.text)")
            let emptyID = try #require(try empty.json()["id"] as? Int)
            #expect((try empty.json()["out"] as? String)?.hasSuffix("/training/run-\(emptyID)") == true, "the default folder is under the home")
            let failed = try await poll(server, run: emptyID, key: admin)
            #expect(failed["status"] as? String == "failed")
            #expect((failed["error"] as? String)?.contains("no chunks stored") == true, "\(failed)")

            // A paper's chunks (no model needed), then a run that trains to the end.
            let pipeline = try IngestPipeline(database: server.service.database, encoder: nil, options: .init(embed: false, graph: false))
            _ = try await pipeline.run(paths: [Fixtures.repositoryRoot.appendingPathComponent("corpus/bone.xml").path])
            let started = try await server.post("/v1/training/runs", key: admin, json: tiny.merging(["out": out.path]) { $1 })
            #expect(started.status == 202, "\(started.text)")
            let id = try #require(try started.json()["id"] as? Int)
            #expect(started.headers["location"] == "/v1/training/runs/\(id)")
            #expect(try started.json()["status"] as? String == "running")
            #expect(try started.json()["stage"] as? String == "pretrain")
            let second = try await server.post("/v1/training/runs", key: admin, json: tiny)
            #expect(second.status == 409 && second.errorCode == "conflict", "\(second.text)")
            #expect(second.text.contains("training run \(id) is still running"), "\(second.text)")

            let run = try await poll(server, run: id, key: admin)
            #expect(run["status"] as? String == "finished", "\(run)")
            #expect(run["error"] == nil || run["error"] is NSNull)
            #expect(run["stage"] as? String == "pretrain")
            #expect(run["lastStep"] as? Int == 20)
            #expect(((run["lastMetrics"] as? [String: Any])?["loss"] as? Double)?.isFinite == true)
            let config = try #require(run["config"] as? [String: Any])
            #expect(config["out"] as? String == out.standardizedFileURL.path)
            #expect(((config["options"] as? [String: Any])?["steps"] as? Int) == 20)
            let checkpoint = try #require((run["checkpoints"] as? [[String: Any]])?.first?["path"] as? String)
            #expect(FileManager.default.fileExists(atPath: URL(fileURLWithPath: checkpoint).appendingPathComponent("config.json").path))
            #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.json").path))

            // Stage 1 from that checkpoint builds pairs from the graph: without the embedding model, 503.
            let stage1 = try await server.post("/v1/training/runs", key: admin, json: ["stage": "stage1", "base": checkpoint, "rounds": 1])
            #expect(stage1.status == 503 && stage1.errorCode == "model_unavailable", "\(stage1.text)")

            // The slot is free again once the run's task has ended (just after it wrote the status).
            var again = try await server.post("/v1/training/runs", key: admin, json: tiny.merging(["out": out.appendingPathComponent("again").path]) { $1 })
            for _ in 0..<50 where again.status == 409 {
                try await Task.sleep(for: .milliseconds(100))
                again = try await server.post("/v1/training/runs", key: admin, json: tiny.merging(["out": out.appendingPathComponent("again").path]) { $1 })
            }
            #expect(again.status == 202, "\(again.text)")
            let againID = try #require(try again.json()["id"] as? Int)
            #expect(try await poll(server, run: againID, key: admin)["status"] as? String == "finished")

            // A loop's run lists its rounds' runs, each pointing back at it (as TrainingLauncher records stage 1 and 2).
            let repository = TrainingRepository(server.service.database)
            let loop = try await repository.startRun(stage: "stage1", baseCheckpoint: checkpoint)
            let round1 = try await repository.startRun(stage: "stage1", baseCheckpoint: checkpoint, parent: loop)
            let round2 = try await repository.startRun(stage: "stage1", baseCheckpoint: "/tmp/round-1/model", parent: loop)
            try await repository.finishRun(round1)
            try await repository.finishRun(round2, failed: true, error: "round 2 built no pair")
            let loopRun = try await server.get("/v1/training/runs/\(loop)", key: admin).json()
            #expect(loopRun["rounds"] as? [Int] == [Int(round1), Int(round2)])
            #expect(loopRun["parentID"] == nil && loopRun["status"] as? String == "running")
            let second2 = try await server.get("/v1/training/runs/\(round2)", key: admin).json()
            #expect(second2["parentID"] as? Int == Int(loop) && (second2["rounds"] as? [Int])?.isEmpty == true)
            #expect(second2["status"] as? String == "failed" && second2["error"] as? String == "round 2 built no pair")
        }
    }

    /// The run's record once it is no longer running (at most 10 minutes).
    func poll(_ server: LiveServer, run id: Int, key: String) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + .seconds(600)
        while ContinuousClock.now < deadline {
            let reply = try await server.get("/v1/training/runs/\(id)", key: key)
            let run = try reply.json()
            if run["status"] as? String != "running" { return run }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw CancellationError()
    }
}
