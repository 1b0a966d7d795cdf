import Foundation
import Testing
import PreflexorTesting
@testable import LM

@Suite struct TokenizerTrainingTests {
    static func trainFixture(_ lines: [String]) throws -> BPETokenizer {
        try BPETrainer(vocabSize: 1000, specialTokens: SpecialTokens.all).train(lines)
    }

    /// The Swift-trained fixture is a golden file: the script loads it in tokenizers
    /// (record with PREFLEXOR_RECORD=1, then rerun scripts/tokenizer_reference.py).
    @Test func trainedTokenizerMatchesGoldenFile() throws {
        let tok = try Self.trainFixture(TokenizerFixtures.corpusLines())
        #expect(tok.vocabSize == 1000)
        for (i, s) in SpecialTokens.all.enumerated() { #expect(tok.specialTokenID(s) == Int32(i)) }
        let result = Golden.check(tok.tokenizerJSON(), against: TokenizerFixtures.url("swift-bpe.tokenizer.json"))
        #expect(result == .matches)
    }

    /// Same words in any order (and repeated runs) give the same merges.
    @Test func trainingIsDeterministic() throws {
        let lines = try TokenizerFixtures.corpusLines()
        var rng = SplitMix64(seed: 7)
        let a = try Self.trainFixture(lines).tokenizerJSON()
        let b = try Self.trainFixture(lines.shuffled(using: &rng)).tokenizerJSON()
        let c = try Self.trainFixture(lines).tokenizerJSON()
        #expect(a == b)
        #expect(a == c)
    }

    @Test func saveLoadRoundTrip() throws {
        let tok = try Self.trainFixture(TokenizerFixtures.corpusLines())
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("preflexor-tok-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("tokenizer.json")
        try tok.save(to: file)
        let back = try BPETokenizer.load(tokenizerJSON: file)
        #expect(back.tokenizerJSON() == tok.tokenizerJSON())
        #expect(back.addedTokens == tok.addedTokens)
        let text = "The toughness of nacre <|thinking|>arises<|/thinking|> from 42 platelets."
        #expect(back.encode(text) == tok.encode(text))
    }

    @Test func mergesFrequentPairsFirst() throws {
        let tok = try BPETrainer(vocabSize: 256 + 3, specialTokens: []).train(["aaab aaab aaab xy"])
        // Words "aaab", " aaab" x2, " xy": (a, a) occurs 6 times, (a, b) 3, (Ġ, a) 2.
        #expect(tok.merges.first! == ("a", "a"))
        #expect(tok.merges.count == 3)
        // Then (aa, a) and (a, b) tie at 3: the pair with the smaller ids wins.
        #expect(tok.merges[1] == ("a", "b"))
        #expect(tok.vocabSize == 259)
    }

    @Test func emptyCorpusGivesBytesAndSpecialsOnly() throws {
        let tok = try BPETrainer(vocabSize: 8192).train([String]())
        #expect(tok.merges.isEmpty)
        #expect(tok.vocabSize == SpecialTokens.all.count + 256)
        #expect(tok.decode(tok.encode("any text ✓")) == "any text ✓")
    }

    @Test func rejectsTooSmallVocabulary() {
        #expect(throws: TokenizerError.self) { try BPETrainer(vocabSize: 100) }
        #expect(throws: TokenizerError.self) { try BPETrainer(vocabSize: 1000, specialTokens: ["<a>", "<a>"]) }
    }
}
