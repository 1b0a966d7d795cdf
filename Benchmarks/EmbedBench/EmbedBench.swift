// bench-embed: the Swift side of scripts/bench-embed (which runs the Python peers in the same
// run and writes the comparison). Prints one JSON object per run on stdout.
//
//   bench-embed embed --texts FILE.jsonl --threads N [--batch 32] [--model DIR] [--out FILE.f32]
//   bench-embed knn --base FILE.f32 --queries FILE.f32 [--dim 384] [--k 10] [--threads N] [--out FILE.i64]
//   bench-embed fetch [--home DIR]     (ModelFiles.fetch; default home $PREFLEXOR_HOME or ./.preflexor)
import Embedding
import Foundation
import Tensors

#if canImport(Glibc)
import Glibc
#endif

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("bench-embed: \(message)\n".utf8))
    exit(2)
}

func option(_ name: String, _ args: [String]) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Peak resident set size of this process, in MiB.
func maxRSSMiB() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}

func readFloats(_ path: String) -> [Float] {
    guard let data = FileManager.default.contents(atPath: path) else { fail("cannot read \(path)") }
    return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
}

func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

func runEmbed(_ args: [String]) throws {
    guard let textsPath = option("--texts", args) else { fail("embed needs --texts FILE.jsonl") }
    let threads = Int(option("--threads", args) ?? "1") ?? 1
    let batch = Int(option("--batch", args) ?? "32") ?? 32
    let modelDir = try option("--model", args).map { URL(fileURLWithPath: $0) } ?? ModelFiles.locate(home: ModelFiles.defaultHome())
    guard let raw = FileManager.default.contents(atPath: textsPath) else { fail("cannot read \(textsPath)") }
    let texts: [String] = String(decoding: raw, as: UTF8.self).split(separator: "\n").map {
        (try? JSONSerialization.jsonObject(with: Data($0.utf8), options: [.fragmentsAllowed])) as? String ?? ""
    }
    let t0 = now()
    let encoder = try SentenceEncoder(modelDirectory: modelDir, threads: threads)
    let loaded = now()
    let ids = texts.map(encoder.tokenizer.encode)
    let tokenized = now()
    let vectors = encoder.embed(tokenIDs: ids, batchSize: batch)
    let done = now()
    if let out = option("--out", args) {
        let flat = vectors.flatMap { $0 }
        try flat.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: out))
    }
    emit([
        "side": "preflexor", "texts": texts.count, "tokens": ids.reduce(0) { $0 + $1.count }, "threads": threads, "batch": batch,
        "load_s": loaded - t0, "tokenize_s": tokenized - loaded, "encode_s": done - tokenized, "total_s": done - loaded,
        "chunks_per_s": Double(texts.count) / (done - loaded), "max_rss_mib": maxRSSMiB(),
    ])
}

func runKNN(_ args: [String]) throws {
    guard let basePath = option("--base", args), let queryPath = option("--queries", args) else { fail("knn needs --base and --queries") }
    let D = Int(option("--dim", args) ?? "384") ?? 384
    let k = Int(option("--k", args) ?? "10") ?? 10
    let threads = Int(option("--threads", args) ?? "1") ?? 1
    BLAS.threadCount = threads
    let base = readFloats(basePath), queries = readFloats(queryPath)
    let N = base.count / D, Q = queries.count / D
    let t0 = now()
    var index = VectorIndex(dimension: D)
    try index.add(ids: (0..<N).map(Int64.init), flat: base)
    let built = now()
    let qs = (0..<Q).map { Array(queries[($0 * D)..<(($0 + 1) * D)]) }
    _ = try index.search(query: qs[0], k: k)  // warm-up
    var latencies: [Double] = []
    var results: [[Int64]] = []
    for q in qs {
        let s = now()
        let hits = try index.search(query: q, k: k)
        latencies.append(now() - s)
        results.append(hits.map(\.id))
    }
    let b0 = now()
    let batched = try index.search(queries: qs, k: k)
    let batchSeconds = now() - b0
    let agree = zip(batched, results).allSatisfy { $0.map(\.id) == $1 }
    if let out = option("--out", args) {
        let flat = results.flatMap { $0 }
        try flat.withUnsafeBytes { Data($0) }.write(to: URL(fileURLWithPath: out))
    }
    latencies.sort()
    emit([
        "side": "preflexor", "n": N, "dim": D, "queries": Q, "k": k, "threads": threads, "build_s": built - t0,
        "single_median_ms": latencies[latencies.count / 2] * 1000, "single_p90_ms": latencies[latencies.count * 9 / 10] * 1000,
        "single_mean_ms": latencies.reduce(0, +) / Double(latencies.count) * 1000,
        "batch_per_query_ms": batchSeconds / Double(Q) * 1000, "batch_agrees_with_single": agree, "max_rss_mib": maxRSSMiB(),
    ])
}

let args = Array(CommandLine.arguments.dropFirst())
do {
    switch args.first {
    case "embed": try runEmbed(args)
    case "knn": try runKNN(args)
    case "fetch":
        let home = option("--home", args).map { URL(fileURLWithPath: $0) } ?? ModelFiles.defaultHome()
        print(try ModelFiles.fetch(home: home).path)
    default: fail("usage: bench-embed embed --texts FILE.jsonl --threads N [--batch 32] [--model DIR] [--out FILE.f32]\n"
                  + "       bench-embed knn --base FILE.f32 --queries FILE.f32 [--dim 384] [--k 10] [--threads N] [--out FILE.i64]\n"
                  + "       bench-embed fetch [--home DIR]")
    }
} catch {
    fail("\(error)")
}
