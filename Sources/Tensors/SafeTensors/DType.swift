/// An element type of a safetensors tensor, spelled as in the file header (`"F32"`, `"BF16"`, ...).
public enum DType: String, Sendable, CaseIterable, Codable {
    /// 64-bit IEEE float.
    case f64 = "F64"
    /// 32-bit IEEE float.
    case f32 = "F32"
    /// 16-bit IEEE half float.
    case f16 = "F16"
    /// bfloat16: the upper 16 bits of an F32.
    case bf16 = "BF16"
    /// 64-bit signed integer (e.g. BERT's `position_ids`).
    case i64 = "I64"
    /// 32-bit signed integer.
    case i32 = "I32"
    /// 16-bit signed integer.
    case i16 = "I16"
    /// 8-bit signed integer.
    case i8 = "I8"
    /// 8-bit unsigned integer.
    case u8 = "U8"
    /// Boolean, one byte per element.
    case bool = "BOOL"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f64, .i64: return 8
        case .f32, .i32: return 4
        case .f16, .bf16, .i16: return 2
        case .i8, .u8, .bool: return 1
        }
    }

    /// True for the types that `SafeTensors.floats(_:)` converts to `Float` (F32, F16, BF16, F64).
    public var isFloatingPoint: Bool {
        switch self {
        case .f64, .f32, .f16, .bf16: return true
        default: return false
        }
    }
}
