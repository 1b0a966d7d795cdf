import Foundation

/// Retrieval metrics of a QA evaluation: evidence recall@k, MRR, paper recall@k, latency.
public enum RetrievalMetrics {
    /// Case and whitespace folded text, for containment checks.
    public static func fold(_ text: String) -> String {
        text.lowercased().split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    /// The 1-based rank of the first chunk that contains an evidence sentence (folded), or nil.
    public static func firstEvidenceRank(evidence: [String], chunks: [String]) -> Int? {
        let wanted = evidence.map(fold).filter { !$0.isEmpty }
        for (i, chunk) in chunks.enumerated() {
            let text = fold(chunk)
            if wanted.contains(where: { text.contains($0) }) { return i + 1 }
        }
        return nil
    }

    /// The value at quantile `q` (0...1) of `values` (nearest rank), 0 when empty.
    public static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// One mode's row of the evaluation table.
public struct QAModeReport: Sendable, Codable, Equatable {
    public var mode: String
    public var k: Int
    /// Answerable questions scored.
    public var questions: Int
    public var recallAtK: Double
    public var mrr: Double
    public var paperRecallAtK: Double
    public var latencyP50: Double
    public var latencyP95: Double
    /// Ids (or texts) of the answerable questions whose evidence was not retrieved.
    public var misses: [String]
}

/// Accumulates one mode's results question by question.
public struct QAModeAccumulator: Sendable {
    public let mode: String
    public let k: Int
    var hits = 0, papers = 0, n = 0
    var reciprocal = 0.0
    var latencies: [Double] = []
    var misses: [String] = []

    public init(mode: String, k: Int) {
        self.mode = mode
        self.k = k
    }

    /// Adds one question's retrieval (chunk texts and DOIs, best first) and its latency (ms).
    public mutating func add(_ question: QAQuestion, chunks: [(text: String, doi: String?)], milliseconds: Double) {
        latencies.append(milliseconds)
        guard question.isAnswerable else { return }
        n += 1
        let top = Array(chunks.prefix(k))
        if let rank = RetrievalMetrics.firstEvidenceRank(evidence: question.evidence, chunks: top.map(\.text)) {
            hits += 1
            reciprocal += 1 / Double(rank)
        } else {
            misses.append(question.id ?? question.question)
        }
        if let doi = question.doi?.lowercased(), top.contains(where: { $0.doi?.lowercased() == doi }) { papers += 1 }
    }

    /// The finished row.
    public var report: QAModeReport {
        let d = Double(max(n, 1))
        return QAModeReport(mode: mode, k: k, questions: n, recallAtK: Double(hits) / d, mrr: reciprocal / d,
                            paperRecallAtK: Double(papers) / d, latencyP50: RetrievalMetrics.quantile(latencies, 0.5),
                            latencyP95: RetrievalMetrics.quantile(latencies, 0.95), misses: misses)
    }
}
