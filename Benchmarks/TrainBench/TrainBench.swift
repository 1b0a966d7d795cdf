// bench-train: training throughput of the Swift trainer for scripts/bench-train.
//
//   bench-train CONFIG BATCH SEQ STEPS WARMUP THREADS
//   bench-train kernels      (times the trainer's own kernels on 1024 x 8192 logits, 7.4M params)
//
// CONFIG is `reference` (LlamaConfig.benchmarkReference: hidden 256, 4 layers, 4 heads,
// intermediate 688, vocab 8192, untied) or `default` (LlamaConfig()). Each step is what the
// trainer does for SFT: forward, log-softmax + token-mean NLL, backward, global-norm clipping
// (1.0) and AdamW, over BATCH random sequences of SEQ tokens (seeded). WARMUP steps run
// untimed first. Then the same number of bare model forward + backward passes are timed
// (model_forward_backward_seconds), to show the trainer's own share. Prints one JSON line.
import Foundation
import LM
import Tensors
import Training

@main
struct TrainBench {
    static func main() throws {
        let a = CommandLine.arguments
        if a.count == 2, a[1] == "kernels" { try kernels(); return }
        guard a.count == 7, let B = Int(a[2]), let T = Int(a[3]), let steps = Int(a[4]), let warmup = Int(a[5]),
              let threads = Int(a[6]), ["reference", "default"].contains(a[1]) else {
            FileHandle.standardError.write(Data("usage: bench-train reference|default BATCH SEQ STEPS WARMUP THREADS\n".utf8))
            exit(2)
        }
        BLAS.threadCount = threads
        let config = a[1] == "reference" ? LlamaConfig.benchmarkReference : LlamaConfig()
        let model = LlamaModel(config: config, seed: 1)
        var rng = TrainingRNG(seed: 2)
        let examples = (0..<(B * (steps + warmup))).map { _ in
            TokenizedExample(prompt: [], chosen: (0..<T).map { _ in Int32.random(in: 0..<Int32(config.vocabSize), using: &rng) }, rejected: nil)
        }
        var tc = TrainerConfig(method: .sft)
        tc.batchSize = B
        tc.gradientAccumulation = 1
        tc.maxSteps = steps + warmup
        tc.maxLength = T
        tc.learningRate = 1e-4
        let trainer = try Trainer(config: tc, model: model, examples: examples)
        for _ in 0..<warmup { _ = try trainer.trainStep() }
        let clock = ContinuousClock()
        let cpu0 = cpuSeconds()
        var losses: [Double] = []
        let d = try clock.measure {
            for _ in 0..<steps { losses.append(try trainer.trainStep().loss) }
        }
        let seconds = Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        let cpu = cpuSeconds() - cpu0
        // The model's share: forward + backward alone on one of the batches (same shapes).
        let tokens = examples.prefix(B).flatMap(\.chosen)
        var dLogits = [Float](repeating: 0, count: B * T * config.vocabSize)
        for i in stride(from: 0, to: dLogits.count, by: 97) { dLogits[i] = 1e-3 }
        let m = clock.measure {
            for _ in 0..<steps {
                _ = model.forward(tokens: tokens, batch: B, length: T)
                model.backward(dLogits: dLogits)
                model.zeroGrad()
            }
        }
        let modelSeconds = Double(m.components.seconds) + Double(m.components.attoseconds) * 1e-18
        let params = model.parameters.reduce(0) { $0 + $1.value.count }
        let out: [String: Any] = [
            "impl": "preflexor", "config": a[1], "params": params, "batch": B, "seq": T, "steps": steps,
            "threads": threads, "seconds": seconds, "cpu_seconds": cpu, "model_forward_backward_seconds": modelSeconds, "tokens_per_s": Double(B * T * steps) / seconds,
            "first_loss": losses.first ?? 0, "last_loss": losses.last ?? 0,
        ]
        print(String(decoding: try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys]), as: UTF8.self))
    }
}

/// User + system CPU time of this process (all threads), in seconds.
func cpuSeconds() -> Double {
    var u = rusage()
    getrusage(RUSAGE_SELF.rawValue, &u)
    return Double(u.ru_utime.tv_sec + u.ru_stime.tv_sec) + Double(u.ru_utime.tv_usec + u.ru_stime.tv_usec) * 1e-6
}

/// Wall and CPU milliseconds per call of the trainer's own kernels: log-softmax forward,
/// its backward, and one AdamW update over 7.4M parameters.
func kernels() throws {
    let n = 1024, V = 8192, P = 7_358_720, reps = 10
    var rng = TrainingRNG(seed: 1)
    let logits = (0..<(n * V)).map { _ in Float(rng.nextUnit() * 8 - 4) }
    let targets = (0..<n).map { _ in Int32.random(in: 0..<Int32(V), using: &rng) }
    let g = [Double](repeating: -1.0 / Double(n), count: n)
    var value = [Float](repeating: 0.01, count: P), grad = [Float](repeating: 1e-3, count: P)
    var adam = AdamW(settings: try AdamW.Settings())
    func time(_ name: String, _ body: () throws -> Void) rethrows {
        let c0 = cpuSeconds(), t0 = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<reps { try body() }
        let wall = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e6 / Double(reps)
        print("\(name): \(String(format: "%.1f", wall)) ms wall, \(String(format: "%.1f", (cpuSeconds() - c0) * 1e3 / Double(reps))) ms CPU")
    }
    var keep = 0.0
    try time("log-softmax forward (1024 x 8192), default malloc") {
        keep += try TokenLogProbs(logits: logits, targets: targets, rows: 1, length: n, vocab: V).logProbs[0]
    }
    // Making a Trainer raises glibc's mmap threshold, so the 32 MB softmax buffer is reused.
    let tiny = LlamaModel(config: LlamaConfig(vocabSize: 16, hiddenSize: 8, intermediateSize: 8, numHiddenLayers: 1,
                                              numAttentionHeads: 2, numKeyValueHeads: 2, maxPositionEmbeddings: 8), seed: 1)
    _ = try Trainer(config: TrainerConfig(method: .sft), model: tiny, examples: [TokenizedExample(prompt: [], chosen: [1, 2], rejected: nil)])
    try time("log-softmax forward (1024 x 8192), trainer's malloc setting") {
        keep += try TokenLogProbs(logits: logits, targets: targets, rows: 1, length: n, vocab: V).logProbs[0]
    }
    let lp = try TokenLogProbs(logits: logits, targets: targets, rows: 1, length: n, vocab: V)
    time("log-softmax backward (after a 32 MB copy of the cached softmax)") {
        keep += Double(lp.gradient(dLogProbs: g)[0])
    }
    time("AdamW update (7.4M)") {
        adam.beginStep()
        adam.update(name: "w", value: &value, grad: grad, lr: 1e-4)
    }
    time("global grad norm (7.4M)") { keep += GradientClipping.globalNorm([grad]) }
    if keep.isNaN { print(keep) }
}
