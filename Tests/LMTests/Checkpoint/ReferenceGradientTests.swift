@testable import LM
import Foundation
import Tensors
import PreflexorTesting
import Testing

/// The whole model's backward against PyTorch autograd (llm.c's test_gpt2 idea): the
/// gradients of transformers' causal-LM loss on `hf-tiny/`, stored by `scripts/lm_reference.py`
/// in `hf-tiny-grads.safetensors`, must equal `LlamaModel.backward`'s, tensor by tensor.
@Suite struct ReferenceGradientTests {
    struct Reference: Codable {
        var input_ids: [[Int32]]
        var vocab_size: Int
        var loss: Double
    }

    @Test func backwardMatchesPyTorchAutograd() throws {
        let model = try LlamaCheckpoint.load(from: Fixtures.url("LM", "hf-tiny"))
        let ref = try JSONDecoder().decode(Reference.self, from: Fixtures.data("LM", "hf-tiny-logits.json"))
        let grads = try SafeTensors(contentsOf: Fixtures.url("LM", "hf-tiny-grads.safetensors"))
        let B = ref.input_ids.count, T = ref.input_ids[0].count, V = ref.vocab_size
        var logits = model.forward(tokens: ref.input_ids.flatMap { $0 }, batch: B, length: T)
        // transformers' loss: mean cross-entropy of position t predicting token t+1.
        let count = Double(B * (T - 1))
        var loss = 0.0
        for b in 0..<B {
            for t in 0..<T {
                let row = (b * T + t) * V
                guard t < T - 1 else {
                    for v in 0..<V { logits[row + v] = 0 }
                    continue
                }
                let target = Int(ref.input_ids[b][t + 1])
                let mx = Double(logits[row..<(row + V)].max()!)
                var sum = 0.0
                for v in 0..<V { sum += Foundation.exp(Double(logits[row + v]) - mx) }
                loss += (mx + Foundation.log(sum) - Double(logits[row + target])) / count
                for v in 0..<V { logits[row + v] = Float(Foundation.exp(Double(logits[row + v]) - mx) / sum / count) }
                logits[row + target] -= Float(1 / count)
            }
        }
        #expect(abs(loss - ref.loss) < 1e-5, "loss \(loss), transformers \(ref.loss)")
        model.zeroGrad()
        model.backward(dLogits: logits)
        #expect(Set(grads.names) == Set(model.parameters.map(\.name)))
        var worst = 0.0
        for p in model.parameters {
            let expected = try grads.floats(p.name, shape: p.shape)
            worst = max(worst, zip(p.grad, expected).map { Double(abs($0 - $1)) }.max() ?? 0)
            #expect(NumericCheck.firstMismatch(p.name, actual: p.grad, reference: expected, abs: 1e-5, rel: 1e-3) == nil)
        }
        print("preflexor backward vs PyTorch autograd on hf-tiny: max abs gradient difference \(worst), loss \(loss) vs \(ref.loss)")
    }
}
