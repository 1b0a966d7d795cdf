import Foundation
import Retrieval
import Testing

/// The QA harness's metrics and its question file reader.
@Suite struct QAMetricsTests {
    @Test func evidenceIsFoundAfterCaseAndWhitespaceFolding() {
        let chunks = ["Nothing here.", "Bone is  a composite of\ncollagen and MINERAL. More text."]
        #expect(RetrievalMetrics.firstEvidenceRank(evidence: ["bone is a composite of collagen and mineral."], chunks: chunks) == 2)
        #expect(RetrievalMetrics.firstEvidenceRank(evidence: ["absent sentence"], chunks: chunks) == nil)
    }

    @Test func accumulatorComputesRecallMRRPaperRecallAndSkipsUnanswerable() {
        var acc = QAModeAccumulator(mode: "text", k: 2)
        let q1 = QAQuestion(question: "q1", evidence: ["alpha beta"], doi: "10.1/A")
        let q2 = QAQuestion(question: "q2", evidence: ["gamma"], doi: "10.1/b")
        let q3 = QAQuestion(question: "q3", evidence: ["delta"], doi: "10.1/c")
        let none = QAQuestion(question: "q4", answerable: false)
        acc.add(q1, chunks: [("x", "10.1/z"), ("ALPHA beta.", "10.1/a")], milliseconds: 10)
        acc.add(q2, chunks: [("gamma", "10.1/b")], milliseconds: 30)
        acc.add(q3, chunks: [("x", "10.1/c"), ("y", nil), ("delta", nil)], milliseconds: 20)
        acc.add(none, chunks: [], milliseconds: 40)
        let r = acc.report
        #expect(r.questions == 3)
        #expect(near(r.recallAtK, 2.0 / 3), "q3's evidence is at rank 3 > k")
        #expect(near(r.mrr, 1.5 / 3))
        #expect(near(r.paperRecallAtK, 1), "DOIs compare case-insensitively")
        #expect(r.latencyP50 == 20 && r.latencyP95 == 40)
        #expect(r.misses == ["q3"])
    }

    @Test func aBadQuestionLineIsNamed() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("qa-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("set.jsonl")
        try """
            {"question": "What is nacre?", "evidence": ["Nacre is ..."], "doi": "10.1/x"}

            {"question": "No evidence", "doi": "10.1/x"}
            """.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try QAQuestion.load(file)
            Issue.record("a question without evidence was accepted")
        } catch let error as RetrievalError {
            #expect(error.code == .questionFile)
            #expect(error.message.contains("set.jsonl:3"), "\(error.message)")
        }
        try """
            {"question": "What is nacre?", "evidence": ["Nacre is ..."]}
            {"question": "Unanswerable?", "answerable": false}
            """.write(to: file, atomically: true, encoding: .utf8)
        let qs = try QAQuestion.load(file)
        #expect(qs.count == 2 && qs[0].isAnswerable && !qs[1].isAnswerable)
    }
}
