import Foundation

/// Builds a safetensors file from named tensors, then writes it in one go.
///
/// Tensors are laid out in insertion order; the JSON header is padded with spaces to a
/// multiple of 8 bytes (as the reference writer does) so that F32/I64 data starts aligned.
///
///     var writer = SafeTensorsWriter()
///     try writer.add("lm_head.weight", floats: w, shape: [vocab, hidden])      // F32
///     try writer.add("embed.weight", floats: e, shape: [vocab, hidden], as: .bf16)
///     try writer.write(to: url, metadata: ["format": "pt"])
public struct SafeTensorsWriter: Sendable {
    private struct Pending: Sendable {
        var name: String
        var dtype: DType
        var shape: [Int]
        var bytes: [UInt8]
    }

    private var pending: [Pending] = []
    private var seen: Set<String> = []

    /// An empty writer.
    public init() {}

    /// Number of tensors added so far.
    public var count: Int { pending.count }

    /// Adds `values` (row-major, `product(shape)` elements) stored as `dtype`:
    /// `.f32` (default), `.f16` or `.bf16` (rounded to nearest even), or `.f64`.
    public mutating func add(_ name: String, floats values: [Float], shape: [Int], as dtype: DType = .f32,
                             file: String = #fileID, line: Int = #line) throws {
        try check(name, count: values.count, shape: shape, file: file, line: line)
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * dtype.byteSize)
        switch dtype {
        case .f32: values.withUnsafeBytes { bytes.append(contentsOf: $0) }
        case .f16: for v in values { append(Float16(v).bitPattern, to: &bytes) }
        case .bf16: for v in values { append(BFloat16.fromFloat(v), to: &bytes) }
        case .f64: for v in values { append(Double(v).bitPattern, to: &bytes) }
        default:
            throw TensorsError(.dtypeMismatch, "cannot store floats for '\(name)' as \(dtype.rawValue); use F32, F16, BF16 or F64",
                                file: file, line: line)
        }
        pending.append(Pending(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds integer `values` stored as `.i64` (default) or `.i32`.
    public mutating func add(_ name: String, int64s values: [Int64], shape: [Int], as dtype: DType = .i64,
                             file: String = #fileID, line: Int = #line) throws {
        try check(name, count: values.count, shape: shape, file: file, line: line)
        var bytes = [UInt8]()
        bytes.reserveCapacity(values.count * dtype.byteSize)
        switch dtype {
        case .i64: for v in values { append(UInt64(bitPattern: v), to: &bytes) }
        case .i32:
            for v in values {
                guard let narrow = Int32(exactly: v) else {
                    throw TensorsError(.invalidArgument, "value \(v) of '\(name)' does not fit I32; store it as I64", file: file, line: line)
                }
                append(UInt32(bitPattern: narrow), to: &bytes)
            }
        default:
            throw TensorsError(.dtypeMismatch, "cannot store integers for '\(name)' as \(dtype.rawValue); use I64 or I32",
                                file: file, line: line)
        }
        pending.append(Pending(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// Adds pre-encoded little-endian `bytes` of any dtype (`product(shape) * dtype.byteSize` bytes).
    public mutating func add(_ name: String, dtype: DType, shape: [Int], bytes: [UInt8],
                             file: String = #fileID, line: Int = #line) throws {
        let elements = shape.reduce(1, *)
        guard bytes.count == elements * dtype.byteSize else {
            throw TensorsError(.invalidArgument, "'\(name)': \(bytes.count) bytes given, \(dtype.rawValue) \(shape) needs \(elements * dtype.byteSize)",
                                file: file, line: line)
        }
        try check(name, count: elements, shape: shape, file: file, line: line)
        pending.append(Pending(name: name, dtype: dtype, shape: shape, bytes: bytes))
    }

    /// The complete file image: header length, padded JSON header, data.
    public func encoded(metadata: [String: String] = [:]) throws -> Data {
        var header: [String: Any] = [:]
        var offset = 0
        for t in pending {
            header[t.name] = ["dtype": t.dtype.rawValue, "shape": t.shape, "data_offsets": [offset, offset + t.bytes.count]] as [String: Any]
            offset += t.bytes.count
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        var json = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        json.append(contentsOf: [UInt8](repeating: UInt8(ascii: " "), count: (8 - json.count % 8) % 8))
        var out = Data(capacity: 8 + json.count + offset)
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { out.append(contentsOf: $0) }
        out.append(json)
        for t in pending { out.append(contentsOf: t.bytes) }
        return out
    }

    /// Writes the file atomically (temporary file, then rename) to `url`.
    public func write(to url: URL, metadata: [String: String] = [:], file: String = #fileID, line: Int = #line) throws {
        let data = try encoded(metadata: metadata)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw TensorsError(.ioFailure, "cannot write safetensors file: \(error.localizedDescription); check the folder exists and is writable",
                                path: url.path, file: file, line: line)
        }
    }

    private mutating func check(_ name: String, count: Int, shape: [Int], file: String, line: Int) throws {
        guard name != "__metadata__", !name.isEmpty else {
            throw TensorsError(.invalidArgument, "'\(name)' is not a valid tensor name", file: file, line: line)
        }
        guard !seen.contains(name) else {
            throw TensorsError(.invalidArgument, "tensor '\(name)' was added twice", file: file, line: line)
        }
        guard shape.allSatisfy({ $0 >= 0 }), shape.reduce(1, *) == count else {
            throw TensorsError(.invalidArgument, "tensor '\(name)' has \(count) values but shape \(shape) holds \(shape.reduce(1, *))",
                                file: file, line: line)
        }
        seen.insert(name)
    }

    private func append<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }
}
