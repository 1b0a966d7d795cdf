import Foundation
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
}
