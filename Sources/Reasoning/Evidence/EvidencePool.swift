import Foundation
import Graph
import Retrieval
import Text

/// The retrieved chunks cut into sentences and scored against the question: what generators
/// compose from and the critic checks against.
///
/// Scoring is two-stage, to bound the encoder's work per question: every sentence gets cheap
/// word features (question terms and linked entities it contains, its chunk's rank), the best
/// `candidates` of them are embedded together with the question, and relevance =
/// 0.6 cosine + 0.25 term coverage + 0.15 entity coverage.
public struct EvidencePool: Sendable {
    public var question: String
    public var questionVector: [Float]
    /// Scored sentences, most relevant first.
    public var sentences: [EvidenceSentence]
    /// Number -> chunk for every retrieved chunk.
    public var chunks: [Int: RetrievedChunk]
    /// Sentences never embedded (below the candidate cut), by chunk id: the critic still reads them.
    public var unscored: [Int64: [String]]

    /// The best relevance (0 when nothing was retrieved).
    public var best: Double { sentences.first?.relevance ?? 0 }

    /// Relevance weights: cosine, term coverage, entity coverage.
    static let weights = (cosine: 0.6, lexical: 0.25, entity: 0.15)

    /// Cuts, scores and ranks the retrieval's sentences.
    public static func build(question: String, retrieval: RetrievalResult, embedder: SentenceEmbedder,
                             candidates: Int = 24) async -> EvidencePool {
        let questionTerms = Set(Lexical.terms(question))
        let entityNames = retrieval.entities.map(\.name)
        struct Draft { var source: Int; var chunk: RetrievedChunk; var position: Int; var text: String; var lexical: Double; var entity: Double; var prior: Double }
        var drafts: [Draft] = []
        var seen = Set<String>()
        var chunks: [Int: RetrievedChunk] = [:]
        for (i, chunk) in retrieval.chunks.enumerated() {
            chunks[i + 1] = chunk
            for (p, s) in SentenceSplitter.split(chunk.text).enumerated() {
                let text = s.text.replacingOccurrences(of: "\n", with: " ")
                let words = Lexical.words(text).count
                guard words >= 5, words <= 90 else { continue }
                guard seen.insert(RetrievalMetrics.fold(text)).inserted else { continue }
                let terms = Set(Lexical.terms(text))
                let lexical = Lexical.coverage(questionTerms, in: terms)
                let entity = entityNames.isEmpty ? lexical
                    : Double(entityNames.filter { Lexical.mentions(text, $0) }.count) / Double(entityNames.count)
                drafts.append(Draft(source: i + 1, chunk: chunk, position: p, text: text, lexical: lexical, entity: entity, prior: 1 / Double(i + 1)))
            }
        }
        let order = drafts.indices.sorted {
            let a = drafts[$0], b = drafts[$1]
            let sa = a.lexical + 0.5 * a.entity + 0.2 * a.prior, sb = b.lexical + 0.5 * b.entity + 0.2 * b.prior
            return sa != sb ? sa > sb : (a.source, a.position) < (b.source, b.position)
        }
        let picked = Array(order.prefix(max(1, candidates)))
        let pickedSet = Set(picked)
        var unscored: [Int64: [String]] = [:]
        for i in drafts.indices where !pickedSet.contains(i) { unscored[drafts[i].chunk.chunkID, default: []].append(drafts[i].text) }
        let vectors = await embedder.embed([question] + picked.map { drafts[$0].text })
        let q = vectors.first ?? []
        let negatedEdges = retrieval.edges + retrieval.chunks.flatMap { $0.graph?.edges ?? [] }
        var out: [EvidenceSentence] = []
        for (n, i) in picked.enumerated() {
            let d = drafts[i]
            let v = vectors[n + 1]
            let cos = SentenceEmbedder.cosine(q, v)
            let relevance = weights.cosine * max(0, cos) + weights.lexical * d.lexical + weights.entity * d.entity
            let folded = RetrievalMetrics.fold(d.text)
            var edges: [RetrievedEdge] = []
            var edgeKeys = Set<String>()
            for e in negatedEdges where e.chunkID == d.chunk.chunkID {
                let es = RetrievalMetrics.fold(e.sentence)
                guard !es.isEmpty, folded.contains(es) || es.contains(folded) else { continue }
                if edgeKeys.insert("\(e.source)|\(e.predicate)|\(e.target)").inserted { edges.append(e) }
            }
            let negation = edges.first(where: { $0.polarity == "negated" }).map { $0.cue ?? "negated" } ?? Lexical.negationCue(d.text)
            out.append(EvidenceSentence(id: 0, source: d.source, chunkID: d.chunk.chunkID, position: d.position, text: d.text,
                                        cosine: cos, lexical: d.lexical, entity: d.entity, relevance: relevance, edges: edges,
                                        negation: negation, vector: v))
        }
        out.sort { $0.relevance != $1.relevance ? $0.relevance > $1.relevance : ($0.source, $0.position) < ($1.source, $1.position) }
        for i in out.indices { out[i].id = i }
        return EvidencePool(question: question, questionVector: q, sentences: out, chunks: chunks, unscored: unscored)
    }

    /// The sentences of one source, in the pool's order.
    public func sentences(of source: Int) -> [EvidenceSentence] { sentences.filter { $0.source == source } }
}
