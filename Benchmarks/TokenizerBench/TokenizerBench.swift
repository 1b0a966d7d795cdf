// bench-tokenizer: times the Swift byte-level BPE tokenizer for scripts/bench-tokenizer.
//
//   bench-tokenizer TEXT_FILE VOCAB_SIZE OUT_DIR
//
// Trains on TEXT_FILE (one training sequence per line, as tokenizers' train_from_iterator is
// fed), writes OUT_DIR/tokenizer.json, encodes every line, writes all ids (Int32 little-endian,
// lines concatenated) to OUT_DIR/ids.bin, and prints one JSON line of timings in seconds.
import Foundation
import LM

@main
struct TokenizerBench {
    static func main() throws {
        let args = CommandLine.arguments
        guard args.count == 4, let vocabSize = Int(args[2]) else {
            FileHandle.standardError.write(Data("usage: bench-tokenizer TEXT_FILE VOCAB_SIZE OUT_DIR\n".utf8))
            exit(2)
        }
        let text = try String(contentsOf: URL(fileURLWithPath: args[1]), encoding: .utf8)
        let out = URL(fileURLWithPath: args[3])
        let lines = text.components(separatedBy: "\n")
        let clock = ContinuousClock()
        func seconds(_ d: Duration) -> Double {
            Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }

        var counter = WordCounter(specialTokens: SpecialTokens.all)
        let countTime = clock.measure { for l in lines { counter.add(l) } }
        let trainer = try BPETrainer(vocabSize: vocabSize, specialTokens: SpecialTokens.all)
        var tokenizer: BPETokenizer? = nil
        let mergeTime = try clock.measure { tokenizer = try trainer.train(counter) }
        let tok = tokenizer!
        try tok.save(to: out.appendingPathComponent("tokenizer.json"))

        // Fresh tokenizer for encoding, so the word cache starts empty as in tokenizers.
        let fresh = try BPETokenizer.load(tokenizerJSON: out.appendingPathComponent("tokenizer.json"))
        var ids: [Int32] = []
        let encodeTime = clock.measure { for l in lines { ids.append(contentsOf: fresh.encode(l)) } }
        var decoded = 0
        let decodeTime = clock.measure { decoded = fresh.decode(ids).utf8.count }
        let data = ids.withUnsafeBufferPointer { Data(buffer: $0) }   // little-endian on x86/arm
        try data.write(to: out.appendingPathComponent("ids.bin"))

        let bytes = text.utf8.count
        print("""
        {"bytes": \(bytes), "lines": \(lines.count), "words": \(counter.distinctWords), "merges": \(tok.merges.count), \
        "count_s": \(seconds(countTime)), "merge_s": \(seconds(mergeTime)), \
        "train_s": \(seconds(countTime) + seconds(mergeTime)), "encode_s": \(seconds(encodeTime)), \
        "decode_s": \(seconds(decodeTime)), "tokens": \(ids.count), "decoded_bytes": \(decoded)}
        """)
    }
}
