import Foundation
import Testing
import PreflexorTesting
@testable import LM

/// Ids from Hugging Face `tokenizers` (scripts/tokenizer_reference.py) for ~40 tricky texts, with a
/// tokenizer made by the Swift trainer and one made by tokenizers' BpeTrainer: both must match.
@Suite struct TokenizerReferenceTests {
    @Test(arguments: ["swift_trained", "tokenizers_trained", "tokenizers_variant"])
    func idsMatchTokenizers(key: String) throws {
        let ref = try TokenizerFixtures.reference()
        #expect(ref.texts.count >= 30)
        let r = try #require(ref.results[key], "reference.json lacks \(key); run scripts/tokenizer_reference.py")
        let tok = try BPETokenizer.load(tokenizerJSON: TokenizerFixtures.url(r.file))
        #expect(tok.vocabSize == r.vocabSize)
        for (i, text) in ref.texts.enumerated() {
            let ids = tok.encode(text)
            #expect(ids == r.ids[i], "\(key) text \(i) \(text.debugDescription)")
            let decoded = tok.decode(r.ids[i])
            #expect(sameScalars(decoded, r.decoded[i]), "\(key) decode \(i)")
            // Exact round trip, except where lstrip/rstrip or add_prefix_space change the text by design.
            if key != "tokenizers_variant" { #expect(sameScalars(decoded, text), "\(key) round trip \(i)") }
        }
    }

    /// Ids whose bytes are not valid UTF-8 decode with U+FFFD exactly where tokenizers puts them
    /// (Rust's `from_utf8_lossy`: one replacement per maximal invalid subpart).
    @Test func invalidUTF8DecodesLikeTokenizers() throws {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: TokenizerFixtures.url("reference.json"))) as! [String: Any]
        let cases = try #require(root["invalid_utf8"] as? [[String: Any]])
        #expect(cases.count >= 5)
        let tok = try BPETokenizer.load(tokenizerJSON: TokenizerFixtures.url("swift-bpe.tokenizer.json"))
        for c in cases {
            let ids = (c["ids"] as! [Any]).map { jsonInt32($0)! }
            let bytes = (c["bytes"] as! [Any]).map { UInt8(jsonInt32($0)!) }
            #expect(tok.decodeBytes(ids) == bytes)
            #expect(sameScalars(tok.decode(ids), c["decoded"] as! String), "bytes \(bytes)")
        }
    }

    /// The Swift trainer, given tokenizers' settings and the same lines, learns the same vocabulary
    /// and merges in the same order as tokenizers' BpeTrainer.
    @Test func trainerMatchesTokenizersTrainer() throws {
        let hf = try BPETokenizer.load(tokenizerJSON: TokenizerFixtures.url("tokenizers-bpe.tokenizer.json"))
        let trainer = try BPETrainer(vocabSize: 700, minFrequency: 0, specialTokens: ["<|endoftext|>"])
        let ours = try trainer.train(TokenizerFixtures.corpusLines())
        #expect(ours.vocab == hf.vocab)
        #expect(ours.merges.count == hf.merges.count)
        let first = zip(ours.merges, hf.merges).enumerated().first { $0.element.0 != $0.element.1 }
        #expect(first == nil, "first differing merge: \(String(describing: first))")
    }
}
