import Foundation
import Tensors

/// all-MiniLM-L6-v2 as sentence-transformers runs it: WordPiece (truncation at 256 tokens),
/// BERT, mean pooling over the attention mask, L2 normalisation. 384-dimensional output.
///
///     let encoder = try SentenceEncoder(modelDirectory: try ModelFiles.locate(home: home), threads: 2)
///     let vectors = encoder.embed(["Spider silk is tough."])   // [[Float]] of 384, unit length
public final class SentenceEncoder: Sendable {
    /// Model name, `"all-MiniLM-L6-v2"`.
    public let modelName: String
    /// Output dimension `D` (384).
    public var dimension: Int { model.config.hiddenSize }
    /// BLAS threads used by `embed` (process-wide OpenBLAS setting, applied on each call).
    public let threads: Int
    /// The tokenizer (also usable alone for `tokenCount`).
    public let tokenizer: WordPieceTokenizer
    /// The encoder network.
    public let model: BertModel

    /// Loads tokenizer, config and weights from `modelDirectory` (see `ModelFiles.locate`).
    /// - Parameters:
    ///   - threads: OpenBLAS threads (>= 1).
    ///   - modelName: the name recorded with stored vectors (default `ModelFiles.modelName`).
    public init(modelDirectory: URL, threads: Int, modelName: String = ModelFiles.modelName) throws {
        guard threads >= 1 else { throw EmbeddingError(.invalidArgument, "threads must be at least 1, got \(threads)") }
        let model = try BertModel(modelDirectory: modelDirectory)
        var maxLength = 256
        if let data = try? Data(contentsOf: modelDirectory.appendingPathComponent("sentence_bert_config.json")),
           let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
           let configured = (json["max_seq_length"] as? NSNumber)?.intValue {
            maxLength = configured
        }
        let tokenizer = try WordPieceTokenizer(modelDirectory: modelDirectory, maxLength: min(maxLength, model.config.maxPositions))
        guard tokenizer.vocabularySize == model.config.vocabularySize else {
            throw EmbeddingError(.modelCorrupt, "tokenizer has \(tokenizer.vocabularySize) tokens but config.json says \(model.config.vocabularySize); re-fetch the model")
        }
        self.model = model
        self.tokenizer = tokenizer
        self.threads = threads
        self.modelName = modelName
    }

    /// Unit-length embeddings of `texts`, `[texts.count][dimension]`, in input order.
    ///
    /// Texts are sorted by token count and encoded `batchSize` at a time, so each batch holds
    /// sequences of similar length (bounded attention scratch and even work per batch).
    public func embed(_ texts: [String], batchSize: Int = 32) -> [[Float]] {
        let ids = texts.map(tokenizer.encode)
        return embed(tokenIDs: ids, batchSize: batchSize)
    }

    /// As `embed(_:batchSize:)` for already tokenised sequences (`[CLS] ... [SEP]`).
    public func embed(tokenIDs ids: [[Int32]], batchSize: Int = 32) -> [[Float]] {
        BLAS.threadCount = threads
        let D = dimension
        let order = ids.indices.sorted { ids[$0].count > ids[$1].count }
        var out = [[Float]](repeating: [], count: ids.count)
        let step = max(1, batchSize)
        let scratch = BertModel.Scratch()
        for start in stride(from: 0, to: order.count, by: step) {
            let members = Array(order[start..<min(start + step, order.count)])
            let pooled = model.meanPooled(members.map { ids[$0] }, scratch: scratch)
            for (j, i) in members.enumerated() {
                var v = Array(pooled[(j * D)..<((j + 1) * D)])
                // F.normalize: v / max(||v||, 1e-12)
                let norm = max(v.reduce(0) { $0 + $1 * $1 }.squareRoot(), 1e-12)
                for c in 0..<D { v[c] /= norm }
                out[i] = v
            }
        }
        return out
    }
}
