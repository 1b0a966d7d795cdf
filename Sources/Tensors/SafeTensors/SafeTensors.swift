import Foundation

/// A safetensors file opened for reading: memory-mapped, header validated once at open.
///
/// Layout (https://github.com/huggingface/safetensors): an 8-byte little-endian header length
/// `N`, `N` bytes of JSON `{"name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]},
/// "__metadata__": {"k": "v"}}`, then the raw little-endian tensor bytes. Offsets are relative
/// to the start of the data area. Opening checks that every tensor's byte length equals
/// `product(shape) * dtype.byteSize`, that the tensors tile the data area without gaps or
/// overlaps, and that the file is as long as the header says, so a truncated download or a
/// lying header fails at `init` with a `TensorsError` rather than later with garbage.
///
/// Accessors copy into Swift arrays (F16/BF16/F64 widened or narrowed to `Float`); use
/// `withUnsafeBytes(of:_:)` for zero-copy access to the mapped bytes.
public final class SafeTensors: Sendable {
    /// One tensor's header entry.
    public struct TensorInfo: Sendable, Equatable {
        /// Tensor name as stored, e.g. `encoder.layer.0.attention.self.query.weight`.
        public let name: String
        /// Element type.
        public let dtype: DType
        /// Shape, outermost dimension first (PyTorch order); `[]` is a scalar.
        public let shape: [Int]
        /// Byte range within the data area (after the header).
        public let dataOffsets: Range<Int>

        /// Number of elements: the product of `shape` (1 for a scalar).
        public var elementCount: Int { shape.reduce(1, *) }
    }

    /// Largest header accepted (100 MB, the limit of the reference implementation).
    public static let maximumHeaderSize = 100_000_000

    /// The file that was opened, or nil for an in-memory buffer.
    public let path: String?
    /// Free-form string metadata from the `__metadata__` header entry.
    public let metadata: [String: String]
    /// Header entries by tensor name.
    public let tensors: [String: TensorInfo]

    private let bytes: MappedBytes
    /// Absolute byte offset of the data area (8 + header length).
    private let dataStart: Int

    /// Memory-maps and validates the safetensors file at `url`.
    /// - Throws: `TensorsError` `.fileNotFound`, `.truncated`, `.invalidHeader`, `.unsupportedDType`.
    public convenience init(contentsOf url: URL) throws {
        let bytes = try MappedBytes(mapping: url.path)
        try self.init(bytes: bytes, path: url.path)
    }

    /// Validates a safetensors image held in memory (copied once).
    public convenience init(data: Data) throws {
        try self.init(bytes: MappedBytes(copying: data), path: nil)
    }

    private init(bytes: MappedBytes, path: String?) throws {
        let header = try SafeTensorsHeader.parse(bytes.buffer(0..<bytes.count), path: path)
        self.bytes = bytes
        self.path = path
        self.metadata = header.metadata
        self.tensors = header.tensors
        self.dataStart = header.dataStart
    }

    /// All tensor names, sorted.
    public var names: [String] { tensors.keys.sorted() }

    /// The header entry of `name`.
    /// - Throws: `TensorsError(.tensorNotFound)` naming a few similar names.
    public func info(_ name: String, file: String = #fileID, line: Int = #line) throws -> TensorInfo {
        guard let info = tensors[name] else {
            let hint = names.filter { $0.hasSuffix(name.split(separator: ".").last.map(String.init) ?? name) }.prefix(3)
            let similar = hint.isEmpty ? "" : "; similar: \(hint.joined(separator: ", "))"
            throw TensorsError(.tensorNotFound, "no tensor named '\(name)' among \(tensors.count) tensors\(similar)",
                                path: path, file: file, line: line)
        }
        return info
    }

    /// Calls `body` with the raw little-endian bytes of `name`, straight from the mapping.
    /// The pointer is valid only inside `body` and may be unaligned for the element type.
    public func withUnsafeBytes<R>(
        of name: String, _ body: (UnsafeRawBufferPointer) throws -> R
    ) throws -> R {
        let info = try info(name)
        return try body(raw(info))
    }

    /// The elements of `name` as `Float`, converting from F32, F16, BF16 or F64.
    /// - Parameter shape: when given, the tensor's shape must equal it (else `.shapeMismatch`).
    /// - Returns: `elementCount` values in row-major order.
    public func floats(_ name: String, shape: [Int]? = nil, file: String = #fileID, line: Int = #line) throws -> [Float] {
        let info = try checked(name, shape: shape, file: file, line: line)
        let source = raw(info)
        let n = info.elementCount
        switch info.dtype {
        case .f32:
            return [Float](unsafeUninitializedCapacity: n) { out, done in
                // memcpy handles the possibly unaligned source; the bytes are little-endian F32.
                if n > 0 { UnsafeMutableRawPointer(out.baseAddress!).copyMemory(from: source.baseAddress!, byteCount: n * 4) }
                done = n
            }
        case .f16:
            return (0..<n).map { Float(Float16(bitPattern: source.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self))) }
        case .bf16:
            return (0..<n).map { BFloat16.toFloat(source.loadUnaligned(fromByteOffset: 2 * $0, as: UInt16.self)) }
        case .f64:
            return (0..<n).map { Float(source.loadUnaligned(fromByteOffset: 8 * $0, as: Double.self)) }
        default:
            throw TensorsError(.dtypeMismatch, "tensor '\(name)' is \(info.dtype.rawValue); floats() reads F32, F16, BF16 or F64; use int64s()",
                                path: path, file: file, line: line)
        }
    }

    /// The elements of `name` as `Int64`, converting from I64, I32, I16, I8, U8 or BOOL.
    /// - Parameter shape: when given, the tensor's shape must equal it (else `.shapeMismatch`).
    public func int64s(_ name: String, shape: [Int]? = nil, file: String = #fileID, line: Int = #line) throws -> [Int64] {
        let info = try checked(name, shape: shape, file: file, line: line)
        let source = raw(info)
        let n = info.elementCount
        switch info.dtype {
        case .i64: return (0..<n).map { source.loadUnaligned(fromByteOffset: 8 * $0, as: Int64.self) }
        case .i32: return (0..<n).map { Int64(source.loadUnaligned(fromByteOffset: 4 * $0, as: Int32.self)) }
        case .i16: return (0..<n).map { Int64(source.loadUnaligned(fromByteOffset: 2 * $0, as: Int16.self)) }
        case .i8: return (0..<n).map { Int64(source.load(fromByteOffset: $0, as: Int8.self)) }
        case .u8, .bool: return (0..<n).map { Int64(source.load(fromByteOffset: $0, as: UInt8.self)) }
        default:
            throw TensorsError(.dtypeMismatch, "tensor '\(name)' is \(info.dtype.rawValue); int64s() reads integer types; use floats()",
                                path: path, file: file, line: line)
        }
    }

    private func checked(_ name: String, shape: [Int]?, file: String, line: Int) throws -> TensorInfo {
        let info = try info(name, file: file, line: line)
        if let shape, shape != info.shape {
            throw TensorsError(.shapeMismatch, "tensor '\(name)' has shape \(info.shape), expected \(shape); is this the right model file?",
                                path: path, file: file, line: line)
        }
        return info
    }

    private func raw(_ info: TensorInfo) -> UnsafeRawBufferPointer {
        bytes.buffer((dataStart + info.dataOffsets.lowerBound)..<(dataStart + info.dataOffsets.upperBound))
    }
}
