import Foundation

/// One question of a QA evaluation file (JSON Lines, one object a line).
public struct QAQuestion: Sendable, Codable, Equatable {
    public var id: String?
    public var question: String
    public var answer: String?
    /// Sentences of the corpus, verbatim, that support the answer.
    public var evidence: [String]
    /// The paper the evidence comes from.
    public var doi: String?
    /// False for a question the corpus cannot answer (the refusal check).
    public var answerable: Bool?

    public init(id: String? = nil, question: String, answer: String? = nil, evidence: [String] = [], doi: String? = nil, answerable: Bool? = nil) {
        self.id = id; self.question = question; self.answer = answer; self.evidence = evidence; self.doi = doi; self.answerable = answerable
    }

    enum CodingKeys: String, CodingKey { case id, question, answer, evidence, doi, answerable }

    /// Decodes a question; `evidence` may be absent (unanswerable questions).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        if let n = try? c.decodeIfPresent(Int.self, forKey: .id) { id = String(n) } else { id = try c.decodeIfPresent(String.self, forKey: .id) }
        question = try c.decode(String.self, forKey: .question)
        answer = try c.decodeIfPresent(String.self, forKey: .answer)
        evidence = try c.decodeIfPresent([String].self, forKey: .evidence) ?? []
        doi = try c.decodeIfPresent(String.self, forKey: .doi)
        answerable = try c.decodeIfPresent(Bool.self, forKey: .answerable)
    }

    /// Whether the question expects an answer (default true).
    public var isAnswerable: Bool { answerable ?? true }

    /// Reads a JSON Lines file; blank lines and lines starting with `//` are skipped. A bad
    /// line is an error naming the file and line.
    public static func load(_ url: URL) throws -> [QAQuestion] {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw RetrievalError(.questionFile, "cannot read the question file \(url.path)")
        }
        var out: [QAQuestion] = []
        let decoder = JSONDecoder()
        for (i, line) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let text = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if text.isEmpty || text.hasPrefix("//") { continue }
            let q: QAQuestion
            do {
                q = try decoder.decode(QAQuestion.self, from: Data(text.utf8))
            } catch {
                throw RetrievalError(.questionFile, "\(url.path):\(i + 1): not a question object (\(describe(error)))")
            }
            if q.question.trimmingCharacters(in: .whitespaces).isEmpty {
                throw RetrievalError(.questionFile, "\(url.path):\(i + 1): the field question is empty")
            }
            if q.isAnswerable && q.evidence.isEmpty {
                throw RetrievalError(.questionFile, "\(url.path):\(i + 1): an answerable question needs at least one evidence sentence")
            }
            out.append(q)
        }
        return out
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at \(c.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "invalid JSON"
        }
    }
}
