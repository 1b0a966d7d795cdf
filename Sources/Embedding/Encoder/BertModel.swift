internal import CBLAS
import Foundation
import Tensors

/// A BERT encoder (forward only) with mean pooling, on OpenBLAS `cblas_sgemm`.
///
/// Legend: B sequences, N = total real tokens of the batch, C hidden, NH heads, HS head size,
/// I feed-forward width, Lb length of sequence b.
///
/// Sequences are *packed*: the activations are `[N, C]` with no padding rows, which is exact
/// because every op except attention works per token, and attention runs per sequence over
/// its own `Lb` tokens (what the attention mask does in the padded formulation). Per layer:
///
///     qkv  = x Wqkv^T + bqkv                       [N, 3C]   one sgemm
///     per sequence b, head h:  P = softmax(Q K^T / sqrt(HS))  [Lb, Lb];  ctx[b, h] = P V
///     x    = LayerNorm(x + ctx Wo^T + bo)          [N, C]
///     x    = LayerNorm(x + GELU(x W1^T + b1) W2^T + b2)
public final class BertModel: Sendable {
    /// Shape of the encoder.
    public let config: BertConfig
    let weights: BertWeights

    /// Loads `config.json` and `model.safetensors` from a model folder.
    public init(modelDirectory: URL) throws {
        let config = try BertConfig(contentsOf: modelDirectory.appendingPathComponent("config.json"))
        let url = modelDirectory.appendingPathComponent("model.safetensors")
        let file: SafeTensors
        do {
            file = try SafeTensors(contentsOf: url)
        } catch let error as TensorsError {
            let code: EmbeddingError.Code = error.code == .fileNotFound ? .modelMissing : .modelCorrupt
            throw EmbeddingError(code, "cannot load \(url.path): \(error.message); run `preflexor models fetch`", underlying: error)
        }
        self.config = config
        self.weights = try BertWeights(file, config: config)
    }

    /// Number of parameters loaded (22.6M for all-MiniLM-L6-v2, without the unused pooler).
    public var parameterCount: Int { weights.parameterCount }

    /// Mean-pooled last hidden states, `[B, C]` row-major, one row per sequence (not normalised).
    /// Each sequence is token ids including `[CLS]`/`[SEP]`, 1...`maxPositions` long.
    public func meanPooled(_ sequences: [[Int32]]) -> [Float] {
        let scratch = Scratch()
        return meanPooled(sequences, scratch: scratch)
    }

    /// Activation buffers reused across the batches of one `embed` call (not thread-safe).
    final class Scratch {
        private(set) var tokens = 0, longest = 0
        var x, ctx, qkv, ff, scores: UnsafeMutablePointer<Float>?

        /// Grows the buffers to hold N tokens and Lmax-long sequences.
        func reserve(tokens N: Int, longest Lmax: Int, C: Int, I: Int) {
            if N > tokens {
                for p in [x, ctx, qkv, ff] { p?.deallocate() }
                x = .allocate(capacity: N * C)        // [N, C]
                ctx = .allocate(capacity: N * C)      // [N, C]
                qkv = .allocate(capacity: N * 3 * C)  // [N, 3C]
                ff = .allocate(capacity: N * I)       // [N, I]
                tokens = N
            }
            if Lmax > longest {
                scores?.deallocate()
                scores = .allocate(capacity: Lmax * Lmax)  // [Lmax, Lmax]
                longest = Lmax
            }
        }

        deinit { for p in [x, ctx, qkv, ff, scores] { p?.deallocate() } }
    }

    func meanPooled(_ sequences: [[Int32]], scratch: Scratch) -> [Float] {
        let C = config.hiddenSize
        var pooled = [Float](repeating: 0, count: sequences.count * C)
        guard !sequences.isEmpty else { return pooled }
        let lengths = sequences.map(\.count)
        precondition(lengths.allSatisfy { $0 >= 1 && $0 <= config.maxPositions },
                     "sequence lengths must be 1...\(config.maxPositions), got \(lengths)")
        let N = lengths.reduce(0, +)
        scratch.reserve(tokens: N, longest: lengths.max()!, C: C, I: config.intermediateSize)
        let x = scratch.x!
        embed(sequences, into: x)
        for layer in weights.layers {
            encoderLayer(layer, x: x, ctx: scratch.ctx!, qkv: scratch.qkv!, ff: scratch.ff!, scores: scratch.scores!, lengths: lengths, N: N)
        }
        // Mean over each sequence's tokens (all real, so the mask is implicit).
        pooled.withUnsafeMutableBufferPointer { out in
            var row = 0
            for (b, L) in lengths.enumerated() {
                let dst = out.baseAddress! + b * C
                for t in 0..<L { vAdd(dst, x + (row + t) * C, C) }
                let inv = 1 / Float(L)
                for c in 0..<C { dst[c] *= inv }
                row += L
            }
        }
        return pooled
    }

    /// x[row] = word[id] + position[t] + type[0], then LayerNorm.   x: [N, C]
    private func embed(_ sequences: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let C = config.hiddenSize
        var row = 0
        for ids in sequences {
            for (t, id) in ids.enumerated() {
                let token = Int(id) < config.vocabularySize && id >= 0 ? Int(id) : 0
                let dst = x + row * C
                dst.update(from: weights.wordEmbeddings + token * C, count: C)
                vAdd(dst, weights.positionEmbeddings + t * C, C)
                vAdd(dst, weights.tokenTypeEmbedding, C)
                row += 1
            }
        }
        addLayerNormInPlace(x, residual: nil, rows: row, C: C, weight: weights.embeddingLNWeight,
                            bias: weights.embeddingLNBias, eps: config.layerNormEps)
    }

    private func encoderLayer(_ w: BertWeights.Layer, x: UnsafeMutablePointer<Float>, ctx: UnsafeMutablePointer<Float>,
                              qkv: UnsafeMutablePointer<Float>, ff: UnsafeMutablePointer<Float>,
                              scores: UnsafeMutablePointer<Float>, lengths: [Int], N: Int) {
        let C = config.hiddenSize, I = config.intermediateSize, NH = config.headCount, HS = config.headSize
        let eps = config.layerNormEps
        // qkv = x Wqkv^T + bqkv    [N, 3C]
        linear(x, w.qkvWeight, out: qkv, rows: N, inFeatures: C, outFeatures: 3 * C)
        addBiasInPlace(qkv, rows: N, cols: 3 * C, bias: w.qkvBias)
        // Attention per sequence and head; Q, K, V are strided views into qkv (row stride 3C).
        let scale = 1 / Float(HS).squareRoot()
        var offset = 0
        for L in lengths {
            let base = qkv + offset * 3 * C
            for h in 0..<NH {
                let q = base + h * HS, k = base + C + h * HS, v = base + 2 * C + h * HS
                // scores = Q K^T * scale    [L, L]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(L), Int32(L), Int32(HS),
                            scale, q, Int32(3 * C), k, Int32(3 * C), 0, scores, Int32(L))
                softmaxRowsInPlace(scores, rows: L, cols: L, stride: L)
                // ctx[:, h*HS ..< (h+1)*HS] = P V    [L, HS]
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(L), Int32(HS), Int32(L),
                            1, scores, Int32(L), v, Int32(3 * C), 0, ctx + offset * C + h * HS, Int32(C))
            }
            offset += L
        }
        // x = LayerNorm(x + ctx Wo^T + bo); the projection goes into qkv's space (free now).
        // Biases are fused into the following element-wise pass (LayerNorm or GELU).
        linear(ctx, w.outWeight, out: qkv, rows: N, inFeatures: C, outFeatures: C)
        addLayerNormInPlace(x, residual: qkv, residualBias: w.outBias, rows: N, C: C, weight: w.ln1Weight, bias: w.ln1Bias, eps: eps)
        // x = LayerNorm(x + GELU(x W1^T + b1) W2^T + b2)
        linear(x, w.upWeight, out: ff, rows: N, inFeatures: C, outFeatures: I)
        geluInPlace(ff, rows: N, cols: I, bias: w.upBias)
        linear(ff, w.downWeight, out: qkv, rows: N, inFeatures: I, outFeatures: C)
        addLayerNormInPlace(x, residual: qkv, residualBias: w.downBias, rows: N, C: C, weight: w.ln2Weight, bias: w.ln2Bias, eps: eps)
    }

    /// out = input W^T (bias added by the caller's next pass).
    /// input: [rows, in]; W: [out, in] (PyTorch layout); out: [rows, out]
    private func linear(_ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>,
                        out: UnsafeMutablePointer<Float>, rows: Int, inFeatures: Int, outFeatures: Int) {
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(rows), Int32(outFeatures), Int32(inFeatures),
                    1, input, Int32(inFeatures), weight, Int32(inFeatures), 0, out, Int32(outFeatures))
    }
}

/// dst += src over `n` floats.
@inline(__always)
func vAdd(_ dst: UnsafeMutablePointer<Float>, _ src: UnsafePointer<Float>, _ n: Int) {
    for i in 0..<n { dst[i] += src[i] }
}
