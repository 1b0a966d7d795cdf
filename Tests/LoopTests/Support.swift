import Embedding
import Foundation
import Ingest
import PreflexorTesting
import Store

/// The real all-MiniLM-L6-v2 encoder from `.preflexor/models` (tests that need it are skipped
/// loudly without it and fail under CI=true), and an ingest of a few corpus/ papers.
enum LoopFixtures {
    static let home = Fixtures.repositoryRoot.appendingPathComponent(".preflexor")
    static let hasModel = FileManager.default.fileExists(
        atPath: ModelFiles.modelDirectory(home: home).appendingPathComponent("model.safetensors").path)
    static let enabled = hasModel || ProcessInfo.processInfo.environment["CI"] == "true"

    static let encoder: SentenceEncoder? = {
        if !hasModel { print("LoopTests: SKIPPED model tests, no embedding model under .preflexor/models (run `preflexor models fetch`)") }
        return try? SentenceEncoder(modelDirectory: try ModelFiles.locate(home: home), threads: 2)
    }()

    /// corpus/ papers by file name.
    static func corpus(_ names: [String]) -> [String] {
        names.map { Fixtures.repositoryRoot.appendingPathComponent("corpus").appendingPathComponent($0).path }
    }

    static func log(_ text: String) {
        FileHandle.standardError.write(Data("LoopTests: \(text)\n".utf8))
    }
}

import PostgresNIO

extension PostgresRowSequence {
    /// The first row's single value; fails when there is none.
    func decodeOne<T: PostgresDecodable>(_ type: T.Type) async throws -> T {
        for try await value in decode(T.self) { return value }
        throw StoreError(.notFound, "the query returned no row")
    }
}

import LM

extension LoopFixtures {
    /// A tiny random Llama with a BPE tokenizer trained on `texts`, saved to `dir` (seconds to train on CPU).
    static func tinyModel(texts: [String], at dir: URL) throws -> URL {
        let tokenizer = try BPETrainer(vocabSize: 400).train(texts)
        let config = LlamaConfig(
            vocabSize: tokenizer.vocabSize, hiddenSize: 32, intermediateSize: 64, numHiddenLayers: 1, numAttentionHeads: 2,
            numKeyValueHeads: 1, maxPositionEmbeddings: 512,
            bosTokenId: tokenizer.specialTokenID(SpecialTokens.beginOfText).map(Int.init),
            eosTokenId: tokenizer.specialTokenID(SpecialTokens.endOfTurn).map(Int.init),
            padTokenId: tokenizer.specialTokenID(SpecialTokens.pad).map(Int.init))
        try config.validate()
        try LlamaCheckpoint.save(LlamaModel(config: config, seed: 5), to: dir, tokenizer: tokenizer)
        return dir
    }
}
