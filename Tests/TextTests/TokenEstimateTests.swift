import Foundation
import Testing
import Text
import PreflexorTesting

/// The default token counter against the real all-MiniLM-L6-v2 WordPiece counts of the
/// project's own sentences (Tests/Fixtures/Text/wordpiece-reference.tsv, written by
/// scripts/calibrate_token_estimate.py from the real tokenizer).
@Suite struct TokenEstimateTests {
    struct Row { let real: Int; let pythonEstimate: Int; let text: String }

    func rows() throws -> [Row] {
        try Fixtures.text("Text", "wordpiece-reference.tsv").split(separator: "\n").compactMap { line in
            if line.hasPrefix("#") { return nil }
            let parts = line.split(separator: "\t", maxSplits: 2).map(String.init)
            return Row(real: Int(parts[0])!, pythonEstimate: Int(parts[1])!, text: parts[2])
        }
    }

    @Test func swiftEstimateMatchesTheCalibratedPythonPort() throws {
        let rows = try rows()
        #expect(rows.count >= 20)
        for r in rows {
            #expect(TokenEstimate.estimateWordPieces(r.text) == r.pythonEstimate, "\(r.text)")
        }
    }

    @Test func neverUndercountsBadly() throws {
        let rows = try rows()
        for r in rows {
            let e = TokenEstimate.wordPiece(r.text)
            #expect(Double(e) >= 0.85 * Double(r.real), "estimate \(e) vs real \(r.real): \(r.text)")
        }
        let estimated = rows.reduce(0) { $0 + TokenEstimate.wordPiece($1.text) }
        let real = rows.reduce(0) { $0 + $1.real }
        #expect(estimated >= real, "over all sentences the estimate must not be below the real count")
    }

    @Test func punctuationAndCJKAreSingleTokens() {
        #expect(TokenEstimate.estimateWordPieces("") == 0)
        #expect(TokenEstimate.estimateWordPieces("a , b") == Int((3 * TokenEstimate.safetyFactor).rounded(.up)))
        #expect(TokenEstimate.estimateWordPieces("骨骨") == Int((2 * TokenEstimate.safetyFactor).rounded(.up)))
    }
}
