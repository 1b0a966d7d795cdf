import Foundation

/// Settings of `Answerer`. Checked by `validate()`.
public struct AnswerOptions: Sendable, Codable, Equatable {
    /// Reflection rounds after the first answer (critic, revised thinking, new answer). Default 1.
    public var reflect: Int = 1
    /// Refuse when the best evidence sentence's relevance is below this. Default 0.48,
    /// calibrated on the QA dev set (docs/reasoning.md, "Refusal").
    public var refusalThreshold: Double = 0.48
    /// Most sentences in an answer. Default 4.
    public var maxSentences: Int = 4
    /// Sentences embedded per question (the best by word features). Default 24.
    public var candidates: Int = 24
    /// A sentence whose support is below this is unsupported. Default 0.5.
    public var supportFloor: Double = 0.5
    /// An answer sentence whose relevance is below this share of the best evidence's is
    /// weakly related to the question. Default 0.75.
    public var relatedShare: Double = 0.75
    /// Evidence at or above this share of the best relevance is key evidence. Default 0.92.
    public var keyShare: Double = 0.92
    /// Most sources an answer cites: the chunks with the best evidence. Default 1 (citation
    /// precision 0.41 against 0.31 with 2 on the dev set, docs/reasoning.md).
    public var maxSources: Int = 1
    /// Added to a source's best relevance as `rankPrior / rank` (its rank in the retrieval)
    /// when the draft picks its sources. Default 0.2 (measured on the dev set).
    public var rankPrior: Double = 0.2
    /// A source joins the draft when its best sentence reaches this share of the best
    /// evidence's relevance. Default 0.9.
    public var sourceShare: Double = 0.9

    public init() {}

    /// Throws `ReasoningError(.invalidOptions)` naming the first bad setting.
    public func validate() throws {
        func bad(_ m: String) -> ReasoningError { ReasoningError(.invalidOptions, m) }
        if reflect < 0 || reflect > 10 { throw bad("reflect must lie in 0...10 (got \(reflect))") }
        if !(0...1).contains(refusalThreshold) { throw bad("refusal threshold must lie in 0...1 (got \(refusalThreshold))") }
        if maxSentences < 1 { throw bad("max sentences must be at least 1 (got \(maxSentences))") }
        if candidates < 1 { throw bad("candidates must be at least 1 (got \(candidates))") }
        if !(0...1).contains(supportFloor) { throw bad("support floor must lie in 0...1 (got \(supportFloor))") }
        if !(0...1).contains(relatedShare) { throw bad("related share must lie in 0...1 (got \(relatedShare))") }
        if !(0...1).contains(keyShare) { throw bad("key share must lie in 0...1 (got \(keyShare))") }
        if rankPrior < 0 || !rankPrior.isFinite { throw bad("rank prior must be a finite number >= 0 (got \(rankPrior))") }
        if maxSources < 1 { throw bad("max sources must be at least 1 (got \(maxSources))") }
        if !(0...1).contains(sourceShare) { throw bad("source share must lie in 0...1 (got \(sourceShare))") }
    }
}
