/// The order examples are visited in: a fresh seeded permutation per epoch, consumed by a
/// cursor. Saved in checkpoints so a resumed run sees the same batches.
public struct DataOrder: Codable, Sendable, Equatable {
    /// Number of examples.
    public let count: Int
    /// Completed epochs.
    public private(set) var epoch: Int = 0
    /// The current epoch's permutation of `0..<count`.
    public private(set) var order: [Int]
    /// Next position in `order`.
    public private(set) var cursor: Int = 0
    /// Whether each epoch is shuffled (true for training).
    public let shuffle: Bool

    /// The first epoch's order, drawn from `rng`.
    public init(count: Int, shuffle: Bool, rng: inout TrainingRNG) {
        self.count = count
        self.shuffle = shuffle
        order = Array(0..<count)
        if shuffle { order.shuffle(using: &rng) }
    }

    /// Fractional epochs consumed so far.
    public var progress: Double { Double(epoch) + Double(cursor) / Double(max(1, count)) }

    /// The next `n` example indices; crosses into a newly shuffled epoch when needed (a
    /// batch never holds the same example twice unless `n > count`).
    public mutating func next(_ n: Int, rng: inout TrainingRNG) -> [Int] {
        var out: [Int] = []
        while out.count < n {
            if cursor == count {
                epoch += 1
                cursor = 0
                if shuffle { order.shuffle(using: &rng) }
            }
            out.append(order[cursor])
            cursor += 1
        }
        return out
    }
}
