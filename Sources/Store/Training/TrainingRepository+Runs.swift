import Foundation
import PostgresNIO

/// A training run as the service and `--json` show it: its settings, status, checkpoints,
/// how many pairs it trained on, and its last value of each metric.
public struct TrainingRunSummary: Sendable, Codable, Equatable {
    public var id: Int64
    public var stage: String
    public var baseCheckpoint: String?
    /// The run's settings as stored (`training_runs.config`).
    public var config: JSONValue
    /// running, finished or failed.
    public var status: String
    /// Why a failed run failed (nil otherwise).
    public var error: String?
    /// The loop run this stage-1/2 round belongs to (nil for other runs).
    public var parentID: Int64?
    /// A loop run's rounds' runs, in order (empty for other runs).
    public var rounds: [Int64]
    public var startedAt: Date
    public var finishedAt: Date?
    public var pairs: Int
    public var checkpoints: [CheckpointRef]
    /// The highest step with a recorded metric (nil: none yet).
    public var lastStep: Int?
    /// Each metric's value at the run's last recorded step for it.
    public var lastMetrics: [String: Double]
}

/// One recorded metric value.
public struct RunMetric: Sendable, Codable, Equatable {
    public var step: Int
    public var name: String
    public var value: Double
}

extension TrainingRepository {
    /// Runs, newest first; `stage` keeps one stage (sft, orpo, stage1, ...).
    public func runs(stage: String? = nil, limit: Int = 50, offset: Int = 0) async throws -> [TrainingRunSummary] {
        try await runSummaries(id: nil, stage: stage, limit: limit, offset: offset)
    }

    /// One run, or nil.
    public func run(id: Int64) async throws -> TrainingRunSummary? {
        try await runSummaries(id: id, stage: nil, limit: 1, offset: 0).first
    }

    /// A run's metric values in step order (`names` keeps some; empty keeps all).
    public func metrics(run id: Int64, names: [String] = []) async throws -> [RunMetric] {
        let rows = try await database.client.query(
            """
            SELECT step, name, value FROM run_metrics
            WHERE run_id = \(id) AND (cardinality(\(names)::text[]) = 0 OR name = ANY(\(names)::text[]))
            ORDER BY step, name
            """, logger: database.logger)
        var out: [RunMetric] = []
        for try await (step, name, value) in rows.decode((Int, String, Double).self) { out.append(RunMetric(step: step, name: name, value: value)) }
        return out
    }

    private func runSummaries(id: Int64?, stage: String?, limit: Int, offset: Int) async throws -> [TrainingRunSummary] {
        let rows = try await database.client.query(
            """
            SELECT r.id, r.stage, r.base_checkpoint, r.config::text, r.status, r.error, r.parent_id,
                   coalesce((SELECT array_agg(c.id ORDER BY c.id) FROM training_runs c WHERE c.parent_id = r.id), '{}'::bigint[]),
                   r.started_at, r.finished_at,
                   (SELECT count(*)::int FROM run_pairs rp WHERE rp.run_id = r.id),
                   (SELECT max(step) FROM run_metrics m WHERE m.run_id = r.id),
                   coalesce((SELECT json_agg(json_build_array(c.id, c.path, c.step) ORDER BY c.id)::text
                             FROM checkpoints c WHERE c.run_id = r.id), '[]'),
                   coalesce((SELECT json_object_agg(m.name, m.value)::text FROM (
                                 SELECT DISTINCT ON (name) name, value FROM run_metrics
                                 WHERE run_id = r.id ORDER BY name, step DESC) m), '{}')
            FROM training_runs r
            WHERE (\(id)::bigint IS NULL OR r.id = \(id)::bigint) AND (\(stage)::text IS NULL OR r.stage = \(stage)::text)
            ORDER BY r.id DESC LIMIT \(limit)::int OFFSET \(offset)::int
            """, logger: database.logger)
        var out: [TrainingRunSummary] = []
        for try await (id, stage, base, config, status, error, parent, rounds, started, finished, pairs, lastStep, checkpoints, metrics)
            in rows.decode((Int64, String, String?, String, String, String?, Int64?, [Int64], Date, Date?, Int, Int?, String, String).self) {
            let refs = try JSONDecoder().decode([[JSONValue]].self, from: Data(checkpoints.utf8)).compactMap { row -> CheckpointRef? in
                guard row.count == 3, case .number(let cid) = row[0], case .string(let path) = row[1], case .number(let step) = row[2] else { return nil }
                return CheckpointRef(id: Int64(cid), runID: id, path: path, step: Int(step))
            }
            out.append(TrainingRunSummary(
                id: id, stage: stage, baseCheckpoint: base, config: try JSONDecoder().decode(JSONValue.self, from: Data(config.utf8)),
                status: status, error: error, parentID: parent, rounds: rounds, startedAt: started, finishedAt: finished, pairs: pairs, checkpoints: refs, lastStep: lastStep,
                lastMetrics: try JSONDecoder().decode([String: Double].self, from: Data(metrics.utf8))))
        }
        return out
    }
}
