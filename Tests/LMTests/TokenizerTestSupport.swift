import Foundation
import PreflexorTesting
@testable import LM

/// Helpers shared by the tokenizer tests.
enum TokenizerFixtures {
    static func url(_ name: String) -> URL { Fixtures.url("LM", "tokenizer/\(name)") }

    /// The generated training text, one training sequence per line (as the script feeds tokenizers).
    static func corpusLines() throws -> [String] {
        try String(contentsOf: url("corpus.txt"), encoding: .utf8).components(separatedBy: "\n")
    }

    /// reference.json written by scripts/tokenizer_reference.py.
    struct Reference {
        var texts: [String]
        /// key ("swift_trained", "tokenizers_trained") -> (file, vocab size, ids, decoded)
        var results: [String: (file: String, vocabSize: Int, ids: [[Int32]], decoded: [String])]
    }

    static func reference() throws -> Reference {
        let root = try JSONSerialization.jsonObject(with: Data(contentsOf: url("reference.json"))) as! [String: Any]
        var ref = Reference(texts: root["texts"] as! [String], results: [:])
        for key in ["swift_trained", "tokenizers_trained", "tokenizers_variant"] {
            guard let r = root[key] as? [String: Any] else { continue }
            let ids = (r["ids"] as! [[Any]]).map { $0.map { Int32(jsonInt32($0)!) } }
            ref.results[key] = (r["file"] as! String, Int(jsonInt32(r["vocab_size"])!), ids, r["decoded"] as! [String])
        }
        return ref
    }
}

/// Exact equality (Swift's `==` on String is canonical equivalence, which would hide
/// normalisation changes such as e + U+0301 versus é).
func sameScalars(_ a: String, _ b: String) -> Bool { Array(a.utf8) == Array(b.utf8) }

/// A seeded generator (SplitMix64) so random tests are reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
