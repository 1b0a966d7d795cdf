import Foundation
import Text

/// Sentence-level re-ranking of the fused pool.
///
/// Chunk-level lists (BM25 over a whole chunk, one embedding per chunk) reward a chunk whose
/// question terms are scattered over several sentences as much as one that answers in a single
/// sentence; evidence is a sentence. Each candidate is scored by its best sentence (or pair of
/// adjacent sentences, at a discount): the weighted share of the question's content terms it
/// holds (`Lexical.terms`: stop words dropped, normalised like entity keys, crude stem), each
/// term weighted by its inverse frequency **within the pool** (a term every candidate holds
/// separates none of them and weighs almost nothing), plus a bonus for question bigrams kept
/// in order (phrases). No question wording is special-cased.
public enum PassageReranker {
    /// Weight of a two-sentence window relative to one sentence.
    static let pairDiscount = 0.8
    /// Weight of the question-bigram (phrase) share added to the term share.
    static let phraseWeight = 0.25

    /// The best-sentence score (0...1.25) of every text, by id. Empty when the question has no
    /// content terms.
    public static func sentenceScores(question: String, texts: [(id: Int64, text: String)]) -> [Int64: Double] {
        let questionTerms = Lexical.terms(question)
        let wanted = Set(questionTerms)
        guard !wanted.isEmpty, !texts.isEmpty else { return [:] }
        var bigrams = Set<String>()
        for (a, b) in zip(questionTerms, questionTerms.dropFirst()) where a != b { bigrams.insert(a + " " + b) }

        struct Unit { var terms: Set<String>; var pairs: Set<String> }
        var units: [[Unit]] = []
        var df: [String: Int] = [:]
        for (_, text) in texts {
            var sentences: [Unit] = []
            var present = Set<String>()
            for sentence in SentenceSplitter.split(text) {
                let terms = Lexical.terms(sentence.text)
                let hits = Set(terms).intersection(wanted)
                var pairs = Set<String>()
                if !bigrams.isEmpty {
                    for (a, b) in zip(terms, terms.dropFirst()) where bigrams.contains(a + " " + b) { pairs.insert(a + " " + b) }
                }
                sentences.append(Unit(terms: hits, pairs: pairs))
                present.formUnion(hits)
            }
            for t in present { df[t, default: 0] += 1 }
            units.append(sentences)
        }
        let n = Double(texts.count)
        var weight: [String: Double] = [:]
        for t in wanted {
            let d = Double(df[t] ?? 0)
            weight[t] = log(1 + (n - d + 0.5) / (d + 0.5))
        }
        let total = wanted.reduce(0) { $0 + weight[$1]! }
        guard total > 0 else { return [:] }
        func score(_ u: Unit) -> Double {
            let share = u.terms.reduce(0) { $0 + weight[$1]! } / total
            let phrase = bigrams.isEmpty ? 0 : Double(u.pairs.count) / Double(bigrams.count)
            return share + phraseWeight * phrase
        }
        var out: [Int64: Double] = [:]
        for (i, (id, _)) in texts.enumerated() {
            let sentences = units[i]
            var best = 0.0
            for (j, u) in sentences.enumerated() {
                best = max(best, score(u))
                if j + 1 < sentences.count {
                    let next = sentences[j + 1]
                    best = max(best, pairDiscount * score(Unit(terms: u.terms.union(next.terms), pairs: u.pairs.union(next.pairs))))
                }
            }
            out[id] = best
        }
        return out
    }

    /// Re-orders a fused pool: `fused / best fused + weight * sentence / best sentence`
    /// (both scaled to the pool's best), best first; ties keep the fused order.
    public static func rerank(_ pool: [(id: Int64, score: Double)], sentence: [Int64: Double], weight: Double) -> [(id: Int64, score: Double)] {
        guard weight > 0, let topFused = pool.map(\.score).max(), topFused > 0 else { return pool }
        let topSentence = sentence.values.max() ?? 0
        guard topSentence > 0 else { return pool }
        let scored = pool.enumerated().map { (i, c) in
            (i, c.id, c.score / topFused + weight * (sentence[c.id] ?? 0) / topSentence)
        }
        return scored.sorted { $0.2 != $1.2 ? $0.2 > $1.2 : $0.0 < $1.0 }.map { (id: $0.1, score: $0.2) }
    }
}
