import Foundation
import LM
import Reasoning
import Retrieval
import Store

/// Settings of `QuestionGenerator`.
public struct QuestionOptions: Sendable, Codable, Equatable {
    /// How many questions to write. Default 50.
    public var count: Int = 50
    /// Write about this topic (its top-k chunks) instead of random chunks.
    public var topic: String?
    /// Equal seeds over an equal database give equal questions. Default 0.
    public var seed: UInt64 = 0
    /// Chunks per sample (method.md section 2: 3).
    public var chunksPerSample: Int = 3
    /// Chunks retrieved for a topic. Default 8.
    public var topicK: Int = 8
    /// A question whose cosine with a kept or stored one reaches this is a near-duplicate. Default 0.9.
    public var duplicateThreshold: Double = 0.9
    /// Samples tried per requested question before giving up. Default 12.
    public var attemptsPerQuestion: Int = 12

    public init(count: Int = 50, topic: String? = nil, seed: UInt64 = 0) {
        self.count = count; self.topic = topic; self.seed = seed
    }

    public func validate() throws {
        if count < 1 { throw LoopError(.invalidOptions, "--n must be at least 1 (got \(count))") }
        if chunksPerSample < 1 { throw LoopError(.invalidOptions, "chunks per sample must be at least 1") }
        if topicK < 1 { throw LoopError(.invalidOptions, "topic k must be at least 1") }
        if !(0...1).contains(duplicateThreshold) { throw LoopError(.invalidOptions, "the near-duplicate threshold must lie in 0...1") }
        if attemptsPerQuestion < 1 { throw LoopError(.invalidOptions, "attempts per question must be at least 1") }
    }
}

/// A question written from the graph, with its provenance, ready to store.
public struct GeneratedQuestion: Sendable, Codable, Equatable {
    public var question: String
    public var kind: QuestionKind
    public var premises: [Premise]
    public var entityIDs: [Int64]
    public var relationIDs: [Int64]
    /// The sampled context chunks, then the chunks of neighbourhood premises.
    public var chunkIDs: [Int64]
    public var papers: [PaperRef]
    public var topic: String?
    /// The highest cosine with an earlier question (what the near-duplicate filter saw).
    public var closestCosine: Double
}

/// Questions from the graph, method.md section 2 steps 1-2 (by default the embedded teacher,
/// no language model): samples 3 random
/// chunks (seeded) or 3 of a topic's top-k, reads their asserted graph context (typed facts
/// in them and around their entities, values, comparisons), writes questions in six forms,
/// keeps one per sample (the form used least so far), and drops near-duplicates of kept and
/// stored questions.
public struct QuestionGenerator: Sendable {
    public let database: Database
    public let embedder: SentenceEmbedder
    /// Who writes the drafts (default: the embedded teacher).
    public let teacher: any QuestionTeacher
    /// The retriever for `--topic` (nil: random chunks only).
    public let retriever: HybridRetriever?

    public init(database: Database, embedder: SentenceEmbedder, retriever: HybridRetriever? = nil,
                teacher: any QuestionTeacher = EmbeddedTeacher()) {
        self.database = database; self.embedder = embedder; self.retriever = retriever; self.teacher = teacher
    }

    /// Writes up to `options.count` questions (fewer when the graph runs out of distinct
    /// ones), none a near-duplicate of another or of `existing`. Stores nothing.
    public func generate(_ options: QuestionOptions, existing: [String] = []) async throws -> [GeneratedQuestion] {
        try options.validate()
        let reads = QuestionContextReads(database)
        let pool: [Int64]
        if let topic = options.topic {
            guard let retriever else { throw LoopError(.invalidOptions, "a topic needs a retriever") }
            pool = try await retriever.retrieve(topic, k: options.topicK).chunks.map(\.chunkID)
        } else {
            pool = try await reads.candidateChunks()
        }
        guard !pool.isEmpty else {
            throw LoopError(.noData, options.topic == nil
                ? "the graph has no asserted typed fact, value or comparison to write a question from; ingest papers first (preflexor ingest)"
                : "nothing was retrieved for the topic; ingest papers or try another topic")
        }
        var filter = NearDuplicateFilter(threshold: options.duplicateThreshold, existing: await embedder.embed(existing))
        var rng = SeededGenerator(seed: options.seed)
        var used: [QuestionKind: Int] = [:]
        var out: [GeneratedQuestion] = []
        var attempts = 0
        while out.count < options.count && attempts < options.count * options.attemptsPerQuestion {
            attempts += 1
            let sample = Self.sample(pool, count: options.chunksPerSample, rng: &rng).sorted()
            let context = try await reads.context(chunkIDs: sample)
            var texts: [Int64: String] = [:]
            if teacher.readsText {
                for c in try await ChunkRepository(database).contexts(ids: sample) { texts[c.chunkID] = c.text }
            }
            let drafts = try await teacher.drafts(from: context, texts: texts, rng: &rng)
            guard !drafts.isEmpty else { continue }
            // The least used form first, then drafts on the sample's own evidence.
            let inContext = Set(context.facts.filter(\.inContext).map(\.relationID))
            let kinds = Set(drafts.map(\.kind)).sorted { (used[$0, default: 0], $0.rawValue) < (used[$1, default: 0], $1.rawValue) }
            var ordered: [QuestionDraft] = []
            for kind in kinds {
                let group = Self.shuffled(drafts.filter { $0.kind == kind }, rng: &rng)
                ordered += group.filter { d in d.relationIDs.isEmpty || d.relationIDs.allSatisfy(inContext.contains) }
                ordered += group.filter { d in !(d.relationIDs.isEmpty || d.relationIDs.allSatisfy(inContext.contains)) }
            }
            let vectors = await embedder.embed(ordered.map(\.text))
            for (draft, vector) in zip(ordered, vectors) {
                let closest = filter.closest(vector)
                guard filter.admit(vector) else { continue }
                var chunks = sample
                for p in draft.premises where !chunks.contains(p.chunkID) { chunks.append(p.chunkID) }
                let byChunk = try await TrainingRepository(database).papers(ofChunks: chunks)
                var papers: [PaperRef] = []
                for c in chunks { if let p = byChunk[c], !papers.contains(p) { papers.append(p) } }
                out.append(GeneratedQuestion(question: draft.text, kind: draft.kind, premises: draft.premises, entityIDs: draft.entityIDs,
                                             relationIDs: draft.relationIDs, chunkIDs: chunks, papers: papers, topic: options.topic,
                                             closestCosine: (closest * 1000).rounded() / 1000))
                used[draft.kind, default: 0] += 1
                break
            }
        }
        return out
    }

    /// Stores questions with provenance and the graph watermark; returns the ids of those
    /// stored (a text stored before is skipped).
    public func store(_ questions: [GeneratedQuestion], seed: UInt64?) async throws -> [Int64] {
        let repository = TrainingRepository(database)
        let watermark = try await repository.watermark()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var ids: [Int64] = []
        for q in questions {
            let premises = String(decoding: try encoder.encode(q.premises), as: UTF8.self)
            let new = NewQuestion(question: q.question, kind: q.kind.rawValue, topic: q.topic, teacher: teacher.name, seed: seed,
                                  chunkIDs: q.chunkIDs, entityIDs: q.entityIDs, relationIDs: q.relationIDs, papers: q.papers,
                                  premisesJSON: premises, watermark: watermark)
            if let id = try await repository.insert(new) { ids.append(id) }
        }
        return ids
    }

    /// `count` distinct elements of `pool` chosen with `rng` (all of them when the pool is smaller).
    static func sample(_ pool: [Int64], count: Int, rng: inout SeededGenerator) -> [Int64] {
        Array(shuffled(pool, rng: &rng, prefix: count).prefix(count))
    }

    /// A Fisher-Yates shuffle driven by `rng` (the standard library's algorithm is not
    /// specified, so seeded runs would not be stable across toolchains); with `prefix`, only
    /// the first `prefix` places are drawn.
    static func shuffled<T>(_ items: [T], rng: inout SeededGenerator, prefix: Int? = nil) -> [T] {
        var a = items
        let n = a.count
        let limit = min(prefix ?? n, n)
        var i = 0
        while i < limit && i < n - 1 {
            let j = i + Int(rng.next() % UInt64(n - i))
            a.swapAt(i, j)
            i += 1
        }
        return a
    }
}
