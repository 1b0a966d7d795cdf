import Embedding
import Foundation
import PreflexorTesting
import Testing

/// A tiny vocabulary for behaviour tests that need no model files.
func tinyTokenizer(maxLength: Int = 256) throws -> WordPieceTokenizer {
    try WordPieceTokenizer(vocabulary: [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
        "un", "##aff", "##able", "aff", "able", "silk", "bone", "##s", ",", ".", "-", "(", ")",
        "cafe", "蚕", "丝", "a", "##a",
    ], maxLength: maxLength)
}

@Suite struct WordPieceBehaviourTests {
    @Test func greedyLongestMatchFirstWithContinuations() throws {
        let t = try tinyTokenizer()
        #expect(t.tokenize("unaffable") == ["un", "##aff", "##able"])
        #expect(t.tokenize("silks, bones.") == ["silk", "##s", ",", "bone", "##s", "."])
        #expect(t.encode("silk") == [2, 10, 3])
    }

    @Test func wordWithoutASplitIsUnknown() throws {
        let t = try tinyTokenizer()
        #expect(t.tokenize("silkx bone") == ["[UNK]", "bone"])
        // Longer than max_input_chars_per_word (100) is [UNK] even when it could be split.
        #expect(t.tokenize(String(repeating: "a", count: 101)) == ["[UNK]"])
        #expect(t.tokenize(String(repeating: "a", count: 100)).count == 100)
    }

    @Test func normalisesCaseAccentsControlsAndCJK() throws {
        let t = try tinyTokenizer()
        #expect(t.tokenize("SILK Café") == ["silk", "cafe"])
        #expect(t.tokenize("silk\u{0007}\u{200B}s") == ["silk", "##s"])   // control and format chars dropped
        #expect(t.tokenize("silk\u{00A0}bone\u{3000}(silk)") == ["silk", "bone", "(", "silk", ")"])
        #expect(t.tokenize("蚕丝silk") == ["蚕", "丝", "silk"])
        #expect(t.tokenize("") == [])
        #expect(t.encode("") == [t.clsID, t.sepID])
    }

    @Test func literalSpecialTokensStayWhole() throws {
        let t = try tinyTokenizer()
        #expect(t.tokenize("silk[SEP]bone [MASK]") == ["silk", "[SEP]", "bone", "[MASK]"])
        #expect(!t.tokenize("[sep]").contains("[SEP]"))  // matching is case-sensitive, as in tokenizers
    }

    @Test func truncatesToMaxLengthKeepingSEP() throws {
        let t = try tinyTokenizer(maxLength: 5)
        let ids = t.encode("silk bone silk bone silk")
        #expect(ids == [t.clsID, 10, 11, 10, t.sepID])
        #expect(t.tokenCount("silk bone silk bone silk") == 5)
    }

    @Test func batchesArePaddedWithMasks() throws {
        let t = try tinyTokenizer()
        let batch = t.encodeBatch(["silk", "silk bone silk", ""])
        #expect(batch.count == 3)
        #expect(batch.sequenceLength == 5)
        #expect(batch.lengths == [3, 5, 2])
        #expect(batch.ids == [2, 10, 3, 0, 0, 2, 10, 11, 10, 3, 2, 3, 0, 0, 0])
        #expect(batch.attentionMask == [1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0])
    }

    @Test func rejectsAVocabularyWithoutSpecialTokens() {
        #expect(throws: EmbeddingError.self) { try WordPieceTokenizer(vocabulary: ["a", "b"]) }
    }
}

@Suite struct WordPieceParityTests {
    @Test(.enabled(if: TestModel.enabled)) func tokenIDsMatchHuggingFaceTokenizers() throws {
        let t = try WordPieceTokenizer(modelDirectory: try TestModel.require())
        let reference = try Reference.load()
        #expect(reference.texts.count >= 30)
        #expect(t.maxLength == reference.maxSeqLength)
        for item in reference.texts {
            let ids = t.encode(item.text)
            #expect(ids == item.ids, "text \(item.text.debugDescription): got \(ids.map { t.token($0) }) expected \(item.ids.map { t.token($0) })")
        }
    }

    @Test(.enabled(if: TestModel.enabled)) func vocabTxtAndTokenizerJSONAgree() throws {
        let dir = try TestModel.require()
        let fromJSON = try WordPieceTokenizer(tokenizerJSON: dir.appendingPathComponent("tokenizer.json"))
        let fromVocab = try WordPieceTokenizer(vocabFile: dir.appendingPathComponent("vocab.txt"))
        #expect(fromJSON.vocabularySize == 30522)
        #expect(fromVocab.vocabularySize == 30522)
        for item in try Reference.load().texts {
            #expect(fromVocab.encode(item.text) == fromJSON.encode(item.text))
        }
    }

    @Test(.enabled(if: TestModel.enabled)) func tokenCountAgreesWithEncode() throws {
        let t = try WordPieceTokenizer(modelDirectory: try TestModel.require())
        for item in try Reference.load().texts {
            #expect(min(t.tokenCount(item.text), t.maxLength - 2) + 2 == item.ids.count)
        }
    }
}
