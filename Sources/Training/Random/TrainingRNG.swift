/// The trainer's random number generator: xoshiro256** seeded through SplitMix64.
///
/// Its whole state is four words, saved in trainer checkpoints so that a resumed run draws
/// the same numbers (data order, partial masks) as an uninterrupted one.
public struct TrainingRNG: RandomNumberGenerator, Codable, Sendable, Equatable {
    /// The generator state (xoshiro256**); never all zero.
    public private(set) var state: [UInt64]

    /// Seeds deterministically from one 64-bit seed (SplitMix64 expansion, as recommended
    /// by the xoshiro authors).
    public init(seed: UInt64) {
        var z = seed
        var s: [UInt64] = []
        for _ in 0..<4 {
            z &+= 0x9E37_79B9_7F4A_7C15
            var x = z
            x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
            x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
            s.append(x ^ (x >> 31))
        }
        state = s
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(state[1] &* 5, 7) &* 9
        let t = state[1] << 17
        state[2] ^= state[0]
        state[3] ^= state[1]
        state[1] ^= state[2]
        state[0] ^= state[3]
        state[2] ^= t
        state[3] = rotl(state[3], 45)
        return result
    }

    /// A uniform double in [0, 1) (53 random bits).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}

