import Foundation
import PostgresNIO

/// Questions, preference pairs, training runs, checkpoints, metrics and lineage
/// (migration 0011). Typed methods with bound parameters.
public struct TrainingRepository: Sendable {
    public let database: Database

    public init(_ database: Database) {
        self.database = database
    }

    // MARK: Graph state

    /// The newest ingest time and the number of stored papers.
    public func watermark() async throws -> GraphWatermark {
        let rows = try await database.client.query(
            "SELECT max(ingested_at), count(*)::int FROM papers", logger: database.logger)
        for try await (at, n) in rows.decode((Date?, Int).self) { return GraphWatermark(ingestedAt: at, papers: n) }
        return GraphWatermark(ingestedAt: nil, papers: 0)
    }

    /// The paper of each chunk (key and DOI), for provenance.
    public func papers(ofChunks ids: [Int64]) async throws -> [Int64: PaperRef] {
        guard !ids.isEmpty else { return [:] }
        let rows = try await database.client.query(
            "SELECT c.id, p.paper_key, p.doi FROM chunks c JOIN papers p ON p.id = c.paper_id WHERE c.id = ANY(\(ids)::bigint[])",
            logger: database.logger)
        var out: [Int64: PaperRef] = [:]
        for try await (id, key, doi) in rows.decode((Int64, String, String?).self) { out[id] = PaperRef(key: key, doi: doi) }
        return out
    }

    // MARK: Questions

    /// Stores a question; returns its id, or nil when the same text is stored already.
    public func insert(_ q: NewQuestion) async throws -> Int64? {
        let seed = q.seed.map { Int64(bitPattern: $0) }
        let keys = q.papers.map(\.key), dois = q.papers.map { $0.doi ?? "" }
        let rows = try await database.client.query(
            """
            INSERT INTO questions (question, kind, topic, teacher, seed, chunk_ids, entity_ids, relation_ids,
                                   paper_keys, paper_dois, premises, graph_watermark, graph_papers)
            VALUES (\(q.question), \(q.kind), \(q.topic), \(q.teacher), \(seed), \(q.chunkIDs)::bigint[], \(q.entityIDs)::bigint[],
                    \(q.relationIDs)::bigint[], \(keys)::text[], \(dois)::text[], \(q.premisesJSON)::jsonb,
                    \(q.watermark.ingestedAt), \(q.watermark.papers)::int)
            ON CONFLICT (question) DO NOTHING
            RETURNING id
            """, logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        return nil
    }

    /// Stored questions, oldest first. `withoutPairs` (a stage) keeps those with no pair of
    /// that stage yet; `ids` restricts to those ids.
    public func questions(ids: [Int64]? = nil, withoutPairs stage: Int? = nil, limit: Int = 100_000) async throws -> [StoredQuestion] {
        let rows = try await database.client.query(
            """
            SELECT q.id, q.question, q.kind, q.topic, q.teacher, q.chunk_ids, q.entity_ids, q.relation_ids,
                   q.paper_keys, q.paper_dois, q.premises::text, q.created_at
            FROM questions q
            WHERE (\(ids)::bigint[] IS NULL OR q.id = ANY(\(ids)::bigint[]))
              AND (\(stage)::int IS NULL OR NOT EXISTS (
                    SELECT 1 FROM preference_pairs pp WHERE pp.question_id = q.id AND pp.stage = \(stage)::int))
            ORDER BY q.id LIMIT \(limit)::int
            """, logger: database.logger)
        var out: [StoredQuestion] = []
        for try await (id, text, kind, topic, teacher, chunks, entities, relations, keys, dois, premises, created) in rows.decode(
            (Int64, String, String, String?, String, [Int64], [Int64], [Int64], [String], [String], String, Date).self) {
            out.append(StoredQuestion(id: id, question: text, kind: kind, topic: topic, teacher: teacher, chunkIDs: chunks,
                                      entityIDs: entities, relationIDs: relations, papers: Self.refs(keys, dois),
                                      premisesJSON: premises, createdAt: created))
        }
        return out
    }

    // MARK: Preference pairs

    /// Stores a pair and returns its id.
    public func insert(_ p: NewPreferencePair) async throws -> Int64 {
        let seed = p.seed.map { Int64(bitPattern: $0) }
        let keys = p.papers.map(\.key), dois = p.papers.map { $0.doi ?? "" }
        let rows = try await database.client.query(
            """
            INSERT INTO preference_pairs (question_id, prompt, chosen, rejected, stage, chosen_by, rejected_by, seed,
                                          chunk_ids, cited_chunk_ids, paper_keys, paper_dois, graph_watermark)
            VALUES (\(p.questionID), \(p.prompt), \(p.chosen), \(p.rejected), \(p.stage)::int, \(p.chosenBy), \(p.rejectedBy),
                    \(seed), \(p.chunkIDs)::bigint[], \(p.citedChunkIDs)::bigint[], \(keys)::text[], \(dois)::text[],
                    \(p.watermark.ingestedAt))
            RETURNING id
            """, logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError(.queryFailed, "storing the pair of question \(p.questionID) returned no id")
    }

    /// Stored pairs, oldest first; optionally of one stage and/or some ids.
    public func pairs(stage: Int? = nil, ids: [Int64]? = nil) async throws -> [StoredPreferencePair] {
        let rows = try await database.client.query(
            """
            SELECT id, question_id, prompt, chosen, rejected, stage, chosen_by, rejected_by, chunk_ids, cited_chunk_ids,
                   paper_keys, paper_dois
            FROM preference_pairs
            WHERE (\(stage)::int IS NULL OR stage = \(stage)::int) AND (\(ids)::bigint[] IS NULL OR id = ANY(\(ids)::bigint[]))
            ORDER BY id
            """, logger: database.logger)
        var out: [StoredPreferencePair] = []
        for try await (id, q, prompt, chosen, rejected, stage, cb, rb, chunks, cited, keys, dois) in rows.decode(
            (Int64, Int64, String, String, String, Int, String, String, [Int64], [Int64], [String], [String]).self) {
            out.append(StoredPreferencePair(id: id, questionID: q, prompt: prompt, chosen: chosen, rejected: rejected, stage: stage,
                                            chosenBy: cb, rejectedBy: rb, chunkIDs: chunks, citedChunkIDs: cited,
                                            papers: Self.refs(keys, dois)))
        }
        return out
    }

    // MARK: Runs, checkpoints, metrics

    /// Records the start of a training run; returns its id. `parent` is the loop run a
    /// stage-1/2 round belongs to (migration 0012).
    public func startRun(stage: String, baseCheckpoint: String?, configJSON: String = "{}", parent: Int64? = nil) async throws -> Int64 {
        let rows = try await database.client.query(
            """
            INSERT INTO training_runs (stage, base_checkpoint, config, parent_id)
            VALUES (\(stage), \(baseCheckpoint), \(configJSON)::jsonb, \(parent)) RETURNING id
            """,
            logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError(.queryFailed, "starting a training run returned no id")
    }

    /// Replaces a run's stored settings (a run recorded before its settings were complete).
    public func updateRun(_ id: Int64, configJSON: String) async throws {
        _ = try await database.client.query(
            "UPDATE training_runs SET config = \(configJSON)::jsonb WHERE id = \(id)", logger: database.logger).collect()
    }

    /// Marks a run finished or failed; `error` says why a failed run failed.
    public func finishRun(_ id: Int64, failed: Bool = false, error: String? = nil) async throws {
        let status = failed ? "failed" : "finished"
        _ = try await database.client.query(
            "UPDATE training_runs SET status = \(status), finished_at = now(), error = \(failed ? error : nil) WHERE id = \(id)",
            logger: database.logger).collect()
    }

    /// Marks a run failed with `error` unless it has already finished or failed; true when it
    /// was still running (a server that stops under a background run).
    @discardableResult
    public func abandonRun(_ id: Int64, error: String) async throws -> Bool {
        let rows = try await database.client.query(
            """
            UPDATE training_runs SET status = 'failed', finished_at = now(), error = \(error)
            WHERE id = \(id) AND status = 'running' RETURNING id
            """, logger: database.logger)
        for try await _ in rows.decode(Int64.self) { return true }
        return false
    }

    /// Records that the run trained on these pairs (in `round`).
    public func link(run: Int64, pairs: [Int64], round: Int = 1) async throws {
        guard !pairs.isEmpty else { return }
        _ = try await database.client.query(
            """
            INSERT INTO run_pairs (run_id, pair_id, round) SELECT \(run), unnest(\(pairs)::bigint[]), \(round)::int
            ON CONFLICT (run_id, pair_id) DO NOTHING
            """, logger: database.logger).collect()
    }

    /// Records a checkpoint the run wrote; returns its id.
    public func addCheckpoint(run: Int64, path: String, step: Int) async throws -> Int64 {
        let rows = try await database.client.query(
            """
            INSERT INTO checkpoints (run_id, path, step) VALUES (\(run), \(path), \(step)::int)
            ON CONFLICT (run_id, path) DO UPDATE SET step = EXCLUDED.step RETURNING id
            """, logger: database.logger)
        for try await id in rows.decode(Int64.self) { return id }
        throw StoreError(.queryFailed, "recording checkpoint \(path) returned no id")
    }

    /// The newest checkpoint recorded at `path`, if any.
    public func checkpoint(path: String) async throws -> CheckpointRef? {
        let rows = try await database.client.query(
            "SELECT id, run_id, path, step FROM checkpoints WHERE path = \(path) ORDER BY id DESC LIMIT 1", logger: database.logger)
        for try await (id, run, p, step) in rows.decode((Int64, Int64, String, Int).self) {
            return CheckpointRef(id: id, runID: run, path: p, step: step)
        }
        return nil
    }

    /// Records metric values of one step.
    public func record(run: Int64, step: Int, metrics: [String: Double]) async throws {
        let names = metrics.keys.sorted()
        let values = names.map { metrics[$0]! }
        guard !names.isEmpty else { return }
        try await database.client.query(
            """
            INSERT INTO run_metrics (run_id, step, name, value)
            SELECT \(run), \(step)::int, n, v FROM unnest(\(names)::text[], \(values)::float8[]) AS m(n, v)
            ON CONFLICT (run_id, step, name) DO UPDATE SET value = EXCLUDED.value
            """, logger: database.logger).collect()
    }

    // MARK: Lineage

    /// Which papers taught a checkpoint: the lineage rows of the checkpoint.
    public func lineage(checkpoint id: Int64) async throws -> [LineageRow] {
        try await lineageRows(checkpoint: id, doi: nil, paperKey: nil)
    }

    /// What a paper (by DOI or paper key) went into: its lineage rows, also after it was deleted.
    public func lineage(doi: String?, paperKey: String? = nil) async throws -> [LineageRow] {
        try await lineageRows(checkpoint: nil, doi: doi?.lowercased(), paperKey: paperKey)
    }

    /// The checkpoints a paper influenced (by DOI or key).
    public func checkpointsInfluenced(doi: String?, paperKey: String?) async throws -> [CheckpointRef] {
        var seen = Set<Int64>()
        return try await lineage(doi: doi, paperKey: paperKey).compactMap { row in
            guard let id = row.checkpointID, let run = row.runID, let path = row.checkpointPath, seen.insert(id).inserted else { return nil }
            return CheckpointRef(id: id, runID: run, path: path, step: row.checkpointStep ?? 0)
        }
    }

    /// The paper key and DOI of a stored paper.
    public func paperRef(id: Int64) async throws -> PaperRef? {
        let rows = try await database.client.query("SELECT paper_key, doi FROM papers WHERE id = \(id)", logger: database.logger)
        for try await (key, doi) in rows.decode((String, String?).self) { return PaperRef(key: key, doi: doi) }
        return nil
    }

    private func lineageRows(checkpoint: Int64?, doi: String?, paperKey: String?) async throws -> [LineageRow] {
        let rows = try await database.client.query(
            """
            SELECT paper_key, doi, paper_id, question_id, pair_id, run_id, run_stage, checkpoint_id, checkpoint_path, checkpoint_step
            FROM kg.training_lineage
            WHERE (\(checkpoint)::bigint IS NULL OR checkpoint_id = \(checkpoint)::bigint)
              AND (\(doi)::text IS NULL OR doi = \(doi)::text)
              AND (\(paperKey)::text IS NULL OR paper_key = \(paperKey)::text)
            ORDER BY paper_key, pair_id, run_id NULLS FIRST, checkpoint_id NULLS FIRST
            """, logger: database.logger)
        var out: [LineageRow] = []
        for try await (key, doi, paper, q, pair, run, stage, cp, path, step) in rows.decode(
            (String, String?, Int64?, Int64, Int64, Int64?, String?, Int64?, String?, Int?).self) {
            out.append(LineageRow(paperKey: key, doi: doi, paperID: paper, questionID: q, pairID: pair, runID: run, runStage: stage,
                                  checkpointID: cp, checkpointPath: path, checkpointStep: step))
        }
        return out
    }

    static func refs(_ keys: [String], _ dois: [String]) -> [PaperRef] {
        keys.enumerated().map { i, key in
            let doi = i < dois.count && !dois[i].isEmpty ? dois[i] : nil
            return PaperRef(key: key, doi: doi)
        }
    }
}
