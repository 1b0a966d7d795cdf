import Foundation
import Graph
import Retrieval

/// Checks every sentence of an answer against the retrieved evidence and the graph
/// (method.md section 5, ours): support is the best match among the sentences of the chunks
/// it cites (0.7 embedding cosine + 0.3 share of its content terms; 1 for a verbatim
/// sentence), set to 0 when the sentence asserts what the evidence negates (a negated edge
/// between two concepts it names, or a negation cue in the matched evidence it lacks), and
/// 0 when it cites nothing retrieved. It names unsupported and weakly related sentences and
/// the key evidence (relevance near the best) the answer leaves out, and plans the revision.
public struct Critic: Sendable {
    public let options: AnswerOptions
    public let embedder: SentenceEmbedder

    public init(options: AnswerOptions, embedder: SentenceEmbedder) {
        self.options = options
        self.embedder = embedder
    }

    /// A scored version and the critique that drives the next round.
    public struct Review: Sendable {
        public var version: AnswerVersion
        public var critique: Critique
        /// Per sentence: the pool id of the evidence sentence it matched best, if any.
        public var matched: [Int?]
    }

    /// Scores a generation for `request` (round `request.round`).
    public func review(_ generation: Generation, request: GenerationRequest) async -> Review {
        let pool = request.evidence
        let k = request.retrieval.chunks.count
        var sentences = AnswerFormat.parse(generation.answer)
        var findings: [Critique.Finding] = []
        // Only retrieved chunks may be cited.
        for i in sentences.indices {
            let bad = sentences[i].citations.filter { !(1...max(k, 1)).contains($0) || k == 0 }
            if !bad.isEmpty {
                sentences[i].citations.removeAll { bad.contains($0) }
                findings.append(.init(sentence: i, problem: "cites \(bad.map { "[\($0)]" }.joined()), not a retrieved source; removed", text: sentences[i].text))
            }
        }
        // Embed the sentences that are not verbatim evidence (LLM answers), one batch.
        let verbatim = sentences.map { s in verbatimMatch(s, pool: pool) }
        let toEmbed = sentences.indices.filter { verbatim[$0] == nil }
        let vectors = await embedder.embed(toEmbed.map { sentences[$0].text })
        var vectorOf: [Int: [Float]] = [:]
        for (n, i) in toEmbed.enumerated() { vectorOf[i] = vectors[n] }

        let best = max(pool.best, 1e-9)
        var matched: [Int?] = []
        for i in sentences.indices {
            var s = sentences[i]
            let cited = Set(s.citations)
            var support = 0.0
            var match: EvidenceSentence?
            if cited.isEmpty {
                findings.append(.init(sentence: i, problem: "cites no retrieved source", text: s.text))
            } else if let m = verbatim[i], cited.contains(m.source) {
                support = 1; match = m
                s.relevance = m.relevance
            } else if let v = vectorOf[i] ?? verbatim[i]?.vector {
                let terms = Set(Lexical.terms(s.text))
                for e in pool.sentences where cited.contains(e.source) {
                    let overlap = terms.isEmpty ? 0 : Lexical.coverage(terms, in: Set(Lexical.terms(e.text)))
                    let score = 0.7 * max(0, SentenceEmbedder.cosine(v, e.vector)) + 0.3 * overlap
                    if score > support { support = score; match = e }
                }
                let q = Set(Lexical.terms(pool.question))
                let names = request.retrieval.entities.map(\.name)
                let entity = names.isEmpty ? Lexical.coverage(q, in: terms) : Double(names.filter { Lexical.mentions(s.text, $0) }.count) / Double(names.count)
                s.relevance = EvidencePool.weights.cosine * max(0, SentenceEmbedder.cosine(pool.questionVector, v))
                    + EvidencePool.weights.lexical * Lexical.coverage(q, in: terms) + EvidencePool.weights.entity * entity
            }
            if let conflict = polarityConflict(s.text, match: match, request: request) {
                support = 0
                findings.append(.init(sentence: i, problem: "asserts what the evidence negates (\(conflict))", text: s.text))
                s.flag = "contradicts negated evidence"
            } else if !cited.isEmpty && support < options.supportFloor {
                findings.append(.init(sentence: i, problem: String(format: "unsupported by its cited source (support %.2f)", support), text: s.text))
                s.flag = "unsupported"
            } else if s.relevance < options.relatedShare * best {
                findings.append(.init(sentence: i, problem: String(format: "weakly related to the question (relevance %.2f, best evidence %.2f)", s.relevance, best), text: s.text))
                s.flag = "weakly related"
            } else if cited.isEmpty {
                s.flag = "unsupported"
            }
            s.support = (support * 1000).rounded() / 1000
            s.relevance = (s.relevance * 1000).rounded() / 1000
            sentences[i] = s
            matched.append(match?.id)
        }

        // Key evidence: near the best relevance, the top three distinct sentences.
        var key: [EvidenceSentence] = []
        for e in pool.sentences where e.relevance >= options.keyShare * best {
            if key.contains(where: { SentenceEmbedder.cosine($0.vector, e.vector) > 0.92 }) { continue }
            key.append(e)
            if key.count == 3 { break }
        }
        let usedVectors = matched.compactMap { $0.map { pool.sentences[$0].vector } } + vectorOf.values
        let covered = key.filter { e in matched.contains(e.id) || usedVectors.contains { SentenceEmbedder.cosine($0, e.vector) > 0.92 } }
        let missing = key.filter { e in !covered.contains(e) }.map(\.id)

        let flagged = Set(findings.filter { !$0.problem.hasPrefix("cites [") }.map(\.sentence))
        var plan = sentences.indices.filter { !flagged.contains($0) }.compactMap { matched[$0] } + missing
        if plan.isEmpty, let first = pool.sentences.first { plan = [first.id] }
        var seen = Set<Int>()
        plan = plan.filter { seen.insert($0).inserted }

        let n = Double(max(sentences.count, 1))
        let meanSupport = sentences.map(\.support).reduce(0, +) / n
        let meanRelated = sentences.map { min(1, $0.relevance / best) }.reduce(0, +) / n
        let coverage = key.isEmpty ? 1 : Double(covered.count) / Double(key.count)
        let quality = sentences.isEmpty ? 0 : 0.6 * meanSupport + 0.2 * meanRelated + 0.2 * coverage

        var lines = findings.map { "Sentence \($0.sentence + 1) \($0.problem): \"\(Self.short($0.text))\"" }
        lines += missing.map { id in
            let e = pool.sentences[id]
            return String(format: "Missing key evidence [%d] (relevance %.2f): \"%@\"", e.source, e.relevance, Self.short(e.text))
        }
        if lines.isEmpty { lines = ["Every sentence is supported by the source it cites and the key evidence is used."] }
        let critique = Critique(findings: findings, missing: missing, plan: plan, text: lines.joined(separator: "\n"))
        let version = AnswerVersion(round: request.round, thinking: generation.thinking, sentences: sentences,
                                    critique: critique.text, quality: (quality * 1000).rounded() / 1000)
        return Review(version: version, critique: critique, matched: matched)
    }

    /// The thinking rewritten to apply the critique: rebuilt from the graph around the
    /// planned evidence, with the critique as a reasoning step.
    public func revise(_ request: GenerationRequest, critique: Critique) -> String {
        var r = request
        r.critique = critique
        return GraphThinking(request: r, used: EmbeddedGenerator.order(critique.plan, pool: request.evidence)).render()
    }

    /// The pool sentence an answer sentence repeats verbatim (folded, reference marks dropped), if any.
    func verbatimMatch(_ s: AnswerSentence, pool: EvidencePool) -> EvidenceSentence? {
        let text = Self.key(s.text)
        guard !text.isEmpty else { return nil }
        let cited = Set(s.citations)
        let candidates = pool.sentences.filter { Self.key($0.text) == text }
        return candidates.first { cited.contains($0.source) } ?? candidates.first
    }

    static func key(_ text: String) -> String {
        RetrievalMetrics.fold(EmbeddedGenerator.clean(text)).trimmingCharacters(in: CharacterSet(charactersIn: ".!? "))
    }

    /// Why a sentence contradicts the evidence, if it does: it names both ends of a negated
    /// edge (with no asserted evidence for that pair) without a negation of its own, or it
    /// paraphrases a negated evidence sentence without the negation.
    func polarityConflict(_ text: String, match: EvidenceSentence?, request: GenerationRequest) -> String? {
        let own = Lexical.negationCue(text)
        guard own == nil else { return nil }
        let all = request.retrieval.edges + request.retrieval.chunks.flatMap { $0.graph?.edges ?? [] } + request.evidence.sentences.flatMap(\.edges)
        let asserted = Set(all.filter { $0.polarity == "asserted" }.map { "\($0.source)|\($0.target)" })
        for e in all where e.polarity == "negated" && !asserted.contains("\(e.source)|\(e.target)") {
            if Lexical.mentions(text, e.source) && Lexical.mentions(text, e.target) {
                return "[\(e.source)] -[NOT \(e.predicate)]-> [\(e.target)], cue \"\(e.cue ?? "not")\""
            }
        }
        let strong: Set<String> = ["not", "no", "never", "cannot", "neither", "nor", "none"]
        if let m = match, let cue = m.negation, Self.key(m.text) != Self.key(text),
           m.edges.contains(where: { $0.polarity == "negated" }) || strong.contains(cue) || cue.hasSuffix("n't") {
            return "the matched evidence [\(m.source)] says \"\(cue)\""
        }
        return nil
    }

    static func short(_ text: String) -> String {
        let words = text.split(separator: " ")
        return words.count <= 16 ? text : words.prefix(16).joined(separator: " ") + " …"
    }
}
