import Embedding
import Foundation
import PreflexorTesting
import Testing

func cosine(_ a: [Float], _ b: [Float]) -> Double {
    var dot = 0.0, na = 0.0, nb = 0.0
    for i in a.indices {
        dot += Double(a[i]) * Double(b[i]); na += Double(a[i]) * Double(a[i]); nb += Double(b[i]) * Double(b[i])
    }
    return dot / (na.squareRoot() * nb.squareRoot())
}

@Suite struct SentenceEncoderParityTests {
    @Test(.enabled(if: TestModel.enabled)) func embeddingsMatchSentenceTransformers() throws {
        let encoder = try SentenceEncoder(modelDirectory: try TestModel.require(), threads: 2)
        #expect(encoder.dimension == 384)
        #expect(encoder.modelName == "all-MiniLM-L6-v2")
        let reference = try Reference.load()
        // batchSize 7 mixes lengths across batches differently from the reference's 32.
        let vectors = encoder.embed(reference.texts.map(\.text), batchSize: 7)
        #expect(vectors.count == reference.texts.count)
        var worst = 1.0
        for (v, item) in zip(vectors, reference.texts) {
            #expect(v.count == 384)
            let c = cosine(v, item.embedding)
            worst = min(worst, c)
            #expect(c >= 0.9999, "cosine \(c) for \(item.text.debugDescription)")
            let norm = v.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot()
            #expect(abs(norm - 1) < 1e-5)
        }
        print("SentenceEncoder parity: worst cosine \(worst) over \(reference.texts.count) texts")
    }

    @Test(.enabled(if: TestModel.enabled)) func batchingDoesNotChangeResults() throws {
        let encoder = try SentenceEncoder(modelDirectory: try TestModel.require(), threads: 1)
        let texts = ["Spider silk is tough.", "", "Bone is a hierarchical composite of collagen and hydroxyapatite.", "silk"]
        let together = encoder.embed(texts, batchSize: 32)
        let alone = texts.map { encoder.embed([$0], batchSize: 1)[0] }
        for (a, b) in zip(together, alone) { #expect(cosine(a, b) > 0.999999) }
        #expect(encoder.embed([]).isEmpty)
    }
}
