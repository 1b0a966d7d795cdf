/// A named tensor the optimizer can update; LM's `Parameter` conforms.
public protocol TrainableTensor: AnyObject {
    /// Hugging Face name, e.g. `model.layers.0.self_attn.q_proj.weight`.
    var name: String { get }
    /// PyTorch layout.
    var shape: [Int] { get }
    /// Row-major values.
    var value: [Float] { get set }
    /// Accumulated gradient, same size as `value`.
    var grad: [Float] { get set }
    /// Whether the optimizer updates it.
    var trainable: Bool { get }
}

/// The model side of the LM/Training seam: what the trainer calls. `LlamaModel` conforms.
///
/// Legend: B rows, T positions, V vocabulary.
public protocol CausalLanguageModel: AnyObject {
    /// The parameter type.
    associatedtype Tensor: TrainableTensor
    /// Vocabulary size V (the logits' last dimension).
    var vocabularySize: Int { get }
    /// Longest sequence the model accepts (positions).
    var maxSequenceLength: Int { get }
    /// Every parameter in a stable order.
    var parameters: [Tensor] { get }
    /// tokens: [B*T] row-major; returns logits [B*T*V] and caches what backward needs.
    func forward(tokens: [Int32], batch B: Int, length T: Int) -> [Float]
    /// dLogits: [B*T*V]; accumulates into every trainable parameter's `grad`.
    func backward(dLogits: [Float])
    /// Sets every gradient to zero.
    func zeroGrad()
}
