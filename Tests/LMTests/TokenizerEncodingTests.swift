import Foundation
import Testing
import PreflexorTesting
@testable import LM

@Suite struct TokenizerEncodingTests {
    static func tokenizer() throws -> BPETokenizer {
        try BPETokenizer.load(tokenizerJSON: TokenizerFixtures.url("swift-bpe.tokenizer.json"))
    }

    /// Random scalars from every plane and category (controls, combining marks, surrogate-free
    /// CJK, emoji, private use) plus fragments of special tokens: decode(encode(s)) == s, byte for byte.
    @Test func exactRoundTripOnRandomUTF8() throws {
        let tok = try Self.tokenizer()
        var rng = SplitMix64(seed: 42)
        let ranges: [ClosedRange<UInt32>] = [
            0x00...0x7F, 0x80...0x7FF, 0x800...0xD7FF, 0xE000...0xFFFF, 0x10000...0x10FFFF,
            0x300...0x36F, 0x1F300...0x1FAFF, 0x4E00...0x9FFF, 0x20...0x7E, 0x20...0x20, 0x0A...0x0A,
        ]
        let fragments = ["<|", "|>", "<|thinking|>", "<|/thinking|>", "'s", "'ll", " ", "\n\n", "  "]
        for _ in 0..<400 {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...60, using: &rng) {
                if Int.random(in: 0..<10, using: &rng) == 0 {
                    s.append(contentsOf: fragments.randomElement(using: &rng)!.unicodeScalars)
                    continue
                }
                let r = ranges.randomElement(using: &rng)!
                if let u = Unicode.Scalar(UInt32.random(in: r, using: &rng)) { s.append(u) }
            }
            let text = String(s)
            let ids = tok.encode(text)
            #expect(sameScalars(tok.decode(ids), text), "round trip of \(text.debugDescription)")
            #expect(ids.allSatisfy { $0 >= 0 && Int($0) < tok.vocabSize })
            #expect(tok.decodeBytes(ids) == Array(text.utf8))
        }
    }

    /// Each special token is one id wherever it sits, and text around it is encoded as if the
    /// token were a boundary.
    @Test(arguments: SpecialTokens.all)
    func specialTokensAreNeverSplit(special: String) throws {
        let tok = try Self.tokenizer()
        let id = try #require(tok.specialTokenID(special))
        #expect(tok.encode(special) == [id])
        #expect(tok.isSpecial(id))
        for (left, right) in [("abc", "def"), (" x ", " y"), ("", "\n"), ("<|", "|>"), ("'", "s")] {
            let ids = tok.encode(left + special + right)
            #expect(ids == tok.encode(left) + [id] + tok.encode(right), "\(left)\(special)\(right)")
        }
        #expect(tok.encode(special + special) == [id, id])
        #expect(tok.decode([id]) == special)
        #expect(tok.decode([id, 100], skipSpecialTokens: true) == tok.decode([100]))
    }

    @Test func longestAddedTokenWinsAndPartialsAreText() throws {
        let base = try Self.tokenizer()
        let tok = try BPETokenizer(vocab: base.vocab, merges: base.merges, addedTokens: [
            AddedToken(id: 1000, content: "<|a|>"), AddedToken(id: 1001, content: "<|a|>x"),
        ])
        #expect(tok.encode("<|a|>x") == [1001])
        #expect(tok.encode("<|a|>y") == [1000] + tok.encode("y"))
        #expect(!tok.encode("<|a|").contains(1000))
        #expect(tok.vocabSize == 1002)
    }

    @Test func encodingUsesMergesByRank() throws {
        let tok = try Self.tokenizer()
        // A frequent corpus word becomes few tokens; the bytes alone would be 9 ids.
        #expect(tok.encode(" collagen").count <= 3)
        #expect(tok.encode("").isEmpty)
        // Repeated words come from the cache and must equal a fresh encoding.
        #expect(tok.encode(" collagen collagen") == tok.encode(" collagen") + tok.encode(" collagen"))
    }

    @Test func loadRejectsWhatItCannotMatch() throws {
        let base = try Self.tokenizer()
        var json = base.tokenizerJSON()
        json = json.replacingOccurrences(of: "\"normalizer\": null", with: "\"normalizer\": {\"type\": \"NFC\"}")
        do {
            _ = try BPETokenizer.load(tokenizerJSONData: Data(json.utf8))
            Issue.record("an NFC normalizer must be refused")
        } catch let e as TokenizerError {
            #expect(e.code == .unsupported)
        }
        do {
            _ = try BPETokenizer.load(tokenizerJSONData: Data("{\"model\": ".utf8))
            Issue.record("truncated JSON must be refused")
        } catch let e as TokenizerError {
            #expect(e.code == .malformedJSON)
        }
        let badMerge = base.tokenizerJSON().replacingOccurrences(of: "\"merges\": [\n", with: "\"merges\": [\n      \"zz qq\",\n")
        #expect(throws: TokenizerError.self) { try BPETokenizer.load(tokenizerJSONData: Data(badMerge.utf8)) }
    }

    @Test func decodeSkipsUnknownIds() throws {
        let tok = try Self.tokenizer()
        #expect(tok.decode([-1, Int32(tok.vocabSize), 99_999]) == "")
        #expect(tok.token(-1) == nil)
        #expect(tok.tokenID(SpecialTokens.pad) == tok.specialTokenID(SpecialTokens.pad))
    }

    /// One tokenizer shared by many threads (the word cache is the only shared mutable state).
    @Test func concurrentEncodingGivesTheSameIds() throws {
        let tok = try Self.tokenizer()
        let lines = Array(try TokenizerFixtures.corpusLines().prefix(200))
        let expected = lines.map { tok.encode($0) }
        let fresh = try Self.tokenizer()
        let results = Results(count: lines.count)
        DispatchQueue.concurrentPerform(iterations: lines.count) { i in results.set(i, fresh.encode(lines[i])) }
        #expect(results.values == expected)
    }
}

private final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [[Int32]]
    init(count: Int) { storage = Array(repeating: [], count: count) }
    func set(_ i: Int, _ v: [Int32]) { lock.lock(); storage[i] = v; lock.unlock() }
    var values: [[Int32]] { lock.lock(); defer { lock.unlock() }; return storage }
}
