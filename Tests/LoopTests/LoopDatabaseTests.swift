import Embedding
import Foundation
import Ingest
import LM
import Loop
import PostgresNIO
import PreflexorTesting
import Reasoning
import Retrieval
import Store
import StoreTesting
import Testing
import Training

/// Questions, pairs, export and lineage end to end on a real PostgreSQL over corpus/ papers
/// ingested with the real encoder and the embedded graph stage.
@Suite struct LoopDatabaseTests {
    static let papers = ["bone.xml", "silk.xml", "nacre.xml"]

    @Test(.enabled(if: LoopFixtures.enabled), .timeLimit(.minutes(40)))
    func questionsPairsExportAndLineage() async throws {
        let encoder = try #require(LoopFixtures.encoder)
        let embedder = SentenceEmbedder(encoder)
        try await TestDatabase.withDatabase { database, configuration in
            let pipeline = try IngestPipeline(database: database, encoder: encoder, options: .init(embed: true, graph: true))
            let report = try await pipeline.run(paths: LoopFixtures.corpus(Self.papers))
            LoopFixtures.log("ingested \(report)")

            // The migration's view is readable by the read-only role.
            let readerURL = try #require(configuration.readerURL)
            let reader = try await Database.connect(readerURL)
            let visible = try await reader.client.query("SELECT count(*)::int FROM kg.training_lineage").decodeOne(Int.self)
            await reader.close()
            #expect(visible == 0)

            // Negated evidence never becomes a premise.
            let reads = QuestionContextReads(database)
            let negated = try await database.client.query(
                """
                SELECT DISTINCT re.chunk_id, r.id, least(r.source_id, r.target_id), greatest(r.source_id, r.target_id)
                FROM relation_evidence re JOIN relations r ON r.id = re.relation_id
                WHERE re.polarity = 'negated' ORDER BY 1, 2
                """).collect().map { try $0.decode((Int64, Int64, Int64, Int64).self) }
            try #require(!negated.isEmpty, "the test corpus must hold negated evidence")
            let negatedRelations = Set(negated.map(\.1))
            for (chunk, relation, a, b) in negated {
                let context = try await reads.context(chunkIDs: [chunk])
                #expect(context.contested.contains([a, b]))
                #expect(!context.facts.contains { $0.relationID == relation })
                var rng = SeededGenerator(seed: UInt64(chunk))
                for d in QuestionWriter().drafts(from: context, rng: &rng) {
                    #expect(!d.relationIDs.contains(where: negatedRelations.contains), "\(d.text)")
                    #expect(!(d.entityIDs.contains(a) && d.entityIDs.contains(b)), "\(d.text)")
                }
            }

            // Seeded generation: reproducible, self-contained, grammatical-looking, no near-duplicates.
            let retriever = try HybridRetriever(database: database, encoder: encoder, home: nil)
            let generator = QuestionGenerator(database: database, embedder: embedder, retriever: retriever)
            let first = try await generator.generate(QuestionOptions(count: 12, seed: 7))
            let again = try await generator.generate(QuestionOptions(count: 12, seed: 7))
            let other = try await generator.generate(QuestionOptions(count: 12, seed: 8))
            LoopFixtures.log("questions:\n" + first.map { "  [\($0.kind.rawValue)] \($0.question)" }.joined(separator: "\n"))
            #expect(first.count >= 8)
            #expect(first == again)
            #expect(first.map(\.question) != other.map(\.question))
            #expect(Set(first.map(\.kind)).count >= 3, "\(Set(first.map(\.kind)))")
            let vectors = await embedder.embed(first.map(\.question))
            for i in vectors.indices {
                #expect(QuestionStyle.isSelfContained(first[i].question), "\(first[i].question)")
                #expect(QuestionStyle.looksGrammatical(first[i].question), "\(first[i].question)")
                #expect(!first[i].chunkIDs.isEmpty && !first[i].papers.isEmpty && !first[i].premises.isEmpty)
                for j in 0..<i { #expect(SentenceEmbedder.cosine(vectors[i], vectors[j]) < 0.9, "\(first[i].question) ~ \(first[j].question)") }
            }
            // Every relation premise is asserted and never denied.
            let premised = Array(Set(first.flatMap(\.relationIDs)))
            if !premised.isEmpty {
                let bad = try await database.client.query(
                    "SELECT count(*)::int FROM relations WHERE id = ANY(\(premised)) AND (negated > 0 OR weight = 0)").decodeOne(Int.self)
                #expect(bad == 0)
            }
            for q in first { for p in q.premises where p.relationID != nil {
                let n = try await database.client.query(
                    "SELECT count(*)::int FROM relation_evidence WHERE relation_id = \(p.relationID!) AND sentence = \(p.sentence) AND polarity = 'asserted'"
                ).decodeOne(Int.self)
                #expect(n >= 1, "\(p.fact): \(p.sentence)")
            } }
            // A stored question is a near-duplicate of itself: the same seed writes none of them again.
            let ids = try await generator.store(first, seed: 7)
            #expect(ids.count == first.count)
            #expect(try await generator.store(first, seed: 7).isEmpty)
            let fresh = try await generator.generate(QuestionOptions(count: 12, seed: 7), existing: first.map(\.question))
            #expect(Set(fresh.map(\.question)).isDisjoint(with: first.map(\.question)))

            // Pairs with the teacher's fallback as the rejected side.
            let repository = TrainingRepository(database)
            let stored = try await repository.questions()
            #expect(stored.map(\.question) == first.map(\.question))
            let answerer = try Answerer(embedder: embedder, generator: EmbeddedGenerator())
            let builder = PairBuilder(database: database, retriever: retriever, answerer: answerer,
                                      rejecter: TeacherFallbackRejecter(database: database))
            let subset = Array(stored.prefix(5))
            let built = try await builder.build(subset, seed: 3)
            let made = built.filter { $0.pairID != nil }
            LoopFixtures.log("pairs: \(made.count) of \(built.count)")
            try #require(made.count >= 2)
            for p in made {
                #expect(p.prompt.hasSuffix(" Use <|thinking|>."))
                #expect(p.chosen.hasPrefix("<|thinking|>\n**Knowledge Graph**:"), "\(p.chosen.prefix(80))")
                #expect(p.chosen.contains("<|/thinking|>"))
                let answer = String(p.chosen[p.chosen.range(of: "<|/thinking|>")!.upperBound...])
                #expect(answer.range(of: #"\[[0-9]+\]"#, options: .regularExpression) != nil, "no citation: \(answer)")
                #expect(!p.citedChunkIDs.isEmpty)
                #expect(p.rejected != p.chosen && !p.rejected.isEmpty && !p.rejected.contains("<|thinking|>"))
                #expect(p.rejectedBy == "teacher-fallback")
            }
            let replay = try await builder.build(subset, seed: 3, store: false)
            #expect(replay.map(\.chosen) == built.map(\.chosen) && replay.map(\.rejected) == built.map(\.rejected))
            let pairs = try await repository.pairs()
            #expect(pairs.map(\.id) == made.map { $0.pairID! })
            #expect(try await repository.questions(withoutPairs: 1).count == stored.count - made.count)

            // Export: the JSONL the trainers read.
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loop-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("pairs.jsonl")
            #expect(try PairExport.write(pairs, to: file) == pairs.count)
            let records = try TrainingRecord.readJSONL(file)
            #expect(records == pairs.map { TrainingRecord.pair(PreferencePair(prompt: $0.prompt, chosen: $0.chosen, rejected: $0.rejected)) })

            // Lineage: a run trained on the pairs wrote a checkpoint.
            let run = try await repository.startRun(stage: "orpo", baseCheckpoint: "base", configJSON: #"{"steps": 10}"#)
            try await repository.link(run: run, pairs: pairs.map(\.id))
            try await repository.record(run: run, step: 10, metrics: ["loss": 1.5, "accuracy": 0.75])
            let checkpoint = try await repository.addCheckpoint(run: run, path: dir.appendingPathComponent("step-10").path, step: 10)
            try await repository.finishRun(run)
            let taught = try await repository.lineage(checkpoint: checkpoint)
            let pairPapers = Set(pairs.flatMap(\.papers).map(\.key))
            #expect(Set(taught.map(\.paperKey)) == pairPapers)
            #expect(Set(taught.map(\.pairID)) == Set(pairs.map(\.id)))
            let paper = try #require(pairs.flatMap(\.papers).first { $0.doi != nil })
            let influenced = try await repository.checkpointsInfluenced(doi: paper.doi, paperKey: nil)
            #expect(influenced.map(\.id) == [checkpoint])

            // Stage 1 in rounds with a tiny native model writing the rejected side.
            let texts = try await database.client.query("SELECT text FROM chunks ORDER BY id").collect().map { try $0.decode(String.self) }
            let base = try LoopFixtures.tinyModel(texts: texts, at: dir.appendingPathComponent("base"))
            var stage1 = Stage1Options(rounds: 2, pairsPerRound: 3, steps: 2, seed: 1)
            stage1.maxNewTokens = 12
            stage1.maxLength = 384
            stage1.heldOut = 2
            let loop = Stage1Loop(database: database, retriever: retriever, answerer: answerer)
            let summary1 = try await loop.run(base: base, out: dir.appendingPathComponent("stage1"), options: stage1)
            let rounds = summary1.rounds
            #expect(rounds.count == 2)
            #expect(FileManager.default.fileExists(atPath: summary1.lossPlot) && FileManager.default.fileExists(atPath: summary1.summaryFile))
            #expect(summary1.heldOutPairIDs.allSatisfy { id in !rounds.contains { $0.pairIDs.contains(id) } }, "held-out pairs are never trained on")
            if !summary1.heldOutPairIDs.isEmpty {
                #expect(summary1.before != nil && rounds.allSatisfy { $0.heldOut?.pairs == summary1.heldOutPairIDs.count })
                let recorded = try await database.client.query(
                    "SELECT count(*)::int FROM run_metrics WHERE run_id = \(rounds[0].runID) AND name = 'heldout_accuracy'").decodeOne(Int.self)
                #expect(recorded == 1)
            }
            #expect(rounds[0].rejectedBy == "checkpoint:\(base.standardizedFileURL.path)")
            #expect(rounds[1].rejectedBy == "checkpoint:\(rounds[0].checkpointID)")
            for r in rounds {
                #expect(FileManager.default.fileExists(atPath: URL(fileURLWithPath: r.checkpointPath).appendingPathComponent("config.json").path))
                #expect(r.loss.isFinite)
                let status = try await database.client.query("SELECT status FROM training_runs WHERE id = \(r.runID)").decodeOne(String.self)
                #expect(status == "finished")
                let steps = try await database.client.query(
                    "SELECT count(DISTINCT step)::int FROM run_metrics WHERE run_id = \(r.runID) AND name = 'loss'").decodeOne(Int.self)
                #expect(steps == 2)
                let rows = try await repository.lineage(checkpoint: r.checkpointID)
                #expect(Set(rows.map(\.pairID)) == Set(r.pairIDs) && !rows.isEmpty)
                let rejected = try await repository.pairs(ids: r.pairIDs).map(\.rejectedBy)
                #expect(rejected.allSatisfy { $0 == r.rejectedBy || $0 == "teacher-fallback" }, "\(rejected)")
            }

            // Stage 2: the last stage-1 checkpoint frozen as reference, the policy's own answers with thinking rejected.
            var stage2 = Stage2Options(rounds: 1, pairsPerRound: 3, steps: 2, seed: 1)
            stage2.maxNewTokens = 12
            stage2.samples = 1
            stage2.heldOut = 2
            stage2.maxLength = 384
            stage2.learningRate = 1e-3
            stage2.loss = .sigmoid
            stage2.labelSmoothing = 0
            let reference = URL(fileURLWithPath: rounds[1].checkpointPath)
            let summary2 = try await Stage2Loop(database: database, retriever: retriever, answerer: answerer)
                .run(reference: reference, out: dir.appendingPathComponent("stage2"), options: stage2)
            let r2 = try #require(summary2.rounds.first)
            #expect(r2.rejectedBy == "checkpoint:\(rounds[1].checkpointID)")
            let stage2Pairs = try await repository.pairs(ids: r2.pairIDs)
            #expect(!stage2Pairs.isEmpty && stage2Pairs.allSatisfy { $0.stage == 2 && $0.rejectedBy == r2.rejectedBy })
            #expect(stage2Pairs.allSatisfy { $0.chosen.contains("<|/thinking|>") })
            let stage2Run = try await database.client.query(
                "SELECT stage || ' ' || status || ' ' || (config->>'reference') FROM training_runs WHERE id = \(r2.runID)").decodeOne(String.self)
            #expect(stage2Run == "stage2 finished \(reference.standardizedFileURL.path)")
            let taught2 = try await repository.lineage(checkpoint: r2.checkpointID)
            #expect(Set(taught2.map(\.pairID)) == Set(r2.pairIDs) && taught2.allSatisfy { $0.runStage == "stage2" })
            if let before = summary2.before {
                #expect(abs(before.margin ?? 1) < 1e-9, "the reference against itself has margin 0")
                #expect(r2.heldOut?.margin != nil)
                let margins = try await database.client.query(
                    "SELECT count(*)::int FROM run_metrics WHERE run_id = \(r2.runID) AND name = 'heldout_margin'").decodeOne(Int.self)
                #expect(margins == 1)
            }
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("stage2/loss_curve.svg").path))

            // The native model as a Generator behind the seam: ask with recursion keeps the best version.
            let native = try NativeGenerator(directory: URL(fileURLWithPath: r2.checkpointPath),
                                             config: GenerationConfig(maxNewTokens: 10, temperature: 0))
            var recursive = AnswerOptions()
            recursive.reflect = 1
            let asker = try Answerer(embedder: embedder, generator: native, options: recursive)
            let answered = try await asker.ask(stored[0].question, retriever: retriever)
            if !answered.refused {
                #expect(answered.versions.count >= 1 && answered.versions.count <= 2)
                #expect(answered.generator.hasPrefix("native:"))
            }

            // Pretrain: the tiny default base on the stored chunks, recorded as a run.
            var pre = PretrainOptions()
            pre.vocabSize = 400; pre.hidden = 16; pre.layers = 1; pre.heads = 2; pre.kvHeads = 1; pre.intermediate = 32
            pre.context = 128; pre.windowLength = 32; pre.steps = 3; pre.batch = 2
            let pretrained = try await Pretrainer(database: database).run(out: dir.appendingPathComponent("pretrain"), tokenizer: nil, options: pre)
            #expect(pretrained.tokenizerTrained && pretrained.windows > 0 && pretrained.lastLoss.isFinite)
            #expect(FileManager.default.fileExists(atPath: URL(fileURLWithPath: pretrained.model).appendingPathComponent("tokenizer_config.json").path))
            let preRun = try await database.client.query(
                "SELECT stage || ' ' || status FROM training_runs WHERE id = \(pretrained.runID)").decodeOne(String.self)
            #expect(preRun == "pretrain finished")

            // Deleting the paper keeps questions, pairs and the lineage by DOI; its id goes.
            let influencedBeforeDelete = try await repository.checkpointsInfluenced(doi: paper.doi, paperKey: nil).map(\.id)
            let pairCount = try await repository.pairs().count
            let paperID = try #require(try await PaperRepository(database).find(paper.doi!))
            #expect(try await PaperRepository(database).delete(id: paperID))
            #expect(try await repository.questions().count == stored.count)
            #expect(try await repository.pairs().count == pairCount)
            let after = try await repository.lineage(doi: paper.doi)
            #expect(!after.isEmpty && after.allSatisfy { $0.paperID == nil })
            let stillInfluenced = try await repository.checkpointsInfluenced(doi: paper.doi, paperKey: nil).map(\.id)
            #expect(stillInfluenced.contains(checkpoint))
            #expect(Set(stillInfluenced) == Set(influencedBeforeDelete))
            let metrics = try await database.client.query(
                "SELECT count(*)::int FROM run_metrics WHERE run_id = \(run)").decodeOne(Int.self)
            #expect(metrics == 2)
        }
    }

    @Test(.enabled(if: LoopFixtures.enabled)) func nearDuplicatesAreDropped() async throws {
        let encoder = try #require(LoopFixtures.encoder)
        let texts = [
            "How does mineral content affect the stiffness of bone, and what mechanism underlies this effect?",
            "How does the mineral content affect bone stiffness, and what is the underlying mechanism?",
            "Why do silk fibers with more beta-sheet crystals reach a higher strength?",
            "What toughness does nacre reach when dry (in MJ/m3), and which structural features set this value?",
        ]
        let kept = await NearDuplicateFilter.deduplicate(texts, embedder: SentenceEmbedder(encoder), threshold: 0.9)
        #expect(kept == [0, 2, 3])
    }
}
