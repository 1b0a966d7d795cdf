// bench-lm: the native side of scripts/bench-generate.
//
//   bench-lm write-checkpoint --config reference|default --seed N --out DIR
//   bench-lm generate --checkpoint DIR --prompt 1,2,3 --new-tokens N --repeat R --threads T
//   bench-lm train-step --config reference|default --batch B --length T --repeat R --threads T
//
// `generate` prints one JSON line: {"tokens_per_s": median over R timed runs after one warm-up,
// "seconds": [...], "tokens": [...generated ids of the last run...]}.
import Foundation
import LM
import Tensors

@main
struct BenchLM {
    static func main() throws {
        var args = Array(CommandLine.arguments.dropFirst())
        guard let command = args.first else { usage() }
        args.removeFirst()
        var opts: [String: String] = [:]
        var i = 0
        while i + 1 < args.count, args[i].hasPrefix("--") {
            opts[String(args[i].dropFirst(2))] = args[i + 1]
            i += 2
        }
        switch command {
        case "write-checkpoint":
            let config: LlamaConfig = opts["config"] == "default" ? LlamaConfig() : .benchmarkReference
            let model = LlamaModel(config: config, seed: UInt64(opts["seed"] ?? "1") ?? 1)
            guard let out = opts["out"] else { usage() }
            try LlamaCheckpoint.save(model, to: URL(fileURLWithPath: out))
            print("{\"parameters\": \(model.parameterCount)}")
        case "generate":
            guard let dir = opts["checkpoint"], let promptText = opts["prompt"] else { usage() }
            BLAS.threadCount = Int(opts["threads"] ?? "2") ?? 2
            let model = try LlamaCheckpoint.load(from: URL(fileURLWithPath: dir))
            let prompt = promptText.split(separator: ",").map { Int32($0)! }
            let n = Int(opts["new-tokens"] ?? "128") ?? 128
            let repeats = Int(opts["repeat"] ?? "3") ?? 3
            let gen = GenerationConfig.greedy(maxNewTokens: n)
            var out = try model.generate(prompt: prompt, config: gen)   // warm-up
            var seconds: [Double] = []
            for _ in 0..<repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                out = try model.generate(prompt: prompt, config: gen)
                seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let median = seconds.sorted()[seconds.count / 2]
            let toks = out.tokens.map(String.init).joined(separator: ",")
            print("{\"tokens_per_s\": \(Double(out.tokens.count) / median), \"seconds\": \(seconds), \"tokens\": [\(toks)]}")
        case "train-step":
            // forward + backward (with a softmax cross-entropy dLogits) tokens/s, median of R steps.
            BLAS.threadCount = Int(opts["threads"] ?? "2") ?? 2
            let config: LlamaConfig = opts["config"] == "default" ? LlamaConfig() : .benchmarkReference
            let model = LlamaModel(config: config, seed: 1)
            let B = Int(opts["batch"] ?? "4") ?? 4, T = Int(opts["length"] ?? "256") ?? 256
            let repeats = Int(opts["repeat"] ?? "3") ?? 3
            var rng = SeededGenerator(seed: 3)
            let tokens = (0..<(B * T)).map { _ in Int32(rng.next() % UInt64(config.vocabSize)) }
            let V = config.vocabSize
            var seconds: [Double] = []
            for r in 0...repeats {
                let start = DispatchTime.now().uptimeNanoseconds
                var logits = model.forward(tokens: tokens, batch: B, length: T)
                for n in 0..<(B * T) {   // d(cross-entropy)/d(logits) = softmax - onehot(next token), mean over tokens
                    let row = n * V
                    var mx = -Float.infinity
                    for v in 0..<V { mx = max(mx, logits[row + v]) }
                    var sum: Float = 0
                    for v in 0..<V { logits[row + v] = expf(logits[row + v] - mx); sum += logits[row + v] }
                    for v in 0..<V { logits[row + v] /= sum * Float(B * T) }
                    logits[row + Int(tokens[(n + 1) % (B * T)])] -= 1 / Float(B * T)
                }
                model.zeroGrad()
                model.backward(dLogits: logits)
                if r > 0 { seconds.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9) }
            }
            let median = seconds.sorted()[seconds.count / 2]
            print("{\"train_tokens_per_s\": \(Double(B * T) / median), \"seconds\": \(seconds), \"parameters\": \(model.parameterCount)}")
        default:
            usage()
        }
    }

    static func usage() -> Never {
        FileHandle.standardError.write(Data("""
        usage: bench-lm write-checkpoint --config reference|default --seed N --out DIR
               bench-lm generate --checkpoint DIR --prompt 1,2,3 --new-tokens N --repeat R --threads T
               bench-lm train-step --config reference|default --batch B --length T --repeat R --threads T

        """.utf8))
        exit(2)
    }
}
