/// Conversions between `Float` and bfloat16 bit patterns (the upper 16 bits of an IEEE F32).
public enum BFloat16 {
    /// Widens a bfloat16 bit pattern to `Float` (exact).
    @inlinable
    public static func toFloat(_ bits: UInt16) -> Float {
        Float(bitPattern: UInt32(bits) << 16)
    }

    /// Narrows `value` to bfloat16 with round-to-nearest-even (as PyTorch does); NaN stays NaN.
    @inlinable
    public static func fromFloat(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        if value.isNaN { return UInt16(truncatingIfNeeded: bits >> 16) | 0x0040 }  // keep it a (quiet) NaN
        let roundingBias = UInt32(0x7FFF) + ((bits >> 16) & 1)
        return UInt16(truncatingIfNeeded: (bits &+ roundingBias) >> 16)
    }
}
