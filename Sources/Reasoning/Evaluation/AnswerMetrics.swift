import Foundation
import Retrieval

/// Answer-side metrics of one mode's row in `eval qa`.
public struct AnswerReport: Sendable, Codable, Equatable {
    public var mode: String
    /// Cited chunks that contain an evidence sentence of their question (answered, answerable questions).
    public var citationPrecision: Double
    /// Cited chunks counted.
    public var citations: Int
    /// Answer sentences whose support reaches the critic's floor.
    public var supportedShare: Double
    /// Answerable questions refused.
    public var answerableRefused: Double
    /// Unanswerable questions refused.
    public var unanswerableRefused: Double
    /// Latency of retrieval plus answering (ms).
    public var latencyP50: Double
    public var latencyP95: Double
    /// The threshold the run used.
    public var threshold: Double
    /// The refusal threshold calibrated on this run (see `RefusalCalibration`).
    public var calibration: RefusalCalibration
    /// Per question: id, answerable, evidence score, refused, cited chunks with evidence / cited.
    public var questions: [QuestionOutcome]
}

/// One question's answer-side outcome.
public struct QuestionOutcome: Sendable, Codable, Equatable {
    public var id: String
    public var answerable: Bool
    public var evidenceScore: Double
    public var refused: Bool
    public var cited: Int
    public var citedWithEvidence: Int
    public var sentences: Int
    public var supported: Int
    /// Source numbers whose chunk holds an evidence sentence, and the ones cited.
    public var evidenceSources: [Int]
    public var citedSources: [Int]
    /// Per source number (1-based): best relevance, cosine and term coverage of its sentences.
    public var sourceRelevance: [Double]
    public var sourceCosine: [Double]
    public var sourceLexical: [Double]
    /// Per source number: best entity coverage, fused retrieval score and rank in each list.
    public var sourceEntity: [Double]
    public var sourceFused: [Double]
    public var sourceRanks: [[String: Int]]
}

/// Refusal threshold from a run's evidence scores: the highest threshold that refuses at most
/// `maxFalseRefusals` of the answerable questions (score below it), and what it refuses of the
/// unanswerable ones. A threshold midway between that score and the next lower one is reported
/// so that it does not sit on a measured value.
public struct RefusalCalibration: Sendable, Codable, Equatable {
    public var maxFalseRefusals: Double
    public var threshold: Double
    public var answerableRefused: Double
    public var unanswerableRefused: Double

    public static func calibrate(answerable: [Double], unanswerable: [Double], maxFalseRefusals: Double = 0.05) -> RefusalCalibration {
        let a = answerable.sorted()
        guard !a.isEmpty else { return RefusalCalibration(maxFalseRefusals: maxFalseRefusals, threshold: 0, answerableRefused: 0, unanswerableRefused: 0) }
        // Refusing the `allowed` lowest answerable scores is within budget.
        let allowed = Int((maxFalseRefusals * Double(a.count)).rounded(.down))
        let upper = a[allowed]   // the first answerable score that must still be answered
        let lower = allowed > 0 ? a[allowed - 1] : (unanswerable.filter { $0 < upper }.max() ?? upper * 0.9)
        let threshold = (lower + upper) / 2
        let refusedA = Double(a.filter { $0 < threshold }.count) / Double(a.count)
        let refusedU = unanswerable.isEmpty ? 0 : Double(unanswerable.filter { $0 < threshold }.count) / Double(unanswerable.count)
        return RefusalCalibration(maxFalseRefusals: maxFalseRefusals, threshold: (threshold * 1000).rounded() / 1000,
                                  answerableRefused: refusedA, unanswerableRefused: refusedU)
    }
}

/// Accumulates one mode's answers question by question.
public struct AnswerAccumulator: Sendable {
    public let mode: String
    public let threshold: Double
    public let supportFloor: Double
    var outcomes: [QuestionOutcome] = []
    var latencies: [Double] = []

    public init(mode: String, options: AnswerOptions) {
        self.mode = mode
        self.threshold = options.refusalThreshold
        self.supportFloor = options.supportFloor
    }

    /// Adds one question's answer and its latency (retrieval plus answering, ms).
    public mutating func add(_ question: QAQuestion, answer: Answer, milliseconds: Double) {
        latencies.append(milliseconds)
        let wanted = question.evidence.map(RetrievalMetrics.fold).filter { !$0.isEmpty }
        let cited = answer.citedSources
        let chunkText = Dictionary(answer.retrieval.chunks.map { ($0.chunkID, RetrievalMetrics.fold($0.text)) }, uniquingKeysWith: { a, _ in a })
        let withEvidence = cited.filter { s in wanted.contains { chunkText[s.chunkID]?.contains($0) == true } }.count
        outcomes.append(QuestionOutcome(
            id: question.id ?? question.question, answerable: question.isAnswerable, evidenceScore: answer.evidenceScore,
            refused: answer.refused, cited: cited.count, citedWithEvidence: withEvidence, sentences: answer.sentences.count,
            supported: answer.sentences.filter { $0.support >= supportFloor }.count,
            evidenceSources: answer.sources.filter { s in wanted.contains { chunkText[s.chunkID]?.contains($0) == true } }.map(\.number),
            citedSources: cited.map(\.number), sourceRelevance: answer.sources.map { $0.relevance ?? 0 },
            sourceCosine: answer.sources.map { $0.cosine ?? 0 }, sourceLexical: answer.sources.map { $0.lexical ?? 0 },
            sourceEntity: answer.sources.map { $0.entity ?? 0 }, sourceFused: answer.retrieval.chunks.map(\.fused),
            sourceRanks: answer.retrieval.chunks.map(\.ranks)))
    }

    /// The finished row.
    public var report: AnswerReport {
        let answerable = outcomes.filter(\.answerable)
        let unanswerable = outcomes.filter { !$0.answerable }
        let answered = answerable.filter { !$0.refused }
        let cited = answered.map(\.cited).reduce(0, +)
        let precise = answered.map(\.citedWithEvidence).reduce(0, +)
        let sentences = outcomes.filter { !$0.refused }.map(\.sentences).reduce(0, +)
        let supported = outcomes.filter { !$0.refused }.map(\.supported).reduce(0, +)
        func share(_ n: Int, _ d: Int) -> Double { d == 0 ? 0 : Double(n) / Double(d) }
        return AnswerReport(
            mode: mode, citationPrecision: share(precise, cited), citations: cited, supportedShare: share(supported, sentences),
            answerableRefused: share(answerable.filter(\.refused).count, answerable.count),
            unanswerableRefused: share(unanswerable.filter(\.refused).count, unanswerable.count),
            latencyP50: RetrievalMetrics.quantile(latencies, 0.5), latencyP95: RetrievalMetrics.quantile(latencies, 0.95),
            threshold: threshold,
            calibration: .calibrate(answerable: answerable.map(\.evidenceScore), unanswerable: unanswerable.map(\.evidenceScore)),
            questions: outcomes)
    }
}
