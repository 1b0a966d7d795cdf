import Foundation
import Retrieval

/// The default generator, no language model: writes the PRefLexOR thinking block from the
/// retrieved graph and evidence, then an extractive answer of the best evidence sentences,
/// each ending with the `[n]` of the chunk it comes from.
///
/// First round (a draft): the sources whose best sentence comes near the best evidence
/// (`sourceShare`, at most `maxSources`), and from them the sentences related to the question
/// (relevance at least `relatedShare` of the best), most relevant first. A reflection round follows the critic's plan instead (keep
/// what was supported and relevant, add missing key evidence). Sentences are de-duplicated
/// (cosine > 0.92) and ordered by source, each source's sentences in document order, sources
/// by their best sentence.
public struct EmbeddedGenerator: Generator {
    public let options: AnswerOptions
    public var name: String { "embedded" }

    public init(options: AnswerOptions = AnswerOptions()) {
        self.options = options
    }

    public func generate(_ request: GenerationRequest) async throws -> Generation {
        let pool = request.evidence
        let chosen = plan(request)
        let sentences = chosen.map { id -> AnswerSentence in
            let e = pool.sentences[id]
            return AnswerSentence(text: Self.clean(e.text), citations: [e.source])
        }
        let thinking = request.thinking ?? GraphThinking(request: request, used: chosen).render()
        return Generation(thinking: thinking, answer: AnswerFormat.render(sentences))
    }

    /// The evidence sentence ids the answer uses, in answer order.
    func plan(_ request: GenerationRequest) -> [Int] {
        let pool = request.evidence
        guard let best = pool.sentences.first else { return [] }
        var ids: [Int]
        if let critique = request.critique {
            ids = critique.plan.filter { $0 >= 0 && $0 < pool.sentences.count }
            var sources: [Int] = []
            for id in ids where !sources.contains(pool.sentences[id].source) { sources.append(pool.sentences[id].source) }
            let allowed = Set(sources.prefix(options.maxSources))
            ids = ids.filter { allowed.contains(pool.sentences[$0].source) }
        } else {
            // Sources by their best sentence plus a prior for the chunk's retrieval rank (fusion
            // saw the whole chunk: on the dev set this picked the evidence chunk 13 points more
            // often than sentence relevance alone); keep those near the best.
            var score: [Int: Double] = [:]
            for e in pool.sentences { score[e.source] = max(score[e.source] ?? 0, e.relevance + options.rankPrior / Double(e.source)) }
            let ranked = score.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
            let top = ranked.first?.value ?? 0
            let sources = Array(ranked.filter { $0.value >= options.sourceShare * top }.prefix(options.maxSources).map(\.key))
            let floor = options.relatedShare * best.relevance
            ids = pool.sentences.filter { sources.contains($0.source) && $0.relevance >= floor }.map(\.id)
            if ids.isEmpty, let first = pool.sentences.first(where: { $0.source == sources.first }) { ids = [first.id] }
        }
        var kept: [Int] = []
        for id in ids where !kept.contains(id) {
            let v = pool.sentences[id].vector
            if kept.contains(where: { SentenceEmbedder.cosine(pool.sentences[$0].vector, v) > 0.92 }) { continue }
            kept.append(id)
            if kept.count == options.maxSentences { break }
        }
        return Self.order(kept, pool: pool)
    }

    /// Groups by source (sources by their best sentence), document order within a source.
    static func order(_ ids: [Int], pool: EvidencePool) -> [Int] {
        var sourceRank: [Int: Int] = [:]
        for id in ids.sorted() where sourceRank[pool.sentences[id].source] == nil {
            sourceRank[pool.sentences[id].source] = sourceRank.count
        }
        return ids.sorted {
            let a = pool.sentences[$0], b = pool.sentences[$1]
            return (sourceRank[a.source]!, a.position) < (sourceRank[b.source]!, b.position)
        }
    }

    /// A sentence without the paper's own reference marks ("[12]", "[3–5]") and line breaks,
    /// so that the only bracketed numbers in an answer are its citations.
    static func clean(_ text: String) -> String {
        text.replacingOccurrences(of: #"\s*\[[0-9][0-9,\s\-–]*\]"#, with: "", options: .regularExpression)
            .replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
            .trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
