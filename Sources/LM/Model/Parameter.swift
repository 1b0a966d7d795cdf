/// One named tensor of a model, with its gradient.
///
/// `Scalar` is `Float` for real models (`Parameter`) and `Double` in gradient checks.
public final class ParameterOf<Scalar: BLASScalar>: @unchecked Sendable {
    /// Hugging Face Llama name, e.g. `model.layers.0.self_attn.q_proj.weight`.
    public let name: String
    /// PyTorch layout, e.g. `[out, in]` for linear weights.
    public let shape: [Int]
    /// Row-major values, `shape.reduce(1, *)` of them.
    public var value: [Scalar]
    /// Same size as `value`; backward accumulates into it (`+=`), `zeroGrad` clears it.
    public var grad: [Scalar]
    /// Whether an optimizer should update this tensor (false for base weights under LoRA).
    public var trainable: Bool

    /// Creates a parameter with a zero gradient.
    public init(name: String, shape: [Int], value: [Scalar], trainable: Bool = true) {
        precondition(value.count == shape.reduce(1, *), "\(name): \(value.count) values for shape \(shape)")
        self.name = name
        self.shape = shape
        self.value = value
        self.grad = [Scalar](repeating: 0, count: value.count)
        self.trainable = trainable
    }

    /// Number of scalars.
    public var count: Int { value.count }
}

/// A model parameter in fp32 (the type the trainer's optimizer updates).
public typealias Parameter = ParameterOf<Float>
